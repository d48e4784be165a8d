"""docker/gunicorn.conf.py: what each worker does once it has loaded the application."""

import gc
import runpy
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "docker" / "gunicorn.conf.py"


def test_a_worker_freezes_what_it_loaded_out_of_the_garbage_collectors_reach():
    settings = runpy.run_path(str(CONFIG))
    assert settings["workers"] >= 1
    frozen_before = gc.get_freeze_count()
    try:
        settings["post_worker_init"](worker=None)
        # Everything the process held is frozen, the URL patterns' views included.
        assert gc.get_freeze_count() > frozen_before
        assert gc.get_freeze_count() >= len(gc.get_objects()) // 2
    finally:
        gc.unfreeze()
