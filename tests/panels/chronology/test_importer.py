"""Reading agency chronologies: messy files built here with openpyxl and csv, and the exact
errors and warnings (row numbers as the spreadsheet shows them) that each must give.

The first tests are pure (``panels.chronology.importer``, no database); the last ones go
through ``panels.contributions.services`` and check that a file with any error saves nothing.
"""

from datetime import date, datetime, time

import pytest
from django.db.models import Count

from panels.chronology import importer
from panels.chronology.importer import Sheet, read_chronology, read_sheet
from panels.contributions import services as contributions
from panels.models import ChronologyEntry, ContributionVersion, StagedChronology
from tests.panels.conftest import (
    HEADINGS,
    PERIOD_END,
    PERIOD_START,
    csv_bytes,
    csv_upload,
    good_rows,
    xlsx_bytes,
    xlsx_upload,
)

PERIOD = (PERIOD_START, PERIOD_END)


def messages(issues) -> list[str]:
    return [str(issue) for issue in issues]


def read_xlsx(rows, merged=(), **options):
    return read_chronology(read_sheet(xlsx_bytes(rows, merged=merged), "xlsx"), **options)


# --- A police spreadsheet: title rows, a two-row merged header, Excel dates, blank rows ------


POLICE_ROWS = [
    ["Kent Police: chronology of contacts", None, None, None, None, None, None],  # 1
    ["Prepared by the public protection unit", None, None, None, None, None, None],  # 2
    [],  # 3
    ["Date", "Time", "Details", None, "Comment", "Officer role", "Internal notes"],  # 4
    [None, None, "Event or contact", "Action or outcome", None, None, None],  # 5
    [datetime(2021, 3, 3, 14, 30), None, "999 call from a neighbour", "Attended", "", "PC", "x"],
    [44260, "09:15", "Follow-up visit", "DASH: medium", "", "PC", ""],  # 7: serial date
    ["07/03/21", "10:00", "Victim called the station", "Advice", "", "Call handler", ""],  # 8
    [],  # 9: blank
    ["31/02/2021", "11:00", "Visit", "", "", "PC", ""],  # 10: no such date
    ["12/03/2021", "12:00", None, "Referred to MARAC", "", "DS", ""],  # 11: no event
    ["01/06/2019", None, "Earlier call-out", "No further action", "", "PC", ""],  # 12: early
    ["07/03/21", "10:00", "Victim called the station", "Advice", "", "Call handler", ""],  # 13
    ["3rd March 2021", "2:30pm", "Letter sent", "", "", "Admin", ""],  # 14
    [None, None, None, None, None, None, "a note in an extra column only"],  # 15: blank to us
]
# The title spans the table; "Date", "Time", "Comment" and the rest span both header rows;
# "Details" spans the two columns whose sub-headings are in row 5.
POLICE_MERGED = ["A1:G1", "A4:A5", "B4:B5", "C4:D4", "E4:E5", "F4:F5", "G4:G5"]


def test_a_messy_police_spreadsheet_gives_exact_errors_and_warnings():
    result = read_xlsx(POLICE_ROWS, POLICE_MERGED, period=PERIOD)

    assert result.header.row_number == 5
    assert result.columns == {"date": 0, "time": 1, "event": 2, "action": 3, "comment": 4}
    assert result.ignored_columns == ["Officer role", "Internal notes"]
    assert messages(result.errors) == [
        "Row 10: The date “31/02/2021” is not a real date",
        "Row 11: The event or contact is missing",
    ]
    assert messages(result.warnings) == [
        "Row 12: The date 01/06/2019 is before the period under review (01/01/2021 to 10/01/2026)",
        "Row 13: This entry repeats row 8 (same date, time, reference and event)",
    ]
    assert [(e.row, e.date, e.time) for e in result.entries] == [
        (6, date(2021, 3, 3), time(14, 30)),  # an Excel date cell with its time
        (7, date(2021, 3, 5), time(9, 15)),  # serial number 44260
        (8, date(2021, 3, 7), time(10, 0)),  # dd/mm/yy
        (12, date(2019, 6, 1), None),
        (13, date(2021, 3, 7), time(10, 0)),
        (14, date(2021, 3, 3), time(14, 30)),  # "3rd March 2021", "2:30pm"
    ]
    assert not result.can_import


