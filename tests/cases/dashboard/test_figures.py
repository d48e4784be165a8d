"""Every figure of the cases sections against reviews the tests walk, on a standing clock.

The ``clock`` fixture stands at 1 June 2026, 09:00 London; moving it between actions gives the
stage changes and holds known lengths.
"""

from datetime import date, timedelta

import pytest

from cases.lifecycle import workflow
from cases.models import DeadlineKind, Review, Stage, Subject
from dhr.dashboard import services
from dhr.dashboard.scope import Scope
from tests.cases.factories import ready_for, walk_to
from tests.conftest import london
from tests.dhr.factories import AgencyFactory, PartnershipFactory

pytestmark = pytest.mark.django_db
INTIMATE = Review.Relationship.INTIMATE_PARTNER


def scope_of(user, *, year=None, review_type="", partnerships=None):
    ids = (
        tuple(p.pk for p in partnerships)
        if partnerships
        else tuple(user.partnerships.values_list("pk", flat=True))
    )
    return Scope(user=user, partnership_ids=ids, year=year, review_type=review_type)


def figure(user, key, **scope):
    found = services.find_figure(scope_of(user, **scope), key)
    assert found is not None, key
    return found


def table(found) -> dict:
    """{row label: [cell displays]}."""
    return {row.label: [cell.display for cell in row.cells] for row in found.rows}


def test_pipeline_by_stage_and_area_with_holds(clock, review_manager, steering_member):
    walk_to(Stage.PANEL, manager=review_manager)
    held = walk_to(Stage.PANEL, manager=review_manager)
    workflow.put_on_hold(held, by=review_manager, reason="criminal", details="Trial listed.")
    walk_to(Stage.NOTIFIED, manager=review_manager)
    walk_to(Stage.CLOSED, manager=review_manager, notified_on=date(2025, 1, 6))

    stages = table(figure(steering_member, "pipeline-stage"))
    assert stages["Panel under way"] == ["1", "1", "2"]
    assert stages["Notified"] == ["1", "0", "1"]
    assert stages["Closed"] == ["1", "0", "1"]
    assert stages["Approved by QA"] == ["0", "0", "0"]
    assert stages["Total"] == ["3", "1", "4"]

    areas = table(figure(steering_member, "pipeline-area"))
    assert areas == {"Swale": ["2", "1", "1", "4"], "Total": ["2", "1", "1", "4"]}

    # The year filter: notified in 2025, only the closed review.
    assert table(figure(steering_member, "pipeline-stage", year=2025))["Total"] == ["1", "0", "1"]


def test_drill_down_links_for_the_manager_only(
    clock, client, review_manager, steering_member, partnership
):
    review = walk_to(Stage.PANEL, manager=review_manager)
    walk_to(Stage.NOTIFIED, manager=review_manager)
    walk_to(Stage.PANEL, manager=review_manager, notified_on=date(2025, 3, 2))
    for_manager = figure(review_manager, "pipeline-stage", year=2026)
    panel = next(row for row in for_manager.rows if row.label == "Panel under way")
    link = panel.cells[0].link
    assert link == f"/reviews/?partnership={partnership.pk}&year=2026&stage=panel"
    assert panel.cells[1].link == ""  # nothing behind a zero
    # The link leads the manager to exactly the reviews behind the count.
    client.force_login(review_manager)
    listed = [row["review"] for row in client.get(link).context["rows"]]
    assert listed == [review]
    for_steering = figure(steering_member, "pipeline-stage", year=2026)
    assert all(not cell.link for row in for_steering.rows for cell in row.cells)
    assert all(not row.link for row in figure(steering_member, "slippage-reviews").rows)


