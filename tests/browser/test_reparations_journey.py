"""A reparation project from the idea to its endorsement, in Khmer: the reparations
officer writes it, designs it, raises its funds and names its partner; the Lead
Co-Lawyer requests it in the claim and the Chief approves it; the officer records the
judgment that endorses it. Meanwhile the partner files a progress report with a photo,
and the donor that funds the project reads it, and nothing of the Civil Parties."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from PIL import Image

from vss.accounts.models import Role
from vss.applications.models import Status
from vss.reparations.models import (
    Category,
    ClaimRequest,
    Participation,
    ProgressReport,
    Project,
    ProjectStatus,
)
from vss.testing.browser import accessibility_violations, log_in, log_out
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    PersonFactory,
    ProvinceFactory,
)
from vss.testing.personas import donor_persona, lead_co_lawyer_persona, persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KHMER = "km"
TITLE_KM = "ការបង្ហាញរឿងរ៉ាវរបស់ដើមបណ្តឹងរដ្ឋប្បវេណីនៅតាមសាលារៀន"
TITLE_EN = "Civil Parties' stories told in schools"
TITLE_FR = "Les récits des parties civiles racontés dans les écoles"
REPORT = "ក្រុមយុវជនបានជួបដើមបណ្តឹងរដ្ឋប្បវេណីចំនួនប្រាំពីរនាក់ និងសិស្សចំនួនមួយរយនាក់។"
PARTICIPANT = {"family_name_latin": "SAO", "given_name_latin": "Sokha"}
JUDGMENT = "E465"


def khmer(text: str) -> str:
    """`text` as the Khmer pages show it; a string left in English is a missing translation."""
    with translation.override(KHMER):
        shown = translation.gettext(text)
    assert shown != text, f"no Khmer for {text!r}"
    return shown


def _photo(tmp_path):
    """A small JPEG with a camera's position in it, which the report must not keep."""
    image = Image.new("RGB", (64, 48), (180, 120, 40))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (11.0, 33.0, 0.0)}  # GPS: a village's latitude
    path = tmp_path / "forum.jpg"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    path.write_bytes(buffer.getvalue())
    return path


def _no_accessibility_violations(page):
    assert accessibility_violations(page) == []


def _move(page, project, to_status, **fields):
    """Open the move's form in the lifecycle section, fill it and send it."""
    details = page.locator(f"#lifecycle details:has(form[action$='/move/{to_status}/'])")
    details.locator("summary").click()
    form = details.locator("form")
    for name, value in fields.items():
        field = form.locator(f"[name='move-{to_status}-{name}']")
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/reparations/projects/{project.pk}/")
    project.refresh_from_db()
    assert project.status == to_status