def test_the_same_file_without_its_bad_rows_can_be_imported():
    rows = [row for number, row in enumerate(POLICE_ROWS, start=1) if number not in (10, 11)]
    result = read_xlsx(rows, POLICE_MERGED, period=PERIOD)

    assert result.errors == []
    assert len(result.entries) == 6
    assert result.can_import


def test_a_date_merged_over_several_rows_belongs_to_each_of_them():
    rows = [
        HEADINGS,
        [datetime(2021, 4, 1), "09:00", "R1", "Home visit", "", "", "Nurse"],
        [None, "15:00", "R2", "Phone call", "", "", "Nurse"],
        ["02/04/2021", "", "R3", "Clinic", "", "", "Doctor"],
    ]
    result = read_xlsx(rows, ["A2:A3"])

    assert result.errors == []
    assert [(e.row, e.date) for e in result.entries] == [
        (2, date(2021, 4, 1)),
        (3, date(2021, 4, 1)),
        (4, date(2021, 4, 2)),
    ]


# --- CSV -----------------------------------------------------------------------------------------


def test_a_csv_with_title_rows_two_digit_years_and_a_bad_time():
    content = csv_bytes(
        [
            ["Kent Health Trust chronology"],  # 1
            ["Case Diana", "Prepared 1 April 2026"],  # 2
            [*HEADINGS, "Extra"],  # 3
            ["01/02/21", "08:00", "H1", "GP appointment", "Prescribed", "", "GP", "x"],  # 4
            ["", "", "", "", "", "", "", ""],  # 5
            ["2/2/21", "25:30", "H2", "A&E attendance", "", "", "Nurse", ""],  # 6
            ["03/02/2021 16:45", "", "H3", "Discharged", "", "", "Doctor", ""],  # 7
            ["Next Tuesday", "", "H4", "Review", "", "", "Doctor", ""],  # 8
            ["12/12/2026", "", "H5", "Appointment after the death", "", "", "", ""],  # 9
        ]
    )
    # Read on a fixed day after row 9's date, without the date of death: only the period.
    result = read_chronology(read_sheet(content, "txt"), period=PERIOD, today=date(2027, 1, 1))

    assert result.header.row_number == 3
    assert result.ignored_columns == ["Extra"]
    assert messages(result.errors) == [
        "Row 6: The time “25:30” is not a real time: use hh:mm, for example 14:30",
        "Row 8: The date “Next Tuesday” is not a date in a form we can read: use dd/mm/yyyy",
    ]
    assert messages(result.warnings) == [
        "Row 9: The date 12/12/2026 is after the period under review (01/01/2021 to 10/01/2026)"
    ]
    assert [(e.row, e.date, e.time) for e in result.entries] == [
        (4, date(2021, 2, 1), time(8, 0)),
        (7, date(2021, 2, 3), time(16, 45)),
        (9, date(2026, 12, 12), None),
    ]