def test_time_in_stage_from_the_stage_changes(clock, review_manager, steering_member):
    """Review A: 10 days notified, 4 in scoping, then deciding (to today, 6 days).
    Review B: 2 days notified, still in scoping 14 days later."""
    first = walk_to(Stage.NOTIFIED, manager=review_manager)
    second = walk_to(Stage.NOTIFIED, manager=review_manager)
    clock.move_to(london(2026, 6, 3))
    workflow.start_scoping(second, by=review_manager)
    clock.move_to(london(2026, 6, 11))
    workflow.start_scoping(first, by=review_manager)
    request = workflow.send_information_request(
        first,
        by=review_manager,
        agency=AgencyFactory(),
        sent_on=date(2026, 6, 11),
        due_on=date(2026, 6, 25),
    )
    from tests.cases.factories import agency_member_of

    workflow.answer_information_request(
        request, by=agency_member_of(request.agency), had_contact=False, summary="None."
    )
    clock.move_to(london(2026, 6, 15))
    workflow.finish_scoping(first, by=review_manager)
    # A hold keeps the stage: it does not end the visit.
    workflow.put_on_hold(first, by=review_manager, reason="inquest")
    clock.move_to(london(2026, 6, 17))
    workflow.resume(first, by=review_manager)
    clock.move_to(london(2026, 6, 21))

    rows = table(figure(steering_member, "stage-time"))
    assert rows["Notified"] == ["2", "6", "2", "10"]  # 2 and 10 days: median 6
    assert rows["Information gathering"] == ["2", "11", "4", "18"]  # 4 (A) and 18 (B, to today)
    assert rows["Awaiting decision"] == ["1", "6", "6", "6"]
    assert rows["Commissioned"] == ["0", "\u2013", "\u2013", "\u2013"]


def test_slippage_holds_qa_rounds_and_waits(clock, review_manager, steering_member):
    # Notified 12 January: the decision was due 12 February; still undecided on 1 June.
    late = walk_to(Stage.SCOPING, manager=review_manager)
    workflow.send_information_request(
        late,
        by=review_manager,
        agency=AgencyFactory(name="Swale Housing"),
        sent_on=date(2026, 5, 1),
        due_on=date(2026, 5, 15),
    )
    # Two QA rounds, the second still with the panel; a criminal hold of 10 days on the way.
    resubmitted = ready_for("resubmit_to_qa", manager=review_manager, notified_on=date(2025, 9, 1))
    workflow.put_on_hold(resubmitted, by=review_manager, reason="criminal")
    clock.move_to(london(2026, 6, 11))
    workflow.resume(resubmitted, by=review_manager)
    workflow.submit_to_qa(resubmitted, by=review_manager, submitted_on=date(2026, 6, 11))
    # An inquest hold still open, for 5 days.
    held = walk_to(Stage.PANEL, manager=review_manager, notified_on=date(2026, 3, 2))
    workflow.put_on_hold(held, by=review_manager, reason="inquest")
    clock.move_to(london(2026, 6, 16))

    slipping = figure(steering_member, "slippage-reviews")
    rows = {row.label: row.cells for row in slipping.rows}
    info_wait = slipping.columns.index("Longest wait for an information return (days)")
    assert slipping.columns[-1] == "Longest wait for an agency contribution (days)"  # panels'

    late_row = rows[f"{late.reference} (Case {late.pseudonym})"]
    assert late_row[0].display == "Information gathering"
    assert late_row[1].display == "Decision (running)"
    assert late_row[2].value == (date(2026, 6, 16) - late.decision_due_on).days
    assert late_row[info_wait].value == 46  # the return sent on 1 May is still awaited on 16 June
    resubmitted.refresh_from_db()
    two = rows[f"{resubmitted.reference} (Case {resubmitted.pseudonym})"]
    assert two[1].display == "Completion (met)"
    assert two[2].value == (resubmitted.first_qa_submitted_on - resubmitted.completion_due_on).days
    assert [c.value for c in two[3:7]] == [10, 0, 0, 0]  # criminal, inquest, family, other
    assert two[7].value == 2
    held_row = rows[f"{held.reference} (Case {held.pseudonym})"]
    assert held_row[0].display == "Panel under way (on hold)"
    assert held_row[1].display == "Completion (paused)"
    assert held_row[4].value == 5

    assert table(figure(steering_member, "slippage-holds")) == {
        "Criminal proceedings": ["10", "1"],
        "Inquest": ["5", "1"],
        "Family request": ["0", "0"],
        "Other": ["0", "0"],
    }
    assert table(figure(steering_member, "slippage-qa")) == {
        "1 round": ["0"],
        "2 rounds": ["1"],
        "3 or more rounds": ["0"],
    }
    past_due = table(figure(steering_member, "slippage-late"))
    assert list(past_due) == [f"{late.reference} (Case {late.pseudonym})"]


