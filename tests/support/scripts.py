"""A product ad brief written in each script issue 14 names, for lettering and end-to-end tests.

The words are the example product ad's (examples/product_ad.json) in each language; the
Japanese one keeps the Latin brand name inside a Japanese sentence, the Arabic and Hebrew ones
inside right-to-left sentences, so mixed text is exercised everywhere.
"""

from __future__ import annotations

from pipeline.video_types import Brief, parse_brief
from tests.conftest import example_data

# tag: (product, generic name, indication, three benefits, audience, call to action, safety)
WORDS: dict[str, tuple[str, str, str, tuple[str, str, str], str, str, str]] = {
    "vi": (
        "Đường Huyết Ổn", "máy đo đường huyết liên tục",
        "để đo đường huyết ở người lớn mắc bệnh tiểu đường",
        ("Đọc chỉ số mỗi phút, không cần chích máu", "Cảnh báo trước khi hạ và tăng đường huyết",
         "Chia sẻ dữ liệu với đội ngũ y tế"),
        "người lớn mắc tiểu đường típ 2", "Hỏi bác sĩ xem Đường Huyết Ổn có phù hợp không",
        "Không dùng khi chụp MRI. Có thể kích ứng da tại vị trí cảm biến.",
    ),
    "el": (
        "ΓλυκοΣενς", "συνεχής μετρητής γλυκόζης",
        "για τη μέτρηση της γλυκόζης σε ενήλικες με διαβήτη",
        ("Μετρήσεις κάθε λεπτό χωρίς τρύπημα", "Ειδοποιήσεις πριν από υπογλυκαιμία",
         "Κοινή χρήση δεδομένων με τον γιατρό"),
        "ενήλικες με διαβήτη τύπου 2", "Ρωτήστε τον γιατρό σας για το ΓλυκοΣενς",
        "Μην το χρησιμοποιείτε κατά τη μαγνητική τομογραφία. Μπορεί να ερεθιστεί το δέρμα.",
    ),
    "ru": (
        "Глюкометр Плюс", "система непрерывного мониторинга глюкозы",
        "для измерения уровня глюкозы у взрослых с диабетом",
        ("Показания каждую минуту без проколов", "Оповещения до снижения и повышения",
         "Данные для вашей медицинской команды"),
        "взрослые с диабетом 2 типа", "Спросите врача, подходит ли вам Глюкометр Плюс",
        "Не используйте во время МРТ. В месте датчика возможно раздражение кожи.",
    ),
    "ja": (
        "グルコセンス", "持続血糖測定器", "成人の糖尿病患者の血糖値測定用",
        ("指先穿刺なしで毎分測定", "低血糖と高血糖の前にアラート",
         "GlucoSenseのデータを医療チームと共有"),
        "2型糖尿病の成人", "グルコセンスについて医師にご相談ください",
        "MRI検査中は使用しないでください。センサー部位に皮膚刺激が起こることがあります。",
    ),
    "zh": (
        "糖感", "连续血糖监测仪", "用于测量成人糖尿病患者的血糖水平",
        ("每分钟读数，无需指尖采血", "低血糖和高血糖前发出警报", "与您的医疗团队共享数据"),
        "2型糖尿病成人患者", "请咨询医生糖感是否适合您",
        "进行核磁共振检查时请勿使用。传感器部位可能出现皮肤刺激。",
    ),
    "ko": (
        "글루코센스", "연속 혈당 측정기", "당뇨병 성인의 혈당 측정용",
        ("손가락 채혈 없이 매분 측정", "저혈당과 고혈당 전에 알림", "의료진과 데이터 공유"),
        "제2형 당뇨병 성인", "글루코센스가 적합한지 의사와 상담하세요",
        "MRI 검사 중에는 사용하지 마십시오. 센서 부위에 피부 자극이 생길 수 있습니다.",
    ),
    "ar": (
        "جلوكوسنس", "جهاز مراقبة الجلوكوز المستمر",
        "لقياس مستوى الجلوكوز لدى البالغين المصابين بالسكري",
        ("قراءات كل دقيقة بدون وخز الإصبع", "تنبيهات قبل الانخفاض والارتفاع",
         "مشاركة بيانات GlucoSense مع فريقك الطبي"),
        "البالغون المصابون بالسكري من النوع الثاني", "اسأل طبيبك إن كان جلوكوسنس مناسبا لك",
        "لا تستخدمه أثناء فحص الرنين المغناطيسي. قد يحدث تهيج في الجلد مكان المستشعر.",
    ),
    "he": (
        "גלוקוסנס", "מד סוכר רציף", "למדידת רמות סוכר במבוגרים עם סוכרת",
        ("קריאה בכל דקה ללא דקירה", "התראות לפני ירידות ועליות",
         "שיתוף נתוני GlucoSense עם הצוות המטפל"),
        "מבוגרים עם סוכרת סוג 2", "שאלו את הרופא אם גלוקוסנס מתאים לכם",
        "אין להשתמש בזמן בדיקת MRI. ייתכן גירוי בעור באזור החיישן.",
    ),
    "hi": (
        "ग्लूकोसेंस", "निरंतर ग्लूकोज़ मॉनिटर", "मधुमेह वाले वयस्कों में ग्लूकोज़ मापने के लिए",
        ("बिना उंगली चुभाए हर मिनट रीडिंग", "कम और ज़्यादा शुगर से पहले चेतावनी",
         "अपनी देखभाल टीम के साथ डेटा साझा करें"),
        "टाइप 2 मधुमेह वाले वयस्क", "अपने डॉक्टर से पूछें कि क्या ग्लूकोसेंस आपके लिए सही है",
        "एमआरआई जांच के दौरान उपयोग न करें। सेंसर वाली जगह पर त्वचा में जलन हो सकती है।",
    ),
    "th": (
        "กลูโคเซนส์", "เครื่องวัดระดับน้ำตาลต่อเนื่อง", "สำหรับวัดระดับน้ำตาลในผู้ใหญ่ที่เป็นเบาหวาน",
        ("อ่านค่าทุกนาทีโดยไม่ต้องเจาะนิ้ว", "แจ้งเตือนก่อนน้ำตาลต่ำและสูง",
         "แบ่งปันข้อมูลกับทีมแพทย์ของคุณ"),
        "ผู้ใหญ่ที่เป็นเบาหวานชนิดที่ 2", "ปรึกษาแพทย์ว่ากลูโคเซนส์เหมาะกับคุณหรือไม่",
        "ห้ามใช้ระหว่างการตรวจ MRI อาจเกิดการระคายเคืองผิวบริเวณเซ็นเซอร์",
    ),
}  # fmt: skip
SCRIPTS = tuple(
    WORDS
)  # Latin with diacritics, Greek, Cyrillic, CJK, Arabic, Hebrew, Devanagari, Thai


