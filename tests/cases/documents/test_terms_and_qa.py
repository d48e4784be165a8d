"""Terms of reference (versions, agreement) and Home Office QA (rounds, outcome, letters)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.documents import services as documents
from cases.lifecycle.workflow import TransitionRefused
from cases.models import Document, QARound, Stage
from tests.cases.factories import outsider_of_another_agency, stored_files
from tests.dhr.files.test_uploads import SMALL_PDF, WINDOWS_PROGRAM, docx_bytes

pytestmark = pytest.mark.usefixtures("media_root")


def url(name, review, *args):
    return reverse(name, args=[review.reference, *args])


def terms_data(**overrides):
    data = {
        "period_start": "01/01/2021",
        "period_end": "10/01/2026",
        "key_lines_of_enquiry": "What did agencies know of the coercive control?",
        "family_involvement": "The victim's sister will meet the panel.",
        "equality_and_diversity": "",
        "parallel_processes": "Criminal trial listed for May.",
        "document_title": "",
    }
    data.update(overrides)
    return data


def letter(content=SMALL_PDF, name="QA letter.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- Terms of reference --------------------------------------------------------------------------


def test_chair_writes_the_first_version_with_a_document(client, cast):
    review = cast.walk_to(Stage.CHAIR_APPOINTED)
    client.force_login(cast.chair)
    listing = client.get(url("cases:terms", review))
    assert listing.status_code == 200
    assert "No terms of reference have been written yet." in listing.text
    assert url("cases:terms_new", review) in listing.text

    assert client.get(url("cases:terms_new", review)).status_code == 200
    document = SimpleUploadedFile("ToR v1.docx", docx_bytes())
    response = client.post(url("cases:terms_new", review), terms_data(document=document))
    assert response.status_code == 302
    terms = review.terms_versions.get()
    assert terms.version == 1
    assert terms.created_by == cast.chair
    assert terms.agreed_on is None
    attached = terms.documents.get()
    assert attached.kind == Document.Kind.TERMS_OF_REFERENCE
    assert attached.title == "Terms of reference, version 1"
    assert attached.original_name == "ToR v1.docx"

    page = client.get(response.url).text
    assert "Version 1 of the terms has been saved." in page
    assert "Not agreed" in page
    assert "What did agencies know of the coercive control?" in page
    assert url("cases:document_download", review, attached.pk) in page


def test_a_new_version_starts_from_the_latest_and_keeps_the_old(client, cast):
    review = cast.ready_for("submit_to_qa")  # at "panel", terms agreed
    first = review.terms_versions.get()
    client.force_login(cast.manager)
    form = client.get(url("cases:terms_new", review)).text
    assert "How agencies shared information." in form  # prefilled from version 1
    assert 'value="01/01/2021"' in form

    response = client.post(
        url("cases:terms_new", review),
        terms_data(key_lines_of_enquiry="How agencies shared information, and with whom."),
    )
    assert response.status_code == 302
    assert list(review.terms_versions.values_list("version", flat=True)) == [2, 1]
    first.refresh_from_db()
    assert first.key_lines_of_enquiry == "How agencies shared information."
    assert first.agreed_on == date(2026, 3, 20)
    page = client.get(url("cases:terms", review)).text
    assert page.index("Version 2 (latest)") < page.index("Version 1")


def test_manager_agrees_the_latest_version(client, cast):
    review = cast.walk_to(Stage.CHAIR_APPOINTED)
    documents.save_terms(
        review,
        by=cast.chair,
        period_start=date(2021, 1, 1),
        period_end=date(2026, 1, 10),
        key_lines_of_enquiry="Information sharing.",
    )
    terms = review.terms_versions.get()
    client.force_login(cast.manager)
    assert url("cases:terms_agree", review, terms.pk) in client.get(url("cases:terms", review)).text
    assert client.get(url("cases:terms_agree", review, terms.pk)).status_code == 200
    response = client.post(url("cases:terms_agree", review, terms.pk), {"agreed_on": "20/03/2026"})
    assert response.status_code == 302
    terms.refresh_from_db()
    assert terms.agreed_on == date(2026, 3, 20)
    assert "Version 1 was agreed on 20 March 2026." in client.get(response.url).text


def test_an_earlier_version_cannot_be_agreed(client, cast):
    review = cast.ready_for("submit_to_qa")  # at "panel", terms agreed
    first = review.terms_versions.get()
    documents.save_terms(
        review,
        by=cast.manager,
        period_start=date(2021, 1, 1),
        period_end=date(2026, 1, 10),
        key_lines_of_enquiry="Revised.",
    )
    client.force_login(cast.manager)
    page = client.get(url("cases:terms_agree", review, first.pk)).text
    assert "Only the latest version of the terms can be agreed." in page
    response = client.post(url("cases:terms_agree", review, first.pk), {"agreed_on": "01/04/2026"})
    assert response.status_code == 200
    assert "Only the latest version of the terms can be agreed." in response.text
    assert 'value="01/04/2026"' in response.text
    first.refresh_from_db()
    assert first.agreed_on == date(2026, 3, 20)


def test_terms_errors_are_shown_and_input_kept(client, cast, media_root):
    review = cast.walk_to(Stage.CHAIR_APPOINTED)
    client.force_login(cast.manager)
    backwards = client.post(
        url("cases:terms_new", review),
        terms_data(period_start="01/02/2026", period_end="01/01/2026"),
    )
    assert backwards.status_code == 200
    assert "The end of the period must be on or after its start" in backwards.text
    assert "coercive control" in backwards.text

    empty = client.post(url("cases:terms_new", review), terms_data(key_lines_of_enquiry=""))
    assert "Enter the key lines of enquiry" in empty.text

    disguised = client.post(
        url("cases:terms_new", review),
        terms_data(document=SimpleUploadedFile("ToR.docx", WINDOWS_PROGRAM)),
    )
    assert "The selected file must be a PDF, Word" in disguised.text
    assert not review.terms_versions.exists()
    assert stored_files(media_root) == []


def test_terms_are_refused_before_commissioning(client, cast):
    review = cast.walk_to(Stage.DECISION)
    client.force_login(cast.manager)
    assert url("cases:terms_new", review) not in client.get(url("cases:terms", review)).text
    page = client.get(url("cases:terms_new", review)).text
    assert "Terms of reference are written between commissioning and QA submission." in page
    response = client.post(url("cases:terms_new", review), terms_data())
    assert response.status_code == 200
    assert (
        "Terms of reference are written between commissioning and QA submission." in response.text
    )
    assert "What did agencies know of the coercive control?" in response.text
    assert not review.terms_versions.exists()


def test_terms_and_their_document_are_saved_together_or_not_at_all(cast, media_root):
    review = cast.walk_to(Stage.DECISION)  # the terms will be refused here
    with pytest.raises(TransitionRefused):
        documents.save_terms(
            review,
            by=cast.manager,
            document=SimpleUploadedFile("ToR.pdf", SMALL_PDF),
            period_start=date(2021, 1, 1),
            period_end=date(2026, 1, 10),
            key_lines_of_enquiry="Information sharing.",
        )
    commissioned = cast.walk_to(Stage.CHAIR_APPOINTED, pseudonym="Elena")
    with pytest.raises(TransitionRefused, match="must be a PDF"):
        documents.save_terms(
            commissioned,
            by=cast.manager,
            document=SimpleUploadedFile("ToR.pdf", WINDOWS_PROGRAM),
            period_start=date(2021, 1, 1),
            period_end=date(2026, 1, 10),
            key_lines_of_enquiry="Information sharing.",
        )
    assert not review.terms_versions.exists()
    assert not commissioned.terms_versions.exists()
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_who_may_do_what_with_the_terms(client, cast):
    review = cast.ready_for("submit_to_qa")  # at "panel", terms agreed
    terms = review.terms_versions.get()
    client.force_login(cast.chair)
    assert client.get(url("cases:terms_agree", review, terms.pk)).status_code == 403
    client.force_login(cast.agency_member)
    listing = client.get(url("cases:terms", review))
    assert listing.status_code == 200
    assert "How agencies shared information." in listing.text
    assert url("cases:terms_new", review) not in listing.text
    assert client.get(url("cases:terms_new", review)).status_code == 403
    assert client.post(url("cases:terms_new", review), terms_data()).status_code == 403
    assert client.get(url("cases:terms_agree", review, terms.pk)).status_code == 403
    assert review.terms_versions.count() == 1
    client.force_login(outsider_of_another_agency())
    for address in (
        url("cases:terms", review),
        url("cases:terms_new", review),
        url("cases:terms_agree", review, terms.pk),
    ):
        assert client.get(address).status_code == 404


# --- Home Office QA ------------------------------------------------------------------------------


def test_submit_outcome_and_resubmit_loop(client, cast, media_root):
    review = cast.ready_for("submit_to_qa")  # at "panel", terms agreed
    client.force_login(cast.manager)
    qa_page = client.get(url("cases:qa", review)).text
    assert "The report has not been sent to Home Office QA yet." in qa_page
    assert url("cases:qa_submit", review) in qa_page

    # Round 1: submitted, then the panel asks for a resubmission, with its letter.
    assert client.get(url("cases:qa_submit", review)).status_code == 200
    submitted = client.post(url("cases:qa_submit", review), {"submitted_on": "01/06/2026"})
    assert submitted.status_code == 302
    review.refresh_from_db()
    assert review.stage == Stage.QA_SUBMITTED
    assert review.first_qa_submitted_on == date(2026, 6, 1)

    assert client.get(url("cases:qa_outcome", review)).status_code == 200
    outcome = client.post(
        url("cases:qa_outcome", review),
        {
            "outcome": QARound.Outcome.RESUBMIT,
            "panel_date": "01/07/2026",
            "changes_required": "Say more about the family's contribution.",
            "letter": letter(),
        },
    )
    assert outcome.status_code == 302
    review.refresh_from_db()
    assert review.stage == Stage.AMENDMENTS_REQUESTED
    first = review.qa_rounds.get()
    assert first.outcome == QARound.Outcome.RESUBMIT
    assert first.panel_date == date(2026, 7, 1)
    feedback = first.documents.get()
    assert feedback.kind == Document.Kind.QA_LETTER
    assert feedback.title == "Home Office QA feedback letter, round 1"
    assert len(stored_files(media_root)) == 1

    # Round 2: the resubmission.
    qa_page = client.get(url("cases:qa", review)).text
    assert "Resubmit to Home Office QA" in qa_page
    assert url("cases:document_download", review, feedback.pk) in qa_page
    form = client.get(url("cases:qa_submit", review)).text
    assert "This starts round 2" in form
    resubmitted = client.post(url("cases:qa_submit", review), {"submitted_on": "01/08/2026"})
    assert resubmitted.status_code == 302
    review.refresh_from_db()
    assert review.stage == Stage.QA_SUBMITTED
    assert list(review.qa_rounds.values_list("number", "submitted_on")) == [
        (1, date(2026, 6, 1)),
        (2, date(2026, 8, 1)),
    ]
    assert review.first_qa_submitted_on == date(2026, 6, 1)
    qa_page = client.get(url("cases:qa", review)).text
    assert qa_page.index("Round 2") < qa_page.index("Round 1")
    assert "Waiting for the panel" in qa_page


def test_submission_is_refused_until_the_terms_are_agreed(client, cast):
    review = cast.walk_to(Stage.PANEL)
    client.force_login(cast.manager)
    assert (
        "The latest terms of reference must be agreed first."
        in client.get(url("cases:qa", review)).text
    )
    page = client.get(url("cases:qa_submit", review)).text
    assert "The latest terms of reference must be agreed first." in page
    response = client.post(url("cases:qa_submit", review), {"submitted_on": "01/06/2026"})
    assert response.status_code == 200
    assert "The latest terms of reference must be agreed first." in response.text
    assert 'value="01/06/2026"' in response.text  # the form stays, with what was typed
    review.refresh_from_db()
    assert review.stage == Stage.PANEL
    assert not review.qa_rounds.exists()


def test_the_outcome_is_refused_before_a_submission(client, cast):
    review = cast.ready_for("submit_to_qa")  # at "panel", terms agreed
    client.force_login(cast.manager)
    page = client.get(url("cases:qa_outcome", review)).text
    assert "Not possible while the review is at the stage" in page


def test_outcome_errors_are_shown_and_input_kept(client, cast):
    review = cast.walk_to(Stage.QA_SUBMITTED)
    client.force_login(cast.manager)
    missing = client.post(url("cases:qa_outcome", review), {"panel_date": "01/07/2026"})
    assert "Select the QA panel&#x27;s outcome" in missing.text
    assert 'value="01/07/2026"' in missing.text
    no_changes = client.post(
        url("cases:qa_outcome", review),
        {"outcome": QARound.Outcome.RESUBMIT, "panel_date": "01/07/2026"},
    )
    assert "List the changes the QA panel asked for" in no_changes.text
    review.refresh_from_db()
    assert review.stage == Stage.QA_SUBMITTED
    assert review.qa_rounds.get().outcome == ""


def test_a_refused_outcome_leaves_no_letter_behind(client, cast, media_root):
    review = cast.walk_to(Stage.QA_SUBMITTED)
    client.force_login(cast.manager)
    response = client.post(
        url("cases:qa_outcome", review),
        {
            "outcome": QARound.Outcome.APPROVED,
            "panel_date": "01/05/2026",  # before the submission on 1 June: refused
            "changes_required": "",
            "letter": letter(),
        },
    )
    assert response.status_code == 200
    assert "The panel date cannot be before the submission." in response.text
    assert 'value="01/05/2026"' in response.text
    review.refresh_from_db()
    assert review.stage == Stage.QA_SUBMITTED
    assert review.qa_rounds.get().outcome == ""
    assert not review.documents.exists()
    assert stored_files(media_root) == []


def test_only_the_manager_posts_qa_and_agencies_never_see_letters(client, cast):
    review = cast.walk_to(Stage.AMENDMENTS_REQUESTED)
    feedback = documents.upload_document(
        review,
        by=cast.manager,
        kind=Document.Kind.QA_LETTER,
        title="Round 1 letter",
        upload=letter(),
        qa_round=review.qa_rounds.get(),
    )
    for user in (cast.chair, cast.agency_member):
        client.force_login(user)
        for name in ("cases:qa_submit", "cases:qa_outcome"):
            assert client.get(url(name, review)).status_code == 403
        posted = client.post(url("cases:qa_submit", review), {"submitted_on": "01/08/2026"})
        assert posted.status_code == 403
    assert review.qa_rounds.count() == 1

    client.force_login(cast.agency_member)
    qa_page = client.get(url("cases:qa", review))
    assert qa_page.status_code == 200
    assert "Round 1 letter" not in qa_page.text
    assert url("cases:qa_submit", review) not in qa_page.text
    download = url("cases:document_download", review, feedback.pk)
    assert client.get(download).status_code == 404

    client.force_login(cast.chair)
    assert "Round 1 letter" in client.get(url("cases:qa", review)).text
    assert client.get(download).status_code == 200

    client.force_login(outsider_of_another_agency())
    for name in ("cases:qa", "cases:qa_submit", "cases:qa_outcome"):
        assert client.get(url(name, review)).status_code == 404