def test_after_the_death_is_a_warning_and_in_the_future_an_error():
    rows = [
        HEADINGS,
        ["09/01/2026", "", "R1", "Visit the day before the death", "", "", "PC"],  # 2
        ["10/01/2026", "", "R2", "Call on the day of the death", "", "", "PC"],  # 3
        ["11/01/2026", "", "R3", "Letter after the death", "", "", "Admin"],  # 4
        ["01/04/2026", "", "R4", "File closed", "", "", "Admin"],  # 5: today
        ["02/04/2026", "", "R5", "Appointment booked for tomorrow", "", "", "GP"],  # 6
        ["01/01/2031", "", "R6", "A typing error", "", "", "GP"],  # 7
        ["01/12/2020", "", "R7", "Before the period", "", "", "PC"],  # 8
    ]
    result = read_xlsx(rows, period=PERIOD, date_of_death=PERIOD_END, today=date(2026, 4, 1))

    assert messages(result.errors) == [
        "Row 6: The date 02/04/2026 is in the future",
        "Row 7: The date 01/01/2031 is in the future",
    ]
    # After the death: said once (not also "after the period", which ends on that day).
    assert messages(result.warnings) == [
        "Row 4: The date 11/01/2026 is after the date of death (10/01/2026)",
        "Row 5: The date 01/04/2026 is after the date of death (10/01/2026)",
        "Row 8: The date 01/12/2020 is before the period under review (01/01/2021 to 10/01/2026)",
    ]
    assert [entry.row for entry in result.entries] == [2, 3, 4, 5, 8]
    assert not result.can_import

    without_future = [row for number, row in enumerate(rows, start=1) if number not in (6, 7)]
    allowed = read_xlsx(
        without_future, period=PERIOD, date_of_death=PERIOD_END, today=date(2026, 4, 1)
    )
    assert allowed.errors == []
    assert len(allowed.warnings) == 3
    assert allowed.can_import


def test_the_upload_checks_dates_against_the_reviews_death_and_today(panel):
    """The service passes the review's date of death and today's date: a future row refuses
    the import, a row after the death is imported with its warning."""
    from datetime import timedelta

    tomorrow = date.today() + timedelta(days=1)
    request = panel.ask()
    rows = [
        HEADINGS,
        *good_rows(2),
        ["15/01/2026", "", "R9", "Letter after the death", "", "", "Admin"],
        [f"{tomorrow:%d/%m/%Y}", "", "R10", "Booked ahead", "", "", "Admin"],
    ]
    staged = contributions.stage_chronology(
        request, by=panel.police_member, upload=csv_upload(rows)
    )
    result = contributions.preview(staged)
    assert messages(result.errors) == [f"Row 5: The date {tomorrow:%d/%m/%Y} is in the future"]
    assert messages(result.warnings) == [
        "Row 4: The date 15/01/2026 is after the date of death (10/01/2026)"
    ]
    with pytest.raises(contributions.ImportRefused):
        contributions.confirm_chronology(staged, by=panel.police_member)

    fixed = contributions.stage_chronology(
        request, by=panel.police_member, upload=csv_upload(rows[:-1])
    )
    version = contributions.confirm_chronology(fixed, by=panel.police_member)
    assert version.entry_count == 3


def test_a_csv_in_an_encoding_of_neither_kind_is_refused_with_advice():
    with pytest.raises(importer.UnreadableFile, match="CSV UTF-8"):
        read_sheet(b"\xef\xbb\xbfDate,Event\n01/02/2021,Caf\xe9 visit\n", "csv")


# --- 5,000 rows ----------------------------------------------------------------------------------


def test_five_thousand_rows_with_three_bad_ones():
    rows = [["Probation Service chronology"], HEADINGS]  # the header is row 2
    for index in range(5000):
        day = date(2021, 1, 1).toordinal() + index % 1500
        rows.append(
            [
                date.fromordinal(day).strftime("%d/%m/%Y"),
                f"{index % 24:02d}:{index % 60:02d}",
                f"P-{index}",
                f"Supervision contact {index}",
                "Recorded",
                "",
                "Probation officer",
            ]
        )
    rows[2 + 99][0] = "32/01/2021"  # spreadsheet row 102
    rows[2 + 2499][3] = ""  # row 2502: no event
    rows[2 + 4999][1] = "9.75"  # row 5002: not a time

    result = read_xlsx(rows, period=PERIOD)

    assert len(result.entries) == 4997
    assert messages(result.errors) == [
        "Row 102: The date “32/01/2021” is not a real date",
        "Row 2502: The event or contact is missing",
        "Row 5002: The time “9.75” is not a real time: use hh:mm, for example 14:30",
    ]
    assert result.warnings == []


