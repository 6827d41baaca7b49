"""The README's first walk, followed step by step in Khmer on the demo data as `make run`
serves it, made weeks before: intake files a VIF in the demo case and records its
receipt; a legal officer screens it, gives the Civil Party a lawyer, transmits it and
records the admission; the lawyer finds the new client and the notifications; the
auditor reads it all in the audit log. The names typed, the logins, the case, the VSS
number and the court document are read from README.md, so that changing one without the
other fails; axe finds no serious or critical violation on the pages the walk opens."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from vss.applications.models import Application, Status
from vss.core.demo.steps import Options
from vss.demo.runner import demo_data_generate
from vss.notifications.models import Notification
from vss.people.models import Person
from vss.proceedings.models import Case
from vss.representation.models import Lawyer
from vss.testing.browser import accessibility_violations, log_in, log_out
from vss.testing.constants import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

README = Path(__file__).resolve().parents[2] / "README.md"
SAVED_APPLICATION = re.compile(r"/applications/(\d+)/$")
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

    def login(self, step: int) -> str:
        """The demo login the step signs in as."""
        return self._find(r"[Ss]ign in as `(\w+)`", self.steps[step])

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
    demo_data_generate(options=Options(today=timezone.localdate() - MADE_BEFORE))
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
    log_out(page)
    _the_lawyer_finds_the_client_and_the_notifications(page, walk, application, lawyer)
    log_out(page)
    _the_auditor_reads_the_walk_in_the_audit_log(page, walk, application)
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
    adding.locator("select[name=rep-lawyer]").select_option(label=name)
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


def _the_auditor_reads_the_walk_in_the_audit_log(page, walk, application):
    # Step 12.
    log_in(page, walk.login(12), language="km", password=walk.password)
    page.get_by_role("link", name=khmer("Audit log")).first.click()
    page.wait_for_url(re.compile(r"/audit/"))
    assert walk.vss_number in page.locator("main").inner_text()
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
