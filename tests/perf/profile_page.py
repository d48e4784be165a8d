"""Where one page's time goes, for the pages of the load benchmark (not a test).

    .venv/bin/python tests/perf/profile_page.py "combined chronology, first page" \
        [--person "review manager"] [--times 20] [--profile] [--sql]

Signs in as the benchmark does (``benchmark.choose_people``, ``benchmark.sign_in``), opens the
page once to warm the caches, then ``--times`` more times with Django's test client in this
process, under the production settings (after the first request, the process freezes what it
holds out of the garbage collector's reach, as each gunicorn worker does), and prints the
median wall time, this process's CPU time (steadier on a shared machine), the garbage
collections, the queries and the time spent in them. ``--profile``
adds cProfile's top functions by cumulative time (``TOP=n`` of them; ``CALLEES=name`` what
that function called); ``--sql`` lists each query with its time. The static files must have
been collected into ``var/bench-static`` (the benchmark does it on its first run).
"""

import argparse
import cProfile
import gc
import os
import pstats
import runpy
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import benchmark  # noqa: E402  (sets sys.path to the project root)

for name, value in benchmark.PRODUCTION_ENV.items():
    os.environ.setdefault(name, value)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", help="a page's label in the benchmark's table, or an address")
    parser.add_argument("--person", default="review manager")
    parser.add_argument("--times", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sql", action="store_true")
    options = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    review, people = benchmark.choose_people(None)
    pages = dict(benchmark.candidate_pages(review))
    address = pages.get(options.page, options.page)  # a label, or an address
    created: list = []
    client = Client(HTTP_HOST=benchmark.HOST_HEADER)
    client.cookies[settings.SESSION_COOKIE_NAME] = benchmark.sign_in(
        people[options.person], created
    )
    try:
        response = client.get(address, secure=True)
        print(f"{options.page} as the {options.person}: {address} -> {response.status_code}")
        # As gunicorn's master does before it forks the workers (docker/gunicorn.conf.py).
        runpy.run_path(str(benchmark.ROOT / "docker" / "gunicorn.conf.py"))["pre_fork"](None, None)
        times, cpu_times = [], []
        collections = _GarbageCollections()
        profiler = cProfile.Profile() if options.profile else None
        timer = _QueryTimer()
        for _ in range(options.times):
            timer.next_request()
            with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
                start, cpu_start = time.perf_counter(), time.process_time()
                if profiler:
                    profiler.enable()
                client.get(address, secure=True)
                if profiler:
                    profiler.disable()
                times.append(time.perf_counter() - start)
                cpu_times.append(time.process_time() - cpu_start)
        sql_ms = timer.total_ms()
        print(
            f"median {statistics.median(times) * 1000:.1f} ms, "
            f"min {min(times) * 1000:.1f} ms, this process's CPU "
            f"{statistics.median(cpu_times) * 1000:.1f} ms; "
            f"{len(captured.captured_queries)} queries, "
            f"{sql_ms:.1f} ms in them (median)"
        )
        print(collections.summary(options.times))
        collections.stop()
        if options.sql:
            print("\n".join(timer.report()))
        if profiler:
            stats = pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative"))
            stats.print_stats(int(os.environ.get("TOP", 45)))
            if os.environ.get("CALLEES"):
                stats.print_callees(os.environ["CALLEES"])
    finally:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.filter(pk__in=created).delete()
    return 0


class _QueryTimer:
    """Each query's time, from Django's execute wrapper to the rows' arrival (the debug cursor
    rounds to whole milliseconds): ``runs`` holds one list of (sql, seconds) per request."""

    def __init__(self):
        self.runs: list[list[tuple[str, float]]] = []

    def next_request(self):
        self.runs.append([])

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.runs[-1].append((sql, time.perf_counter() - start))

    def total_ms(self) -> float:
        return statistics.median(sum(t for _sql, t in run) for run in self.runs) * 1000

    def report(self) -> list[str]:
        """The last request's queries, each with its median time over the requests."""
        last = self.runs[-1]
        same = [run for run in self.runs if len(run) == len(last)]
        return [
            f"  {statistics.median(run[i][1] for run in same) * 1000:6.2f} ms  {sql[:300]}"
            for i, (sql, _seconds) in enumerate(last)
        ]


class _GarbageCollections:
    """Python's garbage collections while the page is opened: how many of each generation, and
    the time they took (a full collection walks every object the process holds)."""

    def __init__(self):
        self.counts = [0, 0, 0]
        self.seconds = 0.0
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase, info):
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.counts[info["generation"]] += 1
            self.seconds += time.perf_counter() - self._started

    def stop(self):
        gc.callbacks.remove(self._callback)

    def summary(self, requests: int) -> str:
        young, middle, full = self.counts
        return (
            f"garbage collections in {requests} requests: {young} young, {middle} middle, "
            f"{full} full; {self.seconds * 1000:.1f} ms in all"
        )


if __name__ == "__main__":
    sys.exit(main())
