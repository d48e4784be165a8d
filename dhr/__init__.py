"""The DHR case manager's project package and core app."""

from dhr.celery import app as celery_app

__all__ = ["celery_app"]
