"""The shared column matcher of the spreadsheet imports (``dhr.files.columns``), as the
chronology and the action-plan imports use it."""

import pytest

from actionplans.recommendations import importer as plan_importer
from dhr.files.columns import (
    Column,
    ColumnOptionError,
    match_columns,
    missing_columns,
    parse_column_options,
)
from dhr.files.forms import ColumnsForm
from panels.chronology import importer as chronology_importer

COLUMNS = (
    Column("date", "Date", required=True, aliases=("date of contact",)),
    Column("event", "Event or contact", required=True, aliases=("event", "description")),
    Column("comment", "Comment", aliases=("notes",)),
)


def test_chosen_headings_first_then_ours_and_their_variants_each_column_once():
    labels = ["Date of contact", "What happened", "Notes", "Description"]
    assert match_columns(labels, COLUMNS) == {"date": 0, "comment": 2, "event": 3}
    chosen = {"event": "what happened", "comment": "Not in this file", "other": "Notes"}
    assert match_columns(labels, COLUMNS, chosen) == {"event": 1, "date": 0, "comment": 2}
    # A column chosen for one field is not taken again by another's heading.
    assert match_columns(["Notes", "Date"], COLUMNS, {"event": "Notes"}) == {"event": 0, "date": 1}
    assert [c.name for c in missing_columns({"date": 0}, COLUMNS)] == ["event"]


def test_both_imports_match_with_the_shared_matcher():
    header = chronology_importer.Header(1, ["Date", "Event", "Staff"])
    assert chronology_importer.match_columns(header) == {"date": 0, "event": 1, "staff_role": 2}
    assert chronology_importer.Column is Column
    labels = ["Ref", "Finding", "Actions", "Responsible agency", "Deadline"]
    assert match_columns(labels, plan_importer.COLUMNS, {"recommendation": "Finding"}) == {
        "recommendation": 1,
        "number": 0,
        "action": 2,
        "lead_agency": 3,
        "target_date": 4,
    }


def test_column_options_of_the_commands():
    assert parse_column_options(
        ["lead_agency=Responsible org", "Target date = Complete by "], plan_importer.COLUMNS
    ) == {"lead_agency": "Responsible org", "target_date": "Complete by"}
    with pytest.raises(ColumnOptionError, match="write --column FIELD=HEADING"):
        parse_column_options(["lead_agency"], plan_importer.COLUMNS)
    with pytest.raises(ColumnOptionError, match="“owner” is not one of the fields: number, "):
        parse_column_options(["owner=Name"], plan_importer.COLUMNS)


def test_the_form_refuses_a_column_used_twice_and_requires_the_required():
    form = ColumnsForm({"date": "When", "event": "When"}, labels=["When", "What"], columns=COLUMNS)
    assert not form.is_valid()
    assert form.errors["event"] == ["“When” is already used for date"]
    form = ColumnsForm({"date": "When"}, labels=["When", "What"], columns=COLUMNS)
    assert form.errors["event"] == ["Select the column that holds the event or contact"]
    form = ColumnsForm({"date": "When", "event": "What"}, labels=["When", "What"], columns=COLUMNS)
    assert form.is_valid()
    assert form.cleaned_data == {"date": "When", "event": "What", "comment": ""}
