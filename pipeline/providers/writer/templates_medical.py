"""Copy for the medical-education video types: mechanism of action and compliance training.

Kept apart from the promotional copy in `templates.py` so each module stays readable; the writer
sees one merged table.
"""

from __future__ import annotations

from pipeline.providers.writer.beats import BeatTemplate as T

MEDICAL_TEMPLATES: dict[str, T] = {
    # --- Mechanism of action, for patients: plain words, warm, no jargon. ---
    "moa.patients.intro": T(
        ("How {drug} works", "{drug}: how it works", "Inside {drug}"),
        "Open the video: name the medicine and what viewers will learn.",
        (
            "Here's how {drug} works, and how it helps with {condition}.",
            "Let's take a few moments to see what {drug} does inside your body.",
            "Ever wondered what {drug} actually does? Here's a simple look.",
        ),
        (
            "It's a short explanation, not a replacement for advice from your own doctor.",
            "We'll start with {condition}, then follow {drug} to where it acts.",
        ),
        visual_kind="title",
        short="How {drug} works.",
    ),
    "moa.patients.condition": T(
        ("What is {condition}?", "Understanding {condition}", "About {condition}"),
        "Explain the condition in plain words so the mechanism makes sense.",
        (
            "First, a few words about {condition}.",
            "To understand {drug}, it helps to start with {condition}.",
            "It all starts with {condition}.",
        ),
        (
            "Your doctor can explain how {condition} affects you personally.",
            "Treatment aims to bring it under control and keep it there.",
            "That's the job {drug} was prescribed to do.",
        ),
        short="First, {condition}.",
    ),
    "moa.patients.target": T(
        ("Where {drug} acts", "Finding the target", "The target"),
        "Show the one place in the body the medicine acts on.",
        (
            "{drug} works by acting on one specific target in your body.",
            "Every medicine has a place where it does its job.",
            "Here's where {drug} does its work.",
        ),
        ("Your doctor or pharmacist can tell you more about where it acts.",),
        short="{drug} acts on one target.",
    ),
    "moa.patients.mechanism": T(
        ("Step by step", "From medicine to effect", "The chain of events"),
        "Diagram the chain: the medicine, its target, and the effect.",
        (
            "Here's the chain of events, one step at a time.",
            "Think of it as a short chain: the medicine, its target, and the result.",
            "Let's follow {drug} step by step.",
        ),
        (
            "First, {drug} reaches its target.",
            "Acting there changes what happens next in your body.",
            "Over time, that helps keep {condition} under control.",
        ),
        visual_kind="mechanism",
        short="{drug} reaches its target.",
    ),
    "moa.patients.effect": T(
        ("What it means for you", "The result", "Why it matters"),
        "Describe the effect the patient can expect, without promising outcomes.",
        (
            "So what does this mean for you?",
            "The result is what matters most.",
            "Here's why this matters.",
        ),
        (
            "Taken as prescribed, {drug} helps manage {condition}.",
            "It works best as part of the plan you agree with your doctor.",
            "Keep taking it as directed, even when you feel well.",
        ),
        visual_kind="stat",
        short="Why it matters.",
    ),
    "moa.patients.expect": T(
        ("What to expect", "Living with treatment", "Day to day"),
        "Set realistic expectations and point to the care team.",
        (
            "Every person is different, and so is every treatment plan.",
            "Treatment is a team effort between you and your care team.",
            "Good treatment fits into everyday life.",
        ),
        (
            "Your doctor may check how well it's working at your regular visits.",
            "Tell your doctor about any other medicines you take.",
        ),
        short="Everyone is different.",
    ),
    "moa.patients.closing": T(
        ("Talk to your doctor", "Questions? Ask your doctor", "Your next step"),
        "Close by sending viewers to their doctor; no claims beyond the label.",
        (
            "If you have questions about {drug}, talk to your doctor.",
            "Want to know whether {drug} is right for you? Talk to your doctor.",
            "Your doctor is the best person to talk to about {drug}.",
        ),
        ("Your pharmacist can help too.", "Brought to you by {brand}."),
        visual_kind="cta",
        short="Talk to your doctor.",
    ),
    # --- Mechanism of action, for healthcare professionals: clinical vocabulary. ---
    "moa.hcps.intro": T(
        ("{drug}: mechanism of action", "How {drug} works", "{drug} in focus"),
        "Open the video: name the agent and the indication.",
        (
            "This overview describes the mechanism of action of {drug} in {condition}.",
            "A concise look at the pharmacology of {drug} in {condition}.",
            "How does {drug} act in {condition}? This summary outlines the mechanism.",
        ),
        (
            "It is intended for healthcare professionals.",
            "Refer to the full prescribing information before prescribing.",
        ),
        visual_kind="title",
        short="The mechanism of {drug}.",
    ),
    "moa.hcps.condition": T(
        ("Disease background", "The clinical need", "{condition}: the context"),
        "Frame the pathophysiology the mechanism addresses.",
        (
            "{condition} is the clinical setting for {drug}.",
            "Consider first the pathophysiology of {condition}.",
            "The therapeutic goal in {condition} frames the mechanism.",
        ),
        (
            "Effective management depends on addressing the underlying pathway.",
            "Treatment decisions should follow current clinical guidelines.",
        ),
        short="Consider {condition}.",
    ),
    "moa.hcps.target": T(
        ("Molecular target", "Target engagement", "Site of action"),
        "Identify the molecular target and site of action.",
        (
            "{drug} acts at a defined molecular target.",
            "The activity of {drug} depends on engagement of its target.",
            "The site of action of {drug} is central to its effect.",
        ),
        ("See the prescribing information for target affinity and selectivity.",),
        short="{drug} acts at a defined target.",
    ),
    "moa.hcps.mechanism": T(
        ("Mechanism of action", "Pathway overview", "From target to effect"),
        "Diagram agent, target and downstream effect.",
        (
            "The mechanism can be summarised in three steps.",
            "The pathway proceeds from target engagement to clinical effect.",
            "Consider the sequence from binding to downstream response.",
        ),
        (
            "{drug} engages its target.",
            "Target modulation alters the downstream pathway.",
            "The net pharmacodynamic effect supports control of {condition}.",
        ),
        visual_kind="mechanism",
        short="{drug} engages its target.",
    ),
    "moa.hcps.effect": T(
        ("Pharmacodynamic effect", "Clinical relevance", "Therapeutic effect"),
        "State the pharmacodynamic consequence in clinical terms.",
        (
            "The pharmacodynamic effect follows from target modulation.",
            "The clinical relevance of this mechanism is direct.",
            "The therapeutic effect reflects the mechanism described.",
        ),
        (
            "Efficacy and safety data are summarised in the prescribing information.",
            "Monitor patients as recommended in the label.",
        ),
        visual_kind="stat",
        short="The effect follows the mechanism.",
    ),
    "moa.hcps.expect": T(
        ("Monitoring and follow-up", "In clinical practice", "Patient management"),
        "Summarise practical considerations for prescribers.",
        (
            "In practice, response should be assessed at follow-up.",
            "Patient selection and monitoring follow the label.",
            "Management is individualised to each patient.",
        ),
        ("Review concomitant medicines for potential interactions.",),
        short="Follow the label.",
    ),
    "moa.hcps.closing": T(
        ("Clinical summary", "Key takeaways", "In summary"),
        "Summarise the mechanism for prescribers; point to prescribing information.",
        (
            "In summary, {drug} acts through a defined mechanism in {condition}.",
            "The key takeaway: the effect of {drug} follows from its target.",
            "To summarise the mechanism of {drug} in {condition}:",
        ),
        (
            "Please consult the full prescribing information.",
            "Presented by {brand} for healthcare professionals.",
        ),
        visual_kind="cta",
        short="Consult the prescribing information.",
    ),
    # --- Compliance training. ---
    "compliance_video.title": T(
        ("{policy}", "Training: {policy}", "{policy}: what to do"),
        "Open with the policy and who it is for.",
        (
            "This training covers {policy_lower}.",
            "Welcome to this short training on {policy_lower}.",
            "In the next few minutes: {policy_lower}.",
        ),
        ("It applies to {staff}.",),
        visual_kind="title",
        short="Training: {policy_lower}.",
    ),
    "compliance_video.why": T(
        ("Why it matters", "Why this matters", "What is at stake"),
        "Explain why the policy exists: patient safety and legal duty.",
        (
            "Why does this matter?",
            "These rules exist for a reason.",
            "Getting this right protects patients.",
        ),
        (
            "This policy protects patients, our colleagues, and the company.",
            "Regulators expect every one of us to follow it, every time.",
        ),
        short="Why it matters.",
    ),
    "compliance_video.rule": T(
        ("Rule {n}", "Rule {n} of {total}", "{ordinal} rule"),
        "State one rule exactly as the policy gives it.",
        ("Rule {n}.", "Rule {n} of {total}.", "The {ordinal_lower} rule."),
        ("No exceptions.",),
    ),
    "compliance_video.rules": T(
        ("The rules", "What you must do", "Your responsibilities"),
        "Set out the rules as numbered steps.",
        ("Here are the rules.", "This is what you must do.", "Your responsibilities are clear."),
        (),
        visual_kind="process",
    ),
    "compliance_video.regulation": T(
        ("{regulation}", "The reference: {regulation}", "Where this comes from"),
        "Name the regulation or SOP the policy implements.",
        (
            "These rules come from {regulation}.",
            "The reference document is {regulation}.",
            "This training implements {regulation}.",
        ),
        ("Read it in full and keep it to hand.",),
        short="See {regulation}.",
    ),
    "compliance_video.speakup": T(
        ("If in doubt, ask", "Not sure? Ask", "Speak up"),
        "Tell staff where to go with questions.",
        (
            "If you're ever unsure, ask before you act.",
            "Not sure what to do? Ask.",
            "Questions are always welcome.",
        ),
        ("Your manager and the Compliance team are there to help.",),
        short="If unsure, ask.",
    ),
    "compliance_video.summary": T(
        ("In summary", "Remember", "Key takeaways"),
        "Summarise the rules and close.",
        (
            "To sum up: {policy_lower} is everyone's responsibility.",
            "Remember: {policy_lower} is everyone's job.",
            "The key takeaway: follow these rules on {policy_lower}, every time.",
        ),
        ("Thank you for completing this training.",),
        visual_kind="cta",
        short="{policy_lower}: everyone's job.",
    ),
}
