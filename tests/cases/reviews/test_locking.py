"""Optimistic locking on the review forms several people edit: a person (several review managers
of one partnership) and an information request's answer (several members of one agency).

Each story: two people (or one person in two tabs) open the form, the first saves, the second
saves and is told the record changed since it was opened, with their input kept, the stored
values shown and nothing overwritten; their next save goes through.
"""

from datetime import date

import pytest
from django.urls import reverse

from cases.lifecycle import workflow
from cases.models import InformationRequest, Review, Subject
from cases.people import services as people
from dhr.accounts.roles import Role
from dhr.locking import EditConflict, version_of
from tests.dhr.factories import UserFactory
from tests.locking_helpers import (
    CONFLICT_ADVICE,
    changed_by_message,
    client_for,
    last_seen_on,
)


def notified_review(manager, partnership) -> Review:
    return workflow.record_notification(
        by=manager,
        partnership=partnership,
        pseudonym="Diana",
        date_of_death=date(2026, 1, 10),
        notified_on=date(2026, 1, 15),
        notifying_agency=None,
        circumstances="Found at home by a neighbour.",
        criterion=Review.Criterion.RELATIVE_OR_PARTNER,
        relationship_category=Review.Relationship.INTIMATE_PARTNER,
    )


# --- A person in the review ----------------------------------------------------------------------


@pytest.fixture
def second_manager(partnership):
    return UserFactory(
        full_name="Priya Patel", role=Role.REVIEW_MANAGER, partnerships=[partnership]
    )


@pytest.fixture
def review(review_manager, partnership):
    return notified_review(review_manager, partnership)


@pytest.fixture
def victim(review, review_manager):
    return people.add_subject(
        review,
        by=review_manager,
        role=Subject.Role.VICTIM,
        pseudonym="Diana",
        real_name="Margaret Okonkwo-Baines",
        address="3 Mill Lane",
    )


def edit_url(review, subject) -> str:
    return reverse("cases:subject_edit", args=[review.reference, subject.pk])


def victim_data(last_seen, **overrides) -> dict:
    data = {
        "role": Subject.Role.VICTIM,
        "pseudonym": "Diana",
        "real_name": "Margaret Okonkwo-Baines",
        # As recorded (none), in the GOV.UK date input: identity unchanged, so no reason needed.
        "date_of_birth_day": "",
        "date_of_birth_month": "",
        "date_of_birth_year": "",
        "address": "3 Mill Lane",
        "reason": "",
        "last_seen": last_seen,
    }
    data.update(overrides)
    return data


CORRECTED = {"real_name": "Margaret Okonkwo-Baynes", "reason": "Spelling corrected"}


def test_the_second_manager_to_save_a_person_is_told_and_loses_nothing(
    review, victim, review_manager, second_manager
):
    rita, priya = client_for(review_manager), client_for(second_manager)
    rita_seen = last_seen_on(rita.get(edit_url(review, victim)))
    priya_seen = last_seen_on(priya.get(edit_url(review, victim)))
    assert rita_seen == priya_seen == version_of(victim)

    saved = rita.post(edit_url(review, victim), victim_data(rita_seen, pseudonym="Dee"))
    assert saved.status_code == 302
    victim.refresh_from_db()
    history_before = victim.history.count()

    refused = priya.post(edit_url(review, victim), victim_data(priya_seen, **CORRECTED))
    assert refused.status_code == 200
    assert changed_by_message("Rita Manager", victim) in refused.text
    assert 'value="Margaret Okonkwo-Baynes"' in refused.text  # Priya's input is kept
    assert 'value="Diana"' in refused.text  # ... all of it, her stale pseudonym too
    assert "What the record holds now" in refused.text
    assert "Dee" in refused.text  # the stored value is shown
    stored = Subject.objects.get(pk=victim.pk)
    assert (stored.pseudonym, stored.real_name) == ("Dee", "Margaret Okonkwo-Baines")
    assert stored.history.count() == history_before
    fresh_seen = last_seen_on(refused)
    assert fresh_seen == version_of(stored) != priya_seen

    merged = victim_data(fresh_seen, pseudonym="Dee", **CORRECTED)
    again = priya.post(edit_url(review, victim), merged)
    assert again.status_code == 302
    stored.refresh_from_db()
    assert (stored.pseudonym, stored.real_name) == ("Dee", "Margaret Okonkwo-Baynes")
    assert stored.history.first().history_user == second_manager


def test_one_manager_in_two_tabs_is_told_it_was_them(review, victim, review_manager):
    client = client_for(review_manager)
    first_tab = last_seen_on(client.get(edit_url(review, victim)))
    second_tab = last_seen_on(client.get(edit_url(review, victim)))
    assert client.post(edit_url(review, victim), victim_data(first_tab)).status_code == 302

    refused = client.post(edit_url(review, victim), victim_data(second_tab, pseudonym="Dee"))
    assert refused.status_code == 200
    assert "You changed this record in another tab or window at" in refused.text
    assert CONFLICT_ADVICE in refused.text


def test_an_invalid_post_keeps_the_version_it_was_opened_on(review, victim, review_manager):
    client = client_for(review_manager)
    seen = last_seen_on(client.get(edit_url(review, victim)))
    invalid = client.post(edit_url(review, victim), victim_data(seen, pseudonym=""))
    assert "Enter a pseudonym" in invalid.text
    assert last_seen_on(invalid) == seen


