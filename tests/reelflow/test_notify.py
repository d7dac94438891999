"""`reelflow up --notify URL`: a bad URL is refused before anything starts, and a webhook URL (a
credential: Slack's carries its token in the path) is never shown whole."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from reelflow.cli import app
from reelflow.errors import StackError
from reelflow.notify import NOTICES, _block, body, check_url, redact
from tests.support.servers import free_port


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("ftp://example.org/hooks/s3cret", "must start with https://"),
        ("hooks.slack.com/services/T0/B0/s3cret", "must start with https://"),
        ("https:///services/s3cret", "names no host"),
        ("https://example.org:99999/s3cret", "port is not a number"),
        ("https://example.org/a s3cret", "contains spaces"),
    ],
)
def test_a_bad_notify_url_is_refused_before_anything_starts(tmp_path, monkeypatch, url, problem):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REELFLOW_STACK_AUTH", raising=False)
    ports = ["--port", str(free_port()), "--media-port", str(free_port())]
    ports += ["--console-port", str(free_port())]
    result = CliRunner().invoke(app, ["up", *ports, "--notify", url])
    output = " ".join(re.sub("[│╭╮╰╯─]", " ", result.output).split())
    assert result.exit_code == 2, output
    assert problem in output and "--notify" in output
    assert "s3cret" not in output and "Traceback" not in output
    assert not (tmp_path / ".reelflow").exists()  # nothing started, nothing written


def test_redact_keeps_the_host_and_hides_path_query_and_credentials():
    assert redact("https://hooks.slack.com/services/T0/B0/s3cret") == "https://hooks.slack.com/…"
    assert redact("http://me:pw@127.0.0.1:8080/x?token=1") == "http://127.0.0.1:8080/…"
    assert redact("https://example.org") == "https://example.org"
    assert check_url("  https://example.org/hook ") == "https://example.org/hook"
    with pytest.raises(StackError) as caught:
        check_url("mailto:reviewers@example.org")
    assert caught.value.code == 2


def test_the_url_sits_in_the_blocks_secrets_and_slack_gets_prefects_slack_block():
    custom = _block("https://example.org/hooks/s3cret")
    assert "s3cret" not in custom.url and "s3cret" not in str(custom.json_data)
    assert custom.secrets.get_secret_value() == {"webhook_url": "https://example.org/hooks/s3cret"}
    assert "s3cret" not in repr(custom)
    slack = _block("https://hooks.slack.com/services/T0/B0/s3cret")
    assert type(slack).__name__ == "SlackWebhook" and "s3cret" not in repr(slack)


def test_every_message_links_the_console_page_and_the_prefect_run():
    for notice in NOTICES:
        text = body(notice, "http://ui:4200/", "http://console:4300")
        assert "http://console:4300/review/{{ flow_run.id }}" in text
        assert "http://ui:4200/runs/flow-run/{{ flow_run.id }}" in text