# tag: (condition, audience, two symptoms, two risk factors, call to action): a disease awareness
# brief, whose title is the condition: it needs no prescribing information or claims, so the
# same short brief renders offline in any language.
AWARENESS: dict[str, tuple[str, str, str, str, str, str, str]] = {
    "vi": ("Bệnh tiểu đường típ 2", "người lớn trên 40 tuổi", "Cảm thấy rất khát",
           "Đi tiểu nhiều hơn, nhất là ban đêm", "Trên 40 tuổi",
           "Cha mẹ hoặc anh chị em bị tiểu đường", "Hãy hỏi bác sĩ về xét nghiệm máu đơn giản"),
    "el": ("Διαβήτης τύπου 2", "ενήλικες άνω των 40", "Έντονη δίψα",
           "Συχνοουρία, ειδικά τη νύχτα", "Ηλικία άνω των 40", "Γονέας ή αδελφός με διαβήτη",
           "Ρωτήστε τον γιατρό σας για μια απλή εξέταση αίματος"),
    "ru": ("Диабет 2 типа", "взрослые старше 40 лет", "Сильная жажда",
           "Частое мочеиспускание, особенно ночью", "Возраст старше 40 лет",
           "Родители, братья или сёстры с диабетом", "Спросите врача о простом анализе крови"),
    "ja": ("2型糖尿病", "40歳以上の成人", "のどがとても渇く", "特に夜間、トイレが近くなる",
           "40歳以上であること", "親や兄弟姉妹に糖尿病の人がいる",
           "簡単な血液検査について医師に相談しましょう"),
    "zh": ("2型糖尿病", "40岁以上的成年人", "经常感到口渴", "排尿次数增多，尤其是夜间",
           "年龄超过40岁", "父母或兄弟姐妹患有糖尿病", "请向医生咨询简单的血液检查"),
    "ko": ("제2형 당뇨병", "40세 이상 성인", "심한 갈증", "특히 밤에 소변을 자주 봄", "40세 이상",
           "부모나 형제자매의 당뇨병", "간단한 혈액 검사에 대해 의사와 상담하세요"),
    "ar": ("السكري من النوع الثاني", "البالغون فوق الأربعين", "الشعور بعطش شديد",
           "كثرة التبول خاصة في الليل", "تجاوز سن الأربعين", "إصابة أحد الوالدين أو الإخوة بالسكري",
           "تحدث مع طبيبك عن فحص دم بسيط"),
    "he": ("סוכרת סוג 2", "מבוגרים מעל גיל 40", "צמא חזק", "הטלת שתן תכופה, בעיקר בלילה",
           "גיל מעל 40", "הורה או אח עם סוכרת", "שאלו את הרופא על בדיקת דם פשוטה"),
    "hi": ("टाइप 2 मधुमेह", "40 वर्ष से अधिक उम्र के वयस्क", "बहुत प्यास लगना",
           "बार-बार पेशाब आना, खासकर रात में", "40 वर्ष से अधिक उम्र",
           "माता-पिता या भाई-बहन को मधुमेह", "एक सरल रक्त जांच के बारे में अपने डॉक्टर से बात करें"),
    "th": ("เบาหวานชนิดที่ 2", "ผู้ใหญ่อายุมากกว่า 40 ปี", "กระหายน้ำมาก",
           "ปัสสาวะบ่อยโดยเฉพาะตอนกลางคืน", "อายุมากกว่า 40 ปี", "พ่อแม่หรือพี่น้องเป็นเบาหวาน",
           "ปรึกษาแพทย์เรื่องการตรวจเลือดอย่างง่าย"),
}  # fmt: skip


