"""The README's first walk, followed step by step in Khmer on the demo data as `make run`
serves it, made weeks before: intake files a VIF in the demo case and records its
receipt; a legal officer screens it, gives the Civil Party a lawyer, transmits it and
records the admission; searches the registry for duplicates, merges a pair and sets
another apart; decides a lawyer's application to the list, ends a mandate, is stopped by a
declared conflict of interest that the Chief then overrides; moves Civil Parties with the
grouping tool; the lawyer finds the new client and the notifications; outreach refers the
applicant to the partner and logs a call, which lands in the work queue; the partner
records a session and a health note; the auditor reads it all in the audit log. The names
typed, the logins, the case, the VSS number, the court document and the partner are read
from README.md, so that changing one without the other fails; axe finds no serious or
critical violation on the pages the walk opens."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone, translation

from vss.accounts.models import Organisation
from vss.applications.models import Application, Status
from vss.audit.models import AuditAction, AuditEntry
from vss.core.demo.steps import Options
from vss.demo.runner import demo_data_generate
from vss.demo.tests.registry import refiled_pairs
from vss.matching.models import CandidateStatus, MatchCandidate, MatchRun, PersonMerge, RunStatus
from vss.notifications.models import Notification
from vss.people.models import Person
from vss.proceedings.models import Case
from vss.representation.models import (
    CivilPartyGroup,
    ConflictOfInterest,
    GroupMembership,
    Lawyer,
    LawyerStatus,
    Representation,
)
from vss.representation.selectors.conflicts import conflicts_with
from vss.representation.selectors.groups import NONE, GroupingFilters, grouping_selection
from vss.representation.services.groups import MAX_MOVED_AT_ONCE
from vss.support.models import Contact, Referral, ServiceType, SupportSession
from vss.testing.browser import accessibility_violations, log_in, log_out
from vss.testing.constants import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

README = Path(__file__).resolve().parents[2] / "README.md"
SAVED_APPLICATION = re.compile(r"/applications/(\d+)/$")
RUN_PAGE = re.compile(r"/duplicates/runs/\d+/$")
REVIEW = re.compile(r"/duplicates/candidates/(\d+)/$")
MERGE_REFUSED = (
    "Both records have an application in %(case)s (%(number)s): withdraw the duplicate "
    "filing first, giving this merge as the reason."
)
MERGE_PAGE = re.compile(r"/duplicates/merges/\d+/$")
REFERRAL_PAGE = re.compile(r"/support/referrals/(\d+)/$")
# The demo data was made this long before the walk, and served again with `make run`.
MADE_BEFORE = datetime.timedelta(days=40)


class Walk:
    """The literal values of the README's walk, each found where the README gives it."""

    def __init__(self, text: str) -> None:
        start = text.index("## A first walk through")
        self.text = text[start : text.index("\n## ", start + 1)]
        steps = re.split(r"\n(?=\d+\. )", self.text)
        self.steps = {int(s.split(".", 1)[0]): " ".join(s.split()) for s in steps[1:]}
        self.password = self._find(r"password `([^`]+)`", " ".join(self.text.split()))
        typed = self._find(
            r"\*\*(\w+)\*\* \*\*(\w+)\*\*, a (man|woman) born in (\d{4})", self.steps[2], 4
        )
        self.family_name, self.given_name = typed[0], typed[1]
        self.sex = {"man": "male", "woman": "female"}[typed[2]]
        self.birth_year = typed[3]
        registered = self._find(r"(\w+) (\w+) \(([^)]+)\) of (\w+)", self.steps[2], 4)
        self.registered = {
            "family_name_latin": registered[0],
            "given_name_latin": registered[1],
            "village__name_en": registered[3],
        }
        self.registered_km = registered[2]
        self.case = self._find(r"\*\*Civil Party\*\* for the \*\*([^*]+)\*\*", self.steps[2])
        self.vss_number = self._find(r"`(VSS-[^`]+)` for the demo case's first", self.steps[3])
        example = self._find(r"`(VSS-[^`]+)` is one of Case (\S+)'s", self.steps[3], 2)
        self.other_number, self.other_case = example
        self.violations: list[str] = []
        self.court_document = self._find(
            r"court document number \(for example `([^`]+)`\)", self.steps[6]
        )

        self.lead_co_lawyer = self._find(
            r"`(\w+)` also reads the consolidated group of Case (\S+)\.", self.steps[10], 2
        )
        self.chief = self._find(r"Chief of Section \(`(\w+)`\)", text)
        self.partner = self._find(r"the referrals of ([^,]+), their sessions", self.steps[11])

    def login(self, step: int, said: str = r"[Ss]ign in as") -> str:
        """The demo login the step signs in as (or, with `said`, goes on as)."""
        return self._find(said + r" `(\w+)`", self.steps[step])

    @staticmethod
    def _find(pattern: str, text: str, groups: int = 1):
        match = re.search(pattern, text)
        assert match, f"the README's walk no longer says {pattern!r}"
        return match.group(1) if groups == 1 else match.groups()


