"""Every question of the Home Office data collection form, listed once.

A new edition of the form is a change to this list (and, for a new stored answer, a field and
a migration), never to the views, the completeness check or the exports: they all read
``QUESTIONS``. Each question says where its answer lives:

- ``target`` "form": a field of the review's ``HomeOfficeForm`` (the incident);
- ``target`` "subject": a field of ``cases.Subject`` (each victim's and perpetrator's answers);
- ``target`` "review": a field of the ``Review`` itself (the relationship category);
- ``derive``: the value is read from what is recorded elsewhere (partnership, date of death,
  the People page, the date of birth) and shown, never typed again. A derived question that has
  a ``target`` too is asked only while there is nothing to derive it from (an age band with no
  date of birth); one without is completed where its source is recorded (``source_url``).

Codes, not labels, are what is stored and exported; the export's second sheet explains them
from this list. "unknown" (Not known) is an answer; "" or an empty list is no answer yet.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from cases.models import Review, Subject, YesNoUnknown
from cases.people.models import UNKNOWN
from publications.homeoffice.models import (
    REGION_OF_FORCE,
    CauseOfDeath,
    Location,
    PoliceForceArea,
    Region,
)

NOT_KNOWN = UNKNOWN
# A question with more answers than this is asked with a select rather than radios.
SELECT_FROM = 15
# Codes that, in a "select all that apply" answer, stand alone.
EXCLUSIVE_CODES = ("none", UNKNOWN)


class Answer:
    """The kinds of answer: what the page asks with and how an export writes it."""

    CHOICE = "choice"  # one code of ``choices``
    YES_NO = "yes_no_unknown"  # yes / no / unknown
    MULTIPLE = "multiple"  # any codes of ``choices``, separated by ";" in exports
    NUMBER = "number"
    MONTH = "month_year"  # YYYY-MM
    TEXT = "text"


class Section:
    INCIDENT = "incident"
    CIRCUMSTANCES = "circumstances"
    VICTIM = "victim"
    PERPETRATOR = "perpetrator"


SECTION_TITLES = {
    Section.INCIDENT: "The incident",
    Section.CIRCUMSTANCES: "Abuse and circumstances",
    Section.VICTIM: "Victim",
    Section.PERPETRATOR: "Perpetrator",
}
PERSON_SECTIONS = {
    Subject.Role.VICTIM: Section.VICTIM,
    Subject.Role.PERPETRATOR: Section.PERPETRATOR,
}


@dataclass(frozen=True)
class Context:
    """What a derived value may read: the review, its incident answers, its people, and the
    person the question is about (None for the incident)."""

    review: Review
    form: object  # HomeOfficeForm (possibly unsaved)
    subjects: tuple
    subject: Subject | None = None


@dataclass(frozen=True)
class Question:
    code: str  # the export's column name, unique
    section: str
    label: str
    answer: str
    target: str = ""  # "form", "subject", "review" or "" (derived only)
    attribute: str = ""  # the field of the target that holds the answer
    choices: tuple = ()
    derive: Callable[[Context], object] | None = None
    source: str = ""  # where a derived value comes from, in words for the page
    source_url: str = ""  # the page where it is recorded (a review URL name)
    hint: str = ""
    roles: tuple = field(default=())  # for person questions: the roles it is asked about

    @property
    def labels(self) -> dict:
        return dict(self.choices)

    @property
    def uses_select(self) -> bool:
        """Long lists (ethnic groups, police forces) are a select; the rest radios or boxes."""
        return self.answer == Answer.CHOICE and len(self.choices) > SELECT_FROM

    @property
    def field_id(self) -> str:
        """The id of the question's input on its page (links in refusals jump there):
        crispy-forms-gds numbers radio and checkbox options from 1."""
        name = f"id_{self.attribute or self.code}"
        return name if self.uses_select or not self.choices else f"{name}_1"


# --- Derived values ------------------------------------------------------------------------


def _victims(context: Context) -> list:
    return [s for s in context.subjects if s.role == Subject.Role.VICTIM]


def _region(context: Context) -> str:
    return REGION_OF_FORCE.get(context.form.police_force_area, "")


def _age_band(context: Context) -> str:
    return context.subject.age_band_at(context.review.date_of_death)


YES_NO = tuple(YesNoUnknown.choices)

INCIDENT_QUESTIONS = [
    Question(
        "incident_partnership",
        Section.INCIDENT,
        "Community Safety Partnership",
        Answer.TEXT,
        derive=lambda c: c.review.partnership.code,
        source="the partnership that holds the review",
    ),
    Question(
        "incident_police_force_area",
        Section.INCIDENT,
        "Police force area",
        Answer.CHOICE,
        target="form",
        attribute="police_force_area",
        choices=tuple(PoliceForceArea.choices),
        hint="The force area where the death happened.",
    ),
    Question(
        "incident_region",
        Section.INCIDENT,
        "Region",
        Answer.CHOICE,
        choices=tuple(Region.choices),
        derive=_region,
        source="the police force area",
    ),
    Question(
        "incident_month_of_death",
        Section.INCIDENT,
        "Month and year of death",
        Answer.MONTH,
        derive=lambda c: f"{c.review.date_of_death:%Y-%m}",
        source="the date of death in the notification",
    ),
    Question(
        "incident_number_of_victims",
        Section.INCIDENT,
        "Number of victims",
        Answer.NUMBER,
        derive=lambda c: len(_victims(c)) or None,
        source="the victims recorded on the People page",
        source_url="cases:subjects",
    ),
    Question(
        "incident_relationship_category",
        Section.INCIDENT,
        "Relationship category",
        Answer.CHOICE,
        target="review",
        attribute="relationship_category",
        choices=tuple(Review.Relationship.choices),
        derive=lambda c: c.review.relationship_category,
        source="the notification",
    ),
    Question(
        "incident_cause_of_death",
        Section.INCIDENT,
        "Cause or method of death",
        Answer.CHOICE,
        target="form",
        attribute="cause_of_death",
        choices=tuple(CauseOfDeath.choices),
    ),
    Question(
        "incident_location",
        Section.INCIDENT,
        "Location of the death",
        Answer.CHOICE,
        target="form",
        attribute="location",
        choices=tuple(Location.choices),
    ),
]

# The yes / no / not known flags of the incident: (attribute, label).
FLAGS = [
    ("intimate_partner", "Intimate partner homicide"),
    ("familial", "Familial homicide"),
    ("parricide", "Parricide (a parent killed by their child)"),
    ("homicide_suicide", "Homicide followed by the suicide of the perpetrator"),
    ("children_present", "Children present"),
    ("coercive_control", "Coercive and controlling behaviour"),
    ("economic_abuse", "Economic abuse"),
    ("stalking", "Stalking"),
    ("separation", "Separation, or the victim planning to leave"),
    ("forced_marriage", "Forced marriage"),
    ("honour_based_abuse", "Honour-based abuse"),
    ("sexual_abuse", "Sexual abuse"),
    ("physical_abuse", "Physical abuse"),
    ("emotional_abuse", "Emotional or psychological abuse"),
]
CIRCUMSTANCE_QUESTIONS = [
    Question(
        f"incident_{attribute}",
        Section.CIRCUMSTANCES,
        label,
        Answer.YES_NO,
        target="form",
        attribute=attribute,
        choices=YES_NO,
    )
    for attribute, label in FLAGS
]

_BOTH = (Subject.Role.VICTIM, Subject.Role.PERPETRATOR)
_PERPETRATOR = (Subject.Role.PERPETRATOR,)

# The questions about a person: (attribute, label, answer, choices, roles, extra).
PERSON_FIELDS = [
    (
        "age_band",
        "Age band at the time of the death",
        Answer.CHOICE,
        Subject.AgeBand.choices,
        _BOTH,
        {"derive": _age_band, "source": "the date of birth on the People page"},
    ),
    ("sex", "Sex", Answer.CHOICE, Subject.Sex.choices, _BOTH, {}),
    (
        "sexual_orientation",
        "Sexual orientation",
        Answer.CHOICE,
        Subject.SexualOrientation.choices,
        _BOTH,
        {},
    ),
    ("religion", "Religion or belief", Answer.CHOICE, Subject.Religion.choices, _BOTH, {}),
    (
        "ethnicity",
        "Ethnic group",
        Answer.CHOICE,
        Subject.Ethnicity.choices,
        _BOTH,
        {"hint": "The ethnic groups of the 2021 Census of England and Wales."},
    ),
    (
        "relationship_to_other",
        "Relationship to the other person",
        Answer.CHOICE,
        Subject.Relationship.choices,
        _BOTH,
        {"hint": "What this person was to the perpetrator (for a victim) or to the victim."},
    ),
    ("previous_offending", "Previous offending", Answer.YES_NO, YES_NO, _BOTH, {}),
    ("caring_responsibilities", "Caring responsibilities", Answer.YES_NO, YES_NO, _BOTH, {}),
    ("carer_for_victim", "Carer for the victim", Answer.YES_NO, YES_NO, _PERPETRATOR, {}),
    (
        "mental_health",
        "Mental health",
        Answer.MULTIPLE,
        Subject.MentalHealth.choices,
        _BOTH,
        {"hint": "Select all that apply, or “None known to agencies”, or “Not known”."},
    ),
    (
        "vulnerabilities",
        "Vulnerabilities",
        Answer.MULTIPLE,
        Subject.Vulnerability.choices,
        _BOTH,
        {"hint": "Select all that apply, or “None known to agencies”, or “Not known”."},
    ),
    ("died_by_suicide", "Died by suicide", Answer.YES_NO, YES_NO, _BOTH, {}),
    (
        "court_outcome",
        "Court outcome",
        Answer.CHOICE,
        Subject.CourtOutcome.choices,
        _PERPETRATOR,
        {},
    ),
]


def _person_questions(role: str) -> list[Question]:
    section = PERSON_SECTIONS[role]
    return [
        Question(
            f"{section}_{attribute}",
            section,
            label,
            answer,
            target="subject",
            attribute=attribute,
            choices=tuple(choices),
            roles=(role,),
            **extra,
        )
        for attribute, label, answer, choices, roles, extra in PERSON_FIELDS
        if role in roles
    ]


VICTIM_QUESTIONS = _person_questions(Subject.Role.VICTIM)
PERPETRATOR_QUESTIONS = _person_questions(Subject.Role.PERPETRATOR)

QUESTIONS = [
    *INCIDENT_QUESTIONS,
    *CIRCUMSTANCE_QUESTIONS,
    *VICTIM_QUESTIONS,
    *PERPETRATOR_QUESTIONS,
]
BY_CODE = {question.code: question for question in QUESTIONS}
assert len(BY_CODE) == len(QUESTIONS), "question codes must be unique"  # noqa: S101

SECTION_QUESTIONS = {
    Section.INCIDENT: INCIDENT_QUESTIONS,
    Section.CIRCUMSTANCES: CIRCUMSTANCE_QUESTIONS,
    Section.VICTIM: VICTIM_QUESTIONS,
    Section.PERPETRATOR: PERPETRATOR_QUESTIONS,
}


def questions_for(subject: Subject) -> list[Question]:
    """The questions asked about ``subject`` (none for an "other significant person")."""
    section = PERSON_SECTIONS.get(subject.role)
    return SECTION_QUESTIONS[section] if section else []


# --- Reading an answer ---------------------------------------------------------------------


def derived(question: Question, context: Context):
    """The value read from elsewhere, or None / "" when there is nothing to read."""
    return question.derive(context) if question.derive else None


def value(question: Question, context: Context):
    """The answer as stored or derived: a code, a list of codes, a number or text."""
    filled = derived(question, context)
    if filled not in (None, "") or not question.target:
        return filled
    holder = {"form": context.form, "subject": context.subject, "review": context.review}[
        question.target
    ]
    return getattr(holder, question.attribute)


def is_answered(question: Question, answer) -> bool:
    return answer not in (None, "", [], ())


def is_not_known(answer) -> bool:
    return answer == UNKNOWN or answer == [UNKNOWN]


def display(question: Question, answer) -> str:
    """The answer as a person reads it ("" when not answered)."""
    if not is_answered(question, answer):
        return ""
    if question.answer == Answer.MULTIPLE:
        labels = question.labels
        return "; ".join(labels.get(code, code) for code in answer)
    if question.answer == Answer.MONTH:
        year, month = str(answer).split("-")
        from calendar import month_name

        return f"{month_name[int(month)]} {year}"
    if question.choices:
        return question.labels.get(answer, str(answer))
    return str(answer)


def export_value(question: Question, answer):
    """The answer as an export writes it: the code (codes joined by ";"), a number, or ""."""
    if not is_answered(question, answer):
        return ""
    if question.answer == Answer.MULTIPLE:
        return ";".join(answer)
    return answer


def is_editable(question: Question, context: Context) -> bool:
    """Asked on the form: stored here and not filled in from elsewhere."""
    return bool(question.target) and derived(question, context) in (None, "")
