"""The People tab: subjects with their restricted identity, added and changed by the manager."""

import re
from datetime import date

import pytest
from django.urls import reverse

from cases.lifecycle.workflow import TransitionRefused
from cases.models import Stage, Subject
from cases.people import services as people
from tests.cases.factories import outsider_of_another_agency

REAL_NAME = "Margaret Okonkwo-Baines"
ADDRESS = "14 Lime Walk, Sittingbourne"


@pytest.fixture
def review(cast):
    return cast.walk_to(Stage.PANEL)


@pytest.fixture
def victim(cast, review):
    return people.add_subject(
        review,
        by=cast.manager,
        role=Subject.Role.VICTIM,
        pseudonym="Diana",
        real_name=REAL_NAME,
        date_of_birth=date(1971, 4, 23),
        address=ADDRESS,
        age_band=Subject.AgeBand.A45_54,
        sex=Subject.Sex.FEMALE,
    )


def url(name, review, *args):
    return reverse(name, args=[review.reference, *args])


def born(day="", month="", year="") -> dict:
    """A date of birth as typed into the GOV.UK date input's Day, Month and Year fields."""
    return {"date_of_birth_day": day, "date_of_birth_month": month, "date_of_birth_year": year}


def subject_data(date_of_birth=("02", "11", "1968"), **overrides):
    data = {
        "role": Subject.Role.PERPETRATOR,
        "pseudonym": "Mark",
        "real_name": "Gregory Hallam",
        **born(*date_of_birth),
        "address": "14 Lime Walk, Sittingbourne",
    }
    data.update(overrides)
    return data


# --- The manager adds and changes people -------------------------------------------------------


def test_manager_adds_a_person_from_the_page(client, cast, review):
    client.force_login(cast.manager)
    tab = client.get(url("cases:subjects", review))
    assert tab.status_code == 200
    assert "No people have been recorded yet." in tab.text
    assert url("cases:subject_add", review) in tab.text

    form = client.get(url("cases:subject_add", review))
    assert form.status_code == 200
    # The Home Office answers about a person are asked once, on the Home Office data form.
    assert "Home Office data form" in form.text
    assert 'name="ethnicity"' not in form.text

    response = client.post(url("cases:subject_add", review), subject_data())
    assert response.status_code == 302
    assert response.url == url("cases:subjects", review)
    mark = review.subjects.get()
    assert mark.role == Subject.Role.PERPETRATOR
    assert mark.real_name == "Gregory Hallam"
    assert mark.date_of_birth == date(1968, 11, 2)
    assert mark.history.first().history_user == cast.manager

    listed = client.get(response.url).text
    assert "Mark has been added." in listed
    assert "Gregory Hallam" in listed
    assert "2 November 1968" in listed
    assert "dhr-restricted" in listed


def test_manager_changes_a_person(client, cast, review, victim):
    client.force_login(cast.manager)
    form = client.get(url("cases:subject_edit", review, victim.pk))
    assert form.status_code == 200
    assert f'value="{REAL_NAME}"' in form.text
    assert 'name="date_of_birth_day" value="23"' in form.text
    assert 'name="date_of_birth_month" value="4"' in form.text
    assert 'name="date_of_birth_year" value="1971"' in form.text

    data = subject_data(
        role=Subject.Role.VICTIM,
        pseudonym="Dee",
        real_name=REAL_NAME,
        date_of_birth=("23", "4", "1971"),
        address=ADDRESS,
    )
    response = client.post(url("cases:subject_edit", review, victim.pk), data)
    assert response.status_code == 302
    victim.refresh_from_db()
    assert victim.pseudonym == "Dee"
    assert victim.age_band == Subject.AgeBand.A45_54  # the Home Office answers are kept
    assert victim.history.count() == 2
    assert victim.history.first().history_change_reason == "Person's details changed"


def test_changing_identity_needs_a_reason_kept_in_the_history(client, cast, review, victim):
    client.force_login(cast.manager)
    edit = url("cases:subject_edit", review, victim.pk)
    data = subject_data(
        role=Subject.Role.VICTIM,
        pseudonym="Diana",
        real_name="Lorna Corrected-Name",
        date_of_birth=("23", "4", "1971"),
        address=ADDRESS,
    )
    refused = client.post(edit, data)
    assert refused.status_code == 200
    assert "Give the reason for changing the identity details" in refused.text
    assert 'value="Lorna Corrected-Name"' in refused.text  # the input is kept
    victim.refresh_from_db()
    assert victim.real_name == REAL_NAME

    data["reason"] = "The police corrected the spelling of her surname."
    assert client.post(edit, data).status_code == 302
    victim.refresh_from_db()
    assert victim.real_name == "Lorna Corrected-Name"
    latest = victim.history.first()
    assert latest.history_change_reason == "The police corrected the spelling of her surname."
    history = client.get(url("cases:history", review)).text
    assert "The police corrected the spelling of her surname." in history


