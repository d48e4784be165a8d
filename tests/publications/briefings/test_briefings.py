"""Learning briefings: the seven parts, reuse of the review's themes and recommendations, the
publication rule, the tagged PDF (its text extracted here), and the public pages."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from cases.lifecycle.workflow import TransitionRefused
from cases.models import Stage, Subject
from cases.people import services as people
from publications.briefings import services
from publications.models import Briefing
from tests.publications.briefings.conftest import PARTS, RECOMMENDATION

pytestmark = pytest.mark.django_db


def _write(review, manager, **overrides):
    recommendations = list(services.offered_recommendations(review))
    themes = services.offered_themes(review).filter(pk__in=services.review_theme_ids(review))
    return services.save_briefing(
        review,
        by=manager,
        themes=list(themes),
        recommendations=recommendations,
        **(PARTS | overrides),
    )


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_has_a_text_layer_with_every_part_and_is_tagged(published_review, cast):
    briefing = _write(published_review, cast.manager)
    pdf = services.briefing_pdf(briefing)
    text = " ".join(_text(pdf).split())
    for heading in (
        "1. Background",
        "2. Why it matters",
        "3. What happened",
        "4. Key learning",
        "5. Themes",
        "6. What to do",
        "7. Reflective questions",
    ):
        assert heading in text
    for words in PARTS.values():
        for line in words.splitlines():
            assert line in text
    assert "Coercive control" in text
    assert "Information sharing" in text
    assert RECOMMENDATION in text
    assert "Learning briefing: Case Juniper" in text
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Learning briefing: Case Juniper"


def test_the_review_themes_are_offered_and_chosen_to_start_with(published_review, cast, client):
    client.force_login(cast.manager)
    page = client.get(reverse("publications:briefing_edit", args=[published_review.reference]))
    assert page.status_code == 200
    form = page.context["form"]
    chosen = set(form.initial["themes"])
    names = set(
        services.offered_themes(published_review)
        .filter(pk__in=chosen)
        .values_list("name", flat=True)
    )
    assert names == {"Coercive control", "Information sharing"}
    assert RECOMMENDATION in page.content.decode()


def test_an_empty_form_shows_the_error_summary(published_review, cast, client):
    client.force_login(cast.manager)
    url = reverse("publications:briefing_edit", args=[published_review.reference])
    page = client.post(url, {})
    assert page.status_code == 200
    body = page.content.decode()
    assert "govuk-error-summary" in body
    assert "Write at least one part of the briefing" in body
    assert not Briefing.objects.exists()


def test_the_manager_writes_and_publishes_then_the_public_sees_it(published_review, cast, client):
    client.force_login(cast.manager)
    reference = published_review.reference
    theme_ids = list(services.review_theme_ids(published_review))
    recommendation = services.offered_recommendations(published_review).get(text=RECOMMENDATION)
    response = client.post(
        reverse("publications:briefing_edit", args=[reference]),
        {**PARTS, "title": "", "themes": theme_ids, "recommendations": [recommendation.pk]},
    )
    assert response.status_code == 302
    briefing = Briefing.objects.get()
    assert briefing.title == "Learning briefing: Case Juniper"
    confirm = client.get(reverse("publications:briefing_publish", args=[reference]))
    assert "Yes, publish it" in confirm.content.decode()
    assert Briefing.objects.get().status == Briefing.Status.DRAFT  # GET only asks
    client.post(reverse("publications:briefing_publish", args=[reference]))
    briefing.refresh_from_db()
    assert briefing.is_published
    assert briefing.published_by == cast.manager
    history = client.get(reverse("publications:briefing_history", args=[reference]))
    assert "Briefing published" in history.content.decode()
    assert cast.manager.full_name in history.content.decode()

    client.logout()
    public = client.get(reverse("publications:public_briefing", args=[briefing.pk]))
    assert public.status_code == 200
    assert "public" in public["Cache-Control"]
    body = public.content.decode()
    assert PARTS["key_learning"] in body
    assert RECOMMENDATION in body
    assert reference not in body  # the pseudonym, not the case file's reference
    pdf = client.get(reverse("publications:public_briefing_pdf", args=[briefing.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert PARTS["key_learning"] in " ".join(_text(pdf.content).split())
    assert list(services.published_briefings()) == [briefing]


def test_a_draft_is_not_public_and_a_withdrawn_briefing_is_gone(published_review, cast, client):
    briefing = _write(published_review, cast.manager)
    public = reverse("publications:public_briefing", args=[briefing.pk])
    public_pdf = reverse("publications:public_briefing_pdf", args=[briefing.pk])
    assert client.get(public).status_code == 404
    assert client.get(public_pdf).status_code == 404
    assert list(services.published_briefings()) == []
    services.publish(briefing, by=cast.manager)
    assert client.get(public).status_code == 200
    with pytest.raises(TransitionRefused):
        services.withdraw(briefing, by=cast.manager, reason=" ")
    services.withdraw(briefing, by=cast.manager, reason="A family member asked")
    assert client.get(public).status_code == 410
    assert client.get(public_pdf).status_code == 410
    assert list(services.published_briefings()) == []
    assert client.get(reverse("publications:public_briefing", args=[99999])).status_code == 404


def test_publication_waits_for_the_review_to_be_published(cast):
    review = cast.walk_to(Stage.QA_APPROVED, pseudonym="Hazel")
    briefing = _write(review, cast.manager)
    with pytest.raises(TransitionRefused, match="once the review itself has been published"):
        services.publish(briefing, by=cast.manager)


def test_publication_needs_every_part(published_review, cast):
    briefing = _write(published_review, cast.manager, what_to_do="", reflective_questions="")
    with pytest.raises(TransitionRefused, match="What to do, Reflective questions"):
        services.publish(briefing, by=cast.manager)


def test_publication_refuses_a_real_name(published_review, cast):
    victim = published_review.subjects.get(role=Subject.Role.VICTIM)
    people.update_subject(
        victim, by=cast.manager, real_name="Philippa Wrennick", reason="Confirmed"
    )
    briefing = _write(published_review, cast.manager, what_happened="WRENNICK's GP saw her twice.")
    with pytest.raises(TransitionRefused, match="“Wrennick”"):
        services.publish(briefing, by=cast.manager)


def test_only_the_manager_changes_it_and_a_published_one_is_frozen(published_review, cast):
    with pytest.raises(TransitionRefused):
        services.save_briefing(published_review, by=cast.chair, **PARTS)
    briefing = _write(published_review, cast.manager)
    services.publish(briefing, by=cast.manager)
    with pytest.raises(TransitionRefused, match="withdraw it"):
        _write(published_review, cast.manager)
    with pytest.raises(TransitionRefused, match="withdraw it"):
        services.delete(briefing, by=cast.manager)


def test_the_chair_reads_it_and_the_panel_agency_does_not(published_review, cast, client):
    _write(published_review, cast.manager)
    url = reverse("publications:briefing", args=[published_review.reference])
    client.force_login(cast.chair)
    page = client.get(url)
    assert page.status_code == 200
    assert PARTS["key_learning"] in page.content.decode()
    assert "Change the briefing" not in page.content.decode()
    assert (
        client.get(
            reverse("publications:briefing_edit", args=[published_review.reference])
        ).status_code
        == 403
    )
    client.force_login(cast.agency_member)
    assert client.get(url).status_code == 403


def test_no_briefing_yet_is_an_empty_state(published_review, cast, client):
    client.force_login(cast.manager)
    page = client.get(reverse("publications:briefing", args=[published_review.reference]))
    assert "This review has no learning briefing yet." in page.content.decode()
    assert "Start the briefing" in page.content.decode()


def test_deleting_the_draft_asks_first_and_keeps_the_history(published_review, cast, client):
    _write(published_review, cast.manager)
    client.force_login(cast.manager)
    url = reverse("publications:briefing_delete", args=[published_review.reference])
    assert "Yes, delete it" in client.get(url).content.decode()
    assert Briefing.objects.exists()
    client.post(url)
    assert not Briefing.objects.exists()
    deleted = Briefing.history.filter(history_type="-").get()
    assert deleted.history_user == cast.manager
    review_history = client.get(reverse("cases:history", args=[published_review.reference]))
    assert "Learning briefing" in review_history.content.decode()


def test_the_register_reads_published_briefings_in_constant_queries(cast):
    def count():
        with CaptureQueriesContext(connection) as queries:
            rows = [
                (b.review.pseudonym, b.review.partnership.name, [t.name for t in b.themes.all()])
                for b in services.published_briefings()
            ]
        return len(queries), rows

    first = cast.walk_to(Stage.PUBLISHED, pseudonym="Rowan")
    services.publish(_write(first, cast.manager), by=cast.manager)
    one, rows = count()
    second = cast.walk_to(Stage.MONITORING, pseudonym="Alder")
    services.publish(_write(second, cast.manager), by=cast.manager)
    two, rows = count()
    assert len(rows) == 2
    assert one == two


def test_every_part_has_its_own_items_only(published_review, cast, client):
    """A part without a list shows no stray text (the template reads ``part.items``)."""
    _write(published_review, cast.manager)
    client.force_login(cast.manager)
    page = client.get(reverse("publications:briefing", args=[published_review.reference]))
    assert "paragraphs" not in page.content.decode()


def test_the_public_register_and_its_feed_list_published_briefings_only(
    published_review, cast, client
):
    briefing = _write(published_review, cast.manager, title="What Juniper's case teaches")
    page = reverse("publications:public_briefing", args=[briefing.pk])
    register, feed = reverse("publications:register"), reverse("publications:register_feed")
    assert page not in client.get(register).content.decode()  # a draft is not listed
    assert page not in client.get(feed).content.decode()
    services.publish(briefing, by=cast.manager)
    listed = client.get(register).content.decode()
    assert page in listed
    assert reverse("publications:public_briefing_pdf", args=[briefing.pk]) in listed
    assert "Learning briefing" in listed
    assert page in client.get(feed).content.decode()
    services.withdraw(briefing, by=cast.manager, reason="A family member asked")
    assert page not in client.get(register).content.decode()
    assert page not in client.get(feed).content.decode()
