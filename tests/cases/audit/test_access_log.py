"""The access log: restricted looks and downloads are recorded, and the log cannot be changed."""

import pytest
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse

from cases.models import Stage, Subject
from dhr.models import AccessLog


@pytest.fixture
def review(cast):
    review = cast.walk_to(Stage.PANEL)
    Subject.objects.create(
        review=review, role=Subject.Role.VICTIM, pseudonym="Wren", real_name="Unique Realname"
    )
    return review


def test_the_manager_viewing_identities_is_logged(client, cast, review):
    client.force_login(cast.manager)
    page = client.get(reverse("cases:subjects", args=[review.reference]))
    assert "Unique Realname" in page.text
    entry = AccessLog.objects.get()
    assert entry.user == cast.manager
    assert entry.action == AccessLog.Action.VIEW_RESTRICTED
    assert entry.review_reference == review.reference


def test_an_agency_member_seeing_no_identities_is_not_logged(client, cast, review):
    client.force_login(cast.agency_member)
    page = client.get(reverse("cases:subjects", args=[review.reference]))
    assert page.status_code == 200
    assert "Unique Realname" not in page.text
    assert not AccessLog.objects.exists()


def test_a_download_is_logged(client, cast, review, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases.documents import services as documents

    document = documents.upload_document(
        review,
        by=cast.manager,
        title="Terms v1",
        kind="terms",
        upload=SimpleUploadedFile("terms.pdf", b"%PDF-1.4\n%test\n"),
    )
    client.force_login(cast.agency_member)
    response = client.get(reverse("cases:document_download", args=[review.reference, document.pk]))
    assert response.status_code == 200
    entry = AccessLog.objects.get()
    assert (entry.user, entry.action, entry.object_id) == (
        cast.agency_member,
        AccessLog.Action.DOWNLOAD,
        str(document.pk),
    )


def test_the_log_is_append_only(cast, review):
    from dhr.files import access_log

    entry = access_log.record(
        cast.manager, AccessLog.Action.VIEW_RESTRICTED, description="x", object_type="subject"
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).update(description="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).delete()
    assert AccessLog.objects.get(pk=entry.pk).description == "x"


def test_audit_search_by_review_hides_identities(admin_client, cast, review):
    subject = review.subjects.get()
    subject.real_name = "Changed Realname"
    subject.save()
    page = admin_client.get(reverse("audit:search"), {"reference": review.reference.lower()})
    assert page.status_code == 200
    assert f"Review {review.reference}" in page.text
    assert "Person: Wren" in page.text
    assert "Realname" not in page.text


def test_audit_search_by_user_lists_their_changes_and_looks(admin_client, cast, review):
    manager = Client()
    manager.force_login(cast.manager)
    manager.get(reverse("cases:subjects", args=[review.reference]))
    manager.post(
        reverse("cases:linked_add", args=[review.reference]),
        {"kind": "inquest", "description": "Coroner's inquest, Maidstone", "status": ""},
    )
    page = admin_client.get(reverse("audit:search"), {"user": cast.manager.pk})
    assert "Viewed restricted data" in page.text
    assert "Linked process" in page.text  # the change the manager made through the page
    assert "Coroner&#x27;s inquest, Maidstone" in page.text
    assert "Realname" not in page.text


def test_audit_search_explains_bad_input(admin_client, db):
    page = admin_client.get(reverse("audit:search"), {"reference": "DHR-NOPE-2026-001"})
    assert "There is no review with this reference" in page.text
    page = admin_client.get(reverse("audit:search"), {"reference": ""})
    assert "Enter a review reference or choose a user" in page.text


def test_audit_is_for_administrators_only(client, users_by_role):
    for role, user in users_by_role.items():
        client.force_login(user)
        expected = 200 if role == "administrator" else 403
        assert client.get(reverse("audit:search")).status_code == expected