def khmer(text: str) -> str:
    """`text` as the Khmer pages show it; a string left in English is a missing translation."""
    with translation.override("km"):
        shown = translation.gettext(text)
    assert shown != text, f"no Khmer for {text!r}"
    return shown


def khmer_tail(text: str) -> str:
    """The Khmer of `text` after its last placeholder, the part shown as written."""
    return re.split(r"%\(\w+\)s\)?", khmer(text))[-1].strip(" ៖:។")


def no_serious_violations(page, walk) -> None:
    """Axe on the page as it stands; what it finds serious or critical is kept for the end
    of the walk, so one run names every page that fails."""
    found = [
        line
        for line in accessibility_violations(page)
        if "(serious)" in line or "(critical)" in line
    ]
    if found:
        walk.violations.append(f"{page.url}:\n  " + "\n  ".join(found))


def shape(number: str) -> re.Pattern[str]:
    """A VSS number's shape: its case number as written, each digit of its serial a digit."""
    prefix, serial = number.rsplit("-", 1)
    return re.compile(re.escape(prefix + "-") + rf"\d{{{len(serial)}}}")


def test_the_readme_walk_works_as_written_in_khmer(page, tmp_path):
    walk = Walk(README.read_text())
    call_command("load_reference_data", stdout=io.StringIO())
    demo_run = demo_data_generate(options=Options(today=timezone.localdate() - MADE_BEFORE))
    # What `make run` does before serving a database made earlier.
    call_command("open_demo_case", stdout=io.StringIO())

    demo = Case.objects.get(is_demo=True)
    with translation.override("en"):
        assert str(demo) == walk.case
    assert demo.application_deadline >= timezone.localdate()
    # The README's example of another case's number has the shape VSS gives that case's.
    other = Application.objects.filter(case__number=walk.other_case, vss_number__isnull=False)
    assert other.exists()
    assert all(
        shape(walk.other_number).fullmatch(n) for n in other.values_list("vss_number", flat=True)
    )
    registered = Person.objects.get(**walk.registered)
    assert f"{registered.family_name_km} {registered.given_name_km}" == walk.registered_km

    application = _intake_enters_the_vif_and_records_its_receipt(
        page, walk, demo, registered, tmp_path
    )
    log_out(page)
    lawyer = _legal_screens_gives_a_lawyer_transmits_and_admits(page, walk, application)
    _legal_searches_for_duplicates_merges_and_sets_apart(page, walk, demo_run, registered)
    conflict = _legal_keeps_the_list_of_lawyers(page, walk)
    _legal_moves_civil_parties_with_the_grouping_tool(page, walk)
    log_out(page)
    _the_chief_overrides_the_conflict(page, walk, conflict)
    log_out(page)
    _the_lawyer_finds_the_client_and_the_notifications(page, walk, application, lawyer)
    log_out(page)
    _the_lead_co_lawyer_reads_the_consolidated_group(page, walk)
    log_out(page)
    referral = _outreach_refers_the_applicant_and_logs_a_call(page, walk, registered)
    log_out(page)
    _the_partner_records_a_session_and_a_health_note(page, walk, referral)
    log_out(page)
    _the_auditor_reads_the_walk_in_the_audit_log(page, walk, application, demo)
    assert not walk.violations, "Axe finds on the walk's pages:\n" + "\n".join(walk.violations)