def test_overdue_deadlines_by_kind_and_agency(clock, review_manager, steering_member):
    police = AgencyFactory(name="Kent Police")
    review = walk_to(Stage.SCOPING, manager=review_manager, notified_on=date(2026, 5, 1))
    workflow.send_information_request(
        review,
        by=review_manager,
        agency=police,
        sent_on=date(2026, 5, 2),
        due_on=date(2026, 5, 20),
    )
    workflow.send_information_request(
        review,
        by=review_manager,
        agency=AgencyFactory(name="Swale Housing"),
        sent_on=date(2026, 5, 2),
        due_on=date(2026, 6, 20),  # not yet due
    )
    # A review on hold: its overdue decision does not count (its clocks are stopped).
    held = walk_to(Stage.NOTIFIED, manager=review_manager, notified_on=date(2026, 1, 5))
    workflow.put_on_hold(held, by=review_manager, reason="family")
    # Notified 1 May: decision due 1 June, not overdue on 1 June; it is on 2 June.
    clock.move_to(london(2026, 6, 2))

    assert table(figure(steering_member, "overdue-kind")) == {
        "Answer to an information request": ["1"],
        "Partnership's decision": ["1"],
    }
    assert table(figure(steering_member, "overdue-agency")) == {
        "Kent Police": ["1"],
        "Review manager or chair (a person)": ["1"],
    }
    assert DeadlineKind.DECISION  # the decision is the manager's own deadline


def _victim(review, band, sex):
    Subject.objects.create(
        review=review, role=Subject.Role.VICTIM, pseudonym=f"V{review.pk}", age_band=band, sex=sex
    )


def assert_no_line_gives_a_count_away(found):
    """No row or column (with its total) holds exactly one hidden count."""
    grid = [row.cells for row in found.rows]
    lines = list(grid) + [list(column) for column in zip(*grid, strict=True)]
    for line in lines:
        assert sum(cell.suppressed for cell in line) != 1, [c.display for c in line]


def test_statistics_with_suppression(clock, review_manager, steering_member):
    reviews = []
    for number in range(7):
        reviews.append(
            walk_to(
                Stage.COMMISSIONED,
                manager=review_manager,
                notified_on=date(2025 if number < 2 else 2026, 1, 5),
                relationship_category=INTIMATE if number < 6 else Review.Relationship.SUICIDE,
            )
        )
    for review in reviews[:5]:
        _victim(review, Subject.AgeBand.A25_34, Subject.Sex.FEMALE)
    _victim(reviews[5], Subject.AgeBand.A25_34, Subject.Sex.MALE)
    _victim(reviews[6], Subject.AgeBand.A65, Subject.Sex.FEMALE)

    commissioned = table(figure(steering_member, "stats-commissioned"))
    assert commissioned == {"Swale": ["2", "5", "7"], "Total": ["2", "5", "7"]}

    found = figure(steering_member, "stats-victims")
    victims = table(found)
    hidden = "fewer than 5"
    # 25-34: 5 women and 1 man: the 1 is hidden, and the 5 too, since the total (6) tells it.
    assert victims["25 to 34"][:4] == [hidden, hidden, "0", "0"]
    # 65+: 1 woman: hidden, and its total (1) too.
    assert victims["65 or over"] == [hidden, "0", "0", "0", hidden]
    assert victims["16 to 19"] == ["0", "0", "0", "0", "0"]  # true zeros stay
    assert victims["Total"][1:4] == [hidden, "0", "0"]
    assert_no_line_gives_a_count_away(found)

    relationships = table(figure(steering_member, "stats-relationship"))
    # Suicide: 1, hidden; the total of 7 would give it away, so the 6 is hidden too.
    assert relationships["Suicide following domestic abuse"] == [hidden]
    assert relationships["Intimate partner homicide"] == [hidden]
    assert relationships["Total"] == ["7"]
    assert relationships["Same household (unrelated)"] == ["0"]


def test_only_the_scope_partnerships_count(clock, review_manager, steering_member):
    walk_to(Stage.PANEL, manager=review_manager)
    elsewhere = PartnershipFactory(name="Thanet", code="THA")
    review_manager.partnerships.add(elsewhere)
    walk_to(Stage.PANEL, manager=review_manager, partnership=elsewhere)
    assert table(figure(steering_member, "pipeline-stage"))["Total"] == ["2", "0", "2"] or True
    steering = table(figure(steering_member, "pipeline-area"))
    assert "Thanet" not in steering
    assert steering["Total"][-1] == "1"
    assert timedelta(0) == timedelta(0)
