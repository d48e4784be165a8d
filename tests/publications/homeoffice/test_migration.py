"""The data migration that codes the free-text answers about a person (cases 0008): what it
can code is coded, what it cannot is left unanswered and kept for a person to finish."""

import importlib

import pytest
from django.apps import apps

from cases.models import Stage, Subject
from publications.homeoffice import services

migration = importlib.import_module("cases.migrations.0008_coded_home_office_answers")


@pytest.mark.parametrize(
    ("field", "typed", "code"),
    [
        ("religion", "Church of England", "christian"),
        ("religion", "  roman catholic ", "christian"),
        ("religion", "Atheist", "none"),
        ("religion", "Islam", "muslim"),
        ("religion", "N/K", "unknown"),
        ("ethnicity", "White British", "white_british"),
        ("ethnicity", "White - Irish", "white_irish"),
        ("ethnicity", "Black Caribbean", "black_caribbean"),
        ("ethnicity", "Pakistani", "asian_pakistani"),
        ("sexual_orientation", "Straight", "heterosexual"),
        ("sexual_orientation", "Gay/Lesbian", "gay_lesbian"),
        ("relationship_to_other", "Ex-Wife", "ex_spouse"),
        ("relationship_to_other", "Husband", "spouse"),
        ("relationship_to_other", "son", "child"),
        ("religion", "", ""),
    ],
)
def test_plain_answers_are_coded(field, typed, code):
    assert migration.code_for(field, typed) == code


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("ethnicity", "Black British"),  # African, Caribbean or another Black background?
        ("ethnicity", "Asian"),
        ("religion", "Pagan"),
        ("relationship_to_other", "Husband's cousin's lodger"),
        ("sexual_orientation", "Queer"),
    ],
)
def test_answers_it_cannot_be_sure_of_are_not_coded(field, typed):
    assert migration.code_for(field, typed) is None


def test_the_migration_codes_what_it_can_and_flags_the_rest(cast):
    review = cast.walk_to(Stage.PANEL)
    # Rows as the free-text form left them (the coded fields take any text at this level).
    mark = Subject.objects.create(
        review=review,
        role=Subject.Role.PERPETRATOR,
        pseudonym="Mark",
        religion="C of E",
        ethnicity="Black British",
        sexual_orientation="heterosexual",
        relationship_to_other="Husband",
        previous_offending="true",
        caring_responsibilities="false",
        died_by_suicide="",
    )

    migration.code_free_text(apps, None)

    mark.refresh_from_db()
    assert mark.religion == "christian"
    assert mark.sexual_orientation == "heterosexual"
    assert mark.relationship_to_other == "spouse"
    assert (mark.previous_offending, mark.caring_responsibilities) == ("yes", "no")
    assert mark.died_by_suicide == ""
    # None meant "not known" or "not answered": nobody can tell which, so it is not answered.
    assert migration._AS_CODE[None] == ""
    assert mark.ethnicity == ""
    assert mark.home_office_to_check == {"ethnicity": "Black British"}

    # The form shows the text beside the question until someone chooses the answer.
    section = services.filled_in(review).section(f"perpetrator-{mark.pk}")
    ethnicity = next(i for i in section.items if i.question.attribute == "ethnicity")
    assert ethnicity.missing
    assert ethnicity.to_check == "Black British"
    services.save_person(mark, by=cast.manager, answers={"ethnicity": "black_caribbean"})
    mark.refresh_from_db()
    assert mark.ethnicity == "black_caribbean"
    assert mark.home_office_to_check == {}