def test_a_project_from_idea_to_endorsement_reported_on_by_its_partner_read_by_its_donor(
    page, tmp_path
):
    today = timezone.localdate()
    officer = persona(Role.REPARATIONS)
    officer.first_name, officer.last_name = "Sophal", "OUK"
    officer.save(update_fields=["first_name", "last_name"])
    persona(Role.CHIEF)
    lead = lead_co_lawyer_persona("002/02")
    partner = persona(Role.PARTNER, "Youth for Peace")
    donor = donor_persona()
    case = CaseFactory(number="002/02")
    ProvinceFactory(code="03", name_en="Kampong Cham", name_km="កំពង់ចាម")
    civil_party = ApplicationFactory(
        case=case, status=Status.ADMITTED, applicant=PersonFactory(**PARTICIPANT)
    )

    # --- 1. The officer writes the project down as an idea --------------------------------
    log_in(page, officer.username, language=KHMER)
    page.goto("/reparations/projects/")
    _no_accessibility_violations(page)
    page.click("main a[href='/reparations/projects/new/']")
    page.wait_for_url("**/reparations/projects/new/")
    page.fill("input[name=title_km]", TITLE_KM)
    page.fill("input[name=title_en]", TITLE_EN)
    page.fill("input[name=title_fr]", TITLE_FR)
    page.select_option("select[name=category]", Category.EDUCATION)
    page.check(f"input[name=cases][value='{case.pk}']")
    page.select_option("select[name=officer]", str(officer.pk))
    _no_accessibility_violations(page)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/reparations/projects/\d+/$"))
    project = Project.objects.get(title_en=TITLE_EN)
    assert project.status == ProjectStatus.IDEA
    assert project.reference.startswith("REP-002/02-")
    # The reader's language: the Khmer title heads the page.
    assert TITLE_KM in page.locator("h1").inner_text()
    assert TITLE_EN not in page.locator("main").inner_text()
    _no_accessibility_violations(page)

    # --- 2. Designed with its partner, its budget written, its funds raised ---------------
    _move(page, project, ProjectStatus.DESIGNED)
    page.click(f"main a[href='/reparations/projects/{project.pk}/partners/add/']")
    page.select_option("select[name=organisation]", str(partner.organisation_id))
    page.check("input[name=is_lead]")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/reparations/projects/{project.pk}/")
    assert "Youth for Peace" in page.locator("#about").inner_text()
    _move(page, project, ProjectStatus.FUNDRAISING)

    page.goto(f"/reparations/projects/{project.pk}/funding/")
    budget = page.locator(
        f"form[action='/reparations/projects/{project.pk}/funding/budget-lines/']"
    )
    budget.locator("input[name=line-description]").fill("ការធ្វើដំណើររបស់ក្រុមយុវជន")
    budget.locator("input[name=line-amount_usd]").fill("12000.00")
    budget.locator("button[type=submit]").click()
    page.wait_for_url(f"**/reparations/projects/{project.pk}/funding/")
    pledge = page.locator(f"form[action='/reparations/projects/{project.pk}/funding/pledges/']")
    pledge.locator("select[name=pledge-donor]").select_option(str(donor.organisation_id))
    pledge.locator("select[name=pledge-currency]").select_option("EUR")
    pledge.locator("input[name=pledge-amount]").fill("11000.00")
    pledge.locator("input[name=pledge-pledged_on]").fill(
        (today - datetime.timedelta(days=30)).isoformat()
    )
    pledge.locator("input[name=pledge-usd_rate]").fill("1.0912345678")
    pledge.locator("button[type=submit]").click()
    page.wait_for_url(f"**/reparations/projects/{project.pk}/funding/")
    _no_accessibility_violations(page)
    project.refresh_from_db()
    assert project.budget_usd == Decimal("12000.00")
    # 11,000 EUR at 1.0912345678 USD: 12,003.58 USD, exact to the cent.
    assert project.secured_usd == Decimal("12003.58")

    page.goto(f"/reparations/projects/{project.pk}/")
    _move(page, project, ProjectStatus.FUNDED)
    page.goto(f"/reparations/projects/{project.pk}/")
    # The officer cannot put it into the claim: that is the Chief's approval.
    assert page.locator(f"form[action$='/move/{ProjectStatus.REQUESTED}/']").count() == 0
    log_out(page)

    # --- 3. The partner reports on its work with a photo ----------------------------------
    log_in(page, partner.username, language=KHMER)
    page.goto(f"/reparations/projects/{project.pk}/")
    page.click(f"main a[href='/reparations/projects/{project.pk}/reports/add/']")
    page.wait_for_url(f"**/reparations/projects/{project.pk}/reports/add/")
    page.fill("input[name=period_start]", (today - datetime.timedelta(days=20)).isoformat())
    page.fill("input[name=period_end]", today.isoformat())
    page.fill("textarea[name=text]", REPORT)
    page.select_option("select[name=counts-0-province]", "03")
    page.select_option("select[name=counts-0-sex]", "female")
    page.fill("input[name=counts-0-count]", "57")
    page.set_input_files("input[name=files-0-file]", str(_photo(tmp_path)))
    page.fill("input[name=files-0-caption]", "វេទិកានៅកំពង់ចាម")
    _no_accessibility_violations(page)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/reparations/reports/\d+/$"))
    report = ProgressReport.objects.get(project=project)
    attachment = report.attachments.get()
    assert attachment.is_photo
    assert report.counts.get().count == 57
    # The photo is drawn again from its pixels: the camera's position is not kept.
    with attachment.file.open("rb") as kept:
        assert 0x8825 not in Image.open(kept).getexif()
    log_out(page)

    # --- 4. The Lead Co-Lawyer requests it; the Chief approves it into the claim ----------
    log_in(page, lead.username, language=KHMER)
    page.goto(f"/reparations/projects/{project.pk}/")
    page.click(f"main a[href='/reparations/projects/{project.pk}/claim-requests/add/']")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/reparations/projects/{project.pk}/")
    assert ClaimRequest.objects.filter(project=project, lawyer=lead.lawyer).exists()
    log_out(page)

    log_in(page, "chief", language=KHMER)
    page.goto("/")
    assert TITLE_KM in page.locator("main").inner_text()
    page.goto(f"/reparations/projects/{project.pk}/")
    _move(page, project, ProjectStatus.REQUESTED)
    log_out(page)

    # --- 5. The judgment endorses it; the officer records it -------------------------------
    officer.refresh_from_db()
    log_in(page, officer.username, language=KHMER)
    Participation.objects.create(project=project, application=civil_party, recorded_by=officer)
    page.goto(f"/reparations/projects/{project.pk}/")
    _move(
        page,
        project,
        ProjectStatus.ENDORSED,
        happened_on=today.isoformat(),
        chamber="trial",
        document_number=JUDGMENT,
    )
    lifecycle = page.locator("#lifecycle").inner_text()
    assert khmer("Trial Chamber") in lifecycle
    assert JUDGMENT in lifecycle
    assert "SAO Sokha" in page.locator("main").inner_text()
    _no_accessibility_violations(page)
    log_out(page)

    # --- 6. The donor reads the project and its report, and no Civil Party -----------------
    log_in(page, donor.username, language=KHMER)
    page.goto("/")
    page.click(f"main a[href='/reparations/projects/{project.pk}/']")
    page.wait_for_url(f"**/reparations/projects/{project.pk}/")
    main = page.locator("main").inner_text()
    assert TITLE_KM in main
    assert "SAO Sokha" not in page.content()
    page.click(f"main a[href='/reparations/reports/{report.pk}/']")
    page.wait_for_url(f"**/reparations/reports/{report.pk}/")
    assert REPORT in page.locator("main").inner_text()
    photo = page.locator(f"main img[src*='/reparations/report-files/{attachment.pk}/']")
    assert photo.count() == 1
    # The thumbnail loads lazily, after the page: seen, it is fetched; decode() waits for
    # it and fails if it is broken.
    photo.scroll_into_view_if_needed()
    assert photo.evaluate("image => image.decode().then(() => image.naturalWidth > 0, () => false)")
    assert "SAO Sokha" not in page.content()
    _no_accessibility_violations(page)

    # The public page of the endorsed project names no one either.
    log_out(page)
    page.goto(f"/reparations/public/{project.pk}/")
    assert TITLE_KM in page.locator("main").inner_text()
    assert "SAO Sokha" not in page.content()
    assert "OUK" not in page.content()
    _no_accessibility_violations(page)