def _intake_enters_the_vif_and_records_its_receipt(page, walk, demo, registered, tmp_path):
    # Steps 1 and 2.
    log_in(page, walk.login(1), language="km", password=walk.password)
    page.get_by_role("link", name=khmer("New VIF")).first.click()
    page.wait_for_url("**/applications/new/")
    page.fill("input[name=applicant-family_name_latin]", walk.family_name)
    page.fill("input[name=applicant-given_name_latin]", walk.given_name)
    page.select_option("select[name=applicant-sex]", walk.sex)
    page.fill("input[name=applicant-birth_year]", walk.birth_year)
    match = (
        page.locator("#live-matches li")
        .filter(has=page.locator(f'[data-link-person="{registered.pk}"]'))
        .filter(has=page.locator('[data-reason^="birth_year:"]'))
    )
    match.wait_for()
    assert walk.registered_km in match.inner_text()
    match.get_by_role("button", name=khmer("Use this person")).click()
    page.locator("#linked-person").wait_for(state="visible")

    page.select_option("select[name=filing-channel]", "in_person")
    case_choice = page.locator(f"select[name=cases-case_{demo.pk}]")
    # The demo case is marked as one, in Khmer, where the case is chosen.
    assert page.locator(
        f"label[for={case_choice.get_attribute('id')}]"
    ).inner_text().strip() == khmer(walk.case)
    case_choice.select_option("civil_party")
    page.select_option("select[name=crimes-0-crime_type]", index=1)
    scan = tmp_path / "family-book.png"
    scan.write_bytes(PNG)
    page.select_option("select[name=documents-0-kind]", "family_book")
    page.set_input_files("input[name=documents-0-file]", str(scan))
    no_serious_violations(page, walk)
    page.click("form.vif button[type=submit]")
    page.wait_for_url(SAVED_APPLICATION)
    application = Application.objects.get(pk=SAVED_APPLICATION.search(page.url)[1])
    assert (application.applicant, application.case, application.status) == (
        registered,
        demo,
        Status.DRAFT,
    )
    no_serious_violations(page, walk)

    # Step 3: receipt, on time, gives the VSS number the README shows.
    _record(page, application, Status.RECEIVED)
    application.refresh_from_db()
    assert application.status == Status.RECEIVED and not application.is_late
    assert application.vss_number == walk.vss_number
    assert walk.vss_number in page.locator("h1").inner_text()
    return application


def _legal_screens_gives_a_lawyer_transmits_and_admits(page, walk, application) -> Lawyer:
    # Step 4: the application found by its VSS number, screened.
    log_in(page, walk.login(4), language="km", password=walk.password)
    page.get_by_role("link", name=khmer("Applications")).first.click()
    page.wait_for_url("**/applications/")
    page.fill("input[name=q]", walk.vss_number)
    found = page.locator("#results").get_by_role("link", name=walk.vss_number)
    found.wait_for()
    found.click()
    page.wait_for_url(f"**/applications/{application.pk}/")
    no_serious_violations(page, walk)
    _record(page, application, Status.SCREENED)

    # Step 5: the lawyer the demo logins name on the `lawyer` line.
    logins = io.StringIO()
    call_command("demo_logins", stdout=logins)
    line = next(line for line in logins.getvalue().splitlines() if f"  {walk.login(10)}  " in line)
    name = re.search(r"On the list of lawyers as (.+)\.$", line)[1]
    lawyer = Lawyer.objects.get(user__username=walk.login(10))
    adding = page.locator(f'form[action$="/applications/{application.pk}/lawyers/"]')
    _choose_lawyer(adding, lawyer, typed=name)
    adding.locator("input[name=rep-started_on]").fill(timezone.localdate().isoformat())
    adding.get_by_role("button", name=khmer("Add the lawyer")).click()
    page.locator("#representation li", has_text=name).wait_for()
    assert application.representations.filter(lawyer=lawyer, ended_on=None).exists()

    # Step 6: transmitted, then admitted with the court document number.
    _record(page, application, Status.TRANSMITTED)
    _record(page, application, Status.ADMITTED, court_document=walk.court_document)
    application.refresh_from_db()
    assert application.status == Status.ADMITTED
    assert application.status_changes.get(to_status=Status.ADMITTED).court_document == (
        walk.court_document
    )
    assert walk.court_document in page.locator("ol.timeline").inner_text()
    no_serious_violations(page, walk)
    return lawyer


