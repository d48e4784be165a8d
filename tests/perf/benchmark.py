"""The load benchmark of issue 14 (not a test; ``make test`` never collects tests/perf).

    .venv/bin/python tests/perf/benchmark.py [--clients 20] [--duration 60] [--json]
        [--data-set generated --reviews 100 | --data-set national --scale 0.1 | --skip-seed]
        [--repeat 3] [--skip-spreadsheets]

What it does, in one run:

1. loads the data set into the database that ``DATABASE_URL`` names (``manage.py seed_demo``
   with ``--reviews N``, or ``--national --scale S`` where that exists), unless ``--skip-seed``;
2. starts gunicorn as the production image does (``docker/gunicorn.conf.py``, 2 workers,
   ``DEBUG`` off, static files collected once into ``var/bench-static`` and served by
   WhiteNoise), bound to 127.0.0.1 on a free port;
3. signs in four people, as the demo users sign in but without typing a password or a code:
   for each, a session is created with Django's own session store holding what signing in and
   entering a one-time code leave in it (the user, the backend, the password hash, the
   authenticator's id; a confirmed authenticator is added for the run if the person has none
   and removed afterwards). Nothing in the settings is relaxed: two-factor, secure cookies
   and the https redirect stay on (the requests say ``X-Forwarded-Proto: https``, as the
   proxy in front of gunicorn does, and gunicorn believes 127.0.0.1). The four: the review
   manager of the most reviews, an agency member of the agency with most chronology entries
   on the benchmark review, that review's chair and a steering-group member;
4. counts each page's database queries with Django's test client (a separate pass, with
   ``CaptureQueriesContext``), which also tells which pages each person may open (200);
5. runs Locust headless (``tests/perf/locustfile.py``): ``--clients`` simultaneous clients,
   each one of the four people in turn, opening their pages for ``--duration`` seconds;
6. prints per page the p50, p95 and maximum times, the p95 as a multiple of the floor page's
   (``/ping``, a signed-in page that does nothing), the queries, the requests and the errors;
7. runs the two spreadsheet comparisons (``tests/perf/spreadsheet_speed.py``) side by side,
   the project compiled to bytecode first as in the production image (``--compiled`` there).

The pages: the review list (first and last page, filtered by stage, searched), the benchmark
review's overview and combined chronology (first and last page), My work, the dashboard, the
benchmark review's action plan, and the floor. The benchmark review is the one with most
chronology entries (``--review`` chooses another).
"""

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
STATIC_ROOT = ROOT / "var" / "bench-static"
FLOOR = "floor (/ping)"
TARGET_MULTIPLE = 3.0

# The environment of the server and of this process: the production settings, as the image
# sets them (Dockerfile: DEBUG=false), with the values a real deployment gives (a secret key,
# the host name). Nothing else is changed.
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "dhr.settings",
    "DEBUG": "false",
    "SECRET_KEY": "benchmark-only-key-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "STATIC_ROOT": str(STATIC_ROOT),
    "WEB_CONCURRENCY": "2",
}
# The cache shared by the workers (the dashboard's snapshots): the environment's CACHE_URL
# (Redis, as docker-compose.yml gives it), else the settings' default, files under var/cache.
if os.environ.get("CACHE_URL"):
    PRODUCTION_ENV["CACHE_URL"] = os.environ["CACHE_URL"]
HOST_HEADER = "127.0.0.1"


# --- The report ----------------------------------------------------------------------------------


