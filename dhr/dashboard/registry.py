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


def register_section(section: Section) -> None:
    """Adds (or replaces, by key: registering twice has no further effect) a section."""
    _sections[section.key] = section


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


def section(key: str) -> Section | None:
    return _sections.get(key)


def register_review_types(choices) -> None:
    for choice in choices:
        if tuple(choice) not in _review_types:
            _review_types.append(tuple(choice))


def review_types() -> list[tuple[str, str]]:
    return list(_review_types)
