"""A backup restores: the documented scripts (docker/backup.sh, docker/restore.sh: pg_dump in
custom format and the media folder) take a database with demo data and files to a fresh
database and an empty media folder, and the app serves the same reviews and the same files."""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from cases.documents.services import upload_document
from cases.models import Document, Review
from dhr.accounts.roles import Role
from dhr.models import User

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.skipif(
    not (shutil.which("pg_dump") and shutil.which("pg_restore")),
    reason="pg_dump and pg_restore are not installed",
)


def database_url(name: str) -> str:
    settings = connection.settings_dict
    user = quote(settings["USER"] or "")
    password = quote(settings["PASSWORD"] or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host, port = settings["HOST"] or "localhost", settings["PORT"] or "5432"
    if host.startswith("/"):  # the embedded server's socket folder
        return f"postgresql://{credentials}/{name}?host={quote(host)}&port={port}"
    return f"postgresql://{credentials}{host}:{port}/{name}"


def run(script: str, folder: Path, database: str, media: Path) -> None:
    environment = {**os.environ, "DATABASE_URL": database_url(database), "MEDIA_ROOT": str(media)}
    subprocess.run(
        ["sh", str(ROOT / "docker" / script), str(folder)],
        env=environment,
        check=True,
        capture_output=True,
    )


def served(database: str, media: Path) -> dict:
    """What the app serves from that database and media folder (tests/dhr/backup_probe.py)."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dhr.settings_test",
        "DHR_TEST_DATABASE_NAME": database,
        "DHR_TEST_MEDIA_ROOT": str(media),
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "dhr" / "backup_probe.py")],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:6]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    connection.close()  # nothing of ours may hold it open
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_to_a_fresh_database_and_media_folder(settings, tmp_path, fresh_database):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    review = Review.objects.order_by("pk").first()
    manager = User.objects.filter(
        role=Role.REVIEW_MANAGER, partnerships=review.partnership_id
    ).first()
    upload_document(
        review,
        by=manager,
        kind=Document.Kind.OTHER,
        title="Scoping notes",
        upload=SimpleUploadedFile("notes.pdf", PDF, content_type="application/pdf"),
    )

    backup = tmp_path / "backup"
    run("backup.sh", backup, connection.settings_dict["NAME"], media)
    restored_media = tmp_path / "restored-media"
    run("restore.sh", backup, fresh_database, restored_media)

    before = served(connection.settings_dict["NAME"], media)
    after = served(fresh_database, restored_media)
    assert after == before
    assert sum(len(references) for references in before["reviews"].values()) >= 5
    kinds = {key.split()[0] for key in before["downloads"]}
    assert kinds == {"document", "version"}
    assert len(before["stored"]) >= 3
    # The restored files are the bytes the database says were uploaded.
    assert Document.objects.get(title="Scoping notes").sha256 in after["downloads"].values()
