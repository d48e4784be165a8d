"""The Locust users of ``tests/perf/benchmark.py`` (not run on its own).

``benchmark.py`` writes a plan (JSON) and names it in ``DHR_BENCH_PLAN``: for each signed-in
user, the session cookie to send and the pages (label and address) that the user's role may
open, and the pause between pages. Each Locust user takes one of those users in turn and opens
its pages at random, one after the other.
Requests are named by the page's label, so the statistics are per page whoever asked.
"""

import itertools
import json
import os
import random

from locust import FastHttpUser, between, constant, task

with open(os.environ["DHR_BENCH_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)

_NEXT_PERSON = itertools.cycle(range(len(PLAN["people"])))


_WAIT = [float(seconds) for seconds in PLAN.get("wait", [0, 0])]


class SignedInUser(FastHttpUser):
    # The pause between one page's arrival and the next request (``--wait``): a person reading
    # and clicking on; none (a closed loop, as heavy as the server allows) with "0".
    wait_time = between(*_WAIT) if _WAIT[1] > 0 else constant(0)

    def on_start(self):
        person = PLAN["people"][next(_NEXT_PERSON)]
        self.pages = person["pages"]
        self.headers = {
            "Cookie": f"{PLAN['cookie_name']}={person['session']}",
            # As the proxy in front of gunicorn says (docker/gunicorn.conf.py believes
            # 127.0.0.1): the production settings redirect plain http to https.
            "X-Forwarded-Proto": "https",
            "Host": PLAN["host_header"],
        }

    @task
    def open_a_page(self):
        label, url = random.choice(self.pages)  # noqa: S311 (load, not security)
        with self.client.get(
            url, name=label, headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