# --- Headings that differ: the mapping step ---------------------------------------------------


AGENCY_OWN = [
    ["When", "What happened", "Result", "Worker"],
    ["01/03/2021", "Housing visit", "Repairs ordered", "Officer"],
]


def test_headings_that_are_not_ours_need_a_mapping():
    result = read_xlsx(AGENCY_OWN)  # neither date nor event is recognisable

    assert result.needs_mapping
    assert result.header.labels == ["When", "What happened", "Result", "Worker"]
    assert result.entries == []


def test_a_chosen_mapping_reads_the_agency_columns():
    chosen = {"date": "When", "event": "What happened", "action": "Result", "staff_role": "Worker"}
    result = read_xlsx(AGENCY_OWN, chosen=chosen)

    assert result.columns == {"date": 0, "event": 1, "action": 2, "staff_role": 3}
    assert result.chosen_labels == chosen
    assert [(e.event, e.action, e.staff_role) for e in result.entries] == [
        ("Housing visit", "Repairs ordered", "Officer")
    ]


def test_a_file_without_headings_or_entries_says_so():
    no_header = read_chronology(Sheet([["01/03/2021"], ["02/03/2021"]]))
    assert messages(no_header.errors) == [
        "The file has no row of column headings: use the chronology template"
    ]
    no_entries = read_chronology(Sheet([["Title"], HEADINGS, [], []]))
    assert messages(no_entries.errors) == ["There are no entries below the column headings (row 2)"]


def test_too_long_values_are_errors():
    rows = [HEADINGS, ["01/03/2021", "", "R" * 201, "Visit", "", "", "S" * 151]]
    result = read_xlsx(rows)
    assert messages(result.errors) == [
        "Row 2: The agency record reference is longer than 200 characters",
        "Row 2: The staff role is longer than 150 characters",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("03/04/2021", (date(2021, 4, 3), None)),  # day first, always
        ("3/4/21", (date(2021, 4, 3), None)),
        ("03-04-2021", (date(2021, 4, 3), None)),
        ("03.04.2021", (date(2021, 4, 3), None)),
        ("2021-04-03", (date(2021, 4, 3), None)),
        ("3rd April 2021", (date(2021, 4, 3), None)),
        ("1st of April 2021", (date(2021, 4, 1), None)),
        ("22 Sept 21", (date(2021, 9, 22), None)),
        ("03-Apr-21", (date(2021, 4, 3), None)),
        ("April 3rd, 2021", (date(2021, 4, 3), None)),
        ("03/04/1999", (date(1999, 4, 3), None)),
        ("03/04/69", (date(1969, 4, 3), None)),  # two-digit years: 69 to 99 are 19xx
        ("03/04/2021 14:05", (date(2021, 4, 3), time(14, 5))),
        ("44289", (date(2021, 4, 3), None)),
        (44289.75, (date(2021, 4, 3), time(18, 0))),
        (datetime(2021, 4, 3, 0, 0), (date(2021, 4, 3), None)),
        (date(2021, 4, 3), (date(2021, 4, 3), None)),
    ],
)
def test_dates_agencies_write(value, expected):
    assert importer.parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "The date is missing"),
        ("29/02/2021", "The date “29/02/2021” is not a real date"),
        ("3rd Smarch 2021", "The date “3rd Smarch 2021” is not a date in a form we can read"),
        (2021, "The date “2021” is not a date in a form we can read"),  # a year, not a serial
        ("04/2021", "The date “04/2021” is not a date in a form we can read"),
    ],
)
def test_dates_that_are_refused(value, message):
    with pytest.raises(importer._Invalid) as refused:
        importer.parse_date(value)
    assert str(refused.value).startswith(message)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("14:30", time(14, 30)),
        ("14.30", time(14, 30)),
        ("1430", time(14, 30)),
        ("0905 hrs", time(9, 5)),
        ("2:30pm", time(14, 30)),
        ("12am", time(0, 0)),
        ("12 pm", time(12, 0)),
        (0.25, time(6, 0)),
        (time(7, 45, 30), time(7, 45)),
        ("", None),
    ],
)
def test_times_agencies_write(value, expected):
    assert importer.parse_time(value) == expected


