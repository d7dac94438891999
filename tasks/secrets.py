"""Read the OpenAI key from a Prefect Secret block (REELFLOW_OPENAI_KEY_SECRET_BLOCK).

The one `SecretLoader` for production: the tasks build providers with it and `reelflow doctor`
checks the block with it. It is read where it is used, so the key never travels as a parameter.
"""

from __future__ import annotations

from prefect.blocks.system import Secret


def prefect_secret(name: str) -> str:
    """The value of the Prefect Secret block `name`."""
    return str(Secret.load(name).get())
