"""Publication and the public register: publication waits for a clean check, records the
checked documents, and the public page and feed (no sign-in, cacheable) show only what was
published; a withdrawn document answers 410 (issue 12, point 3)."""

from datetime import date

import pytest
from django.urls import reverse

from cases.lifecycle import workflow
from cases.lifecycle.workflow import TransitionRefused
from cases.models import Stage
from publications.checks import services as checks
from publications.register import services as register
from publications.register.models import PublishedDocument
from publications.reports import services as reports
from publications.reports.models import ReportVersion
from tests.publications.reports.helpers import (
    ORDINARY,
    VICTIM_NAME,
    add_people,
    docx_bytes,
    docx_upload,
)

pytestmark = pytest.mark.django_db
REGISTER = "/published/"
FEED = "/published/feed.atom"


@pytest.fixture
def published(cast, media_root):
    """A review published through the walk: its checked report and summary are on record."""
    return cast.walk_to(Stage.PUBLISHED, pseudonym="Diana")


@pytest.fixture
def waiting(cast, media_root):
    """A review sent to the Commissioner, with a checked report and a summary, not published."""
    review = cast.walk_to(Stage.SENT_TO_COMMISSIONER, pseudonym="Beatrice")
    from publications.register.demo import prepare_publication

    prepare_publication(review, manager=cast.manager)
    register.save_summary(review, by=cast.manager, summary="Not yet public: Beatrice summary.")
    return review


def test_publication_is_refused_until_the_version_to_publish_has_a_clean_check(cast, media_root):
    review = cast.walk_to(Stage.SENT_TO_COMMISSIONER)
    add_people(review, by=cast.manager)
    workflow.add_publication_link(review, by=cast.manager, title="Report", url="https://x.org/r")

    def publish():
        workflow.publish(review, by=cast.manager, published_on=date(2026, 12, 1))

    with pytest.raises(TransitionRefused, match="Upload the overview report"):
        publish()
    version = reports.upload_version(
        review,
        by=cast.manager,
        document=ReportVersion.Document.OVERVIEW,
        upload=docx_upload(docx_bytes([f"{VICTIM_NAME} died at home.", ORDINARY])),
    )
    with pytest.raises(TransitionRefused, match="needs a clean pre-publication check"):
        publish()
    checks.run_check(version, by=cast.manager)
    with pytest.raises(TransitionRefused, match="needs a clean pre-publication check"):
        publish()
    with pytest.raises(TransitionRefused, match="must not contain"):
        register.save_summary(review, by=cast.manager, summary=f"{VICTIM_NAME} died.")
    corrected = reports.upload_version(
        review,
        by=cast.manager,
        document=ReportVersion.Document.OVERVIEW,
        upload=docx_upload(docx_bytes(["Diana died at home.", ORDINARY])),
        changes="The real name removed.",
    )
    checks.run_check(corrected, by=cast.manager)
    with pytest.raises(TransitionRefused, match="public summary"):
        publish()
    register.save_summary(review, by=cast.manager, summary="Agencies did not share risk.")

    publish()

    record = review.publication_record
    assert (record.published_on, record.pseudonym) == (date(2026, 12, 1), review.pseudonym)
    assert [(d.version, d.title) for d in record.documents.all()] == [
        (corrected, "Overview report")
    ]
    corrected.refresh_from_db()
    assert corrected.status == ReportVersion.Status.PUBLISHED


def test_the_register_needs_no_sign_in_and_shows_only_what_was_published(
    client, published, waiting, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get(REGISTER)
    assert response.status_code == 200
    body = response.content.decode()
    record = published.publication_record
    assert "Case Diana" in body
    assert record.summary in body
    assert str(published.published_on.year) in body
    document = record.documents.get()
    assert register.public_document_url(document) in body
    # Nothing unpublished, no reference, no real data, nobody's name.
    assert "Beatrice" not in body
    assert published.reference not in body
    assert waiting.reference not in body
    for subject in published.subjects.exclude(real_name=""):
        assert subject.real_name not in body
    assert "Signed in as" not in body


def test_the_register_is_the_same_for_everyone_and_cacheable(client, published, cast):
    anonymous = client.get(REGISTER)
    client.force_login(cast.manager)
    signed_in = client.get(REGISTER)
    assert anonymous.content == signed_in.content
    assert "public" in anonymous["Cache-Control"]
    assert "max-age=300" in anonymous["Cache-Control"]
    assert not anonymous.cookies  # nothing that a shared cache must not keep
    # A signed-in user's answer may refresh their session cookie: never shared.
    assert "private" in signed_in["Cache-Control"]
    assert "public" not in signed_in["Cache-Control"]


def test_the_feed_is_atom_with_only_published_reviews(client, published, waiting):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "public" in response["Cache-Control"]
    body = response.content.decode()
    assert body.count("<entry>") == 1
    assert "Case Diana" in body
    assert published.publication_record.summary in body
    assert "Beatrice" not in body
    assert published.reference not in body


def test_a_published_document_is_served_then_410_once_withdrawn(client, published, cast):
    document = published.publication_record.documents.get()
    address = register.public_document_url(document)
    response = client.get(address)
    assert response.status_code == 200
    with document.version.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
    assert checks.is_clean(checks.latest_check(document.version))

    with pytest.raises(TransitionRefused):
        register.withdraw(document, by=cast.chair, reason="An error")
    register.withdraw(document, by=cast.manager, reason="A family request.")

    assert client.get(address).status_code == 410
    assert register.public_document_url(document) not in client.get(REGISTER).content.decode()
    assert document.history.first().history_change_reason == "Withdrawn: A family request."


def test_a_document_never_published_is_a_404(client, waiting):
    version = waiting.report_versions.first()
    assert not PublishedDocument.objects.filter(version=version).exists()
    assert client.get(f"/published/documents/{version.pk}/report.docx").status_code == 404


def test_the_manager_withdraws_on_the_publication_record_page(client, published, cast):
    document = published.publication_record.documents.get()
    client.force_login(cast.manager)
    page = reverse("publications:publication_record", args=[published.reference])
    assert "Published on" in client.get(page).content.decode()
    response = client.post(page, {"form": "withdraw", "document": document.pk, "reason": ""})
    assert "Say why the document is withdrawn" in response.content.decode()
    response = client.post(
        page, {"form": "withdraw", "document": document.pk, "reason": "Family request"}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.is_withdrawn


def test_other_features_add_entries_to_the_register(client, published):
    def briefings():
        return [
            register.PublicEntry(
                title="Learning briefing: Case Diana",
                published_on=date(2030, 1, 5),
                summary="Seven minutes on what agencies learned.",
                kind="Learning briefing",
                documents=(register.PublicDocument("Briefing (PDF)", "/published/b/1.pdf"),),
                key="briefing-1",
            )
        ]

    register.register_public_entries(briefings)
    try:
        body = client.get(REGISTER).content.decode()
        feed = client.get(FEED).content.decode()
    finally:
        register._SOURCES.remove(briefings)
    assert body.index("2030") < body.index("Case Diana")
    assert "Seven minutes on what agencies learned." in body
    assert "/published/b/1.pdf" in body
    assert feed.count("<entry>") == 2
