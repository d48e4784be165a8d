"""The DHR case manager's project package and core app.

The Celery app is ``dhr.celery.app`` (``celery -A dhr`` finds it there). It is not imported
when Django starts: every task is declared on it, so importing a task imports it (see
``dhr/celery.py``). ``dhr.celery_app`` still names it, imported on first use.
"""


def __getattr__(name):
    if name == "celery_app":
        from dhr.celery import app

        return app
    raise AttributeError(f"module 'dhr' has no attribute {name!r}")
