"""The Home Office data form of a review: what is answered, what is missing, saving answers,
and the check that keeps an incomplete form from going to Home Office QA.

Views, the lifecycle guard, the exports and the management command all read a form through
``filled_in``; answers change only through ``save_incident`` and ``save_person``.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from cases.lifecycle.workflow import TransitionRefused
from cases.models import Review, Subject
from cases.people import services as people
from cases.reviews import access
from publications.homeoffice import fields
from publications.homeoffice.fields import Context, Question, Section
from publications.homeoffice.models import HomeOfficeForm


class Status:
    """An answer's state on the page: a tag's text and class."""

    ANSWERED = ("Answered", "govuk-tag--green")
    NOT_KNOWN = ("Not known", "govuk-tag--yellow")
    FILLED_IN = ("Filled in", "govuk-tag--blue")
    MISSING = ("Not answered", "govuk-tag--red")


@dataclass(frozen=True)
class Item:
    """One question as answered for one review (and person)."""

    question: Question
    value: object
    display: str
    status: tuple
    editable: bool
    url: str  # the question on its section's page
    to_check: str = ""  # free text recorded before the form was coded, to be coded

    @property
    def missing(self) -> bool:
        return self.status == Status.MISSING

    @property
    def label(self) -> str:
        return self.question.label


@dataclass
class SectionAnswers:
    key: str  # "incident", "circumstances", "victim-12", "perpetrator-13"
    title: str
    url: str  # the section's page
    items: list = field(default_factory=list)
    subject: Subject | None = None

    @property
    def missing(self) -> list:
        return [item for item in self.items if item.missing]

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass
class FilledForm:
    """A review's form: its sections in order, and what keeps it from being complete."""

    review: Review
    form: HomeOfficeForm
    subjects: tuple
    sections: list
    # Missing people: (text, url) when the review has no victim or no perpetrator yet.
    people_missing: list

    @property
    def missing(self) -> list:
        return [item for section in self.sections for item in section.missing]

    @property
    def complete(self) -> bool:
        return not self.missing and not self.people_missing

    @property
    def missing_count(self) -> int:
        return len(self.missing) + len(self.people_missing)

    def section(self, key: str) -> SectionAnswers | None:
        return next((section for section in self.sections if section.key == key), None)

    @property
    def victims(self) -> list:
        return [s for s in self.subjects if s.role == Subject.Role.VICTIM]

    @property
    def perpetrators(self) -> list:
        return [s for s in self.subjects if s.role == Subject.Role.PERPETRATOR]


def form_of(review: Review) -> HomeOfficeForm:
    """The review's incident answers (an unsaved, empty form when nothing is answered yet)."""
    try:
        return review.home_office_form
    except HomeOfficeForm.DoesNotExist:
        return HomeOfficeForm(review=review)


def section_url(review: Review, key: str) -> str:
    if key in (Section.INCIDENT, Section.CIRCUMSTANCES):
        return reverse("publications:home_office_section", args=[review.reference, key])
    pk = key.split("-", 1)[1]
    return reverse("publications:home_office_person", args=[review.reference, pk])


def _item(question: Question, context: Context, url: str) -> Item:
    answer = fields.value(question, context)
    editable = fields.is_editable(question, context)
    if not fields.is_answered(question, answer):
        status = Status.MISSING
    elif not editable:
        status = Status.FILLED_IN
    elif fields.is_not_known(answer):
        status = Status.NOT_KNOWN
    else:
        status = Status.ANSWERED
    to_check = ""
    if context.subject is not None and question.target == "subject":
        to_check = (context.subject.home_office_to_check or {}).get(question.attribute, "")
    if status == Status.MISSING and not question.target and question.source_url:
        link = reverse(question.source_url, args=[context.review.reference])
    elif not question.target:
        link = url  # worked out from another answer of the section (the region, from the force)
    else:
        link = f"{url}#{question.field_id}"
    return Item(
        question=question,
        value=answer,
        display=fields.display(question, answer),
        status=status,
        editable=editable,
        url=link,
        to_check=to_check,
    )


