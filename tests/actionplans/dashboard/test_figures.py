"""The Commissioner's section and the action-plan section of the dashboard."""

from datetime import date

import pytest
import time_machine

from actionplans.commissioner import services
from actionplans.dashboard import progress
from actionplans.dashboard.progress import ActionRow, RecommendationRow
from cases.models import Stage
from dhr.dashboard import registry
from dhr.dashboard import services as dashboard
from dhr.dashboard.scope import Scope
from tests.conftest import london
from tests.dhr.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLISHED_ON = date(2026, 8, 10)  # responses due 5 October 2026


def table(figure) -> dict:
    return {row.label: [cell.display for cell in row.cells] for row in figure.rows}


def scope_for(user, **extra) -> Scope:
    return Scope(
        user=user, partnership_ids=tuple(user.partnerships.values_list("pk", flat=True)), **extra
    )


def test_responses_within_56_days_late_and_awaited(cast, steering_member):
    with time_machine.travel(london(2026, 9, 1), tick=False) as clock:
        review = cast.walk_to(Stage.PUBLISHED)
        report = services.record_commissioner_report(
            by=cast.manager,
            partnership=review.partnership,
            review=review,
            title="Report",
            published_on=PUBLISHED_ON,
        )
        bodies = [AgencyFactory(name=name) for name in ("Board A", "Board B", "Board C", "Board D")]
        recs = [
            services.add_recommendation(report, by=cast.manager, agency=body, text=f"Do {i}.")
            for i, body in enumerate(bodies)
        ]
        for rec, day in ((recs[0], date(2026, 10, 5)), (recs[1], date(2026, 10, 6))):
            member = UserFactory(role="agency_member", agency=rec.agency)
            clock.move_to(london(day.year, day.month, day.day))
            services.respond(rec, by=member, text="We will.", responded_on=day)
        # On 7 October, C and D are still awaited, past their due date.
        clock.move_to(london(2026, 10, 7))
        status = table(dashboard.find_figure(scope_for(steering_member), "commissioner-status"))
        assert status == {
            "Responded within 56 days": ["1"],
            "Responded late": ["1"],
            "Awaited, not yet due": ["0"],
            "Awaited, overdue": ["2"],
        }
        by_body = table(dashboard.find_figure(scope_for(steering_member), "commissioner-agency"))
        assert by_body["Board A"] == ["1", "0", "0", "0", "1"]
        assert by_body["Board B"] == ["0", "1", "0", "0", "1"]
        assert by_body["Total"] == ["1", "1", "0", "2", "4"]
        clock.move_to(london(2026, 10, 1))
        status = table(dashboard.find_figure(scope_for(steering_member), "commissioner-status"))
        assert status["Awaited, not yet due"] == ["2"]


class FakeSource:
    """The interface ``actionplans.dashboard.progress`` reads, with rows the test chooses."""

    def __init__(self, actions, recommendations):
        self._actions, self._recommendations = actions, recommendations
        self.asked = []

    def actions(self, reviews):
        ids = set(reviews.values_list("pk", flat=True))
        self.asked.append(ids)
        return [a for a in self._actions if a.review_id in ids]

    def recommendations(self, reviews):
        ids = set(reviews.values_list("pk", flat=True))
        return [r for r in self._recommendations if r.review_id in ids]


def test_action_plan_figures_from_a_source(clock, review_manager, steering_member):
    from tests.cases.factories import walk_to

    review = walk_to(Stage.MONITORING, manager=review_manager)
    other = walk_to(Stage.MONITORING, manager=review_manager, notified_on=date(2025, 1, 6))
    source = FakeSource(
        [
            ActionRow(review.pk, "Kent Police", "red", date(2026, 5, 1), None),  # overdue
            ActionRow(review.pk, "Kent Police", "complete", date(2026, 5, 1), date(2026, 4, 20)),
            ActionRow(review.pk, "Health Trust", "amber", date(2026, 7, 1), None),
            ActionRow(other.pk, "Health Trust", "complete", None, date(2026, 5, 3)),
            ActionRow(other.pk, "Health Trust", "green", date(2026, 9, 1), None),
        ],
        [
            RecommendationRow(review.pk, 2026, ("MARAC process", "Information sharing"), ""),
            RecommendationRow(review.pk, 2026, ("MARAC process",), "confirmed"),
            RecommendationRow(other.pk, 2025, ("MARAC process",), "suggested"),
            RecommendationRow(other.pk, 2025, (), ""),
        ],
    )
    figures = {f.key: f for f in progress.figures(scope_for(steering_member), source)}
    assert table(figures["actions-rag"]) == {
        "Red": ["1"],
        "Amber": ["1"],
        "Green": ["1"],
        "Complete": ["2"],
        "Closed, not completed": ["0"],
    }
    assert table(figures["actions-agency"]) == {
        "Health Trust": ["0", "1", "1", "1", "0", "3"],
        "Kent Police": ["1", "0", "0", "1", "0", "2"],
        "Total": ["1", "1", "1", "2", "0", "5"],
    }
    assert table(figures["actions-completed"]) == {"April 2026": ["1"], "May 2026": ["1"]}
    assert table(figures["actions-overdue"]) == {"Kent Police": ["1"]}
    assert table(figures["actions-themes"]) == {
        "Information sharing": ["0", "1", "1"],
        "MARAC process": ["1", "2", "3"],
        "No theme recorded": ["1", "0", "1"],
    }
    assert table(figures["actions-repeats"]) == {
        "Confirmed repeats": ["1"],
        "Suggested repeats, not yet confirmed": ["1"],
        "Not a repeat": ["2"],
    }
    # The year filter reaches the source as the reviews in scope.
    only_2025 = {f.key: f for f in progress.figures(scope_for(steering_member, year=2025), source)}
    assert table(only_2025["actions-rag"])["Complete"] == ["1"]
    assert source.asked[-1] == {other.pk}


def test_the_action_plan_section_waits_for_its_records():
    """Without actionplans/recommendations/dashboard_source.py there is no empty section."""
    registered = progress.register_if_available()
    keys = [section.key for section in registry.sections()]
    assert ("actions" in keys) == registered