def format_report(report: dict) -> str:
    """The report as the table a person reads (``--json`` prints ``report`` itself)."""
    lines = []
    machine = report.get("machine", {})
    if machine:
        lines.append(
            f"Machine: {machine.get('cpu', '?')}, {machine.get('cpus', '?')} CPUs, "
            f"{machine.get('memory_gb', '?')} GB; load average at start "
            f"{machine.get('load_at_start', '?')}; Python {machine.get('python', '?')}; "
            f"{machine.get('postgres', '?')}"
        )
    data = report.get("data", {})
    if data:
        lines.append(
            "Data: " + ", ".join(f"{value:,} {name}" for name, value in data.items()) + "."
        )
    run = report.get("run", {})
    if run:
        lines.append(
            f"Load: {run['clients']} clients for {run['duration_s']} s, pausing "
            f"{'-'.join(f'{s:g}' for s in run.get('wait_s', [0, 0]))} s between pages, "
            f"against gunicorn ({run['workers']} workers, DEBUG off): "
            f"{run.get('requests_per_s', '?')} requests/s; benchmark review {run['review']}."
        )
    lines.append("")
    header = (
        f"{'Page':<34} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'p95/floor':>9} "
        f"{'queries':>8} {'requests':>8} {'errors':>6}"
    )
    lines += [header, "-" * len(header)]
    for page in report["pages"]:
        multiple = page.get("p95_multiple")
        marker = "" if multiple is None or multiple <= TARGET_MULTIPLE else " !"
        lines.append(
            f"{page['page']:<34} {_number(page.get('p50_ms')):>7} {_number(page.get('p95_ms')):>7} "
            f"{_number(page.get('max_ms')):>7} "
            f"{(f'{multiple:.1f}x' if multiple is not None else '-'):>9}{marker:<2}"
            f"{page.get('queries', '-'):>6} {page.get('requests', 0):>8} {page.get('errors', 0):>6}"
        )
    missed = [page["page"] for page in report["pages"] if (page.get("p95_multiple") or 0) > 3]
    errors = sum(page.get("errors", 0) for page in report["pages"])
    lines.append("")
    lines.append(
        f"Target: every page's p95 within {TARGET_MULTIPLE:g}x the floor's; "
        + (f"missed by: {', '.join(missed)}." if missed else "met by every page.")
        + f" Errors: {errors}."
    )
    floor_wait = describe_floor_wait(report["pages"])
    if floor_wait:
        lines.append(floor_wait)
    if report.get("spreadsheets"):
        from tests.perf.spreadsheet_speed import format_table

        lines += ["", "Spreadsheets (whole processes, side by side)", ""]
        lines.append(format_table(report["spreadsheets"]))
    return "\n".join(lines)


def describe_floor_wait(pages: list[dict]) -> str:
    """Whether the floor's slowest requests waited for a worker, which decides what the
    multiples compare. With 2 workers, a floor request waits only when both are busy: at this
    load about one request in twenty, so the floor's p95 sits on that edge and lands either
    side of it from run to run (10 ms to 38 ms on the same code, docs/performance.md). When
    it did not wait, each multiple compares a page's own time with a page that does nothing;
    when it did, the two under the same load."""
    floor = next((page for page in pages if page["page"] == FLOOR), None)
    if not floor or not floor.get("p50_ms") or not floor.get("p95_ms"):
        return ""
    p50, p95 = floor["p50_ms"], floor["p95_ms"]
    said = f"The floor's p95 ({p95:g} ms) is {p95 / p50:.1f}x its p50 ({p50:g} ms): "
    if p95 <= 1.5 * p50:
        return said + (
            "its requests hardly waited for a worker in this run, so the multiples compare "
            "each page's own time with a page that does nothing."
        )
    if p95 >= 3 * p50:
        return said + "its slowest requests waited for a worker behind other pages, as theirs did."
    return said + (
        "some of its slowest requests waited for a worker: the multiples lie between a "
        "comparison of the pages' own times and one under the same wait."
    )


def _number(value) -> str:
    return "-" if value is None else f"{value:.0f}"


def page_rows(stats: dict, queries: dict) -> list[dict]:
    """One row per page from Locust's statistics (``stats``: label -> its figures) and the
    query counts (label -> list of counts, one per person who opened it), the floor last."""
    floor_p95 = (stats.get(FLOOR) or {}).get("p95_ms")
    rows = []
    for label in sorted(set(stats) | set(queries), key=lambda name: (name == FLOOR, name)):
        figures = stats.get(label, {})
        counts = sorted(set(queries.get(label, [])))
        row = {"page": label, **figures}
        row["queries"] = (
            "-"
            if not counts
            else str(counts[0])
            if len(counts) == 1
            else f"{counts[0]}-{counts[-1]}"
        )
        if floor_p95 and figures.get("p95_ms") is not None:
            row["p95_multiple"] = round(figures["p95_ms"] / floor_p95, 2)
        rows.append(row)
    return rows