def _sections(review: Review, form: HomeOfficeForm, subjects: tuple):
    """The form's sections in order, each as ``(key, subject, context, questions)``: the
    incident and its circumstances (``subject`` None), then each person asked about."""
    review_wide = Context(review=review, form=form, subjects=subjects)
    for key in (Section.INCIDENT, Section.CIRCUMSTANCES):
        yield key, None, review_wide, fields.SECTION_QUESTIONS[key]
    for subject in subjects:
        questions = fields.questions_for(subject)
        if questions:
            key = f"{fields.PERSON_SECTIONS[subject.role]}-{subject.pk}"
            person = Context(review=review, form=form, subjects=subjects, subject=subject)
            yield key, subject, person, questions


def _missing_roles(subjects: tuple) -> list:
    """The victim and the perpetrator, where the review has not recorded them yet."""
    roles = {subject.role for subject in subjects}
    return [role for role in (Subject.Role.VICTIM, Subject.Role.PERPETRATOR) if role not in roles]


def filled_in(review: Review, subjects=None) -> FilledForm:
    """Every question of ``review``'s form with its answer and state, section by section.

    ``subjects``: the review's people when the caller already has them (exports)."""
    form = form_of(review)
    subjects = tuple(review.subjects.all() if subjects is None else subjects)
    sections = []
    for key, subject, context, questions in _sections(review, form, subjects):
        url = section_url(review, key)
        if subject is None:
            title = fields.SECTION_TITLES[key]
        else:
            title = f"{subject.get_role_display()}: {subject.pseudonym}"
        section = SectionAnswers(key, title, url, subject=subject)
        section.items = [_item(question, context, url) for question in questions]
        sections.append(section)
    add_person = reverse("cases:subject_add", args=[review.reference])
    people_missing = [
        (f"Add the {role.label.lower()} on the People page", add_person)
        for role in _missing_roles(subjects)
    ]
    return FilledForm(review, form, subjects, sections, people_missing)


def is_complete(review: Review) -> bool:
    """``filled_in(review).complete``, without building each answer's display and link: every
    question answered ("not known" is an answer), and a victim and a perpetrator recorded. The
    overview asks it on every opening (its task list and the QA guard)."""
    subjects = tuple(review.subjects.all())
    if _missing_roles(subjects):
        return False
    return all(
        fields.is_answered(question, fields.value(question, context))
        for _key, _subject, context, questions in _sections(review, form_of(review), subjects)
        for question in questions
    )


# --- The guard on QA submission --------------------------------------------------------------


class LinkedReason(str):
    """A refusal in words, which a template shows with a link to each missing answer.

    As text (messages, logs, tests) it is plain; ``__html__`` gives the list of links."""

    links: tuple = ()
    heading: str = ""

    def __new__(cls, text: str, links=(), heading=""):
        reason = super().__new__(cls, text)
        reason.links = tuple(links)
        reason.heading = heading or text
        return reason

    def __str__(self):
        return self  # survives ``str(TransitionRefused(reason))`` with its links

    def __html__(self):
        items = format_html_join(
            "",
            '<li><a class="govuk-link" href="{}">{}</a></li>',
            ((url, text) for text, url in self.links),
        )
        return format_html(
            '{}<ul class="govuk-list govuk-list--bullet">{}</ul>',
            self.heading,
            items,
        )


def _missing_links(filled: FilledForm) -> list[tuple[str, str]]:
    links = list(filled.people_missing)
    for section in filled.sections:
        for item in section.missing:
            links.append((f"{section.title}: {item.label}", item.url))
    return links


