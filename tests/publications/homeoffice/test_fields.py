"""The list of questions: each once, each answerable with "Not known", each stored somewhere."""

from cases.models import Review, Subject
from publications.homeoffice import fields
from publications.homeoffice.fields import Answer
from publications.models import HomeOfficeForm

TARGETS = {"form": HomeOfficeForm, "subject": Subject, "review": Review}


def test_every_question_has_a_unique_code_and_a_home():
    assert len({q.code for q in fields.QUESTIONS}) == len(fields.QUESTIONS)
    for question in fields.QUESTIONS:
        assert question.target or question.derive, question.code
        if question.target:
            TARGETS[question.target]._meta.get_field(question.attribute)


def test_every_question_a_person_answers_offers_not_known():
    for question in fields.QUESTIONS:
        if question.target and question.answer in (Answer.CHOICE, Answer.YES_NO, Answer.MULTIPLE):
            if question.target == "review":
                continue  # the relationship category: chosen at notification
            assert fields.NOT_KNOWN in dict(question.choices), question.code


def test_the_issue_s_questions_are_all_there():
    codes = {q.code for q in fields.QUESTIONS}
    for flag in (
        "intimate_partner",
        "familial",
        "parricide",
        "homicide_suicide",
        "children_present",
        "coercive_control",
        "economic_abuse",
        "stalking",
        "separation",
        "forced_marriage",
        "honour_based_abuse",
        "sexual_abuse",
        "physical_abuse",
        "emotional_abuse",
    ):
        assert f"incident_{flag}" in codes
    for code in (
        "incident_partnership",
        "incident_police_force_area",
        "incident_region",
        "incident_month_of_death",
        "incident_number_of_victims",
        "incident_cause_of_death",
        "incident_location",
        "perpetrator_court_outcome",
        "perpetrator_carer_for_victim",
    ):
        assert code in codes
    for person in ("victim", "perpetrator"):
        for name in (
            "age_band",
            "sex",
            "sexual_orientation",
            "religion",
            "ethnicity",
            "relationship_to_other",
            "previous_offending",
            "caring_responsibilities",
            "mental_health",
            "vulnerabilities",
            "died_by_suicide",
        ):
            assert f"{person}_{name}" in codes


def test_ethnicity_is_coded_with_the_2021_census_groups():
    groups = dict(Subject.Ethnicity.choices)
    assert len(groups) == 20  # the 19 groups of the 2021 census, and "Not known"
    assert groups["white_roma"] == "White: Roma"
    assert groups["other_arab"] == "Other ethnic group: Arab"


def test_cause_of_death_lists_the_library_s_methods():
    cause = fields.BY_CODE["incident_cause_of_death"]
    assert set(dict(cause.choices)) >= {
        "sharp_instrument",
        "blunt_instrument",
        "hitting_kicking",
        "manual_strangulation",
        "ligature_strangulation",
        "suffocation",
        "arson_burning",
        "drowning",
        "fall",
        "poisoning",
        "shooting",
        "vehicle",
        "other",
        "unknown",
    }
