"""The action-plan section of the dashboard, read from real action plans built here through
the domain functions: every figure against known actions, dates, a hold, sign-offs and
repeats; what is left out (drafts, other partnerships); no suppression of counts that are not
people; and a number of queries that does not grow with the plans."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplans.dashboard import progress
from actionplans.models import PlanAction, Recommendation
from actionplans.recommendations import services
from actionplans.recommendations.dashboard_source import SOURCE
from cases.lifecycle import workflow
from cases.models import Stage
from dhr.dashboard import registry
from dhr.dashboard import services as dashboard
from dhr.dashboard.scope import Scope
from tests.actionplans.factories import complete
from tests.cases.factories import walk_to
from tests.conftest import london
from tests.dhr.factories import AgencyFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db
S = PlanAction.Status

EARLIER = (
    "Police officers should complete a DASH risk assessment at every domestic abuse incident "
    "they attend."
)
PARAPHRASE = (
    "At every domestic abuse incident they attend, police officers should complete a DASH "
    "risk assessment, and record it."
)
AGREED_2025 = date(2025, 11, 3)  # a recommendation's year is the year it was agreed
UNRELATED = "The housing service should publish a directory of refuge places for older people."


def table(figure) -> dict:
    return {row.label: [cell.display for cell in row.cells] for row in figure.rows}


def figures_for(user, **extra) -> dict:
    scope = Scope(
        user=user, partnership_ids=tuple(user.partnerships.values_list("pk", flat=True)), **extra
    )
    section = registry.section("actions")
    return {f.key: f for f in dashboard.build_section(section, scope).figures}


def recommend(review, manager, text, *, themes=(), agree=True, agreed_on=None):
    recommendation = services.draft_recommendation(
        review,
        by=manager,
        text=text,
        level=Recommendation.Level.SINGLE_AGENCY,
        addressed_to="Kent Police",
        themes=themes,
    )
    if agree:
        services.agree_recommendation(recommendation, by=manager, agreed_on=agreed_on)
    return recommendation


def act(recommendation, manager, agency, target):
    return services.add_action(
        recommendation, by=manager, description="Do it.", lead_agency=agency, target_date=target
    )


def theme(partnership, name):
    return services.themes_for(partnership).get(name=name)


@pytest.fixture
def plans(review_manager, agency, partnership, media_root):
    """On 1 June 2026, in Swale: an earlier review (notified 2025) and a later one (2026),
    and a review on hold; in Medway, a plan the Swale steering group must not count."""
    police, health = agency, AgencyFactory(name="Health Trust")
    marac = theme(partnership, "MARAC process")
    sharing = theme(partnership, "Information sharing")
    with time_machine.travel(london(2026, 5, 12), tick=False) as clock:
        earlier = walk_to(Stage.COMMISSIONED, manager=review_manager, notified_on=date(2025, 1, 6))
        first = recommend(earlier, review_manager, EARLIER, themes=[marac], agreed_on=AGREED_2025)
        done_in_may = act(first, review_manager, health, date(2026, 5, 31))
        complete(done_in_may, manager=review_manager)  # completed 12 May 2026
        recommend(earlier, review_manager, UNRELATED, agreed_on=AGREED_2025)  # no theme

        later = walk_to(Stage.COMMISSIONED, manager=review_manager, notified_on=date(2026, 1, 12))
        clock.move_to(london(2026, 6, 1))
        paraphrase = recommend(later, review_manager, PARAPHRASE, themes=[marac, sharing])
        act(paraphrase, review_manager, police, date(2026, 5, 1))  # red: overdue
        act(paraphrase, review_manager, police, date(2026, 6, 20))  # amber: within 30 days
        act(paraphrase, review_manager, health, date(2027, 1, 1))  # green
        done_in_june = act(paraphrase, review_manager, health, date(2026, 9, 1))
        complete(done_in_june, manager=review_manager)  # completed 1 June 2026
        linked = recommend(
            later, review_manager, "Adult social care should audit carers' assessments."
        )
        services.link_recommendations(
            linked, by=review_manager, earlier=first, relation="builds_on"
        )
        dropped = act(linked, review_manager, health, date(2026, 12, 1))
        services.close_action(
            dropped, by=review_manager, status=S.NOT_COMPLETED, reason="Service decommissioned."
        )
        draft = recommend(later, review_manager, "A draft not yet agreed.", agree=False)
        act(draft, review_manager, police, date(2026, 1, 1))  # not counted: a draft

        # On hold since 20 May: its action due 1 June is amber (the clock stopped 12 days
        # before its date), not red, on the plan's page and on the dashboard alike.
        held = walk_to(Stage.COMMISSIONED, manager=review_manager, notified_on=date(2026, 2, 2))
        held_action = act(
            recommend(held, review_manager, UNRELATED + " Again."),
            review_manager,
            police,
            date(2026, 5, 25),
        )
        clock.move_to(london(2026, 5, 20))
        workflow.put_on_hold(held, by=review_manager, reason="criminal")
        clock.move_to(london(2026, 6, 1))

        medway = PartnershipFactory(name="Medway", code="MED")
        medway_manager = UserFactory(role="review_manager", partnerships=[medway])
        elsewhere = walk_to(Stage.COMMISSIONED, manager=medway_manager, partnership=medway)
        act(recommend(elsewhere, medway_manager, EARLIER), medway_manager, police, date(2026, 1, 1))
        yield {"held_action": held_action}


def test_every_action_plan_figure_from_real_plans(plans, steering_member):
    with time_machine.travel(london(2026, 6, 1), tick=False):
        held = PlanAction.objects.get(pk=plans["held_action"].pk)
        assert services.rag(held).key == "amber"  # the plan's own page says the same
        figures = figures_for(steering_member)
        assert table(figures["actions-rag"]) == {
            "Red": ["1"],
            "Amber": ["2"],  # one due within 30 days, one frozen by the hold
            "Green": ["1"],
            "Complete": ["2"],
            "Closed, not completed": ["1"],
        }
        assert figures["actions-rag"].summary == "7 actions, 2 complete, 1 red."
        assert table(figures["actions-agency"]) == {
            "Health Trust": ["0", "0", "1", "2", "1", "4"],
            "Kent Police": ["1", "2", "0", "0", "0", "3"],
            "Total": ["1", "2", "1", "2", "1", "7"],
        }
        assert table(figures["actions-completed"]) == {"May 2026": ["1"], "June 2026": ["1"]}
        assert table(figures["actions-overdue"]) == {"Kent Police": ["1"]}
        assert table(figures["actions-themes"]) == {
            "Information sharing": ["0", "1", "1"],
            "MARAC process": ["1", "1", "2"],
            "No theme recorded": ["1", "2", "3"],
        }
        assert figures["actions-themes"].columns == ["2025", "2026", "Total"]
        assert table(figures["actions-repeats"]) == {
            "Confirmed repeats": ["1"],
            # The paraphrase, and the held review's copy of the earlier unrelated one.
            "Suggested repeats, not yet confirmed": ["2"],
            "Not a repeat": ["2"],  # the earlier review's: nothing came before them
        }
        # Counts of actions and recommendations are not counts of people: never suppressed.
        assert not any(f.people for f in figures.values())
        assert "fewer than 5" not in str([table(f) for f in figures.values()])

        only_2025 = figures_for(steering_member, year=2025)
        assert table(only_2025["actions-rag"])["Complete"] == ["1"]
        assert table(only_2025["actions-repeats"])["Not a repeat"] == ["2"]


def test_the_section_is_registered_from_the_source():
    assert progress.register_if_available() is True
    assert registry.section("actions") is not None


def _queries(scope) -> int:
    with CaptureQueriesContext(connection) as captured:
        progress.figures(scope, SOURCE)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_plans(
    clock, review_manager, steering_member, agency, partnership
):
    scope = Scope(user=steering_member, partnership_ids=(partnership.pk,))
    review = walk_to(Stage.COMMISSIONED, manager=review_manager)
    act(recommend(review, review_manager, EARLIER), review_manager, agency, date(2026, 9, 1))
    small = _queries(scope)
    marac = theme(partnership, "MARAC process")
    for number in range(3):
        other = walk_to(Stage.COMMISSIONED, manager=review_manager)
        for text in (PARAPHRASE, UNRELATED):
            rec = recommend(other, review_manager, f"{text} ({number})", themes=[marac])
            act(rec, review_manager, AgencyFactory(), date(2026, 5, 1))
            act(rec, review_manager, agency, date(2026, 8, 1))
        services.link_recommendations(
            rec, by=review_manager, earlier=review.recommendations.get(), relation="repeats"
        )
    assert _queries(scope) == small == 2