def _legal_searches_for_duplicates_merges_and_sets_apart(page, walk, demo_run, registered):
    # Step 7, still as the legal officer.
    assert walk.login(4) == walk.login(7, r"Still as")
    page.get_by_role("link", name=khmer("Duplicates")).first.click()
    page.wait_for_url("**/duplicates/")
    page.get_by_role("button", name=khmer("Search the whole registry for duplicates")).click()
    page.wait_for_url(RUN_PAGE)
    run = MatchRun.objects.get()
    assert run.status == RunStatus.DONE
    # What it learnt: the rate, the weights, the threshold, the largest groups.
    progress = page.locator("#run-progress")
    for part in ("rate", "weights", "threshold", "clusters"):
        assert progress.locator(f'[data-report="{part}"]').inner_text().strip(), part
    no_serious_violations(page, walk)

    # The queue, strongest first, with the demo's re-filings among them.
    page.get_by_role("link", name=khmer("Back to the review queue")).click()
    page.wait_for_url("**/duplicates/")
    reviews = page.get_by_role("link", name=khmer("Review"))
    shown = [
        int(REVIEW.search(reviews.nth(i).get_attribute("href"))[1]) for i in range(reviews.count())
    ]
    candidates = MatchCandidate.objects.in_bulk(shown)
    probabilities = [candidates[pk].probability for pk in shown]
    assert shown and probabilities == sorted(probabilities, reverse=True)
    refiled = refiled_pairs(demo_run)
    twice = [
        c
        for c in (candidates[pk] for pk in shown)
        if (c.person_a_id, c.person_b_id) in refiled and registered.pk not in _people(c)
    ]
    assert twice, "no re-filing of the demo on the queue's first page"
    no_serious_violations(page, walk)

    # A merge is refused while both records apply in one case.
    both = next(
        c
        for c in MatchCandidate.objects.filter(run=run, status=CandidateStatus.OPEN).order_by(
            "-probability", "pk"
        )
        if (c.person_a_id, c.person_b_id) in refiled
        and _cases(c.person_a_id) & _cases(c.person_b_id)
        and registered.pk not in _people(c)
    )
    _review(page, walk, both)
    merging = page.locator(f'form[action$="/duplicates/candidates/{both.pk}/merge/"]')
    merging.get_by_label(khmer("Reason")).fill("One applicant, filed twice.")
    with page.expect_navigation():
        merging.get_by_role("button", name=khmer("Merge")).click()
    refusal = page.locator(".errors[role=alert]", has_text=khmer_tail(MERGE_REFUSED))
    refusal.wait_for()
    assert not PersonMerge.objects.exists()
    no_serious_violations(page, walk)

    # Review: side by side, differences highlighted, each field's weight; then Merge.
    apart = [c for c in twice if not _cases(c.person_a_id) & _cases(c.person_b_id)]
    assert len(apart) >= 2, "fewer than two re-filings apart on the queue's first page"
    merged, different = apart[0], apart[1]
    _review(page, walk, merged)
    assert page.locator("table.side-by-side tr.differs").count() >= 1
    weights = page.locator("section", has=page.get_by_role("columnheader", name=khmer("Weight")))
    assert weights.locator("tbody tr").count() == len(merged.explanation) + 1
    merging = page.locator(f'form[action$="/duplicates/candidates/{merged.pk}/merge/"]')
    merging.get_by_label(khmer("Reason")).fill("One applicant, filed twice.")
    merging.get_by_role("button", name=khmer("Merge")).click()
    page.wait_for_url(MERGE_PAGE)
    merge = PersonMerge.objects.get()
    assert {merge.survivor_id, merge.merged_id} == _people(merged)
    no_serious_violations(page, walk)
    # It can be undone, from the merge's page.
    assert page.locator(f'form[action$="/duplicates/merges/{merge.pk}/undo/"]').count() == 1

    # Different people: the pair is never proposed again.
    _review(page, walk, different)
    deciding = page.locator(f'form[action$="/duplicates/candidates/{different.pk}/different/"]')
    deciding.get_by_label(khmer("Reason")).fill("Two sisters of one village.")
    with page.expect_navigation():
        deciding.locator("button[type=submit]").click()
    different.refresh_from_db()
    assert different.status == CandidateStatus.DIFFERENT
    no_serious_violations(page, walk)


