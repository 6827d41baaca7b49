"""The README's walk through duplicates, in Khmer, on the demo data `make run` loads: an
intake officer types an applicant already registered under another spelling and files the
new form for him; a legal officer searches the whole registry, reads what the run learnt,
merges a pair the demo filed twice, and undoes the merge."""

import io
import re

import pytest
from django.core.management import call_command
from django.template.defaultfilters import floatformat
from django.utils import translation

from vss.applications.models import Application
from vss.core.demo.steps import DemoRun, Options
from vss.demo import DEMO_PASSWORD
from vss.demo.runner import demo_data_generate
from vss.demo.tests.registry import refiled_pairs
from vss.demo.tests.test_demo_refilings import REGISTERED, RETYPED
from vss.matching.models import CandidateStatus, MatchCandidate, MatchRun, PersonMerge, RunStatus
from vss.matching.presenters import run_report
from vss.people.models import Person
from vss.proceedings.models import Case
from vss.testing.browser import (
    accessibility_violations,
    log_in,
    log_out,
    save_vif_as_civil_party,
)
from vss.testing.constants import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REVIEW = re.compile(r"/duplicates/candidates/(\d+)/$")
MERGE_PAGE = re.compile(r"/duplicates/merges/\d+/$")
RUN_PAGE = re.compile(r"/duplicates/runs/\d+/$")


def khmer(text: str) -> str:
    """`text` as the Khmer pages show it; a string left in English is a missing translation."""
    with translation.override("km"):
        shown = translation.gettext(text)
    assert shown != text, f"no Khmer for {text!r}"
    return shown


def test_an_applicant_typed_again_is_found_and_a_refiling_is_merged_then_unmerged(page, tmp_path):
    call_command("load_reference_data", stdout=io.StringIO())
    demo = demo_data_generate(options=Options())
    registered = Person.objects.get(**REGISTERED)

    _intake_files_the_form_for_the_registered_applicant(page, registered, tmp_path)
    log_out(page)
    run = _legal_searches_the_registry(page)
    _legal_merges_a_refiling_and_undoes_it(page, demo, run)


def _intake_files_the_form_for_the_registered_applicant(page, registered, tmp_path):
    log_in(page, "intake", language="km", password=DEMO_PASSWORD)
    people = Person.objects.count()
    forms = set(registered.forms.values_list("pk", flat=True))

    page.goto("/applications/new/")
    assert page.locator("#linked-person").is_hidden()
    page.fill("input[name=applicant-family_name_latin]", RETYPED["family_name_latin"])
    page.fill("input[name=applicant-given_name_latin]", RETYPED["given_name_latin"])
    page.select_option("select[name=applicant-sex]", REGISTERED["sex"])
    page.fill("input[name=applicant-birth_year]", str(REGISTERED["birth_year"]))

    # The warning comes while she types; wait for the answer to the year, the last field.
    match = (
        page.locator("#live-matches li")
        .filter(has=page.locator(f'[data-link-person="{registered.pk}"]'))
        .filter(has=page.locator('[data-reason^="birth_year:"]'))
    )
    match.wait_for()
    # As the README names him: PECH Theara (ពេជ្រ ធារ៉ា) of Peam, the village in Khmer.
    text = match.inner_text()
    name_km = f"{REGISTERED['family_name_km']} {REGISTERED['given_name_km']}"
    name_latin = f"{REGISTERED['family_name_latin']} {REGISTERED['given_name_latin']}"
    assert f"{name_km} ({name_latin})" in text
    assert str(REGISTERED["birth_year"]) in text
    assert registered.village.name_km and registered.village.name_km in text
    # How each typed field compares with his record.
    for field in ("family_name", "given_name", "sex", "birth_year"):
        assert match.locator(f'[data-reason^="{field}:"]').count() == 1, field
    violations = accessibility_violations(page)
    assert not violations, "\n".join(violations)

    use = match.get_by_role("button", name=khmer("Use this person"))
    use.click()
    page.locator("#linked-person").wait_for(state="visible")
    assert REGISTERED["given_name_km"] in page.locator("#linked-person-name").inner_text()
    assert page.locator("#link-person").input_value() == str(registered.pk)

    # A case he has not applied in yet: one application per applicant and case.
    case = (
        Case.objects.filter(accepts_applications=True, is_terminated=False)
        .exclude(pk__in=registered.applications.values("case"))
        .first()
    )
    scan = tmp_path / "family-book.png"
    scan.write_bytes(PNG)
    save_vif_as_civil_party(page, case.pk, scan)

    assert Person.objects.count() == people
    new_forms = registered.forms.exclude(pk__in=forms)
    assert new_forms.count() == 1
    assert Application.objects.filter(form=new_forms.get()).get().applicant == registered


