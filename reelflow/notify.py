"""Reviewers notified: Prefect automations that post to a webhook when a video run needs people.

Nothing here watches runs: the Prefect server already emits an event for every state change
(`prefect.flow-run.Paused`, `…Failed`, `…Crashed`, `…TimedOut`, `…Completed`), and its triggers
service runs automations on them. `install` saves one notification block (Prefect's Custom
Webhook, or its Slack Webhook for a hooks.slack.com URL) and three automations — waiting for
review, failed, delivered — that send it a message with the review console's page for the run
and the run's page in the Prefect UI. The links are written into the templates at `install`
time, because the server does not know where the console runs.

A webhook URL is a credential (Slack's carries its token in the path): it is kept in the
block's secret fields, and only `redact`ed forms of it are ever printed or logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit
from uuid import UUID

from prefect.automations import Automation
from prefect.blocks.notifications import CustomWebhookNotificationBlock, SlackWebhook
from prefect.client.orchestration import get_client
from prefect.events.actions import SendNotification
from prefect.events.schemas.automations import EventTrigger, Posture
from prefect.settings import PREFECT_API_AUTH_STRING, PREFECT_API_URL, temporary_settings

from pipeline.video_types import SPECS
from reelflow.errors import StackError

BLOCK_NAME = "reelflow-reviewers"
PREFIX = "reelflow: "
NOTIFIED_FLOWS = sorted([*SPECS, "localized_version", "localize"])
"""Flows whose runs reviewers hear about: one per video type, and localized versions."""


@dataclass(frozen=True)
class Notice:
    """One automation: which state events it answers, and what it says."""

    name: str
    events: tuple[str, ...]
    subject: str
    opening: str


NOTICES = (
    Notice(
        "waiting for review",
        ("prefect.flow-run.Paused",),
        "Waiting for review: {{ flow_run.name }}",
        "{{ flow_run.name }} ({{ flow.name }}) is waiting for your review.",
    ),
    Notice(
        "failed",
        ("prefect.flow-run.Failed", "prefect.flow-run.Crashed", "prefect.flow-run.TimedOut"),
        "Failed: {{ flow_run.name }}",
        "{{ flow_run.name }} ({{ flow.name }}) ended {{ flow_run.state.name }}: "
        "{{ flow_run.state.message }}",
    ),
    Notice(
        "delivered",
        ("prefect.flow-run.Completed",),
        "Delivered: {{ flow_run.name }}",
        "{{ flow_run.name }} ({{ flow.name }}) is delivered.",
    ),
)


def redact(url: str) -> str:
    """The URL as it may be shown: scheme, host and port; credentials, path and query hidden."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    port = f":{parts.port}" if _port(parts) else ""
    hidden = "/…" if (parts.path not in ("", "/") or parts.query or parts.username) else ""
    return f"{parts.scheme}://{host}{port}{hidden}"


def _port(parts: SplitResult) -> int | None:
    try:
        return parts.port
    except ValueError:
        return None


def check_url(url: str) -> str:
    """The webhook URL, or a StackError (exit 2) saying what is wrong, the URL itself redacted."""
    url = url.strip()
    parts = urlsplit(url)
    shown = redact(url) if parts.scheme else "(the URL given)"
    if parts.scheme not in ("http", "https"):
        raise StackError(
            f"--notify {shown}: a webhook URL must start with https:// (or http:// on a trusted "
            "network), e.g. https://hooks.slack.com/services/… or https://example.org/hooks/review."
        )
    if not parts.hostname:
        raise StackError(f"--notify {shown}: the URL names no host.")
    if parts.netloc.rsplit("@", 1)[-1].count(":") and _port(parts) is None:
        raise StackError(f"--notify {shown}: the port is not a number from 1 to 65535.")
    if any(c.isspace() for c in url):
        raise StackError(f"--notify {shown}: the URL contains spaces; quote or encode them.")
    return url


def body(notice: Notice, ui_url: str, console_url: str) -> str:
    """The message: what happened, then the console's review page and the Prefect UI's page."""
    lines = [notice.opening, ""]
    if console_url:
        lines.append(f"Review console: {console_url.rstrip('/')}/review/{{{{ flow_run.id }}}}")
    lines.append(f"Prefect UI: {ui_url.rstrip('/')}/runs/flow-run/{{{{ flow_run.id }}}}")
    return "\n".join(lines)


def _block(url: str) -> CustomWebhookNotificationBlock | SlackWebhook:
    """Slack's incoming webhooks get Prefect's Slack block; any other URL a JSON POST."""
    if (urlsplit(url).hostname or "").lower() == "hooks.slack.com":
        return SlackWebhook(url=url)
    return CustomWebhookNotificationBlock(
        name=BLOCK_NAME,
        url="{{webhook_url}}",  # the real URL lives in the encrypted secrets, not in plain view
        secrets={"webhook_url": url},
        json_data={"subject": "{{subject}}", "body": "{{body}}", "text": "{{subject}}\n{{body}}"},
    )


def install(
    api_url: str, url: str, *, ui_url: str, console_url: str, auth: str | None = None
) -> list[UUID]:
    """Save the block and (re)create reelflow's automations on the server; their ids.

    Running it again replaces what an earlier `install` made, so the URL can change.
    """
    url = check_url(url)
    settings = {PREFECT_API_URL: api_url} | ({PREFECT_API_AUTH_STRING: auth} if auth else {})
    with temporary_settings(settings):
        remove()
        block_id = _block(url).save(BLOCK_NAME, overwrite=True)
        made = []
        for notice in NOTICES:
            trigger = EventTrigger(
                expect=set(notice.events),
                match={"prefect.resource.id": "prefect.flow-run.*"},
                match_related={
                    "prefect.resource.role": "flow",
                    "prefect.resource.name": NOTIFIED_FLOWS,
                },
                posture=Posture.Reactive,
                threshold=1,
                within=0,
            )
            action = SendNotification(
                block_document_id=block_id,
                subject=notice.subject,
                body=body(notice, ui_url, console_url),
            )
            automation = Automation(
                name=f"{PREFIX}{notice.name}",
                description="Made by `reelflow up --notify`; tells reviewers about video runs.",
                trigger=trigger,
                actions=[action],
            ).create()
            made.append(automation.id)
    return made


def remove() -> int:
    """Delete reelflow's automations on the configured server; how many there were."""
    removed = 0
    with get_client(sync_client=True) as client:
        for notice in NOTICES:
            for automation in client.read_automations_by_name(f"{PREFIX}{notice.name}"):
                client.delete_automation(automation.id)
                removed += 1
    return removed
