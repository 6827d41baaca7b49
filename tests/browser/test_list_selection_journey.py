"""Working on many rows of a list at once, in Khmer: an intake officer sees how many
forms the list holds, ticks every form of the page with one box, leaves one out, records
the receipt of the rest and downloads the list, as CSV at once and as a workbook
written in the background; a legal officer ticks the Civil Parties
without a lawyer and gives them a group."""

import datetime

import pytest
from django.utils import translation

from vss.accounts.models import Role
from vss.applications.models import Application, Channel, Status
from vss.core.exports import UTF8_BOM
from vss.representation.models import GroupMembership
from vss.representation.tests.test_groups_tool import civil_parties
from vss.testing.browser import log_in, log_out
from vss.testing.exports import file_rows
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    CivilPartyGroupFactory,
    LawyerFactory,
    PersonFactory,
    VifFactory,
)
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _drafts(n: int, intermediary) -> list[Application]:
    case = CaseFactory.create(number="004/02", investigation_closed_on=None)
    return [
        ApplicationFactory.create(
            case=case,
            form=VifFactory.create(
                applicant=PersonFactory.create(family_name_latin=f"BATCH{i}"),
                channel=Channel.INTERMEDIARY,
                intermediary=intermediary.organisation,
                created_by=intermediary,
            ),
        )
        for i in range(n)
    ]


def test_intake_receives_the_forms_ticked_and_downloads_the_list(page, tmp_path):
    persona(Role.INTAKE)
    drafts = _drafts(4, persona(Role.INTERMEDIARY))
    left_out = drafts[-1]

    log_in(page, "intake", language="km")
    page.goto("/applications/")
    with translation.override("km"):
        count = translation.ngettext("%(total)s result", "%(total)s results", 4) % {"total": 4}
    assert page.locator(".result-count").inner_text() == count

    page.check("input[data-select-all=application]")
    boxes = page.locator("input[name=application]")
    assert boxes.count() == 4 and all(boxes.nth(i).is_checked() for i in range(4))
    page.uncheck(f"input[name=application][value='{left_out.pk}']")
    page.click("fieldset.batch-action button[type=submit]")
    page.wait_for_selector(".messages .success")

    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses == {
        **{a.pk: Status.RECEIVED for a in drafts[:-1]},
        left_out.pk: Status.DRAFT,
    }
    for application in Application.objects.filter(status=Status.RECEIVED):
        assert application.vss_number in page.locator(".messages").inner_text()
    # Only the form left out still has a box.
    assert page.locator("input[name=application]").count() == 1

    with page.expect_download() as download:
        page.click("form.exports button[value=csv]")
    saved = tmp_path / "applications.csv"
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert text.startswith(UTF8_BOM)
    assert all(a.applicant.name_latin in text for a in drafts)

    # The workbook is written in the background; its page offers it once written.
    page.click("form.exports button[value=xlsx]")
    page.wait_for_selector("#export-progress a[download]")
    assert page.locator("#export-progress progress").get_attribute("value") == "100"
    with page.expect_download() as download:
        page.click("#export-progress a[download]")
    saved = tmp_path / "applications.xlsx"
    download.value.save_as(saved)
    rows = file_rows(saved.read_bytes(), "xlsx")
    assert {row[0] for row in rows[1:]} >= {a.vss_number for a in drafts[:-1]}
    log_out(page)


def test_legal_gives_the_civil_parties_ticked_a_group(page):
    chief = persona(Role.CHIEF)
    persona(Role.LEGAL)
    case = CaseFactory.create(number="002/02", closing_order_on=datetime.date(2010, 9, 15))
    parties = civil_parties(case, 5, created_by=chief)
    group = CivilPartyGroupFactory.create(case=case, lawyer=LawyerFactory.create())

    log_in(page, "legal", language="km")
    page.goto("/representation/without-a-lawyer/")
    page.check("input[data-select-all=application]")
    page.uncheck(f"input[name=application][value='{parties[0].pk}']")
    page.select_option("select[name=group]", str(group.pk))
    page.click("fieldset.batch-action button[type=submit]")
    page.wait_for_selector(".messages .success")

    members = GroupMembership.objects.filter(group=group, ended_on__isnull=True)
    assert set(members.values_list("application_id", flat=True)) == {a.pk for a in parties[1:]}
    # They have a lawyer now: only the one left out is still listed.
    assert page.locator("input[name=application]").count() == 1