def _legal_searches_the_registry(page) -> MatchRun:
    log_in(page, "legal", language="km", password=DEMO_PASSWORD)
    page.get_by_role("link", name=khmer("Duplicates")).first.click()
    page.wait_for_url("**/duplicates/")
    assert not MatchRun.objects.exists()

    page.get_by_role("button", name=khmer("Search the whole registry for duplicates")).click()
    page.wait_for_url(RUN_PAGE)
    run = MatchRun.objects.get()
    assert run.status == RunStatus.DONE
    assert run.persons == Person.objects.count()
    progress = page.locator("#run-progress")
    assert khmer(str(RunStatus.DONE.label)) in progress.inner_text()
    # Finished: the page no longer asks the server for its progress.
    assert progress.get_attribute("hx-get") is None
    assert progress.locator("progress").get_attribute("value") == "100"

    report = run_report(run.report)
    assert report is not None
    with translation.override("km"):
        rate = floatformat(report.duplicate_rate, 1)
        threshold = floatformat(report.threshold, 2)
    assert report.learnt_from_registry
    shown_rate = progress.locator('[data-report="rate"]').inner_text()
    assert rate in shown_rate and khmer("learnt from this registry") in shown_rate
    shown_weights = progress.locator('[data-report="weights"]').inner_text()
    assert shown_weights == khmer("learnt from this registry's duplicates")
    shown_threshold = progress.locator('[data-report="threshold"]').inner_text()
    assert shown_threshold.startswith(threshold)
    assert str(report.expected_precision) in shown_threshold
    assert str(report.expected_recall) in shown_threshold
    for group in report.largest_clusters:
        for pk in group["people"]:
            assert progress.locator(f'[data-report="clusters"] a[href$="/people/{pk}/"]').count()
    violations = accessibility_violations(page)
    assert not violations, "\n".join(violations)
    return run


def _legal_merges_a_refiling_and_undoes_it(page, demo: DemoRun, run: MatchRun):
    page.get_by_role("link", name=khmer("Back to the review queue")).click()
    page.wait_for_url("**/duplicates/")
    reviews = page.get_by_role("link", name=khmer("Review"))
    shown = [int(REVIEW.search(href)[1]) for href in _hrefs(reviews)]
    assert shown, "the queue is empty after the run"
    candidates = MatchCandidate.objects.in_bulk(shown)
    assert all(candidates[pk].run_id == run.pk for pk in shown)
    probabilities = [candidates[pk].probability for pk in shown]
    assert probabilities == sorted(probabilities, reverse=True)
    refiled = refiled_pairs(demo)
    twice = [
        candidates[pk]
        for pk in shown
        if (candidates[pk].person_a_id, candidates[pk].person_b_id) in refiled
    ]
    assert len(twice) >= len(shown) / 2, "fewer than half the queue's first page are re-filings"
    # A merge is refused while both records apply in one case (the duplicate application
    # is withdrawn first): merge a re-filing whose second form went to another case.
    apart = [c for c in twice if not _cases(c.person_a_id) & _cases(c.person_b_id)]
    assert apart, "every re-filing on the first page applies twice in one case"
    candidate = apart[0]
    first, second = Person.objects.in_bulk([candidate.person_a_id, candidate.person_b_id]).values()
    forms = {p.pk: set(p.forms.values_list("pk", flat=True)) for p in (first, second)}

    page.locator(f'a[href$="/duplicates/candidates/{candidate.pk}/"]').click()
    page.wait_for_url(REVIEW)
    side_by_side = page.locator("table.side-by-side")
    for person in (first, second):
        assert side_by_side.locator(f'a[href$="/people/{person.pk}/"]').count() == 1
    assert side_by_side.locator("tr.differs").count() >= 1
    # How much each field weighed, one row a field, and their total.
    weights = page.locator("section", has=page.get_by_role("columnheader", name=khmer("Weight")))
    assert weights.locator("tbody tr").count() == len(candidate.explanation) + 1
    violations = accessibility_violations(page)
    assert not violations, "\n".join(violations)
    merging = page.locator(f'form[action$="/duplicates/candidates/{candidate.pk}/merge/"]')
    merging.get_by_label(khmer("Reason")).fill("One applicant, filed twice.")
    merging.get_by_role("button", name=khmer("Merge")).click()
    page.wait_for_url(MERGE_PAGE)

    merge = PersonMerge.objects.get()
    assert {merge.survivor_id, merge.merged_id} == {first.pk, second.pk}
    survivor, merged = Person.objects.get(pk=merge.survivor_id), merge.merged
    merged.refresh_from_db()
    assert merged.archived_at is not None and survivor.archived_at is None
    assert set(survivor.forms.values_list("pk", flat=True)) == forms[first.pk] | forms[second.pk]
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.MERGED
    assert "One applicant, filed twice." in page.locator("main").inner_text()

    undo = page.locator(f'form[action$="/duplicates/merges/{merge.pk}/undo/"]')
    undo.get_by_label(khmer("Reason")).fill("Merged before the family book was checked.")
    undo.get_by_role("button", name=khmer("Undo the merge")).click()
    page.locator("dd", has_text="Merged before the family book was checked.").wait_for()
    assert undo.count() == 0

    merge.refresh_from_db()
    assert merge.undone_at is not None
    for person in (first, second):
        person.refresh_from_db()
        assert person.archived_at is None
        assert set(person.forms.values_list("pk", flat=True)) == forms[person.pk]


def _cases(person_id: int) -> set[int]:
    return set(Application.objects.filter(applicant_id=person_id).values_list("case", flat=True))


def _hrefs(links) -> list[str]:
    return [links.nth(i).get_attribute("href") for i in range(links.count())]
