"""A small OpenAI-compatible HTTP server on 127.0.0.1 for tests, with faults on demand.

It serves what reelflow's providers call — chat completions and responses with structured output,
image generation and speech — and records every request, so tests drive the real openai SDK
over real HTTP. `fail(route, *faults)` queues faults for the next requests on a route:

  "timeout"    answer only after `hang_s` (the client's timeout fires first)
  "429"        Too Many Requests with Retry-After: 1
  "500"/"503"  server errors
  "drop"       close the connection without answering
  "malformed"  200 with a body that is not JSON (or, for speech, not a WAV)
  "truncated"  200 whose Content-Length promises more than is sent
  "invalid"    (chat/responses) well-formed JSON that the schema check rejects
  "refusal"    (chat/responses) the model refuses
  "401-echo"   401 whose message repeats the Authorization header (a leaky server)
  "ok"         answer normally (spaces faults out in a queue)
"""

from __future__ import annotations

import base64
import io
import json
import math
import re
import struct
import threading
import wave
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image

ROUTES = {
    "/v1/chat/completions": "chat",
    "/v1/responses": "responses",
    "/v1/images/generations": "images",
    "/v1/audio/speech": "speech",
}
SAMPLE_RATE = 24_000


@dataclass
class Recorded:
    """One request as the server saw it."""

    route: str
    headers: dict[str, str]  # names lower-cased
    body: dict

    @property
    def draft(self) -> str:
        """The structured answer asked for ("TranslationDraft", "JudgeDraft", …), or ''."""
        chat = (self.body.get("response_format") or {}).get("json_schema") or {}
        responses = (self.body.get("text") or {}).get("format") or {}
        return str(chat.get("name") or responses.get("name") or "")

    def text(self) -> str:
        """Every message's content, joined (what a prompt assertion searches)."""
        items = self.body.get("messages") or self.body.get("input") or []
        return "\n".join(str(m.get("content", "")) for m in items if isinstance(m, dict))


@dataclass
class FakeOpenAI:
    """State shared with the handler: queued faults, canned answers and recorded requests."""

    hang_s: float = 5.0
    requests: list[Recorded] = field(default_factory=list)
    faults: dict[str, deque[str]] = field(default_factory=lambda: defaultdict(deque))
    answers: dict[str, deque[dict]] = field(default_factory=lambda: defaultdict(deque))
    streamed_wav_header: bool = False
    release: threading.Event = field(default_factory=threading.Event)
    base_url: str = ""

    def fail(self, route: str, *faults: str) -> None:
        """Queue faults for the next requests on `route` (chat, responses, images, speech)."""
        self.faults[route].extend(faults)

    def answer(self, schema: str, *payloads: dict) -> None:
        """Queue structured answers for the schema named `schema` (e.g. StoryboardDraft)."""
        self.answers[schema].extend(payloads)

    def on(self, route: str) -> list[Recorded]:
        """The requests received on `route`, in order."""
        return [r for r in self.requests if r.route == route]


