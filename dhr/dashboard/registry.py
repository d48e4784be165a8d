"""The dashboard's sections, registered by the apps whose data they show (ADR 0004).

``dhr`` knows nothing of reviews: ``cases`` registers the pipeline, slippage, time in stage,
overdue deadlines and the committee's statistics; ``panels`` adds a slippage column (time
waiting for agency contributions); ``actionplans`` the Commissioner's recommendations and,
once its models exist, the action plans. A section is a function of a ``Scope`` (who is
looking, which partnerships, year and review type) that returns ``Figure`` objects: each
becomes a chart, its table view, its CSV and a sheet of the annual report.

Every section must answer in a number of queries that does not depend on the number of
reviews (``tests/dhr/dashboard/test_queries.py`` checks the whole page at two sizes).
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """One part of the dashboard: a heading and the figures ``build(scope)`` returns."""

    key: str  # a slug, unique: the figures' keys start with it
    title: str
    build: Callable  # build(scope) -> list[Figure]
    order: int = 100
    description: str = ""


_sections: dict[str, Section] = {}
# Review types as (value, label), given by ``cases`` for the filter (dhr cannot import it).
_review_types: list[tuple[str, str]] = []


# ``register()`` functions of the apps' section modules, run the first time the sections or the
# review types are read: each app names its module from ``ready()`` (``register_later``) rather
# than importing its dashboard code at every start.
_pending: list = []
_pending_lock = threading.RLock()


def register_later(register) -> None:
    """``register()`` (a ``dhr.lazy.lazy`` path, usually) adds sections when they are first read."""
    if register not in _pending:
        _pending.append(register)


def load() -> None:
    """Runs the registrations still pending (the section modules named by ``register_later``)."""
    if not _pending:
        return
    with _pending_lock:  # another thread reads the sections once they are all registered
        while _pending:
            _pending[0]()
            _pending.pop(0)


def register_section(section: Section) -> None:
    """Adds (or replaces, by key: registering twice has no further effect) a section."""
    _sections[section.key] = section


def sections() -> list[Section]:
    load()
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


def section(key: str) -> Section | None:
    load()
    return _sections.get(key)


def register_review_types(choices) -> None:
    for choice in choices:
        if tuple(choice) not in _review_types:
            _review_types.append(tuple(choice))


def review_types() -> list[tuple[str, str]]:
    load()
    return list(_review_types)
