"""The demo's Home Office forms: complete for every review that went to QA (filled in just
before the submission, as a review manager would), partly answered for the others."""

from datetime import date

from cases.models import Subject
from publications.homeoffice import fields, services
from publications.homeoffice.models import CauseOfDeath, Location, PoliceForceArea

# A complete form's answers, the same for every demo review except where a review's people
# already hold one (the demo's people are recorded with an age band, a sex and a few more).
INCIDENT = {
    "police_force_area": PoliceForceArea.KENT,
    "cause_of_death": CauseOfDeath.SHARP_INSTRUMENT,
    "location": Location.RESIDENTIAL,
    "relationship_category": "intimate_partner",
}
FLAG_ANSWERS = {
    "intimate_partner": "yes",
    "coercive_control": "yes",
    "separation": "yes",
    "children_present": "no",
    "stalking": "unknown",
}
PERSON = {
    Subject.Role.VICTIM: {
        "age_band": Subject.AgeBand.A45_54,
        "sex": Subject.Sex.FEMALE,
        "sexual_orientation": Subject.SexualOrientation.HETEROSEXUAL,
        "religion": Subject.Religion.CHRISTIAN,
        "ethnicity": Subject.Ethnicity.WHITE_BRITISH,
        "relationship_to_other": Subject.Relationship.SPOUSE,
        "previous_offending": "no",
        "caring_responsibilities": "yes",
        "mental_health": [Subject.MentalHealth.ANXIETY],
        "vulnerabilities": [Subject.Vulnerability.ALCOHOL],
        "died_by_suicide": "no",
    },
    Subject.Role.PERPETRATOR: {
        "age_band": Subject.AgeBand.A45_54,
        "sex": Subject.Sex.MALE,
        "sexual_orientation": Subject.SexualOrientation.HETEROSEXUAL,
        "religion": Subject.Religion.NONE,
        "ethnicity": Subject.Ethnicity.WHITE_BRITISH,
        "relationship_to_other": Subject.Relationship.SPOUSE,
        "previous_offending": "yes",
        "caring_responsibilities": "no",
        "carer_for_victim": "no",
        "mental_health": [Subject.MentalHealth.DEPRESSION],
        "vulnerabilities": ["none"],
        "died_by_suicide": "no",
        "court_outcome": Subject.CourtOutcome.MURDER,
    },
}


def answers_to_complete(review, *, incident=None, person=None) -> tuple[dict, dict]:
    """The answers that complete ``review``'s form: (incident answers, {subject: answers}),
    each only for questions asked and still unanswered (nothing is overwritten)."""
    incident = {**INCIDENT, **{k: "unknown" for k, _ in fields.FLAGS}, **FLAG_ANSWERS} | (
        incident or {}
    )
    filled = services.filled_in(review)
    incident_answers = {}
    people = {}
    for section in filled.sections:
        for item in section.items:
            if not (item.editable and item.missing):
                continue
            name = item.question.attribute
            if section.subject is None:
                incident_answers[name] = incident.get(name, "unknown")
            else:
                defaults = PERSON[section.subject.role] | (person or {})
                default = defaults.get(name, "unknown")
                if item.question.answer == fields.Answer.MULTIPLE and not isinstance(default, list):
                    default = [default]
                people.setdefault(section.subject, {})[name] = default
    return incident_answers, people


def complete_form(review, *, manager, chair=None, on: date | None = None) -> None:
    """Answers every question still unanswered, as ``manager``; called before the demo
    submits a review to QA (``panels.demo.register_before_action``)."""
    incident_answers, people = answers_to_complete(review)
    if incident_answers:
        services.save_incident(review, by=manager, answers=incident_answers)
    for subject, answers in people.items():
        services.save_person(subject, by=manager, answers=answers)
