"""The MLR pack: what medical-legal-regulatory review gets beside every delivered video.

`final/mlr/` holds the annotated script (PDF and CSV), the storyboard (PDF and CSV), the claims
with their uses and references (JSON and CSV), the check report with every finding and waiver,
the review audit trail, a diff against the previous pack of the same brief, and a manifest with
the SHA-256 of every file. No Prefect here: the flow's task calls `build_pack`.
"""

from pipeline.compliance.pack.build import build_pack
from pipeline.compliance.pack.manifest import MANIFEST, verify
from pipeline.compliance.pack.models import PackInputs

__all__ = ["MANIFEST", "PackInputs", "build_pack", "verify"]
