"""The gaps-and-clusters summary of the combined chronology runs over the period under review
only: entries dated after the death (allowed, with a warning, at import) are counted apart and
never stretch it, so real months do not all turn into clusters."""

import html
import re
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from panels.chronology import combined
from panels.contributions import services as contributions
from tests.panels.conftest import HEADINGS, PERIOD_END, PERIOD_START, csv_upload


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def rows_of_summary(response) -> list[tuple[str, int]]:
    table = response.content.decode().split('id="period-counts"')[1].split("</table>")[0]
    return [
        (label, int(count))
        for label, count in re.findall(
            r"<th scope=\"row\"[^>]*>([^<]+)</th>\s*<td[^>]*>(\d+)<", table
        )
    ]


def test_the_summary_spans_the_period_under_review_only(panel, client):
    request = panel.ask()
    rows = [
        HEADINGS,
        *[[f"{d:02d}/03/2021", "", f"P{d}", f"Call {d}", "", "", "PC"] for d in range(1, 5)],
        ["05/06/2021", "", "P10", "Visit", "", "", "PC"],
        ["20/02/2026", "", "P11", "Letter after the death", "", "", "Admin"],
        ["03/08/2026", "", "P12", "File closed after the death", "", "", "Admin"],
    ]
    panel.import_chronology(request, csv_upload(rows))
    client.force_login(panel.manager)

    page = client.get(reverse("panels:combined_chronology", args=[panel.review.reference]))

    summary = rows_of_summary(page)
    # 01/01/2021 to 10/01/2026: January 2021 to January 2026, 61 months, none after the death.
    assert summary[0] == ("January 2021", 0)
    assert summary[-1] == ("January 2026", 0)
    assert len(summary) == 61
    assert ("March 2021", 4) in summary
    assert ("June 2021", 1) in summary
    assert sum(count for _, count in summary) == 5
    body = text(page)
    assert (
        "Over the period under review, 01/01/2021 to 10/01/2026. "
        "2 entries are dated outside it and not counted here." in body
    )
    assert "Entries per month: 59 with none" in body
    # Only the real cluster is marked; the entries after the death are still listed.
    assert body.count("Cluster") == 1
    assert "File closed after the death" in body


def test_period_counts_never_reach_beyond_the_bounds(panel):
    request = panel.ask()
    panel.import_chronology(
        request,
        csv_upload(
            [
                HEADINGS,
                ["01/12/2020", "", "A", "Before the period", "", "", ""],
                ["02/02/2021", "", "B", "In the period", "", "", ""],
                ["01/11/2026", "", "C", "After the death", "", "", ""],
            ]
        ),
    )
    entries = combined.submitted_entries(panel.review)
    assert combined.summary_bounds(panel.review) == (PERIOD_START, PERIOD_END)

    counts = combined.period_counts(entries, (date(2021, 1, 1), date(2021, 3, 31)))
    assert [(p.label, p.count, p.is_gap) for p in counts] == [
        ("January 2021", 0, True),
        ("February 2021", 1, False),
        ("March 2021", 0, True),
    ]
    # With the count of every entry, outside the bounds too (the page's), from the same query.
    assert combined.counted_periods(entries, (date(2021, 1, 1), date(2021, 3, 31))) == (
        counts,
        3,
    )
    assert combined.counted_periods(entries)[1] == 3
    # Open at the start (no terms of reference yet): the entries' span, up to the death.
    open_start = combined.period_counts(entries, (None, PERIOD_END))
    assert (open_start[0].label, open_start[-1].label) == ("December 2020", "January 2026")


def test_the_counts_are_kept_until_the_reviews_versions_change(panel, client):
    rows = [[f"{d:02d}/03/2021", "", f"P{d}", f"Call {d}", "", "", "PC"] for d in range(1, 5)]
    panel.import_chronology(panel.ask(), csv_upload([HEADINGS, *rows]))
    client.force_login(panel.manager)
    address = reverse("panels:combined_chronology", args=[panel.review.reference])

    def total_and_queries(**query):
        with CaptureQueriesContext(connection) as captured:
            page = client.get(address, query)
        return sum(count for _, count in rows_of_summary(page)), len(captured)

    first, worked_out = total_and_queries()
    again, kept = total_and_queries()
    assert (first, again) == (4, 4)
    assert kept == worked_out - 1  # the pass over the entries is not made again

    health = panel.ask(agency=panel.health)
    panel.import_chronology(health, csv_upload([HEADINGS, *rows[:3]]), submit=False)
    assert total_and_queries()[0] == 4  # a draft is not in the combined chronology
    contributions.submit_to_panel(health, by=panel.member_of(panel.health))
    assert total_and_queries()[0] == 7  # a newly submitted version: counted at once
    assert total_and_queries(agency=panel.health.pk)[0] == 3  # a filter has its own counts


def test_the_page_reads_the_current_versions_once_for_its_counts_and_its_agencies(panel):
    rows = [["01/03/2021", "", "P1", "Call", "", "", "PC"]]
    panel.import_chronology(panel.ask(), csv_upload([HEADINGS, *rows]))
    health = panel.ask(agency=panel.health)
    panel.import_chronology(health, csv_upload([HEADINGS, *rows]), submit=False)  # a draft
    review, bounds = panel.review, combined.summary_bounds(panel.review)
    versions = combined.current_versions(review)
    assert [(v.agency_id, v.agency_name, v.has_entries) for v in versions] == [
        (panel.police.pk, panel.police.name, True)
    ]

    counted = combined.kept_counted_periods(review, combined.Filters(), bounds)
    # Given the versions, the same kept counts come back without asking the database again.
    with CaptureQueriesContext(connection) as captured:
        again = combined.kept_counted_periods(review, combined.Filters(), bounds, versions)
    assert (again, len(captured)) == (counted, 0)
    assert combined.agencies_with_entries(review, versions) == [
        (panel.police.pk, panel.police.name)
    ]
