"""Cache keys: same inputs hit, a new version or changed upstream misses, scenes are independent."""

from __future__ import annotations

from types import SimpleNamespace

from pipeline.job import Job
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.revision import Revision
from pipeline.settings import Settings
from pipeline.stages.visuals import slide_work
from tasks.caching import scene_cache_key, stage_cache_key
from tests.conftest import short_brief


def _ctx(name: str) -> SimpleNamespace:
    return SimpleNamespace(task=SimpleNamespace(name=name))


def _job(tmp_path, **settings) -> Job:
    return Job.create(short_brief("moa"), Settings(output_dir=tmp_path, **settings))


def test_stage_key_is_stable_and_names_type_stage_version(tmp_path):
    job = _job(tmp_path)
    key = stage_cache_key(_ctx("scenes"), {"job": job, "revision": Revision()})
    assert key == stage_cache_key(_ctx("scenes"), {"job": _job(tmp_path), "revision": Revision()})
    assert key.startswith("moa-scenes-v1-")


def test_regenerate_and_changed_inputs_miss(tmp_path):
    job = _job(tmp_path)
    base = stage_cache_key(_ctx("scenes"), {"job": job, "revision": Revision()})
    regenerated = stage_cache_key(_ctx("scenes"), {"job": job, "revision": Revision().next("")})
    other_size = stage_cache_key(
        _ctx("scenes"), {"job": _job(tmp_path, short_side=720), "revision": Revision()}
    )
    other_stage = stage_cache_key(_ctx("script"), {"job": job, "revision": Revision()})
    assert len({base, regenerated, other_size, other_stage}) == 4
    assert regenerated.startswith("moa-scenes-v2-")


def test_scene_key_ignores_feedback_for_other_scenes(tmp_path):
    job = _job(tmp_path)
    revision = Revision().next("scene 2: bigger title")

    scenes = OfflineWriter().write_scenes(job.brief, Revision())
    script = OfflineWriter().write_script(job.brief, scenes, Revision())

    def key(index: int, rev: Revision) -> str:
        work = slide_work(scenes, script, rev)[index - 1]
        return scene_cache_key(_ctx("visual-scene"), {"job": job, "work": work})

    assert key(1, revision) == key(1, Revision())
    assert key(2, revision) != key(2, Revision())
    assert "-s2-t2-" in key(2, revision)


def test_job_holds_no_secret(tmp_path):
    job = _job(tmp_path, openai_api_key="sk-test-123")
    assert "sk-test-123" not in job.model_dump_json()


def test_offline_scripts_are_spoken_in_english(tmp_path):
    german = short_brief("moa").model_copy(update={"language": "de"})
    offline = Job.create(german, Settings(_env_file=None, output_dir=tmp_path))
    assert offline.narration_language == "en"
    model = Job.create(german, Settings(_env_file=None, output_dir=tmp_path, openai_api_key="sk-x"))
    assert model.narration_language == "de"
