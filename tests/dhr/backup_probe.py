"""What the app serves, as checksums: run as a script against a database and a media folder.

``DHR_TEST_DATABASE_NAME`` and ``DHR_TEST_MEDIA_ROOT`` say which; prints JSON: the reviews each
review manager's list shows, the SHA-256 of every document and contribution version downloaded
through the app's permission-checked views, and of every file any record points to.
"""

import hashlib
import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dhr.settings_test")

import django

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from cases.models import Document, Review  # noqa: E402
from dhr.accounts.roles import Role  # noqa: E402
from dhr.files import cleanup  # noqa: E402
from dhr.models import User  # noqa: E402
from panels.models import ContributionVersion  # noqa: E402


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def manager_of(review) -> User:
    return (
        User.objects.filter(role=Role.REVIEW_MANAGER, partnerships=review.partnership_id)
        .order_by("pk")
        .first()
    )


def probe() -> dict:
    setup_test_environment()
    client = Client()
    result = {"reviews": {}, "downloads": {}, "stored": {}}
    for manager in User.objects.filter(role=Role.REVIEW_MANAGER, is_active=True).order_by("pk"):
        client.force_login(manager)
        page = body(client.get(reverse("cases:list"), {"page_size": 100})).decode()
        result["reviews"][manager.email] = sorted(set(re.findall(r"/reviews/([^/\"]+)/", page)))
    for review in Review.objects.order_by("pk"):
        manager = manager_of(review)
        if manager is None:
            continue
        client.force_login(manager)
        for document in Document.objects.filter(review=review).order_by("pk"):
            url = reverse("cases:document_download", args=[review.reference, document.pk])
            result["downloads"][f"document {review.reference} {document.title}"] = sha(
                body(client.get(url))
            )
        versions = ContributionVersion.objects.filter(request__review=review).order_by("pk")
        for version in versions:
            url = reverse(
                "panels:contribution_download",
                args=[review.reference, version.request_id, version.pk],
            )
            key = f"version {review.reference} {version.request.agency} {version.number}"
            result["downloads"][key] = sha(body(client.get(url)))
    for model, name in cleanup.file_fields():
        for row in model._base_manager.exclude(**{name: ""}):
            field_file = getattr(row, name)
            with field_file.open("rb") as handle:
                result["stored"][field_file.name] = sha(handle.read())
    return result


if __name__ == "__main__":
    print(json.dumps(probe(), sort_keys=True))