def read_locust_csv(path: Path) -> dict:
    """Locust's ``--csv`` statistics: label -> p50, p95, max (ms), requests, errors."""
    import csv

    stats = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                continue
            stats[row["Name"]] = {
                "p50_ms": _float(row.get("50%")),
                "p95_ms": _float(row.get("95%")),
                "max_ms": _float(row.get("Max Response Time")),
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
            }
    return stats


def _float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


# --- Preparing ----------------------------------------------------------------------------------


def _machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory_kb = 0
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "load_at_start": " ".join(f"{load:.2f}" for load in os.getloadavg()),
        "python": platform.python_version(),
        "os": platform.platform(),
    }


def _manage(*arguments, env) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *arguments], env=env, cwd=ROOT, check=True
    )


def _collect_static(env: dict, force: bool) -> None:
    if force or not (STATIC_ROOT / "staticfiles.json").exists():
        _manage("collectstatic", "--noinput", "--verbosity", "0", env=env)


def _seed(options, env: dict) -> None:
    if options.skip_seed:
        return
    if options.data_set == "national":
        _manage("seed_demo", "--national", "--scale", str(options.scale), env=env)
    elif options.data_set == "generated":
        _manage("seed_demo", "--reviews", str(options.reviews), env=env)
    else:
        _manage("seed_demo", env=env)


def _data_sizes() -> dict:
    from cases.models import Review
    from dhr.models import Partnership, User
    from panels.models import ChronologyEntry

    sizes = {
        "partnerships": Partnership.objects.count(),
        "reviews": Review.objects.count(),
        "users": User.objects.count(),
        "chronology entries": ChronologyEntry.objects.count(),
    }
    try:
        from actionplans.models import PlanAction, Recommendation

        sizes["recommendations"] = Recommendation.objects.count()
        sizes["actions"] = PlanAction.objects.count()
    except ImportError:
        pass
    return sizes


def _postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return "PostgreSQL " + cursor.fetchone()[0]


def choose_people(review_reference: str | None) -> tuple:
    """The benchmark review and the four people (role label -> user)."""
    from django.db.models import Count

    from cases.models import Review
    from dhr.accounts.roles import Role
    from dhr.models import User
    from panels.models import ChronologyEntry

    managers = (
        User.objects.filter(role=Role.REVIEW_MANAGER, is_active=True)
        .annotate(reviews=Count("partnerships__reviews"))
        .order_by("-reviews", "pk")
    )
    manager = managers.first()
    if review_reference:
        review = Review.objects.get(reference=review_reference)
    else:
        busiest = (
            ChronologyEntry.objects.filter(
                version__request__review__partnership__in=manager.partnerships.all()
            )
            .values("version__request__review")
            .annotate(entries=Count("pk"))
            .order_by("-entries")
            .first()
        )
        review = (
            Review.objects.get(pk=busiest["version__request__review"])
            if busiest
            else Review.objects.filter(partnership__in=manager.partnerships.all()).first()
        )
    agency_row = (
        ChronologyEntry.objects.filter(version__request__review=review)
        .values("version__request__agency")
        .annotate(entries=Count("pk"))
        .order_by("-entries")
        .first()
    )
    agency_members = User.objects.filter(role=Role.AGENCY_MEMBER, is_active=True)
    if agency_row:
        agency_members = agency_members.filter(agency=agency_row["version__request__agency"])
    people = {
        "review manager": manager,
        "agency member": agency_members.order_by("pk").first(),
        "chair": review.chair
        or User.objects.filter(role=Role.CHAIR, is_active=True).order_by("pk").first(),
        "steering group": User.objects.filter(
            role=Role.STEERING_GROUP, is_active=True, partnerships=review.partnership
        )
        .order_by("pk")
        .first()
        or User.objects.filter(role=Role.STEERING_GROUP, is_active=True).order_by("pk").first(),
    }
    return review, {label: user for label, user in people.items() if user is not None}


