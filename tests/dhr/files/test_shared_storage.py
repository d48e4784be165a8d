"""Beyond one machine: two web servers and a worker, each with an empty folder of its own,
sharing only PostgreSQL, Redis and an S3-compatible object store (moto, started here). A file
uploaded through one web server downloads through the other; a PDF the worker builds downloads
through both. Every download still goes through the app's permission-checked view."""

import os
import subprocess
import sys
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path

import boto3
import pytest
import requests
from django.db import connection
from moto.server import ThreadedMotoServer

from panels.models import ChronologyExport
from tests.celery_worker import wait_until, worker_process
from tests.dhr.factories import PASSWORD
from tests.dhr.mail.smtp_server import free_port
from tests.security.conftest import MANAGER, build_scenario

ROOT = Path(__file__).resolve().parents[3]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BUCKET = "dhr-test"

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def object_store():
    """An S3-compatible server on a free port, with an empty private bucket."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    yield endpoint, client
    server.stop()


def environment(endpoint: str, media: Path, queue: str) -> dict:
    media.mkdir(parents=True)
    return {
        "DJANGO_SETTINGS_MODULE": "dhr.settings_test",
        "DHR_TEST_DATABASE_NAME": connection.settings_dict["NAME"],
        "DHR_TEST_WORKER_QUEUE": queue,  # the web servers' tasks go to the test's worker
        "DHR_TEST_MEDIA_ROOT": str(media),
        "DHR_S3_BUCKET": BUCKET,
        "DHR_S3_ENDPOINT_URL": endpoint,
        "DHR_S3_REGION": "us-east-1",
        "DHR_S3_ACCESS_KEY_ID": "testing",
        "DHR_S3_SECRET_ACCESS_KEY": "testing",
        "DHR_S3_ADDRESSING_STYLE": "path",
        "ALLOWED_HOSTS": "127.0.0.1",
    }


@contextmanager
def web_server(env: dict):
    """gunicorn, as in production, on a free port; yields its base address."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "dhr.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            "--workers=1",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def is_up(base: str) -> bool:
    try:
        return requests.get(f"{base}/healthz", timeout=5).status_code == 200
    except requests.RequestException:  # not listening yet, or still starting
        return False


def sign_in(session: requests.Session, base: str, email: str) -> None:
    session.get(f"{base}/accounts/login/")
    response = session.post(
        f"{base}/accounts/login/",
        data={
            "username": email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
    )
    assert response.status_code == 302, response.status_code


def files_in(folder: Path) -> list:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_files_are_shared_by_two_web_servers_and_a_worker(object_store, tmp_path):
    endpoint, s3 = object_store
    scenario = build_scenario()
    manager = scenario.users[MANAGER]
    reference = scenario.review.reference
    queue = f"test-{uuid.uuid4().hex[:12]}"
    folders = {name: tmp_path / name for name in ("web1", "web2", "worker")}

    with ExitStack() as running:
        running.enter_context(
            worker_process(env=environment(endpoint, folders["worker"], queue), queue=queue)
        )
        first = running.enter_context(web_server(environment(endpoint, folders["web1"], queue)))
        second = running.enter_context(web_server(environment(endpoint, folders["web2"], queue)))
        assert wait_until(lambda: is_up(first) and is_up(second), timeout=60)

        session = requests.Session()  # one browser; the session lives in the shared database
        sign_in(session, first, manager.email)

        # Uploaded through the first web server...
        documents = f"/reviews/{reference}/documents/"
        session.get(first + documents)
        response = session.post(
            first + documents,
            data={
                "title": "Scoping notes",
                "kind": "other",
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
            files={"file": ("notes.pdf", PDF, "application/pdf")},
            allow_redirects=False,
        )
        assert response.status_code == 302
        document = scenario.review.documents.get(title="Scoping notes")
        # ...downloaded through the second, streamed from the object store.
        download = session.get(f"{second}/reviews/{reference}/documents/{document.pk}/download/")
        assert (download.status_code, download.content) == (200, PDF)
        stored = s3.get_object(Bucket=BUCKET, Key=document.file.name)["Body"].read()
        assert stored == PDF

        # A PDF asked for on the first web server, built by the worker...
        exports = f"/reviews/{reference}/chronology/"
        response = session.post(
            first + exports + "export.pdf",
            data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
            allow_redirects=False,
        )
        assert response.status_code == 302
        newest = ChronologyExport.objects.filter(requested_by=manager).order_by("-pk")
        assert wait_until(
            lambda: newest.first().status == ChronologyExport.Status.READY, timeout=90
        ), "the worker did not build the PDF"
        job = newest.first()
        # ...downloads through both.
        through = [
            session.get(f"{base}{exports}exports/{job.pk}/download/") for base in (first, second)
        ]
        assert [response.status_code for response in through] == [200, 200]
        assert through[0].content.startswith(b"%PDF")
        assert through[0].content == through[1].content
        assert s3.get_object(Bucket=BUCKET, Key=job.file.name)["Body"].read() == through[0].content
        # Anyone else, even signed in, is refused (the bucket itself is never exposed).
        stranger = requests.Session()
        refused = stranger.get(
            f"{second}{exports}exports/{job.pk}/download/", allow_redirects=False
        )
        assert refused.status_code == 302  # to sign-in

    # Nothing was written to any host's own disk.
    assert {name: files_in(folder) for name, folder in folders.items()} == {
        name: [] for name in folders
    }