def _review(page, walk, candidate) -> None:
    page.goto(f"/duplicates/candidates/{candidate.pk}/")
    for pk in _people(candidate):
        assert page.locator(f'table.side-by-side a[href$="/people/{pk}/"]').count() == 1
    no_serious_violations(page, walk)


def _people(candidate) -> set[int]:
    return {candidate.person_a_id, candidate.person_b_id}


def _cases(person_id: int) -> set[int]:
    """The cases the person applies in (a withdrawn application no longer counts)."""
    return set(
        Application.objects.filter(applicant_id=person_id)
        .exclude(status=Status.WITHDRAWN)
        .values_list("case", flat=True)
    )


def _legal_keeps_the_list_of_lawyers(page, walk) -> ConflictOfInterest:
    # Step 8, as the legal officer: the list, a decision on an application to it.
    assert walk.login(4) == walk.login(8, r"As")
    page.get_by_role("link", name=khmer("Lawyers")).first.click()
    page.wait_for_url("**/representation/lawyers/")
    no_serious_violations(page, walk)
    applied = Lawyer.objects.filter(status=LawyerStatus.APPLIED).order_by("pk").first()
    assert applied is not None, "no lawyer of the demo waits for a decision"
    page.goto(f"/representation/lawyers/{applied.pk}/")
    deciding = page.locator(f'form[action$="/representation/lawyers/{applied.pk}/decide/"]')
    deciding.locator("select[name=to_status]").select_option(LawyerStatus.REFUSED)
    deciding.locator("textarea[name=reason]").fill("Not admitted to a bar.")
    with page.expect_navigation():
        deciding.locator("button[type=submit]").click()
    applied.refresh_from_db()
    assert applied.status == LawyerStatus.REFUSED
    assert "Not admitted to a bar." in page.locator("ol.timeline").inner_text()
    no_serious_violations(page, walk)

    # The Lead Co-Lawyers are appointed from Cases.
    case = Case.objects.filter(lead_co_lawyers__isnull=False).distinct().first()
    page.get_by_role("link", name=khmer("Cases")).first.click()
    page.wait_for_url("**/cases/**")
    page.locator(f'a[href$="/representation/cases/{case.pk}/lead-co-lawyers/"]').click()
    page.wait_for_url(f"**/representation/cases/{case.pk}/lead-co-lawyers/")
    assert page.locator(f'form[action$="/cases/{case.pk}/lead-co-lawyers/appoint/"]').count() == 1
    no_serious_violations(page, walk)

    # Without a lawyer: the Civil Parties of cases past their Closing Order who have none.
    page.get_by_role("link", name=khmer("Without a lawyer")).first.click()
    page.wait_for_url("**/representation/without-a-lawyer/**")
    listed = page.locator("table.results tbody tr")
    assert listed.count() > 0
    first = Application.objects.get(vss_number=listed.first.locator("td").nth(1).inner_text())
    assert first.case.closing_order_on is not None
    assert not first.representations.filter(ended_on=None).exists()
    no_serious_violations(page, walk)

    # On an application page, Legal representation ends a mandate.
    mandate = (
        Representation.objects.filter(ended_on=None, application__case=case).order_by("pk").first()
    )
    page.goto(f"/applications/{mandate.application_id}/")
    section = page.locator("#representation")
    section.locator("summary", has_text=khmer("End this mandate")).first.click()
    ending = section.locator(f'form[action$="/mandates/{mandate.pk}/end/"]')
    ending.locator("input[type=date]").fill(timezone.localdate().isoformat())
    ending.locator("textarea").fill("The client chose another lawyer.")
    with page.expect_navigation():
        ending.locator("button[type=submit]").click()
    mandate.refresh_from_db()
    assert mandate.ended_on == timezone.localdate()
    no_serious_violations(page, walk)

    # A declared conflict of interest blocks a mandate.
    conflict = (
        ConflictOfInterest.objects.filter(
            lifted_on=None,
            lawyer__status=LawyerStatus.RECOGNISED,
            person__applications__status__in=[Status.ADMITTED, Status.TRANSMITTED],
        )
        .exclude(person__applications__representations__lawyer=F("lawyer"))
        .order_by("pk")
        .first()
    )
    assert conflict is not None, "no conflict of interest in the demo to be stopped by"
    application = conflict.person.applications.order_by("pk").first()
    _add_lawyer(page, application, conflict.lawyer)
    page.locator("#representation .errors[role=alert]").wait_for()
    assert not application.representations.filter(lawyer=conflict.lawyer).exists()
    no_serious_violations(page, walk)
    return conflict


