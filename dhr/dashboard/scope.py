"""Who is looking at the dashboard, and at what: partnerships, year and review type.

The partnerships are those the user belongs to (administrators: every partnership); a filter
can only narrow them. Only review managers drill down from a count to the reviews behind it;
the steering group and administrators see counts and pseudonyms only (DESIGN.md 5).
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from dhr.accounts.roles import Role, has_role
from dhr.models import Partnership

DASHBOARD_ROLES = (Role.STEERING_GROUP, Role.REVIEW_MANAGER, Role.ADMINISTRATOR)


def may_open(user) -> bool:
    return has_role(user, *DASHBOARD_ROLES)


def partnerships_for(user):
    """The partnerships whose figures ``user`` may see on aggregate pages."""
    if not may_open(user):
        return Partnership.objects.none()
    if user.role == Role.ADMINISTRATOR:
        return Partnership.objects.all()
    return Partnership.objects.filter(pk__in=user.partnerships.values("pk"))


def aggregate_readers(users) -> dict:
    """{e-mail: partnership ids} of the ``users`` who see reviews listed (reference and
    pseudonym) on aggregate pages without opening them through that page: the steering group
    and administrators (review managers open their partnerships' reviews). For the demo
    manifest's ``listed_for``."""
    return {
        user.email: set(partnerships_for(user).values_list("pk", flat=True))
        for user in users
        if may_open(user) and user.role != Role.REVIEW_MANAGER
    }


def listed_for(readers: dict, partnership_id: int, can_open=()) -> list[str]:
    """The readers (``aggregate_readers``) who see a review of ``partnership_id`` listed on
    aggregate pages but cannot open it."""
    return sorted(
        email for email, ids in readers.items() if partnership_id in ids and email not in can_open
    )


@dataclass(frozen=True)
class Scope:
    """The figures' filter. ``year`` is the year reviews were notified (None: every year);
    ``review_type`` a value of ``Review.ReviewType`` ("" for all)."""

    user: object
    partnership_ids: tuple[int, ...]
    year: int | None = None
    review_type: str = ""
    today: date = field(default_factory=timezone.localdate)
    # Counts link to the review list (through its permission boundary) for managers only. Taken
    # from ``user`` unless given: the refresh task works out figures for no one in particular.
    drill_down: bool | None = None

    def __post_init__(self):
        if self.drill_down is None:
            object.__setattr__(self, "drill_down", has_role(self.user, Role.REVIEW_MANAGER))

    def query(self) -> dict:
        """The filter as query parameters (the CSV links, the review list's drill-down). More
        than one partnership is always all of the user's (the filter narrows to one or none),
        so it needs no parameter."""
        query = {}
        if len(self.partnership_ids) == 1:
            query["partnership"] = self.partnership_ids[0]
        if self.year:
            query["year"] = self.year
        if self.review_type:
            query["review_type"] = self.review_type
        return query

    def describe(self, partnerships=None) -> str:
        """The filter in words, for the page, the CSV and the annual report."""
        names = ", ".join(p.name for p in (partnerships or [])) or "your partnerships"
        year = f"notified in {self.year}" if self.year else "notified in any year"
        kind = dict(_types()).get(self.review_type, "all review types")
        return f"{names}; reviews {year}; {kind}."


def _types():
    from dhr.dashboard.registry import review_types

    return review_types()
