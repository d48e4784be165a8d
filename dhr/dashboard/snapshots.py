"""The dashboard's figures, worked out once and kept for a few minutes (issue 14).

Working out every section aggregates a partnership's deadlines, stage changes, recommendations
and actions, and draws the charts: about 200 ms at national size, for figures that move by the
week. So the page shows a snapshot: the sections and charts as worked out at most
``DHR_DASHBOARD_FRESH_MINUTES`` ago (15), and says when. The Celery task ``refresh_dashboards``
works out again, every 10 minutes, each scope someone opened in the last week, so the page
seldom waits for them; when the worker is down, a snapshot older than that is not shown but
worked out on the request, as if there were no snapshots. The counts' links lead to the review
list, which is always live.

A snapshot is keyed by everything the figures depend on: the partnerships, year and review type,
whether counts link (review managers) or not, and the day. Two people with the same key see the
same figures, so nothing one may not see can reach the other through it. The annual report is
always worked out afresh: it is a document, asked for rarely.
"""

import hashlib
import logging
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode

from dhr.dashboard import services
from dhr.dashboard.figures import Figure
from dhr.dashboard.scope import Scope

logger = logging.getLogger(__name__)

# Raised when what a snapshot holds changes shape, so that a snapshot written by older code is
# never read by newer code.
VERSION = 1
ASKED_KEY = f"dashboard:v{VERSION}:asked"
KEEP_ASKED = timedelta(days=7)


@dataclass
class Snapshot:
    html: str  # the sections as the page shows them (drawing the charts is half the work)
    made_at: datetime
    asked_on: date  # the day it was last asked for: the refresh task keeps it warm a week after
    # The figures themselves, for the CSV files. Kept under a key of their own, so that the
    # page, which needs only the HTML, does not unpickle them (a few hundred objects).
    sections: list[dict] | None = field(default=None, compare=False)

    def without_sections(self) -> "Snapshot":
        return replace(self, sections=None)

    def figure(self, key: str) -> Figure | None:
        for item in self.sections or []:
            for entry in item["figures"]:
                if entry["figure"].key == key:
                    return entry["figure"]
        return None


def fresh_for() -> timedelta:
    return timedelta(minutes=settings.DHR_DASHBOARD_FRESH_MINUTES)


def _timeout() -> int:
    """How long the cache keeps an entry: as long as a snapshot may be shown."""
    return int(fresh_for().total_seconds())


def key_for(scope: Scope) -> str:
    parts = (
        ",".join(str(pk) for pk in sorted(scope.partnership_ids)),
        str(scope.year or ""),
        scope.review_type,
        "links" if scope.drill_down else "counts",
        scope.today.isoformat(),
    )
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f"dashboard:v{VERSION}:{digest}"


def work_out(scope: Scope, asked_on: date) -> Snapshot:
    sections = services.with_charts(services.build_all(scope))
    # The CSV links carry the scope, not the request's query, so one key means one page.
    html = render_to_string(
        "dhr/dashboard/sections.html", {"sections": sections, "query": urlencode(scope.query())}
    )
    return Snapshot(html=html, made_at=timezone.now(), asked_on=asked_on, sections=sections)


def _store(scope: Scope, snapshot: Snapshot) -> None:
    key = key_for(scope)
    entries = {key: snapshot.without_sections()}
    if snapshot.sections is not None:
        entries[f"{key}:sections"] = snapshot.sections
    cache.set_many(entries, timeout=_timeout())


def _get(key: str):
    try:
        return cache.get(key)
    except Exception:  # an unreadable entry (a cache server gone, a changed class) is a miss
        logger.warning("A dashboard snapshot could not be read; working the figures out.")
        return None


def _read(key: str) -> Snapshot | None:
    snapshot = _get(key)
    if not isinstance(snapshot, Snapshot):
        return None
    if timezone.now() - snapshot.made_at > fresh_for():
        return None
    return snapshot


def for_scope(scope: Scope) -> Snapshot:
    """The page of ``scope``: a fresh enough snapshot, or worked out now (and kept). A snapshot
    read from the cache has no ``sections``; one worked out now has them."""
    if not settings.DHR_DASHBOARD_FRESH_MINUTES:
        return work_out(scope, scope.today)
    snapshot = _read(key_for(scope))
    if snapshot is None:
        snapshot = work_out(scope, scope.today)
        _store(scope, snapshot)
        _remember(scope)
    elif snapshot.asked_on < scope.today:
        # First request of the day: the refresh task is told the scope is still in use.
        snapshot.asked_on = scope.today
        cache.set(key_for(scope), snapshot, timeout=_timeout())
        _remember(scope)
    return snapshot


def figure_for(scope: Scope, key: str) -> Figure | None:
    """One figure of the snapshot the page shows (without snapshots: its section alone)."""
    if not settings.DHR_DASHBOARD_FRESH_MINUTES:
        return services.find_figure(scope, key)
    snapshot = for_scope(scope)
    if snapshot.sections is None:
        sections = _get(f"{key_for(scope)}:sections")
        if not isinstance(sections, list):  # evicted on its own: the page's figures again
            snapshot = work_out(scope, snapshot.asked_on)
            _store(scope, snapshot)
            sections = snapshot.sections
        snapshot = replace(snapshot, sections=sections)
    return snapshot.figure(key)


def _remember(scope: Scope) -> None:
    """Adds the scope to those the refresh task keeps warm (a lost update only costs a miss)."""
    asked = cache.get(ASKED_KEY) or {}
    asked[key_for(replace(scope, today=date.min))] = {
        "partnership_ids": list(scope.partnership_ids),
        "year": scope.year,
        "review_type": scope.review_type,
        "drill_down": scope.drill_down,
        "asked_on": scope.today.isoformat(),
    }
    cache.set(ASKED_KEY, asked, timeout=None)


def refresh() -> int:
    """Works out again every scope asked for in the last week and forgets the others; the
    number of snapshots worked out."""
    today = timezone.localdate()
    asked = cache.get(ASKED_KEY) or {}
    kept = {}
    for key, entry in asked.items():
        if date.fromisoformat(entry["asked_on"]) < today - KEEP_ASKED:
            continue
        kept[key] = entry
        scope = Scope(
            user=None,
            partnership_ids=tuple(entry["partnership_ids"]),
            year=entry["year"],
            review_type=entry["review_type"],
            drill_down=entry["drill_down"],
            today=today,
        )
        _store(scope, work_out(scope, date.fromisoformat(entry["asked_on"])))
    cache.set(ASKED_KEY, kept, timeout=None)
    return len(kept)
