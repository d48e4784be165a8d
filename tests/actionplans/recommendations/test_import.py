"""Importing an existing action plan from messy XLSX and CSV files built here: title rows,
merged recommendation cells over their action rows, mixed UK dates, blank rows; exact errors
with the spreadsheet's row numbers; all or nothing; the command."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from actionplans.models import PlanAction, PlanColumnMapping, Recommendation, StagedActionPlan
from actionplans.recommendations import importer
from cases.models import Deadline, DeadlineKind, Stage
from tests.dhr.factories import AgencyFactory

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Rec no",
    "Recommendation",
    "Action",
    "Lead agency",
    "Target date",
    "Progress / evidence",
    "RAG",
]


@pytest.fixture
def agencies(db):
    names = ["Kent Police", "Kent and Medway ICB", "Swale Borough Council Housing"]
    return {name: AgencyFactory(name=name) for name in names}


def messy_xlsx(rows_after_header=None) -> bytes:
    """Kent's plan as the partnership keeps it: two title rows and a blank row above the
    headings (row 4), recommendation cells merged down over their actions, mixed dates, blank
    rows between the recommendations."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Domestic Homicide Review: Case Diana (DHR-SWA-2019-002)"])
    sheet.append(["Action plan, as agreed by the CSP board, March 2021"])
    sheet.append([])
    sheet.append(HEADINGS)  # row 4
    rows = rows_after_header or [
        # row 5-7: recommendation 1, merged over three actions
        [
            1,
            "Officers should complete a DASH risk assessment at every incident.",
            "Refresh DASH training for response officers",
            "Kent Police",
            date(2021, 9, 30),
            "Training delivered to 420 officers",
            "Blue",
        ],
        [
            None,
            None,
            "Quarterly audit of DASH completion",
            "kent police",
            "31/12/2021",
            "",
            "Green",
        ],
        [None, None, "Supervisor checklist", "Kent Police", "3rd March 2022", "", "Red"],
        [],  # row 8: blank
        # rows 9-10: recommendation 2, merged over two actions
        [
            2,
            "GPs should be able to refer to the MARAC.",
            "Write the referral pathway",
            "Kent and Medway ICB",
            "01.06.22",
            "Pathway published",
            "Complete",
        ],
        [None, None, "Audit GP referrals", "Kent and Medway ICB", "2022-12-31", "", "Amber"],
        [],
        # row 12: recommendation 3, one action
        [
            "3",
            "Housing should flag tenancies where abuse is reported.",
            "Add a flag to the housing system",
            "Swale Borough Council Housing",
            "30 Sep 22",
            "The supplier could not add the flag",
            "Not completed",
        ],
        # rows 13-15: recommendation 4, merged over three actions
        [
            4,
            "The partnership should run coercive control training.",
            "Commission training",
            "Swale Borough Council Housing",
            44742,
            "",
            "In progress",
        ],
        [None, None, "Evaluate the training", "Kent Police", "31/03/2023", "", ""],
        [None, None, "Report to the board", "Kent Police", "30/06/23", "", "Superseded"],
    ]
    for row in rows:
        sheet.append(row)
    # The recommendation number and text merged down over their action rows.
    for first, last in ((5, 7), (9, 10), (13, 15)):
        if rows_after_header is None:
            sheet.merge_cells(start_row=first, start_column=1, end_row=last, end_column=1)
            sheet.merge_cells(start_row=first, start_column=2, end_row=last, end_column=2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_messy_workbook_is_read_whole(agencies):
    result = importer.read_plan(messy_xlsx(), "xlsx")
    assert result.errors == []
    assert result.counts() == "4 recommendations, 9 actions"
    assert result.header_row == 4
    assert [(rec.number, rec.row, len(rec.actions)) for rec in result.recommendations] == [
        (1, 5, 3),
        (2, 9, 2),
        (3, 12, 1),
        (4, 13, 3),
    ]
    dates = [action.target_date for rec in result.recommendations for action in rec.actions]
    assert dates == [
        date(2021, 9, 30),
        date(2021, 12, 31),
        date(2022, 3, 3),
        date(2022, 6, 1),
        date(2022, 12, 31),
        date(2022, 9, 30),
        date(2022, 6, 30),  # Excel serial 44742
        date(2023, 3, 31),
        date(2023, 6, 30),
    ]
    statuses = [action.status for rec in result.recommendations for action in rec.actions]
    assert statuses == [
        "completed",
        "in_progress",
        "not_started",
        "completed",
        "in_progress",
        "not_completed",
        "in_progress",
        "not_started",
        "superseded",
    ]
    assert result.recommendations[1].actions[0].agency == agencies["Kent and Medway ICB"]


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


MESSY_CSV = """Action plan: Case Ellen,,,,,
,,,,,
Recommendation,Action,Lead agency,Target date,Progress / evidence,Status
"1. Police should record coercive control.",Update the crime guidance,Kent Police,31/02/2022,,Open
,Train call handlers,Kent Polise,01/07/2022,,
,,,,,
"2. Health should ask about abuse.",Add a routine question,Kent and Medway ICB,,,
,Audit the question,Kent and Medway ICB,sometime in 2023,,Pending
"3) Housing should share tenancy concerns.",,,,,
"""


def test_every_error_and_warning_by_row(agencies):
    result = importer.read_plan(csv_bytes(MESSY_CSV), "csv")
    assert [str(issue) for issue in result.errors] == [
        "Row 4: Target date: The date “31/02/2022” is not a real date",
        "Row 5: The lead agency “Kent Polise” is not an agency of the system: "
        "correct the name or ask an administrator to add the agency",
        "Row 7: The target date is missing",
        "Row 8: Target date: The date “sometime in 2023” is not a date in a form we can read: "
        "use dd/mm/yyyy",
    ]
    assert [str(issue) for issue in result.warnings] == [
        "Row 8: The status “Pending” is not one we know: the action is imported as not started",
        "Row 9: The recommendation has no action: add its actions after",
    ]
    assert [rec.number for rec in result.recommendations] == [1, 2, 3]
    assert not result.can_import


def test_missing_columns_and_unreadable_files(agencies):
    result = importer.read_plan(csv_bytes("Recommendation,Progress\nA,B\n"), "csv")
    assert [str(issue) for issue in result.errors] == [
        "The headings (row 1) have no “Action”, “Lead agency”, “Target date” column: "
        "name the columns Recommendation, Action, Lead agency and Target date"
    ]
    broken = importer.read_plan(b"PK\x03\x04 not really a workbook", "xlsx")
    assert [str(issue) for issue in broken.errors] == [
        "The selected file could not be read as an Excel workbook"
    ]


def test_an_import_saves_everything_with_deadlines(cast, agencies, review_manager):
    review = cast.walk_to(Stage.COMMISSIONED)
    result = importer.read_plan(messy_xlsx(), "xlsx")
    assert importer.import_plan(review, result, by=review_manager) == "4 recommendations, 9 actions"
    assert list(review.recommendations.values_list("number", "status")) == [
        (1, "agreed"),
        (2, "agreed"),
        (3, "agreed"),
        (4, "agreed"),
    ]
    actions = PlanAction.objects.filter(review=review)
    assert actions.count() == 9
    open_deadlines = Deadline.objects.open().filter(kind=DeadlineKind.PLAN_ACTION, review=review)
    assert open_deadlines.count() == 5  # 9 minus 2 completed, 1 not completed, 1 superseded
    not_completed = actions.get(status="not_completed")
    assert not_completed.status_reason == "The supplier could not add the flag"


def test_the_command_is_all_or_nothing_and_replaces(cast, agencies, tmp_path):
    review = cast.walk_to(Stage.COMMISSIONED)
    bad = tmp_path / "plan.csv"
    bad.write_bytes(csv_bytes(MESSY_CSV))
    out = io.StringIO()
    with pytest.raises(CommandError, match="4 errors: nothing was imported"):
        call_command("import_action_plan", review.reference, str(bad), stdout=out)
    printed = out.getvalue()
    assert printed.startswith("3 recommendations, 4 actions\n")
    assert "Error: Row 5: The lead agency “Kent Polise” is not an agency" in printed
    assert not review.recommendations.exists()

    good = tmp_path / "plan.xlsx"
    good.write_bytes(messy_xlsx())
    out = io.StringIO()
    call_command("import_action_plan", review.reference, str(good), "--dry-run", stdout=out)
    assert out.getvalue().startswith("4 recommendations, 9 actions\n")
    assert not review.recommendations.exists()
    call_command("import_action_plan", review.reference, str(good), stdout=io.StringIO())
    assert review.recommendations.count() == 4
    with pytest.raises(CommandError, match="already has recommendation 1, 2, 3, 4"):
        call_command("import_action_plan", review.reference, str(good), stdout=io.StringIO())
    first_ids = set(review.recommendations.values_list("pk", flat=True))
    call_command(
        "import_action_plan", review.reference, str(good), "--replace", stdout=io.StringIO()
    )
    assert review.recommendations.count() == 4
    assert first_ids.isdisjoint(review.recommendations.values_list("pk", flat=True))
    # The replaced recommendations are kept in the history.
    deleted = Recommendation.history.filter(review_id=review.pk, history_type="-")
    assert deleted.count() == 4


def xlsx_upload(content: bytes, name="plan.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_the_import_page_stages_previews_then_imports(cast, agencies, client):
    """The file is uploaded once: its cells are kept on the server, the preview and the
    confirmation name the staged row (nothing travels back through the browser)."""
    review = cast.walk_to(Stage.COMMISSIONED)
    client.force_login(cast.manager)
    page = reverse("actionplans:plan_import", args=[review.reference])
    uploaded = client.post(page, {"upload": xlsx_upload(messy_xlsx())})
    staged = StagedActionPlan.objects.get(review=review)
    preview_url = reverse("actionplans:plan_import_preview", args=[review.reference, staged.pk])
    assert uploaded.status_code == 302
    assert uploaded.url == preview_url
    assert staged.uploaded_by == cast.manager
    assert staged.original_name == "plan.xlsx"
    preview = client.get(preview_url)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Found 4 recommendations, 9 actions" in html
    assert "payload" not in html
    assert not review.recommendations.exists()
    done = client.post(preview_url, {"confirm": "1"})
    assert done.status_code == 302
    assert review.recommendations.count() == 4
    assert not StagedActionPlan.objects.exists()
    # Nothing to remember: the file's headings are ours.
    assert importer.saved_columns(review.partnership) == {
        "number": "Rec no",
        "recommendation": "Recommendation",
        "action": "Action",
        "lead_agency": "Lead agency",
        "target_date": "Target date",
        "progress": "Progress / evidence",
        "status": "RAG",
    }


def test_the_import_page_takes_a_csv_as_the_action_plan_purpose_does(cast, agencies, client):
    """The reader was reworked for hostile files: a CSV is its own kind ("csv"), accepted by
    the "action_plan" purpose, and refused files say why on the page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    review = cast.walk_to(Stage.COMMISSIONED)
    client.force_login(cast.manager)
    page = reverse("actionplans:plan_import", args=[review.reference])
    upload = SimpleUploadedFile("plan.csv", csv_bytes(MESSY_CSV), "text/csv")
    preview = client.post(page, {"upload": upload}, follow=True)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Found 3 recommendations, 4 actions" in html
    assert "Row 5: The lead agency “Kent Polise” is not an agency" in html
    assert [str(issue) for issue in preview.context["errors"]][1].startswith("Row 5: ")
    assert 'name="confirm"' not in html  # errors: nothing can be imported
    staged = StagedActionPlan.objects.get(review=review)
    refused_confirm = client.post(
        reverse("actionplans:plan_import_preview", args=[review.reference, staged.pk]),
        {"confirm": "1"},
    )
    assert refused_confirm.status_code == 200
    assert "The file has errors" in refused_confirm.content.decode()
    assert not review.recommendations.exists()
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/pdf")
    refused = client.post(page, {"upload": pdf})
    assert refused.status_code == 200
    assert refused.context["form"].errors["upload"]
    assert StagedActionPlan.objects.count() == 1


# Kent's plan with the headings the partnership uses: none of them is one of ours for the
# lead agency and the target date, and the recommendation is "Finding".
OWN_HEADINGS = [
    "Ref",
    "Finding",
    "Action",
    "Responsible organisation",
    "Complete by",
    "Notes",
    "RAG",
]


def own_headings_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Swale CSP: DHR action plan"])
    sheet.append(OWN_HEADINGS)  # row 2
    sheet.append([1, "Police should use DASH.", "Train officers", "Kent Police", "01/09/2022"])
    sheet.append([None, None, "Audit DASH", "Kent Police", "1 Dec 2022", "", "Amber"])
    sheet.append([2, "GPs should ask.", "Routine enquiry", "Kent and Medway ICB", "31/3/23"])
    sheet.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    sheet.merge_cells(start_row=3, start_column=2, end_row=4, end_column=2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_columns_are_matched_on_the_page_and_remembered_for_the_partnership(cast, agencies, client):
    """Headings that are not ours: the preview sends the manager to match the columns (the
    chronology import's matcher and form), the choice is remembered for the partnership and
    used for its next file without asking."""
    review = cast.walk_to(Stage.COMMISSIONED)
    client.force_login(cast.manager)
    page = reverse("actionplans:plan_import", args=[review.reference])
    client.post(page, {"upload": xlsx_upload(own_headings_xlsx())})
    staged = StagedActionPlan.objects.get(review=review)
    preview_url = reverse("actionplans:plan_import_preview", args=[review.reference, staged.pk])
    columns_url = reverse("actionplans:plan_import_columns", args=[review.reference, staged.pk])
    assert client.get(preview_url).url == columns_url
    form_page = client.get(columns_url)
    assert form_page.status_code == 200
    form = form_page.context["form"]
    assert list(form.fields) == [
        "number",
        "recommendation",
        "action",
        "lead_agency",
        "target_date",
        "progress",
        "status",
    ]
    assert form["number"].initial == "Ref"
    assert form["action"].initial == "Action"
    assert form["lead_agency"].initial == ""
    # A column used twice is refused, as on the chronology's page.
    twice = client.post(
        columns_url,
        {
            "number": "Ref",
            "recommendation": "Finding",
            "action": "Action",
            "lead_agency": "Responsible organisation",
            "target_date": "Responsible organisation",
            "status": "RAG",
        },
    )
    assert twice.status_code == 200
    assert twice.context["form"].errors["target_date"] == [
        "“Responsible organisation” is already used for lead agency"
    ]
    chosen = {
        "number": "Ref",
        "recommendation": "Finding",
        "action": "Action",
        "lead_agency": "Responsible organisation",
        "target_date": "Complete by",
        "progress": "Notes",
        "status": "RAG",
    }
    assert client.post(columns_url, chosen).url == preview_url
    preview = client.get(preview_url)
    assert "Found 2 recommendations, 3 actions" in preview.content.decode()
    assert client.post(preview_url, {"confirm": "1"}).status_code == 302
    assert review.recommendations.count() == 2
    assert importer.saved_columns(review.partnership) == chosen

    # The next file of the partnership (another review) goes straight to its preview.
    other = cast.walk_to(Stage.COMMISSIONED)
    assert other.partnership_id == review.partnership_id
    client.post(
        reverse("actionplans:plan_import", args=[other.reference]),
        {"upload": xlsx_upload(own_headings_xlsx())},
    )
    again = StagedActionPlan.objects.get(review=other)
    preview = client.get(
        reverse("actionplans:plan_import_preview", args=[other.reference, again.pk])
    )
    assert preview.status_code == 200
    assert preview.context["result"].can_import


def test_a_staged_file_is_its_uploaders_and_can_be_discarded(cast, agencies, client):
    review = cast.walk_to(Stage.COMMISSIONED)
    client.force_login(cast.manager)
    client.post(
        reverse("actionplans:plan_import", args=[review.reference]),
        {"upload": xlsx_upload(messy_xlsx())},
    )
    staged = StagedActionPlan.objects.get(review=review)
    # Uploading again replaces the manager's earlier staged file.
    client.post(
        reverse("actionplans:plan_import", args=[review.reference]),
        {"upload": xlsx_upload(messy_xlsx(), name="plan-2.xlsx")},
    )
    staged = StagedActionPlan.objects.get(review=review)
    assert staged.original_name == "plan-2.xlsx"
    discard = reverse("actionplans:plan_import_discard", args=[review.reference, staged.pk])
    assert client.get(discard).status_code == 200
    assert client.post(discard).status_code == 302
    assert not StagedActionPlan.objects.exists()
    assert not review.recommendations.exists()


def test_the_command_takes_columns_and_the_remembered_choice(cast, agencies, tmp_path):
    review = cast.walk_to(Stage.COMMISSIONED)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(own_headings_xlsx())
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 error: nothing was imported"):
        call_command("import_action_plan", review.reference, str(path), "--dry-run", stdout=out)
    assert out.getvalue().splitlines() == [
        "0 recommendations, 0 actions",
        "Error: The headings (row 2) have no “Recommendation”, “Lead agency”, “Target date” "
        "column: name the columns Recommendation, Action, Lead agency and Target date",
        "The file's headings are “Ref”, “Finding”, “Action”, “Responsible organisation”, "
        "“Complete by”, “Notes”, “RAG”: say which holds each missing column with "
        "--column FIELD=HEADING",
    ]
    with pytest.raises(CommandError, match="“owner” is not one of the fields"):
        call_command("import_action_plan", review.reference, str(path), "--column", "owner=X")
    with pytest.raises(CommandError, match="write --column FIELD=HEADING"):
        call_command("import_action_plan", review.reference, str(path), "--column", "action")
    out = io.StringIO()
    call_command(
        "import_action_plan",
        review.reference,
        str(path),
        "--column",
        "recommendation=Finding",
        "--column",
        "Lead agency=Responsible organisation",  # our heading works as well as our name
        "--column",
        "target_date=complete by",
        stdout=out,
    )
    assert out.getvalue().startswith("2 recommendations, 3 actions\n")
    assert review.recommendations.count() == 2
    # The partnership's remembered choice (the page's) is used when no --column is given.
    PlanColumnMapping.objects.create(
        partnership=review.partnership,
        columns={
            "recommendation": "Finding",
            "lead_agency": "Responsible organisation",
            "target_date": "Complete by",
        },
    )
    out = io.StringIO()
    call_command("import_action_plan", review.reference, str(path), "--replace", stdout=out)
    assert out.getvalue().startswith("2 recommendations, 3 actions\n")


def awkward_xlsx() -> bytes:
    """Another partnership's layout: a title row and a blank row above headings in their own
    words (row 3), an action before any recommendation, a recommendation merged over three
    action rows with problems inside the merged range, a blank row, a number that is not a
    number, a number used twice, a row holding only a progress note."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Swale Community Safety Partnership"])  # 1
    sheet.append([])  # 2
    sheet.append(
        [
            "Rec",
            "Recommendations",
            "Actions to be taken",
            "Lead organisation",
            "Due date",
            "Progress update",
            "RAG status",
        ]
    )  # 3
    sheet.append([None, None, "Orphan action", "Kent Police", "01/01/2024"])  # 4
    sheet.append(["Rec 1", "Police should check DASH.", "Train", "Kent Police", "1/2/24"])  # 5
    sheet.append([None, None, "Audit", "", "2 March 2024"])  # 6
    sheet.append([None, None, "Checklist", "Kent Police", "31/04/2024"])  # 7
    sheet.append([])  # 8
    sheet.append(["one", "Health should ask.", "Ask", "Kent Police", date(2024, 5, 1)])  # 9
    sheet.append([1, "Housing should flag.", "Flag", "Kent Police", "2024-06-30", "", "Purple"])
    sheet.append([None, None, None, None, None, "Meeting held in May"])  # 11
    sheet.merge_cells("A5:A7")
    sheet.merge_cells("B5:B7")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_errors_inside_merged_cells_carry_the_rows_the_spreadsheet_shows(agencies):
    result = importer.read_plan(awkward_xlsx(), "xlsx")
    assert result.header_row == 3
    assert [str(issue) for issue in result.errors] == [
        "Row 4: The action has no recommendation above it",
        "Row 6: The lead agency is missing",
        "Row 7: Target date: The date “31/04/2024” is not a real date",
        "Row 9: The recommendation number “one” is not a number",
        "Row 10: Recommendation 1 appears twice (also on row 5)",
    ]
    assert [str(issue) for issue in result.warnings] == [
        "Row 10: The status “Purple” is not one we know: the action is imported as not started",
        "Row 11: The row has no action and no recommendation: it is ignored",
    ]
    assert result.counts() == "3 recommendations, 6 actions"
    assert [(rec.number, rec.row, len(rec.actions)) for rec in result.recommendations] == [
        (1, 5, 1),
        (None, 9, 1),
        (1, 10, 1),
    ]
    assert not result.can_import


def test_the_command_loads_the_plan_of_a_review_already_closed(cast, agencies, tmp_path):
    """A review finished before the system existed: its plan is loaded at any stage, the
    completed actions closed (no deadline left open for a closed review)."""
    review = cast.walk_to(Stage.CLOSED)
    before = review.recommendations.count()
    path = tmp_path / "old-plan.csv"
    path.write_bytes(
        csv_bytes(
            "Old action plan,,,,,\n"
            "Rec no,Recommendation,Action,Lead agency,Target date,Status\n"
            "7,Police should record coercive control.,Update the guidance,Kent Police,"
            "31/03/2019,Complete\n"
            ",,Train call handlers,Kent Police,30 Jun 19,Superseded\n"
        )
    )
    out = io.StringIO()
    call_command("import_action_plan", review.reference, str(path), stdout=out)
    assert out.getvalue().startswith("1 recommendation, 2 actions\n")
    imported = review.recommendations.get(number=7)
    assert review.recommendations.count() == before + 1
    assert sorted(imported.actions.values_list("status", flat=True)) == [
        "completed",
        "superseded",
    ]
    assert not Deadline.objects.open().filter(pk__in=imported.actions.values("deadline"))
