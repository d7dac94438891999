"""`reelflow doctor`: which provider each stage will use under the current settings, and why.

It reads the same settings the flows read and builds nothing; a key is reported only as present
or absent and where it came from, never its value.
"""

from __future__ import annotations

from pipeline.providers.openai_client import redact
from pipeline.settings import (
    OFFLINE_PROVIDERS,
    SecretLoader,
    Settings,
    load_settings,
    resolve_api_key,
)
from pipeline.urls import endpoint_label
from tasks.secrets import prefect_secret

Row = tuple[str, str, str]
ENV = {"writer": "REELFLOW_WRITER", "images": "REELFLOW_IMAGES", "speech": "REELFLOW_SPEECH"}


def doctor_report(settings: Settings, secret_loader: SecretLoader | None = None) -> list[Row]:
    """(stage, provider, reason) for every stage, in the order a video is made."""
    key_source, key_values = _key_source(settings, secret_loader)
    writer = _choice(settings, "writer", settings.openai_text_model, key_source)
    rows = [
        ("scenes", *writer),
        ("script", *writer),
        ("visuals", *_choice(settings, "images", settings.openai_image_model, key_source)),
        ("animations", "local", "motion and transitions are computed here; no provider needed"),
        ("tts", *_choice(settings, "speech", settings.openai_tts_model, key_source)),
        ("render", "ffmpeg", "the bundled ffmpeg (imageio-ffmpeg) encodes the video locally"),
    ]
    return [(stage, provider, redact(reason, key_values)) for stage, provider, reason in rows]


def main_doctor() -> None:
    """Print the report as aligned columns."""
    settings = load_settings()
    rows = doctor_report(settings, prefect_secret if settings.openai_key_secret_block else None)
    width = max(len(stage) for stage, _, _ in rows)
    provider_width = max(len(provider) for _, provider, _ in rows)
    for stage, provider, reason in rows:
        print(f"{stage:<{width}}  {provider:<{provider_width}}  {reason}")


def _key_source(settings: Settings, loader: SecretLoader | None) -> tuple[str, tuple[str, ...]]:
    """Where the API key comes from (words only), and the values to keep out of the report."""
    block = settings.openai_key_secret_block
    try:
        key = resolve_api_key(settings, loader)
    except Exception as error:  # reported, not raised: doctor must always answer
        reason = f"could not be read ({type(error).__name__})"
        return f"no API key: the Prefect Secret block {block!r} {reason}", ()
    if key.value is not None:
        where = {
            "settings": "API key set (REELFLOW_OPENAI_API_KEY / OPENAI_API_KEY or .env)",
            "secret block": f"API key from the Prefect Secret block {block!r}",
        }[key.source]
        return where, (key.value.get_secret_value(),)
    if block and loader is not None:
        return f"no API key: the Prefect Secret block {block!r} is empty", ()
    if block:
        return f"API key to be read from the Prefect Secret block {block!r}", ()
    return "", ()


def _choice(settings: Settings, field: str, model: str, key_source: str) -> tuple[str, str]:
    """The provider for one settings field and a sentence saying why."""
    chosen = getattr(settings, field)
    offline = OFFLINE_PROVIDERS[field]
    if chosen != "openai":
        default = (
            " (auto: no OpenAI key or endpoint configured)"
            if (settings.chosen_automatically(field))
            else ""
        )
        online = " (online: needs network)" if chosen == "gtts" else ""
        hint = f"; set {ENV[field]}=openai to use a model" if chosen == offline else ""
        return chosen, f"{ENV[field]}={chosen}{default}{online}{hint}"
    endpoint = endpoint_label(settings.openai_base_url)
    how = "auto, because OpenAI is configured" if settings.chosen_automatically(field) else "openai"
    where = f"{ENV[field]}={how}: model {model!r} at {endpoint}"
    fallback = settings.fallback_to_offline
    if key_source.startswith("API key"):
        tail = f"; falls back to {offline} on failure" if fallback else ""
        return "openai", f"{where}; {key_source}{tail}"
    if settings.openai_base_url:
        note = key_source or "no API key (fine for local servers that ignore it)"
        return "openai", f"{where}; {note}"
    problem = key_source or "no API key: set OPENAI_API_KEY or REELFLOW_OPENAI_KEY_SECRET_BLOCK"
    if fallback:
        return offline, f"{where}, but {problem}; REELFLOW_FALLBACK_TO_OFFLINE uses {offline}"
    return "openai (unavailable)", f"{where}, but {problem}; the stage will fail"
