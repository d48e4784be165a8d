"""``make run``: migrate, load the demo data, then run the web server and the Celery worker+beat."""

import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from dhr import demo

HOST, PORT = "127.0.0.1", 8000


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex((host, port)) == 0


class Command(BaseCommand):
    help = "Runs the quick start: database, demo data, web server and background worker."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
        url = f"http://{HOST}:{PORT}/"
        self._print_sign_ins(url)
        if _port_in_use(HOST, PORT):
            self.stdout.write(
                self.style.WARNING(f"Something is already serving {url}: probably the quick start.")
            )
            self.stdout.write("Data is migrated and seeded; nothing else was started.")
            return

        celery = shutil.which("celery", path=str(Path(sys.executable).parent))
        worker = subprocess.Popen(  # noqa: S603
            [
                celery,
                "-A",
                "dhr",
                "worker",
                "--beat",
                "--loglevel=INFO",
                "--concurrency=1",
                "--without-mingle",
                "--without-gossip",
                "--schedule",
                str(settings.VAR_DIR / "celery" / "beat-schedule"),
            ],
        )
        # Stopped with SIGTERM as with Ctrl+C: the worker is stopped too, never left behind.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            call_command("runserver", f"{HOST}:{PORT}", use_reloader=False)
        except KeyboardInterrupt:
            pass
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=30)

    def _print_sign_ins(self, url: str) -> None:
        line = "=" * 72
        self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"The DHR case manager is at {url}"))
        self.stdout.write(f"Every demo account's password is: {demo.DEMO_PASSWORD}")
        for user in demo.USERS:
            self.stdout.write(f"  {user.role.label:<20} {user.email}")
        self.stdout.write("E-mails (password resets, invitations) are printed in this terminal.")
        self.stdout.write("Stop with Ctrl+C. The database keeps running: `make stop-db` stops it.")
        self.stdout.write(line)