def awareness_brief(tag: str, seconds: float = 4) -> Brief:
    """The example disease awareness brief with every text field in language `tag`."""
    condition, audience, thirst, urination, age, family, action = AWARENESS[tag]
    data = example_data("disease_awareness")
    data.update(
        language=tag,
        condition=condition,
        audience=audience,
        symptoms=[thirst, urination],
        risk_factors=[age, family],
        call_to_action=action,
        target_duration_s=seconds,
    )
    return parse_brief(data)


def brief_data(tag: str, seconds: float = 8) -> dict:
    """The example product ad's JSON with every text field in language `tag`."""
    product, generic, indication, benefits, audience, action, safety = WORDS[tag]
    data = example_data("product_ad")
    data.update(
        language=tag,
        product=product,
        generic_name=generic,
        indication=indication,
        key_benefits=list(benefits),
        audience=audience,
        call_to_action=action,
        safety_information=safety,
        target_duration_s=seconds,
    )
    data["claims"] = [
        {"text": text, "reference": claim["reference"]}
        for text, claim in zip(benefits, data["claims"], strict=True)
    ]
    return data


def brief_in(tag: str, seconds: float = 8) -> Brief:
    """The product ad brief in language `tag`, parsed and validated."""
    return parse_brief(brief_data(tag, seconds))