def _choose_lawyer(adding, lawyer, *, typed: str) -> None:
    """Typed into the chooser, then picked among the lawyers it finds."""
    adding.locator("input[name=rep-lawyer-search]").fill(typed)
    choice = adding.locator(f"input[name=rep-lawyer][value='{lawyer.pk}']")
    choice.wait_for()
    choice.check()


def _add_lawyer(page, application, lawyer, override_reason: str = "") -> None:
    page.goto(f"/applications/{application.pk}/")
    adding = page.locator(f'form[action$="/applications/{application.pk}/lawyers/"]')
    _choose_lawyer(adding, lawyer, typed=lawyer.bar_number)
    adding.locator("input[name=rep-started_on]").fill(timezone.localdate().isoformat())
    if override_reason:
        adding.locator("textarea[name=rep-override_reason]").fill(override_reason)
    with page.expect_navigation():
        adding.get_by_role("button", name=khmer("Add the lawyer")).click()


def _the_chief_overrides_the_conflict(page, walk, conflict) -> None:
    # Step 8: the Chief overrides the conflict with a reason.
    log_in(page, walk.chief, language="km", password=walk.password)
    application = conflict.person.applications.order_by("pk").first()
    _add_lawyer(page, application, conflict.lawyer, "The other mandate was ended in court.")
    mandate = application.representations.get(lawyer=conflict.lawyer, ended_on=None)
    assert mandate.conflict_override_reason == "The other mandate was ended in court."
    no_serious_violations(page, walk)


def _legal_moves_civil_parties_with_the_grouping_tool(page, walk) -> None:
    # Step 9: a case's Civil Parties of one province, without a lawyer, to a group.
    case, group, province, moving = _a_grouping()
    page.get_by_role("link", name=khmer("Groups")).first.click()
    page.wait_for_url("**/representation/groups/")
    page.locator(f'a[href$="/representation/cases/{case.pk}/groups/"]').click()
    page.wait_for_url(f"**/representation/cases/{case.pk}/groups/")
    no_serious_violations(page, walk)
    page.get_by_role("link", name=khmer("Grouping tool")).click()
    page.wait_for_url(f"**/representation/cases/{case.pk}/grouping/")
    page.select_option("select[name=province]", province)
    page.select_option("select[name=current_lawyer]", NONE)
    page.select_option("select[name=target_group]", str(group.pk))
    page.select_option("select[name=lawyer]", str(group.lawyer_id))
    page.click("form.grouping-filters button[type=submit]")
    page.wait_for_selector("section.preview")
    assert page.locator(".moving-count").get_attribute("data-count") == str(len(moving))
    no_serious_violations(page, walk)
    page.click("form.confirm button[type=submit]")
    page.wait_for_url(re.compile(rf"/representation/groups/{group.pk}/$"))
    members = GroupMembership.objects.filter(group=group, ended_on=None)
    assert set(moving) <= set(members.values_list("application_id", flat=True))
    assert Representation.objects.filter(
        application__in=moving, lawyer=group.lawyer, ended_on=None
    ).count() == len(moving)
    no_serious_violations(page, walk)

    # The consolidated group: every Civil Party, and the Lead Co-Lawyers.
    page.get_by_role("link", name=khmer("Groups")).first.click()
    page.wait_for_url("**/representation/groups/")
    page.locator(f'a[href$="/representation/cases/{case.pk}/consolidated/"]').click()
    page.wait_for_url(f"**/representation/cases/{case.pk}/consolidated/")
    assert page.locator("ul.leads li").count() >= 1
    no_serious_violations(page, walk)