def test_a_post_without_a_version_is_not_checked(review, victim, review_manager):
    """Old pages and scripts send no ``last_seen``: they save as before."""
    client = client_for(review_manager)
    data = victim_data("", pseudonym="Dee")
    del data["last_seen"]
    assert client.post(edit_url(review, victim), data).status_code == 302
    victim.refresh_from_db()
    assert victim.pseudonym == "Dee"


def test_the_add_page_is_not_locked(review, review_manager):
    client = client_for(review_manager)
    add_url = reverse("cases:subject_add", args=[review.reference])
    seen = last_seen_on(client.get(add_url))
    data = victim_data(seen, pseudonym="Mark", role=Subject.Role.PERPETRATOR, real_name="")
    assert client.post(add_url, data).status_code == 302
    assert review.subjects.filter(pseudonym="Mark").exists()


def test_update_subject_refuses_a_stale_version_and_changes_nothing(victim, review_manager):
    stale = version_of(victim)
    people.update_subject(victim, by=review_manager, religion="hindu")  # last_seen None: saved
    with pytest.raises(EditConflict) as conflict:
        people.update_subject(victim, by=review_manager, last_seen=stale, religion="sikh")
    assert conflict.value.current.religion == "hindu"
    assert conflict.value.changed_by == review_manager
    assert Subject.objects.get(pk=victim.pk).religion == "hindu"

    current = version_of(Subject.objects.get(pk=victim.pk))
    people.update_subject(victim, by=review_manager, last_seen=current, religion="sikh")
    assert Subject.objects.get(pk=victim.pk).religion == "sikh"


# --- An information request's answer -----------------------------------------------------------


@pytest.fixture
def second_member(agency):
    return UserFactory(full_name="Bea Constable", role=Role.AGENCY_MEMBER, agency=agency)


@pytest.fixture
def info_request(review_manager, partnership, agency) -> InformationRequest:
    review = notified_review(review_manager, partnership)
    workflow.start_scoping(review, by=review_manager)
    return workflow.send_information_request(
        review,
        by=review_manager,
        agency=agency,
        sent_on=date(2026, 1, 16),
        due_on=date(2026, 2, 13),
    )


def answer_url(info_request) -> str:
    return reverse("cases:request_answer", args=[info_request.review.reference, info_request.pk])


def test_the_second_member_to_answer_is_told_and_loses_nothing(
    info_request, agency_member, second_member
):
    andy, bea = client_for(agency_member), client_for(second_member)
    andy_seen = last_seen_on(andy.get(answer_url(info_request)))
    bea_seen = last_seen_on(bea.get(answer_url(info_request)))

    andy_answer = {"had_contact": "yes", "summary": "Two call-outs.", "last_seen": andy_seen}
    assert andy.post(answer_url(info_request), andy_answer).status_code == 302
    info_request.refresh_from_db()
    history_before = info_request.history.count()

    bea_answer = {"had_contact": "no", "summary": "No record found.", "last_seen": bea_seen}
    refused = bea.post(answer_url(info_request), bea_answer)
    assert refused.status_code == 200
    assert changed_by_message("Andy Agency", info_request) in refused.text
    assert "No record found.</textarea>" in refused.text  # Bea's input is kept
    assert "Two call-outs." in refused.text  # the stored answer is shown
    stored = InformationRequest.objects.get(pk=info_request.pk)
    assert (stored.had_contact, stored.summary, stored.answered_by) == (
        True,
        "Two call-outs.",
        agency_member,
    )
    assert stored.history.count() == history_before

    bea_answer["last_seen"] = last_seen_on(refused)
    assert bea.post(answer_url(info_request), bea_answer).status_code == 302
    stored.refresh_from_db()
    assert (stored.had_contact, stored.summary, stored.answered_by) == (
        False,
        "No record found.",
        second_member,
    )


def test_one_member_in_two_tabs_is_told_it_was_them(info_request, agency_member):
    client = client_for(agency_member)
    first_tab = last_seen_on(client.get(answer_url(info_request)))
    second_tab = last_seen_on(client.get(answer_url(info_request)))
    answer = {"had_contact": "yes", "summary": "Two call-outs.", "last_seen": first_tab}
    assert client.post(answer_url(info_request), answer).status_code == 302

    refused = client.post(answer_url(info_request), {**answer, "last_seen": second_tab})
    assert "You changed this record in another tab or window at" in refused.text
    assert CONFLICT_ADVICE in refused.text


def test_a_withdrawal_after_the_form_was_opened_is_a_conflict(
    info_request, agency_member, review_manager
):
    """(The page is then a 404 for the agency, unless it sits on the panel.)"""
    seen = version_of(info_request)
    workflow.withdraw_information_request(info_request, by=review_manager)
    with pytest.raises(EditConflict) as conflict:
        workflow.answer_information_request(
            info_request, by=agency_member, had_contact=True, summary="Late.", last_seen=seen
        )
    assert conflict.value.current.withdrawn
    assert InformationRequest.objects.get(pk=info_request.pk).answered_at is None


def test_answer_refuses_a_stale_version_and_saves_nothing(info_request, agency_member):
    stale = version_of(info_request)
    workflow.answer_information_request(
        info_request, by=agency_member, had_contact=True, summary="Two call-outs."
    )
    with pytest.raises(EditConflict):
        workflow.answer_information_request(
            InformationRequest.objects.get(pk=info_request.pk),
            by=agency_member,
            had_contact=False,
            summary="Nothing.",
            last_seen=stale,
        )
    assert InformationRequest.objects.get(pk=info_request.pk).summary == "Two call-outs."
