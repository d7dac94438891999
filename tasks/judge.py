"""The compliance judge as a task: the job's model reads the script as a whole (warnings only).

It runs inside a task so the model client is built from the worker's settings, like the writer's
(secrets never travel as parameters); without a model writer it returns the report unchanged.
"""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from pipeline.compliance import CheckReport
from pipeline.compliance.judge import judged
from pipeline.job import Job
from pipeline.outputs import Scenes, Script
from tasks.providers import job_writer


@task(name="compliance-judge", cache_policy=NO_CACHE, timeout_seconds=300)
def judge_task(job: Job, scenes: Scenes, script: Script, report: CheckReport) -> CheckReport:
    """`report` with the model's overall-impression warnings added, when the job has a model."""
    return judged(job.brief, scenes, script, report, job_writer(job))