def _a_grouping():
    """A case with Lead Co-Lawyers, a group with its lawyer, a province whose Civil Parties without
    a lawyer that lawyer may take (no conflict), few enough to move at once."""
    with_leads = Case.objects.filter(
        lead_co_lawyers__pk__isnull=False, lead_co_lawyers__ended_on=None
    )
    for group in CivilPartyGroup.objects.filter(
        archived_at=None, lawyer__status=LawyerStatus.RECOGNISED, case__in=with_leads
    ).order_by("pk"):
        provinces = (
            grouping_selection(group.case, GroupingFilters(lawyer=NONE))
            .exclude(province_code="")
            .values_list("province_code", flat=True)
            .distinct()
        )
        for province in sorted(provinces):
            filters = GroupingFilters(province_code=province, lawyer=NONE)
            moving = list(grouping_selection(group.case, filters).values_list("id", flat=True))
            if 0 < len(moving) <= MAX_MOVED_AT_ONCE and not conflicts_with(group.lawyer, moving):
                return group.case, group, province, moving
    raise AssertionError("no Civil Parties without a lawyer for the grouping tool")


def _the_lawyer_finds_the_client_and_the_notifications(page, walk, application, lawyer):
    # Step 10.
    log_in(page, walk.login(10), language="km", password=walk.password)
    page.get_by_role("link", name=khmer("My clients")).first.click()
    page.wait_for_url(re.compile(r"/my-clients/"))
    page.select_option("select[name=case]", str(application.case_id))
    page.locator("form.filters button[type=submit]").click()
    client = page.locator("table.results").get_by_role("link", name=walk.vss_number)
    client.wait_for()
    no_serious_violations(page, walk)

    told = Notification.objects.filter(
        recipient=lawyer.user, url__endswith=f"/applications/{application.pk}/"
    )
    assert told.count() >= 2, "the lawyer was not told of the transmission and the admission"
    page.get_by_role("link", name=re.compile(re.escape(khmer("Notifications")))).first.click()
    page.wait_for_url(re.compile(r"/notifications/"))
    shown = page.locator("ul.notifications").inner_text()
    for notification in told:
        with translation.override("km"):
            assert str(notification.text) in shown
    no_serious_violations(page, walk)


def _the_lead_co_lawyer_reads_the_consolidated_group(page, walk) -> None:
    # Step 10: the Lead Co-Lawyer reads the whole consolidated group of the case.
    login, number = walk.lead_co_lawyer
    case = Case.objects.get(number=number)
    log_in(page, login, language="km", password=walk.password)
    page.get_by_role("link", name=khmer("My clients")).first.click()
    page.wait_for_url(re.compile(r"/my-clients/"))
    page.locator(f'a[href$="/representation/cases/{case.pk}/consolidated/"]').click()
    page.wait_for_url(f"**/representation/cases/{case.pk}/consolidated/")
    assert page.locator("ul.leads li").count() >= 1
    no_serious_violations(page, walk)


def _outreach_refers_the_applicant_and_logs_a_call(page, walk, person) -> Referral:
    # Step 11: a referral to the partner, with the consent it needs.
    log_in(page, walk.login(11, r"As"), language="km", password=walk.password)
    # The partner as the README names it, the organisation of the `partner` login.
    partner = Organisation.objects.get(acronym=walk.partner, users__username=walk.login(11))
    today = timezone.localdate()
    page.goto(f"/people/{person.pk}/")
    no_serious_violations(page, walk)
    page.click(f"#support a[href='/support/people/{person.pk}/refer/']")
    page.wait_for_url(f"**/support/people/{person.pk}/refer/")
    page.select_option("select[name=partner]", str(partner.pk))
    page.select_option("select[name=service]", ServiceType.COUNSELLING)
    page.fill("input[name=referred_on]", today.isoformat())
    page.fill("textarea[name=reason]", "Asked for counselling at the forum.")
    page.check("input[name=consent][value=new]")
    page.fill("input[name=given_by]", "The applicant, in person")
    page.fill("input[name=given_on]", today.isoformat())
    page.fill("textarea[name=covers]", "Counselling; sharing name and village with the partner")
    no_serious_violations(page, walk)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(REFERRAL_PAGE)
    referral = Referral.objects.get(pk=REFERRAL_PAGE.search(page.url)[1])
    assert (referral.person, referral.partner, referral.consent.person) == (
        person,
        partner,
        person,
    )
    no_serious_violations(page, walk)

    # The contact log: a call, its follow-up in the work queue of the one who logged it.
    page.goto(f"/people/{person.pk}/")
    form = page.locator("#contacts form")
    form.locator("select[name=channel]").select_option("phone")
    form.locator("textarea[name=summary]").fill("Called to give the partner's address.")
    tomorrow = today + datetime.timedelta(days=1)
    form.locator("input[name=follow_up_on]").fill(tomorrow.isoformat())
    form.locator("button[type=submit]").click()
    page.locator("#contacts p.messages.success").wait_for()
    contact = Contact.objects.get(person=person, summary="Called to give the partner's address.")
    assert contact.follow_up_on == tomorrow
    page.click("header a.brand")
    page.wait_for_url("**/")
    page.locator(f"#follow-ups li#follow-up-{contact.pk}").wait_for()
    no_serious_violations(page, walk)
    return referral


