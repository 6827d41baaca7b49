"""The Chief of Section gives the Civil Parties of one province to a group and its common
lawyer with the grouping tool; the lawyer then sees exactly those clients, not one more."""

import re

import pytest
from django.utils import translation
from django.utils.translation import ngettext
from playwright.sync_api import expect

from vss.accounts.models import Role
from vss.applications.models import Application
from vss.representation.models import GroupMembership, Representation
from vss.representation.tests.test_groups_tool import civil_parties
from vss.testing.browser import log_in, log_out
from vss.testing.factories import CaseFactory, CivilPartyGroupFactory, ProvinceFactory
from vss.testing.personas import lawyer_persona, persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chief_groups_a_province_and_the_lawyer_sees_exactly_those_clients(page):
    chief = persona(Role.CHIEF)
    lawyer = lawyer_persona()
    case = CaseFactory(number="002/02")
    ProvinceFactory(code="03", name_en="Kampong Cham", name_km="កំពង់ចាម")
    ProvinceFactory(code="12", name_en="Phnom Penh", name_km="ភ្នំពេញ")
    chosen = civil_parties(case, 12, created_by=chief, province_code="03", prefix="KC")
    others = civil_parties(case, 8, created_by=chief, province_code="12", prefix="PP")
    group = CivilPartyGroupFactory(case=case, name="Kampong Cham Civil Parties")

    log_in(page, Role.CHIEF)
    page.goto(f"/representation/cases/{case.pk}/groups/")
    page.click(f"a[href='/representation/cases/{case.pk}/grouping/']")
    page.select_option("select[name=province]", "03")
    page.select_option("select[name=target_group]", str(group.pk))
    page.select_option("select[name=lawyer]", str(lawyer.lawyer.pk))
    page.click("form.grouping-filters button[type=submit]")
    page.wait_for_selector("section.preview")
    assert page.locator(".moving-count").get_attribute("data-count") == "12"
    assert page.locator("table.moving tbody tr").count() == 12
    page.click("form.confirm button[type=submit]")
    page.wait_for_url(re.compile(rf"/representation/groups/{group.pk}/$"))
    assert page.locator("table.members tbody tr").count() == 12

    members = GroupMembership.objects.filter(group=group, ended_on__isnull=True)
    assert set(members.values_list("application_id", flat=True)) == {a.pk for a in chosen}
    assert Representation.objects.filter(lawyer=lawyer.lawyer).count() == 12
    log_out(page)

    log_in(page, "lawyer")
    page.goto("/applications/")
    rows = page.locator("#results tbody tr")
    assert rows.count() == 12
    shown = set(rows.locator("td:nth-child(2)").all_inner_texts())
    expected = {Application.objects.get(pk=a.pk).applicant.name_latin for a in chosen}
    assert shown == expected
    assert not any(
        Application.objects.get(pk=a.pk).applicant.name_latin in page.content() for a in others
    )
    # The same twelve on the lawyer's own page, reached from the menu.
    # A click waits only for the next page to start loading: the assertion waits for it.
    page.click("nav a[href='/representation/my-clients/']")
    clients = page.locator("table.results tbody tr")
    expect(clients).to_have_count(12)
    assert set(clients.locator("td:nth-child(1)").all_inner_texts()) == expected
    # And the lawyer was told, in one notification.
    assert page.locator("a.notifications-link .badge").inner_text().startswith("1")
    page.click("a.notifications-link")
    # Worded when read, in the language of the page the lawyer reads it on.
    with translation.override(page.locator("html").get_attribute("lang")):
        told = ngettext(
            "%(count)d Civil Party of the group “%(group)s” is now your client.",
            "%(count)d Civil Parties of the group “%(group)s” are now your clients.",
            12,
        ) % {"count": 12, "group": "Kampong Cham Civil Parties"}
    assert told in page.inner_text("ul.notifications")