def test_the_domain_wants_a_reason_for_identity_changes(cast, review, victim):
    with pytest.raises(TransitionRefused, match="reason"):
        people.update_subject(victim, by=cast.manager, address="1 New Road")
    victim.refresh_from_db()
    assert victim.address == ADDRESS


def test_errors_are_shown_and_the_input_kept(client, cast, review, victim):
    client.force_login(cast.manager)
    missing = client.post(url("cases:subject_add", review), subject_data(role="", pseudonym=""))
    assert missing.status_code == 200
    assert "Select the person&#x27;s role in the review" in missing.text
    assert "Enter a pseudonym" in missing.text
    assert 'value="Gregory Hallam"' in missing.text

    duplicate = client.post(url("cases:subject_add", review), subject_data(pseudonym="diana"))
    assert "Another person in this review already has this pseudonym" in duplicate.text

    real = client.post(url("cases:subject_add", review), subject_data(pseudonym="Gregory"))
    assert "The pseudonym must not be part of the person&#x27;s real name" in real.text

    future = client.post(
        url("cases:subject_add", review), subject_data(date_of_birth=("1", "1", "2090"))
    )
    assert "Date of birth must be today or in the past" in future.text
    assert list(review.subjects.values_list("pseudonym", flat=True)) == ["Diana"]


# --- The date of birth: the GOV.UK three-field date input -------------------------------------


def test_the_date_of_birth_is_asked_in_three_fields(client, cast, review):
    client.force_login(cast.manager)
    form = client.get(url("cases:subject_add", review)).text
    assert 'class="govuk-date-input" id="id_date_of_birth"' in form
    for part, width in (("day", 2), ("month", 2), ("year", 4)):
        assert f'name="date_of_birth_{part}"' in form
        field = re.search(rf'<input[^>]*name="date_of_birth_{part}"[^>]*>', form).group(0)
        assert f'id="id_date_of_birth_{part}"' in field
        assert f"govuk-input--width-{width}" in field
        assert f'for="id_date_of_birth_{part}">{part.capitalize()}</label>' in form
    assert form.count('inputmode="numeric"') == 3
    assert 'role="group"' in form
    assert "For example, 27 3 1985" in form
    assert 'autocomplete="bday' not in form  # someone else's birthday: no autofill
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">' in form


@pytest.mark.parametrize(
    ("typed", "message", "wrong_parts"),
    [
        (("", "11", "1968"), "Date of birth must include a day", ["day"]),
        (("2", "", ""), "Date of birth must include a month and year", ["month", "year"]),
        (("31", "2", "1968"), "Date of birth must be a real date", ["day", "month", "year"]),
        (("2", "xi", "1968"), "Date of birth must be a real date", ["month"]),
        (("2", "11", "68"), "Year must include 4 numbers", ["year"]),
        (("2", "11", "1850"), "Date of birth must be the same as or after 1 January 1900", None),
        (("1", "1", "2090"), "Date of birth must be today or in the past", None),
    ],
)
def test_a_wrong_date_of_birth_gets_the_gov_uk_message(
    client, cast, review, typed, message, wrong_parts
):
    client.force_login(cast.manager)
    page = client.post(url("cases:subject_add", review), subject_data(date_of_birth=typed))
    assert page.status_code == 200
    text = page.text
    assert text.count(message) == 2  # in the error summary and at the field
    wrong_parts = wrong_parts or ["day", "month", "year"]
    # The summary links to the first wrong part, and only wrong parts are marked.
    assert f'<a href="#id_date_of_birth_{wrong_parts[0]}">{message}</a>' in text
    for part in ("day", "month", "year"):
        field = re.search(rf'<input[^>]*name="date_of_birth_{part}"[^>]*>', text).group(0)
        assert ("govuk-input--error" in field) == (part in wrong_parts), part
    # What was typed is kept.
    for part, value in zip(("day", "month", "year"), typed, strict=True):
        if value:
            assert f'name="date_of_birth_{part}" value="{value}"' in text
    assert not review.subjects.exists()