def _the_partner_records_a_session_and_a_health_note(page, walk, referral) -> None:
    # Step 11: the partner's referrals, a session and a health note.
    log_in(page, walk.login(11), language="km", password=walk.password)
    page.goto("/support/referrals/")
    page.locator(f"table.results a[href='/support/referrals/{referral.pk}/']").click()
    page.wait_for_url(f"**/support/referrals/{referral.pk}/")
    no_serious_violations(page, walk)
    held = page.locator(f"form[action='/support/referrals/{referral.pk}/sessions/']")
    held.locator("select[name=kind]").select_option("session")
    held.locator("input[name=held_on]").fill(timezone.localdate().isoformat())
    held.locator("textarea[name=outcome]").fill("Spoke of the evacuation.")
    with page.expect_navigation():
        held.locator("button[type=submit]").click()
    assert SupportSession.objects.filter(referral=referral).count() == 1
    note = "Sleeps badly since the forum."
    page.fill("textarea[name=text]", note)
    with page.expect_navigation():
        page.click(f"form[action='/support/referrals/{referral.pk}/notes/'] button[type=submit]")
    assert note in page.locator("ul.notes").inner_text()
    # Each read of the health notes is audited, naming the notes read.
    reads = AuditEntry.objects.filter(
        object_type="support.healthnote",
        object_id=str(referral.pk),
        action=AuditAction.VIEW,
        actor__username=walk.login(11),
    )
    written = referral.health_notes.get().pk
    assert any(written in entry.changes["notes_read"]["new"] for entry in reads)
    no_serious_violations(page, walk)


def _the_auditor_reads_the_walk_in_the_audit_log(page, walk, application, demo):
    # Step 12: the walk's changes, and the demo case's notice moved by `make run`.
    log_in(page, walk.login(12), language="km", password=walk.password)
    page.get_by_role("link", name=khmer("Audit log")).first.click()
    page.wait_for_url(re.compile(r"/audit/"))
    no_serious_violations(page, walk)
    # The application's entries, found by its VSS number: each status change of the walk.
    page.fill("input[name=object_ref]", walk.vss_number)
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    shown = page.locator("table.audit-log tbody").inner_text()
    assert walk.vss_number in shown
    # Received, screened, transmitted, admitted.
    assert shown.count(khmer(str(AuditAction.STATUS_CHANGE.label))) >= 4
    no_serious_violations(page, walk)
    page.fill("input[name=object_ref]", "")
    moved = AuditEntry.objects.filter(
        object_type="proceedings.case", object_id=str(demo.pk), action=AuditAction.UPDATE
    )
    assert moved.exists(), "the demo case's notice moved without an audit entry"
    # The auditor finds it by the case's record id.
    page.select_option("select[name=object_type]", "proceedings.case")
    page.fill("input[name=object_ref]", str(demo.pk))
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    assert demo.number in page.locator("table.audit-log tbody").inner_text()
    no_serious_violations(page, walk)


def _record(page, application, status: str, court_document: str = "") -> None:
    """Change status → `status` → Record, on the application's page, and wait for it."""
    changes = application.status_changes.count()
    form = page.locator(f'form[action$="/applications/{application.pk}/transition/"]')
    form.locator("select[name=to_status]").select_option(status)
    if court_document:
        form.locator("input[name=court_document]").fill(court_document)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert application.status_changes.count() == changes + 1, page.locator("main").inner_text()
    assert page.url.endswith(f"/applications/{application.pk}/")