def sign_in(user, created_devices: list) -> str:
    """A session key for ``user``, signed in and past two-factor, as the sign-in and the
    one-time code pages leave it (see the module's docstring)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="load benchmark", confirmed=True)
        created_devices.append(device.pk)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key


def candidate_pages(review) -> list[tuple[str, str]]:
    from django.urls import NoReverseMatch, reverse

    def url(name, **kwargs):
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            return None

    reviews = url("cases:list")
    chronology = url("panels:combined_chronology", reference=review.reference)
    pages = [
        ("review list, first page", reviews),
        # Past the end: Paginator.get_page answers with the last page.
        ("review list, last page", f"{reviews}?page=100000"),
        ("review list, filtered", f"{reviews}?stage=panel"),
        ("review list, searched", f"{reviews}?q=Generated"),
        ("review overview", url("cases:detail", reference=review.reference)),
        ("combined chronology, first page", chronology),
        ("combined chronology, last page", f"{chronology}?page=100000" if chronology else None),
        ("My work", url("deadlines:my_work")),
        ("dashboard", url("dhr:dashboard")),
        ("action plan", url("actionplans:plan", reference=review.reference)),
        (FLOOR, url("ping")),
    ]
    return [(label, address) for label, address in pages if address]


def count_queries(sessions: dict, pages: list) -> tuple[dict, dict, list]:
    """Opens every page as every person with Django's test client: which pages each may
    open (200), and each page's query count (label -> counts)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    allowed: dict = {}
    queries: dict = {}
    problems = []
    for person, key in sessions.items():
        client = Client(HTTP_HOST=HOST_HEADER)
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        allowed[person] = []
        for label, address in pages:
            # Twice: a page that keeps a snapshot (the dashboard) makes more queries when it
            # works the snapshot out than when it reads it; both counts are reported.
            for _ in range(2):
                try:
                    with CaptureQueriesContext(connection) as captured:
                        response = client.get(address, secure=True)
                except Exception as error:
                    problems.append(f"{person}: {label}: {type(error).__name__}: {error}")
                    break
                if response.status_code != 200:
                    if response.status_code >= 500:
                        problems.append(f"{person}: {label}: status {response.status_code}")
                    break
                queries.setdefault(label, []).append(len(captured.captured_queries))
            else:
                allowed[person].append((label, address))
    return allowed, queries, problems


# --- The server and the load --------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict, port: int, log: Path) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "--config",
        str(ROOT / "docker" / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        env["WEB_CONCURRENCY"],
        "dhr.wsgi:application",
    ]
    server = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: see {log}")
        try:
            _get(port, "/healthz")
            return server
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    stop_server(server)
    raise RuntimeError(f"gunicorn did not answer within a minute: see {log}")


def _get(port: int, address: str, cookie: str = "") -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{address}",
        headers={"X-Forwarded-Proto": "https", "Host": HOST_HEADER, "Cookie": cookie},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        response.read()
        return response.status


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # gunicorn's own process group (its workers)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def run_load(plan: dict, port: int, clients: int, duration: int, folder: Path) -> dict:
    plan_path = folder / "plan.json"
    plan_path.write_text(json.dumps(plan))
    prefix = folder / "locust"
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "tests" / "perf" / "locustfile.py"),
        "--headless",
        "--users",
        str(clients),
        "--spawn-rate",
        str(clients),
        "--run-time",
        f"{duration}s",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "10",
    ]
    subprocess.run(
        command,
        env=dict(os.environ, DHR_BENCH_PLAN=str(plan_path)),
        cwd=ROOT,
        check=False,  # Locust exits 1 when a request failed: the errors are in the report
        stdout=subprocess.DEVNULL,
        stderr=(folder / "locust.log").open("w"),
    )
    return read_locust_csv(Path(f"{prefix}_stats.csv"))


