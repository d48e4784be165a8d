"""Test walks to Home Office QA complete the review's Home Office data form first.

``walk_to`` and ``ready_for`` (``tests.cases.factories``) call ``complete_home_office_form``
just before "submit_to_qa" and "resubmit_to_qa", so the QA guard of ``publications`` passes
on every walked review; tests of the guard itself start from a walk to "panel" and leave the
form as they need it. Imported by ``tests/conftest.py``.
"""

from cases.models import Subject
from cases.people import services as people
from publications.homeoffice import demo
from publications.homeoffice import services as homeoffice
from tests.cases.factories import register_preparation


def add_people(review, *, by) -> None:
    """A victim and a perpetrator, where the review has none yet."""
    roles = set(review.subjects.values_list("role", flat=True))
    taken = {name.casefold() for name in review.subjects.values_list("pseudonym", flat=True)}
    for role, pseudonym in (
        (Subject.Role.VICTIM, review.pseudonym),
        (Subject.Role.PERPETRATOR, f"Partner of {review.pseudonym}"),
    ):
        if role not in roles:
            if pseudonym.casefold() in taken:
                pseudonym = f"{pseudonym} ({role})"
            people.add_subject(review, by=by, role=role, pseudonym=pseudonym)


def complete_home_office_form(review, *, by, incident=None, person=None) -> None:
    """Answers every unanswered question of ``review``'s form (adding the people it needs),
    through the domain functions, as ``by``."""
    add_people(review, by=by)
    incident_answers, answers_by_person = demo.answers_to_complete(
        review, incident=incident, person=person
    )
    if incident_answers:
        homeoffice.save_incident(review, by=by, answers=incident_answers)
    for subject, answers in answers_by_person.items():
        homeoffice.save_person(subject, by=by, answers=answers)


def _prepare(walk) -> None:
    complete_home_office_form(walk.review, by=walk.manager)


register_preparation("submit_to_qa", _prepare)
register_preparation("resubmit_to_qa", _prepare)


def _prepare_publication(walk) -> None:
    """A checked overview report and a public summary, as "publish" needs (issue 12)."""
    from publications.register.demo import prepare_publication

    prepare_publication(walk.review, manager=walk.manager)


register_preparation("publish", _prepare_publication)
