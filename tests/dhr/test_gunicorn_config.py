"""docker/gunicorn.conf.py: the master loads the application once and, before it forks the
workers, compiles every template and freezes what it loaded out of the garbage collector's
reach; the workers start warm."""

import gc
import runpy
from pathlib import Path

from django.template import engines

CONFIG = Path(__file__).resolve().parents[2] / "docker" / "gunicorn.conf.py"


def test_the_master_warms_and_freezes_the_application_before_forking(settings):
    config = runpy.run_path(str(CONFIG))
    assert config["workers"] >= 1
    assert config["preload_app"] is True
    frozen_before = gc.get_freeze_count()
    cached = engines["django"].engine.template_loaders[0]
    try:
        config["pre_fork"](server=None, worker=None)
        # Everything the process held is frozen, the URL patterns' views included.
        assert gc.get_freeze_count() > frozen_before
        assert gc.get_freeze_count() >= len(gc.get_objects()) // 2
        # Every page's template is compiled: the layout, a review page, a Jinja2 rows template.
        kept = set(cached.get_template_cache)
        assert {"base.html", "cases/detail.html", "panels/chronology/combined.html"} <= kept
        rows = engines["rows"].env.cache
        assert any("entry_rows.jinja" in str(key) for key in rows)
        # Only once: the next fork finds it done.
        frozen = gc.get_freeze_count()
        config["pre_fork"](server=None, worker=None)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
