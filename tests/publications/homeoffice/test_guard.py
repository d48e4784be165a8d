"""QA submission (and resubmission) needs a complete Home Office form; the refusal lists
every missing answer with a link to it. "Not known" is an answer; a blank is not."""

from datetime import date
from functools import partial

from django.urls import reverse

from cases.lifecycle import workflow
from cases.models import Stage, Subject
from cases.people import services as people
from publications.homeoffice import services
from tests.cases.factories import assert_refused
from tests.publications.factories import complete_home_office_form


def _submit(review, manager):
    return partial(workflow.submit_to_qa, review, by=manager, submitted_on=date(2026, 6, 1))


def test_a_walked_review_has_a_complete_form_and_goes_to_qa(cast):
    review = cast.ready_for("submit_to_qa")
    assert services.filled_in(review).complete
    assert services.qa_guard(review) is None
    _submit(review, cast.manager)()
    review.refresh_from_db()
    assert review.stage == Stage.QA_SUBMITTED


def test_one_missing_answer_keeps_the_review_from_qa(cast):
    review = cast.ready_for("submit_to_qa")
    services.save_incident(review, by=cast.manager, answers={"cause_of_death": ""})

    message = assert_refused(_submit(review, cast.manager), review, says="1 answer is missing")
    assert "The incident: Cause or method of death" in message

    reason = services.qa_guard(review)
    link = reverse("publications:home_office_section", args=[review.reference, "incident"])
    assert f'href="{link}#id_cause_of_death_1"' in reason.__html__()

    services.save_incident(review, by=cast.manager, answers={"cause_of_death": "unknown"})
    _submit(review, cast.manager)()
    review.refresh_from_db()
    assert review.stage == Stage.QA_SUBMITTED


def test_every_missing_answer_is_listed_with_its_link(cast):
    review = cast.walk_to(Stage.PANEL)
    victim = people.add_subject(review, by=cast.manager, role=Subject.Role.VICTIM, pseudonym="Di")
    filled = services.filled_in(review)
    assert not filled.complete
    assert filled.people_missing == [
        ("Add the perpetrator on the People page", f"/reviews/{review.reference}/people/add/")
    ]
    reason = services.qa_guard(review)
    html = reason.__html__()
    for item in filled.missing:
        assert item.label in reason
        assert item.url in html
    person_page = reverse("publications:home_office_person", args=[review.reference, victim.pk])
    assert f"{person_page}#id_ethnicity" in html  # a select: its own id


def test_not_known_is_an_answer_and_blank_is_not(cast):
    review = cast.walk_to(Stage.PANEL)
    complete_home_office_form(review, by=cast.manager, person={"ethnicity": "unknown"})
    filled = services.filled_in(review)
    assert filled.complete
    victim = filled.victims[0]
    item = next(
        i
        for i in filled.section(f"victim-{victim.pk}").items
        if i.question.code == "victim_ethnicity"
    )
    assert item.status == services.Status.NOT_KNOWN
    services.save_person(victim, by=cast.manager, answers={"ethnicity": ""})
    assert not services.filled_in(review).complete


def test_resubmission_needs_a_complete_form_too(cast):
    review = cast.walk_to(Stage.AMENDMENTS_REQUESTED)
    perpetrator = review.subjects.get(role=Subject.Role.PERPETRATOR)
    services.save_person(perpetrator, by=cast.manager, answers={"court_outcome": ""})
    resubmit = partial(
        workflow.submit_to_qa, review, by=cast.manager, submitted_on=date(2026, 7, 2)
    )
    assert_refused(resubmit, review, says="Perpetrator")


def test_the_qa_page_lists_the_missing_answers_with_links(cast, client):
    review = cast.ready_for("submit_to_qa")
    services.save_incident(review, by=cast.manager, answers={"location": ""})
    client.force_login(cast.manager)
    page = client.get(reverse("cases:qa_submit", args=[review.reference])).text
    link = reverse("publications:home_office_section", args=[review.reference, "incident"])
    assert f'href="{link}#id_location_1"' in page
    assert "Location of the death" in page


def test_values_recorded_elsewhere_are_filled_in(cast):
    review = cast.walk_to(Stage.PANEL)
    victim = people.add_subject(
        review,
        by=cast.manager,
        role=Subject.Role.VICTIM,
        pseudonym="Di",
        date_of_birth=date(1990, 6, 1),
    )
    services.save_incident(review, by=cast.manager, answers={"police_force_area": "kent"})
    filled = services.filled_in(review)
    incident = {i.question.code: i for i in filled.section("incident").items}
    assert incident["incident_partnership"].value == review.partnership.code
    assert incident["incident_month_of_death"].display == review.date_of_death.strftime("%B %Y")
    assert incident["incident_region"].value == "south_east"
    assert incident["incident_number_of_victims"].value == 1
    assert incident["incident_relationship_category"].value == "intimate_partner"
    assert not any(
        incident[code].editable
        for code in incident
        if code != "incident_cause_of_death"
        and code != "incident_location"
        and code != "incident_police_force_area"
    )
    person = {i.question.attribute: i for i in filled.section(f"victim-{victim.pk}").items}
    # Died in January 2026 aged 35: the band comes from the date of birth, never asked.
    assert person["age_band"].value == "35-44"
    assert not person["age_band"].editable


def test_is_complete_says_what_the_whole_form_says(cast):
    """The overview's quick check agrees with the form, answer by answer."""
    review = cast.walk_to(Stage.PANEL)

    def agree() -> bool:
        complete = services.filled_in(review).complete
        assert services.is_complete(review) is complete
        return complete

    assert not agree()  # nobody recorded yet
    victim = people.add_subject(review, by=cast.manager, role=Subject.Role.VICTIM, pseudonym="Di")
    assert not agree()  # no perpetrator
    complete_home_office_form(review, by=cast.manager, person={"ethnicity": "unknown"})
    assert agree()  # "not known" is an answer
    services.save_person(victim, by=cast.manager, answers={"ethnicity": ""})
    assert not agree()  # one person's answer blank
    services.save_person(victim, by=cast.manager, answers={"ethnicity": "unknown"})
    services.save_incident(review, by=cast.manager, answers={"cause_of_death": ""})
    assert not agree()  # one incident answer blank
