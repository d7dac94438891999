"""The console's access rules and message parsing, without a server."""

from __future__ import annotations

import json

import pytest

from reelflow.console.auth import Access, RateLimit
from reelflow.console.protocol import (
    MAX_MESSAGE_BYTES,
    Accept,
    ProtocolError,
    Regenerate,
    Start,
    parse,
)


def test_the_original_protocol_messages_parse():
    start = parse(json.dumps({"action": "start", "video_type": "moa", "payload": {"a": 1}}))
    assert isinstance(start, Start) and start.video_type == "moa"
    assert isinstance(parse('{"action": "accept"}'), Accept)
    regenerate = parse('{"action": "regenerate", "feedback": "scene 2: shorter"}')
    assert isinstance(regenerate, Regenerate) and regenerate.feedback == "scene 2: shorter"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("nope", "bad_json"),
        ("42", "bad_message"),
        ('{"video_type": "moa"}', "missing_field"),
        ('{"action": "dance"}', "unknown_action"),
        ('{"action": "regenerate"}', "missing_field"),
        ('{"action": "accept", "pause": "whatever"}', "invalid_field"),
        ('{"action": "accept", "surprise": 1}', "invalid_field"),
        ("x" * (MAX_MESSAGE_BYTES + 1), "too_large"),
    ],
)
def test_bad_messages_name_their_problem(raw, code):
    with pytest.raises(ProtocolError) as caught:
        parse(raw)
    assert caught.value.code == code
    assert caught.value.as_message()["status"] == "error"


def test_session_cookie_is_signed_expires_and_holds_no_password():
    access = Access(auth="ann:pw-123")
    cookie = access.session_cookie("ann", now=1000)
    assert "pw-123" not in cookie
    assert access.user_from_cookie(cookie, now=1001) == "ann"
    assert access.user_from_cookie(cookie, now=10**9) is None  # expired
    tampered = cookie[:-1] + ("1" if cookie[-1] == "0" else "0")
    assert access.user_from_cookie(tampered, now=1001) is None
    assert Access(auth="ann:pw-123").user_from_cookie(cookie, now=1001) is None  # other key


def test_basic_auth_and_origins():
    access = Access(auth="ann:pw", origins=("https://review.example",))
    assert access.user_from_headers({"authorization": "Basic YW5uOnB3"}, {}) == "ann"
    with pytest.raises(PermissionError):
        access.user_from_headers({"authorization": "Basic YW5uOng="}, {})
    assert access.origin_allowed(None, "127.0.0.1:4300")  # not a browser
    assert access.origin_allowed("http://127.0.0.1:4300", "127.0.0.1:4300")
    assert access.origin_allowed("https://review.example", "127.0.0.1:4300")
    assert not access.origin_allowed("http://evil.example", "127.0.0.1:4300")
    assert Access().user_from_headers({}, {}) == ""  # auth off


def test_rate_limit_refills():
    limit = RateLimit(rate=2, burst=3)
    assert [limit.allow(now=0) for _ in range(4)] == [True, True, True, False]
    assert limit.allow(now=0.6)