def test_a_date_of_birth_may_be_left_blank(client, cast, review):
    client.force_login(cast.manager)
    response = client.post(url("cases:subject_add", review), subject_data(date_of_birth=()))
    assert response.status_code == 302
    assert review.subjects.get().date_of_birth is None


def test_the_same_date_typed_differently_is_not_an_identity_change(client, cast, review, victim):
    client.force_login(cast.manager)
    same = subject_data(
        role=Subject.Role.VICTIM,
        pseudonym="Diana",
        real_name=REAL_NAME,
        date_of_birth=("023", "04", "1971"),
        address=ADDRESS,
    )
    assert client.post(url("cases:subject_edit", review, victim.pk), same).status_code == 302
    moved = {**same, **born("24", "4", "1971")}
    refused = client.post(url("cases:subject_edit", review, victim.pk), moved)
    assert "Give the reason for changing the identity details" in refused.text
    victim.refresh_from_db()
    assert victim.date_of_birth == date(1971, 4, 23)


def test_the_domain_refuses_what_the_form_would_not_catch(cast, review, victim):
    with pytest.raises(TransitionRefused, match="already called DIANA"):
        people.add_subject(review, by=cast.manager, role=Subject.Role.OTHER, pseudonym="DIANA")
    with pytest.raises(TransitionRefused, match="Only the review manager"):
        people.add_subject(review, by=cast.chair, role=Subject.Role.OTHER, pseudonym="Ann")
    with pytest.raises(TransitionRefused, match="perpetrator only"):
        people.update_subject(victim, by=cast.manager, court_outcome="murder")
    assert review.subjects.count() == 1
    victim.refresh_from_db()
    assert victim.court_outcome == ""


# --- Who sees what -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["manager", "chair"])
def test_manager_and_chair_see_identity(client, cast, review, victim, who):
    client.force_login(getattr(cast, who))
    page = client.get(url("cases:subjects", review)).text
    assert REAL_NAME in page
    assert "23 April 1971" in page
    assert ADDRESS in page
    assert 'class="govuk-table__cell dhr-restricted"' in page


def test_agency_members_never_see_identity(client, cast, review, victim):
    client.force_login(cast.agency_member)
    page = client.get(url("cases:subjects", review))
    assert page.status_code == 200
    assert "Diana" in page.text
    assert "45 to 54" in page.text
    for restricted in (REAL_NAME, "Okonkwo", "23 April 1971", "1971", "Lime Walk"):
        assert restricted not in page.text
    assert "dhr-restricted" not in page.text
    assert url("cases:subject_edit", review, victim.pk) not in page.text


def test_chair_views_but_does_not_edit(client, cast, review, victim):
    client.force_login(cast.chair)
    page = client.get(url("cases:subjects", review)).text
    assert url("cases:subject_edit", review, victim.pk) not in page
    assert url("cases:subject_add", review) not in page
    assert client.get(url("cases:subject_add", review)).status_code == 403
    assert client.get(url("cases:subject_edit", review, victim.pk)).status_code == 403
    refused = client.post(url("cases:subject_edit", review, victim.pk), subject_data())
    assert refused.status_code == 403
    victim.refresh_from_db()
    assert victim.pseudonym == "Diana"


def test_agency_members_may_not_add_or_edit(client, cast, review, victim):
    client.force_login(cast.agency_member)
    assert client.get(url("cases:subject_add", review)).status_code == 403
    assert client.post(url("cases:subject_add", review), subject_data()).status_code == 403
    assert client.get(url("cases:subject_edit", review, victim.pk)).status_code == 403
    assert review.subjects.count() == 1


def test_people_pages_are_404_outside_scope(client, review, victim, steering_member):
    for user in (outsider_of_another_agency(), steering_member):
        client.force_login(user)
        for address in (
            url("cases:subjects", review),
            url("cases:subject_add", review),
            url("cases:subject_edit", review, victim.pk),
        ):
            assert client.get(address).status_code == 404


def test_a_person_of_another_review_is_404(client, cast, review, victim):
    other = cast.walk_to(Stage.NOTIFIED, pseudonym="Elena")
    client.force_login(cast.manager)
    assert client.get(url("cases:subject_edit", other, victim.pk)).status_code == 404
