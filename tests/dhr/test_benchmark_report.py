"""The load benchmark's report (tests/perf/benchmark.py, run on purpose, not by the suite):
its table and its multiples of the floor page are right, without starting a server."""

from tests.perf.benchmark import (
    FLOOR,
    describe_floor_wait,
    format_report,
    page_rows,
    read_locust_csv,
)

STATS = {
    FLOOR: {"p50_ms": 10.0, "p95_ms": 20.0, "max_ms": 30.0, "requests": 100, "errors": 0},
    "My work": {"p50_ms": 30.0, "p95_ms": 70.0, "max_ms": 90.0, "requests": 90, "errors": 2},
    "dashboard": {"p50_ms": 20.0, "p95_ms": 40.0, "max_ms": 50.0, "requests": 80, "errors": 0},
}


def test_each_page_gets_its_multiple_of_the_floor_and_its_queries():
    rows = page_rows(STATS, {"My work": [9, 12, 9], "dashboard": [25], FLOOR: [6]})

    assert [row["page"] for row in rows] == ["My work", "dashboard", FLOOR]  # floor last
    assert [row["p95_multiple"] for row in rows] == [3.5, 2.0, 1.0]
    assert [row["queries"] for row in rows] == ["9-12", "25", "6"]


def test_the_table_names_the_pages_that_miss_and_counts_the_errors():
    text = format_report({"pages": page_rows(STATS, {})})

    assert "3.5x !" in text
    assert "missed by: My work." in text
    assert "Errors: 2." in text


def test_the_report_says_whether_the_floors_slowest_requests_waited():
    def floor_at(p95):
        return page_rows(dict(STATS, **{FLOOR: dict(STATS[FLOOR], p95_ms=p95)}), {})

    assert "hardly waited" in format_report({"pages": floor_at(12.0)})  # p50 10 ms
    some = describe_floor_wait(floor_at(20.0))
    assert some.startswith("The floor's p95 (20 ms) is 2.0x its p50 (10 ms): some of its")
    assert "waited for a worker behind other pages" in describe_floor_wait(floor_at(38.0))
    assert describe_floor_wait([]) == ""


def test_locust_statistics_are_read_from_its_csv(tmp_path):
    path = tmp_path / "locust_stats.csv"
    path.write_text(
        "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
        "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
        "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n"
        "GET,My work,90,2,30,35,5,90.5,1000,3,0,30,40,50,55,60,70,80,85,90,90,90\n"
        ",Aggregated,90,2,30,35,5,90.5,1000,3,0,30,40,50,55,60,70,80,85,90,90,90\n"
    )

    assert read_locust_csv(path) == {
        "My work": {"p50_ms": 30.0, "p95_ms": 70.0, "max_ms": 90.5, "requests": 90, "errors": 2}
    }