@contextmanager
def fake_openai(hang_s: float = 5.0) -> Iterator[FakeOpenAI]:
    """Run the server on a free loopback port for the duration of the block."""
    state = FakeOpenAI(hang_s=hang_s)
    handler = type("Handler", (_Handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(
        target=server.serve_forever, args=(0.05,), name="fake-openai", daemon=True
    )
    thread.start()
    try:
        yield state
    finally:
        state.release.set()  # frees handlers sleeping in a "timeout" fault
        server.shutdown()
        server.server_close()
        thread.join(5)


class _Handler(BaseHTTPRequestHandler):
    state: FakeOpenAI
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Stay quiet: tests read the client's logs, not the server's."""

    def do_POST(self) -> None:  # noqa: N802
        route = ROUTES.get(self.path.split("?")[0])
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if route is None:
            self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        body = json.loads(raw or b"{}")
        self.state.requests.append(
            Recorded(route, {k.lower(): v for k, v in self.headers.items()}, body)
        )
        queue = self.state.faults.get(route)
        fault = queue.popleft() if queue else ""
        if fault and self._transport_fault(fault):
            return
        reply: Callable[[dict, str], None] = {
            "chat": self._chat,
            "responses": self._responses,
            "images": self._images,
            "speech": self._speech,
        }[route]
        reply(body, fault)

    # --- faults ---------------------------------------------------------------------------

    def _transport_fault(self, fault: str) -> bool:
        """Act out a transport-level fault; False for faults the route itself plays."""
        if fault == "timeout":
            self.state.release.wait(self.state.hang_s)
            self._json(200, {"late": True})
        elif fault == "429":
            error = {"error": {"message": "Rate limit reached", "type": "requests"}}
            self._json(429, error, {"Retry-After": "1"})
        elif fault in ("500", "503"):
            self._json(int(fault), {"error": {"message": "upstream failed", "type": "server"}})
        elif fault == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
        elif fault == "401-echo":
            auth = self.headers.get("Authorization", "")
            message = f"Incorrect API key provided: {auth.removeprefix('Bearer ')}"
            self._json(401, {"error": {"message": message, "type": "invalid_request_error"}})
        elif fault == "truncated":
            payload = b'{"id": "cut", "object": "chat.completion", "choices": [{"ind'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload) * 4))
            self.end_headers()
            self.wfile.write(payload)
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
        elif fault == "malformed":
            self._raw(200, b'{"id": "x", "choices": [ this is not json', "application/json")
        else:
            return False
        return True

    # --- routes ---------------------------------------------------------------------------

    def _structured(self, schema: str, body: dict, fault: str) -> dict | None:
        """The JSON answer for `schema`: queued, deliberately invalid, or made from the prompt."""
        if fault == "invalid":
            return {"scenes": [], "lines": [{"scene_index": 99, "narration": ""}]}
        queued = self.state.answers.get(schema)
        if queued:
            return queued.popleft()
        prompt = Recorded("", {}, body).text()
        if schema == "StoryboardDraft":
            return {"scenes": _storyboard(prompt)}
        if schema == "ScriptDraft":
            return {"lines": _script(prompt)}
        if schema == "TranslationDraft":
            return _translation(prompt)
        if schema == "JudgeDraft":
            return {"impressions": []}
        if schema == "CaptionDraft":
            return {"caption": _caption(prompt)}
        return {}

    def _chat(self, body: dict, fault: str) -> None:
        schema = body.get("response_format", {}).get("json_schema", {}).get("name", "")
        message: dict = {"role": "assistant", "content": None, "refusal": None}
        if fault == "refusal":
            message["refusal"] = "I can't help with that."
        else:
            message["content"] = json.dumps(self._structured(schema, body, fault))
        self._json(
            200,
            {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "created": 0,
                "model": body.get("model", ""),
                "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            },
        )

    def _responses(self, body: dict, fault: str) -> None:
        schema = body.get("text", {}).get("format", {}).get("name", "")
        if fault == "refusal":
            content = {"type": "refusal", "refusal": "I can't help with that."}
        else:
            text = json.dumps(self._structured(schema, body, fault))
            content = {"type": "output_text", "text": text, "annotations": []}
        self._json(
            200,
            {
                "id": "resp-fake",
                "object": "response",
                "created_at": 0,
                "model": body.get("model", ""),
                "status": "completed",
                "output": [
                    {
                        "type": "message",
                        "id": "msg-fake",
                        "status": "completed",
                        "role": "assistant",
                        "content": [content],
                    }
                ],
                "parallel_tool_calls": False,
                "tool_choice": "auto",
                "tools": [],
            },
        )

    def _images(self, body: dict, fault: str) -> None:
        width, height = (int(n) for n in str(body.get("size", "64x64")).split("x"))
        picture = Image.new("RGB", (max(8, width // 16), max(8, height // 16)), (40, 160, 120))
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
        data = base64.b64encode(buffer.getvalue()).decode()
        self._json(200, {"created": 0, "data": [{"b64_json": data}]})

    def _speech(self, body: dict, fault: str) -> None:
        if fault == "malformed":
            self._raw(200, b"ID3 this is not a wav file at all", "audio/wav")
            return
        words = len(str(body.get("input", "")).split())
        self._raw(200, tone_wav(words, streamed=self.state.streamed_wav_header), "audio/wav")

    # --- plumbing -------------------------------------------------------------------------

    def _json(self, status: int, payload: dict, headers: dict[str, str] | None = None) -> None:
        self._raw(status, json.dumps(payload).encode(), "application/json", headers)

    def _raw(
        self, status: int, data: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (its timeout): nothing to tell


def _storyboard(prompt: str) -> list[dict]:
    """Three scenes (four with a safety scene when the prompt asks for one)."""
    kinds = ["title", "bullets", "cta"] + (["safety"] if '"safety"' in prompt else [])
    return [
        {
            "title": f"Scene {n} headline",
            "purpose": f"Make point {n}.",
            "bullets": ["First point", "Second point"] if kind == "bullets" else [],
            "visual_kind": kind,
            "duration_hint_s": 3.0,
        }
        for n, kind in enumerate(kinds, 1)
    ]


def _script(prompt: str) -> list[dict]:
    """One line per scene number found in the approved scenes the prompt quotes."""
    scenes = prompt.split("The approved scenes (JSON):", 1)[-1]
    indexes = sorted({int(n) for n in re.findall(r'"index": (\d+)', scenes)}) or [1]
    return [{"scene_index": n, "narration": f"This is scene {n}, said clearly."} for n in indexes]


def _caption(prompt: str) -> str:
    """A post caption that keeps what the prompt's rules say to carry word for word."""
    kept = re.findall(
        r"^- (?:Carry the most serious risks word for word|Link to the full risk "
        r"information): (.+)$",
        prompt,
        re.MULTILINE,
    )
    return "\n".join(["A short post from the fake model.", *kept, "#fake"])


MARKS = {"ja": "日本語", "ar": "بالعربية", "zh": "中文", "he": "בעברית", "hi": "हिंदी", "th": "ไทย"}


def translation_mark(language: str) -> str:
    """What the fake's translation into `language` starts with: its own script where it has one
    ("日本語", "بالعربية"), so slides and captions of a translated version really use it; else
    the tag in capitals ("DE")."""
    return MARKS.get(language.split("-")[0].lower(), language.upper())


def _translation(prompt: str) -> dict:
    """The video the prompt quotes, "translated": each text starts with `translation_mark`.

    Texts keep their length (the mark replaces their first characters), so every limit holds.
    """
    found = re.search(r'into the language with BCP-47 code\s+"([^"]+)"', prompt)
    tag = translation_mark(found.group(1) if found else "xx")
    quoted = prompt.split("The video (JSON):", 1)[-1]
    video = json.JSONDecoder().raw_decode(quoted.strip())[0]

    def said(text: str) -> str:
        return f"{tag} {text}"[: max(len(text), len(tag))]

    return {
        "brief_fields": [
            {"name": item["name"], "texts": [said(t) for t in item["texts"]]}
            for item in video["brief_fields"]
        ],
        "scenes": [
            scene
            | {
                "title": said(scene["title"]),
                "purpose": said(scene["purpose"]),
                "bullets": [said(b) for b in scene["bullets"]],
            }
            for scene in video["scenes"]
        ],
        "lines": [line | {"narration": said(line["narration"])} for line in video["lines"]],
        "post_caption": said(video["post_caption"]) if video.get("post_caption") else "",
    }


def tone_wav(words: int, *, streamed: bool = False) -> bytes:
    """A 16-bit mono WAV: 0.1 s of silence, then one 0.25 s tone per word with 0.1 s gaps.

    `streamed` writes the header the way streaming servers do: sizes unknown (0xFFFFFFFF).
    """
    frames = [0.0] * int(0.1 * SAMPLE_RATE)
    for _ in range(max(1, words)):
        frames += [
            0.4 * math.sin(2 * math.pi * 220 * i / SAMPLE_RATE)
            for i in range(int(0.25 * SAMPLE_RATE))
        ]
        frames += [0.0] * int(0.1 * SAMPLE_RATE)
    pcm = struct.pack(f"<{len(frames)}h", *(round(x * 32767) for x in frames))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(SAMPLE_RATE)
        handle.writeframes(pcm)
    data = bytearray(buffer.getvalue())
    if streamed:
        data[4:8] = b"\xff\xff\xff\xff"
        data[40:44] = b"\xff\xff\xff\xff"
    return bytes(data)