# --- The run ------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument(
        "--wait",
        default="1-2",
        help="seconds each client pauses between pages, as MIN-MAX (default 1-2); 0: none",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--data-set",
        choices=("demo", "generated", "national"),
        default="generated",
        help="what to load first: the demo, the demo and --reviews generated reviews, or "
        "the national data set at --scale",
    )
    parser.add_argument("--reviews", type=int, default=100)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--skip-seed", action="store_true", help="use the data already loaded")
    parser.add_argument("--review", help="the benchmark review's reference")
    parser.add_argument("--collectstatic", action="store_true", help="collect static again")
    parser.add_argument("--skip-spreadsheets", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each spreadsheet process")
    options = parser.parse_args(argv)

    env = dict(os.environ, **PRODUCTION_ENV)
    os.environ.update(PRODUCTION_ENV)
    say = (lambda *args: print(*args, file=sys.stderr, flush=True)) if options.json else print
    say("Loading the data set…" if not options.skip_seed else "Using the data already loaded.")
    _seed(options, env)
    _collect_static(env, options.collectstatic)

    import django

    django.setup()
    report: dict = {"machine": _machine()}
    report["machine"]["postgres"] = _postgres_version()
    report["data"] = _data_sizes()
    review, people = choose_people(options.review)
    created_devices: list = []
    sessions = {label: sign_in(user, created_devices) for label, user in people.items()}
    folder = Path(tempfile.mkdtemp(prefix="dhr-benchmark-"))
    server = None
    try:
        pages = candidate_pages(review)
        say(f"Counting queries of {len(pages)} pages as {', '.join(people)}…")
        allowed, queries, problems = count_queries(sessions, pages)
        plan = {
            "cookie_name": django.conf.settings.SESSION_COOKIE_NAME,
            "host_header": HOST_HEADER,
            "wait": _wait(options.wait),
            "people": [
                {"person": person, "session": sessions[person], "pages": allowed[person]}
                for person in people
                if allowed[person]
            ],
        }
        port = _free_port()
        say(f"Starting gunicorn (2 workers) on 127.0.0.1:{port}…")
        server = start_server(env, port, folder / "gunicorn.log")
        cookie = f"{django.conf.settings.SESSION_COOKIE_NAME}="
        for person in plan["people"]:  # each worker loads its templates before the clock runs
            for _label, address in person["pages"]:
                for _ in range(2):
                    _get(port, address, cookie + person["session"])
        say(f"Running {options.clients} clients for {options.duration} s…")
        stats = run_load(plan, port, options.clients, options.duration, folder)
        report["run"] = {
            "clients": options.clients,
            "duration_s": options.duration,
            "wait_s": plan["wait"],
            "requests_per_s": round(
                sum(page["requests"] for page in stats.values()) / options.duration, 1
            ),
            "workers": int(env["WEB_CONCURRENCY"]),
            "review": review.reference,
            "people": {person: user.email for person, user in people.items()},
            "pages_by_person": {
                person: [label for label, _ in pages] for person, pages in allowed.items()
            },
        }
        report["pages"] = page_rows(stats, queries)
        report["problems"] = problems
    finally:
        if server is not None:
            stop_server(server)
        _sign_out(sessions, created_devices)
    if not options.skip_spreadsheets:
        from tests.perf import spreadsheet_speed

        say("Spreadsheet comparisons…")
        agency = _agency_for(review)
        # With the project compiled to bytecode, as the production image has it (Dockerfile:
        # compileall): where PYTHONDONTWRITEBYTECODE is set, each dry run would otherwise
        # compile the project's modules from source again, which the bare read never does.
        report["spreadsheets"] = spreadsheet_speed.run(
            rows=10_000,
            repeat=options.repeat,
            reference=review.reference,
            agency=agency,
            compiled=True,
        )
    shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(report, indent=2) if options.json else format_report(report))
    for problem in report.get("problems", []):
        say("Problem:", problem)
    return 0


def _wait(text: str) -> list[float]:
    low, _, high = text.partition("-")
    return [float(low), float(high or low)]


def _agency_for(review) -> str:
    from dhr.models import Agency

    return Agency.objects.order_by("name").values_list("name", flat=True).first()


def _sign_out(sessions: dict, created_devices: list) -> None:
    from importlib import import_module

    from django.conf import settings
    from django_otp.plugins.otp_totp.models import TOTPDevice

    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in sessions.values():
        store(session_key=key).delete()
    TOTPDevice.objects.filter(pk__in=created_devices).delete()


if __name__ == "__main__":
    sys.exit(main())
