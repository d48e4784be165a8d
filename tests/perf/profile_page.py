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
        # As each gunicorn worker starts (docker/gunicorn.conf.py), after the first request.
        runpy.run_path(str(benchmark.ROOT / "docker" / "gunicorn.conf.py"))["post_worker_init"](
            None
        )
        times, cpu_times = [], []
        collections = _GarbageCollections()
        profiler = cProfile.Profile() if options.profile else None
        for _ in range(options.times):
            with CaptureQueriesContext(connection) as captured:
                start, cpu_start = time.perf_counter(), time.process_time()
                if profiler:
                    profiler.enable()
                client.get(address, secure=True)
                if profiler:
                    profiler.disable()
                times.append(time.perf_counter() - start)
                cpu_times.append(time.process_time() - cpu_start)
        sql_ms = sum(float(query["time"]) for query in captured.captured_queries) * 1000
        print(
            f"median {statistics.median(times) * 1000:.1f} ms, "
            f"min {min(times) * 1000:.1f} ms, this process's CPU "
            f"{statistics.median(cpu_times) * 1000:.1f} ms; "
            f"{len(captured.captured_queries)} queries, "
            f"{sql_ms:.1f} ms in them (last run)"
        )
        print(collections.summary(options.times))
        collections.stop()
        if options.sql:
            for query in captured.captured_queries:
                print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:300]}")
        if profiler:
            stats = pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative"))
            stats.print_stats(int(os.environ.get("TOP", 45)))
            if os.environ.get("CALLEES"):
                stats.print_callees(os.environ["CALLEES"])
    finally:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.filter(pk__in=created).delete()
    return 0


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
