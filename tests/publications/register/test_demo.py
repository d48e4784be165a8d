"""The demo's published reviews are on the public register with a checked summary and
document (their report is checked and summarised just before "publish", as a manager would)."""

from django.core.management import call_command

from cases.models import Review
from publications.checks import services as checks
from publications.register import services as register


def test_the_demo_s_published_reviews_are_on_the_register(db, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    published = Review.objects.filter(stage__in=register.PUBLISHED_STAGES)
    assert published.exists()
    body = client.get("/published/").content.decode()
    for review in published:
        record = review.publication_record
        assert f"Case {review.pseudonym}" in body
        assert record.summary in body
        assert checks.check_text(review, record.summary) == []
        document = record.documents.get()
        assert checks.is_clean(checks.latest_check(document.version))
        assert register.public_document_url(document) in body
        assert client.get(register.public_document_url(document)).status_code == 200
        assert review.reference not in body
        for subject in review.subjects.exclude(real_name=""):
            assert subject.real_name not in body
    unpublished = Review.objects.exclude(stage__in=register.PUBLISHED_STAGES)
    for review in unpublished:
        assert f"Case {review.pseudonym}<" not in body
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sum(r.publication_record.documents.count() for r in published) == published.count()
