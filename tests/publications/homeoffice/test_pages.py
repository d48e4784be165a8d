"""The form's pages: every question on them, answered section by section, "Not known" apart
from "not answered", values recorded elsewhere shown and never asked."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from cases.models import Stage, Subject
from cases.people import services as people
from publications.homeoffice import fields, services
from tests.publications.factories import add_people


@pytest.fixture
def review(cast):
    review = cast.walk_to(Stage.PANEL)
    add_people(review, by=cast.manager)
    return review


def summary(review):
    return reverse("publications:home_office_form", args=[review.reference])


def test_every_question_is_on_the_summary_page(client, cast, review):
    client.force_login(cast.manager)
    page = client.get(summary(review)).text
    for question in fields.QUESTIONS:
        assert f'data-question="{question.code}"' in page, question.code
        assert escape(question.label) in page
    assert "Incomplete" in page


def test_every_question_asked_is_on_a_section_page(client, cast, review):
    client.force_login(cast.manager)
    filled = services.filled_in(review)
    seen = set()
    for section in filled.sections:
        page = client.get(section.url).text
        for item in section.items:
            assert escape(item.label) in page
            if item.editable:
                assert f'name="{item.question.attribute}"' in page
            seen.add(item.question.code)
    assert seen == {q.code for q in fields.QUESTIONS}


def test_the_manager_answers_a_section_and_not_known_is_kept_apart(client, cast, review):
    client.force_login(cast.manager)
    url = reverse("publications:home_office_section", args=[review.reference, "incident"])
    response = client.post(
        url, {"police_force_area": "kent", "cause_of_death": "unknown", "location": ""}
    )
    assert response.status_code == 302
    form = review.home_office_form
    assert (form.police_force_area, form.cause_of_death, form.location) == ("kent", "unknown", "")
    assert form.history.first().history_user == cast.manager
    page = client.get(summary(review)).text
    assert "Not known" in page
    assert "The incident: Location of the death" in page  # still missing
    assert "The incident: Cause or method of death" not in page  # "not known" is an answer


def test_a_person_s_answers_and_the_exclusive_options(client, cast, review):
    client.force_login(cast.manager)
    victim = review.subjects.get(role=Subject.Role.VICTIM)
    url = reverse("publications:home_office_person", args=[review.reference, victim.pk])
    page = client.get(url)
    assert 'name="last_seen"' in page.text
    refused = client.post(url, {"mental_health": ["none", "anxiety"], "ethnicity": "white_irish"})
    assert refused.status_code == 200
    assert "on its own" in refused.text
    saved = client.post(url, {"mental_health": ["anxiety"], "ethnicity": "white_irish"})
    assert saved.status_code == 302
    victim.refresh_from_db()
    assert (victim.mental_health, victim.ethnicity) == (["anxiety"], "white_irish")


def test_a_date_of_birth_fills_in_the_age_band(client, cast, review):
    client.force_login(cast.manager)
    victim = review.subjects.get(role=Subject.Role.VICTIM)
    people.update_subject(victim, by=cast.manager, date_of_birth=victim_born(), reason="Known")
    url = reverse("publications:home_office_person", args=[review.reference, victim.pk])
    page = client.get(url).text
    assert 'name="age_band"' not in page
    assert "Filled in from the date of birth on the People page" in page
    assert "1980" not in page  # the band, never the date


def victim_born():
    from datetime import date

    return date(1980, 5, 17)


def test_the_chair_reads_and_cannot_answer(client, cast, review):
    client.force_login(cast.chair)
    page = client.get(summary(review))
    assert page.status_code == 200
    assert "Answer<span" not in page.text
    url = reverse("publications:home_office_section", args=[review.reference, "incident"])
    assert client.get(url).status_code == 403


def test_the_task_list_shows_the_form(client, cast, review):
    client.force_login(cast.manager)
    page = client.get(reverse("cases:detail", args=[review.reference])).text
    assert "Home Office data form" in page
    assert summary(review) in page