def qa_guard(review: Review) -> str | None:
    """Refuses QA submission while the Home Office data form has an unanswered question."""
    if is_complete(review):
        return None
    filled = filled_in(review)
    links = _missing_links(filled)
    count = len(links)
    answers = "answer is" if count == 1 else "answers are"
    heading = f"The Home Office data collection form is not complete: {count} {answers} missing:"
    text = heading + " " + "; ".join(text for text, _ in links) + "."
    return LinkedReason(text, links, heading)


# --- Saving answers --------------------------------------------------------------------------


def _check_can_answer(review: Review, by) -> None:
    if not access.manages(by, review):
        raise TransitionRefused("Only the review manager can answer the Home Office form.")
    if review.is_closed:
        raise TransitionRefused("The review is closed: its records can no longer change.")


def _clean_multiple(question: Question, codes: list) -> list:
    exclusive = [code for code in codes if code in fields.EXCLUSIVE_CODES]
    if exclusive and len(codes) > 1:
        raise TransitionRefused(
            f"{question.label}: “{question.labels[exclusive[0]]}” cannot be chosen with "
            "other answers."
        )
    return list(codes)


def _check_codes(question: Question, answer):
    allowed = {code for code, _ in question.choices}
    codes = answer if isinstance(answer, list) else [answer]
    unknown = [code for code in codes if code and code not in allowed]
    if unknown:
        raise TransitionRefused(f"{question.label}: choose one of the answers listed.")
    if question.answer == fields.Answer.MULTIPLE:
        return _clean_multiple(question, answer)
    return answer


@transaction.atomic
def save_incident(review: Review, *, by, answers: dict) -> HomeOfficeForm:
    """Records the incident answers given (attribute -> code; "" clears an answer). Only
    questions asked on the form are accepted; what is filled in from elsewhere is not."""
    locked = Review.objects.select_for_update().get(pk=review.pk)
    _check_can_answer(locked, by)
    form = form_of(locked)
    context = Context(review=locked, form=form, subjects=tuple(locked.subjects.all()))
    asked = {
        q.attribute: q
        for q in [*fields.INCIDENT_QUESTIONS, *fields.CIRCUMSTANCE_QUESTIONS]
        if fields.is_editable(q, context)
    }
    unknown = set(answers) - set(asked)
    if unknown:
        raise TypeError(f"Not a question of this form: {', '.join(sorted(unknown))}")
    review_changed = False
    for attribute, answer in answers.items():
        question = asked[attribute]
        answer = _check_codes(question, answer)
        if question.target == "review":
            review_changed = review_changed or getattr(locked, attribute) != answer
            setattr(locked, attribute, answer)
        else:
            setattr(form, attribute, answer)
    if review_changed:
        locked._change_reason = "Relationship category recorded on the Home Office form"
        locked.save()
    form._history_user = by
    form._change_reason = "Home Office form answered"
    form.save()
    review.refresh_from_db()
    return form


def save_person(subject: Subject, *, by, answers: dict, last_seen: str | None = None) -> Subject:
    """Records a person's answers (attribute -> code or list of codes) through
    ``cases.people.services.update_subject`` (history, locking and its checks). An answer
    chosen for a question that had free text to check clears that text."""
    _check_can_answer(subject.review, by)
    context = Context(
        review=subject.review, form=form_of(subject.review), subjects=(), subject=subject
    )
    asked = {
        q.attribute: q for q in fields.questions_for(subject) if fields.is_editable(q, context)
    }
    unknown = set(answers) - set(asked)
    if unknown:
        raise TypeError(f"Not a question about this person: {', '.join(sorted(unknown))}")
    cleaned = {name: _check_codes(asked[name], answer) for name, answer in answers.items()}
    to_check = {
        name: text
        for name, text in (subject.home_office_to_check or {}).items()
        if not fields.is_answered(asked.get(name), cleaned.get(name))
    }
    return people.update_subject(
        subject,
        by=by,
        last_seen=last_seen,
        reason="Home Office form answered",
        home_office_to_check=to_check,
        **cleaned,
    )