# --- Through the service: all or nothing -------------------------------------------------------


def _counts():
    return (
        ContributionVersion.objects.count(),
        ChronologyEntry.objects.count(),
    )


def test_an_import_with_one_bad_row_saves_nothing(panel):
    request = panel.ask()
    rows = [HEADINGS, *good_rows(4)]
    rows[3][0] = "30/02/2021"  # spreadsheet row 4
    staged = contributions.stage_chronology(
        request, by=panel.police_member, upload=xlsx_upload(rows)
    )
    before = _counts()

    with pytest.raises(contributions.ImportRefused) as refused:
        contributions.confirm_chronology(staged, by=panel.police_member)

    assert messages(refused.value.result.errors) == [
        "Row 4: The date “30/02/2021” is not a real date"
    ]
    assert str(refused.value) == (
        "The file has 1 error: nothing was imported. Fix the rows and upload the file again."
    )
    assert _counts() == before
    assert StagedChronology.objects.filter(pk=staged.pk).exists()  # still there to fix
    request.refresh_from_db()
    assert request.status == "requested"


def test_a_corrected_file_replaces_the_staged_one_and_imports(panel, media_root):
    request = panel.ask()
    bad = [HEADINGS, *good_rows(4)]
    bad[2][3] = ""
    first = contributions.stage_chronology(request, by=panel.police_member, upload=csv_upload(bad))
    second = contributions.stage_chronology(
        request, by=panel.police_member, upload=csv_upload([HEADINGS, *good_rows(4)])
    )

    version = contributions.confirm_chronology(second, by=panel.police_member, note="Fixed row 3")

    assert not StagedChronology.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert version.entry_count == 4
    assert version.content_type == "text/csv"
    assert version.file.name.endswith(".csv")
    assert "chronology" not in version.file.name  # stored under a random name
    assert version.entries.aggregate(n=Count("pk"))["n"] == 4
    assert sorted(version.entries.values_list("row_number", flat=True)) == [2, 3, 4, 5]


def test_a_mapping_is_remembered_for_the_agency(panel):
    request = panel.ask()
    staged = contributions.stage_chronology(
        request, by=panel.police_member, upload=xlsx_upload(AGENCY_OWN)
    )
    assert contributions.preview(staged).needs_mapping
    contributions.choose_columns(
        staged, by=panel.police_member, chosen={"date": "When", "event": "What happened"}
    )
    contributions.confirm_chronology(staged, by=panel.police_member)

    again = contributions.stage_chronology(
        request, by=panel.police_member, upload=xlsx_upload(AGENCY_OWN, name="second.xlsx")
    )
    result = contributions.preview(again)

    assert not result.needs_mapping
    # "Result" and "Worker" are variants of our headings; the rest was remembered.
    assert result.columns == {"date": 0, "event": 1, "action": 2, "staff_role": 3}
    assert contributions.saved_columns(panel.police) == {
        "date": "When",
        "event": "What happened",
        "action": "Result",
        "staff_role": "Worker",
    }


def test_a_program_renamed_as_a_spreadsheet_is_refused(panel, media_root):
    request = panel.ask()
    fake = xlsx_upload([HEADINGS])
    fake.file.seek(0)
    fake.file.write(b"MZ\x90\x00" + b"\x00" * 100)
    fake.file.truncate()
    fake.size = 104
    fake.file.seek(0)
    with pytest.raises(contributions.TransitionRefused, match="Excel"):
        contributions.stage_chronology(request, by=panel.police_member, upload=fake)
    assert not any(media_root.rglob("*.*"))
