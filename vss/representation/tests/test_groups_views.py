"""The group pages, the grouping tool and the consolidated group: what does not exist
(404), which methods are refused (405), CSRF, what a Lead Co-Lawyer reads of the
consolidated group; the writes made through the pages; and lists whose query count does
not grow with their length. Who gets each page, persona by persona, is in the access
matrices of test_views_access.py."""

import datetime
import re
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vss.applications.models import Status
from vss.audit.models import AuditAction, AuditEntry
from vss.people.models import Person
from vss.representation.models import (
    CivilPartyGroup,
    ConflictOfInterest,
    GroupMembership,
    Representation,
)
from vss.representation.tests.test_groups_tool import civil_parties
from vss.tallies.services import counting_now
from vss.testing.clients import signed_in
from vss.testing.factories import (
    CaseFactory,
    CivilPartyGroupFactory,
    CrimeSiteFactory,
    LawyerFactory,
    LeadCoLawyerFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return CaseFactory.create(number="002/02")


@pytest.fixture
def group(case, chief):
    lawyer = LawyerFactory.create(family_name="KEO")
    return CivilPartyGroupFactory.create(case=case, name="Team Keo", lawyer=lawyer)


# --- access ------------------------------------------------------------------------------


def test_unknown_records_are_404(request, case, group) -> None:
    client = signed_in(request, "chief")
    assert client.get(reverse("representation:group_detail", args=[9999])).status_code == 404
    assert client.get(reverse("representation:group_list", args=[9999])).status_code == 404
    assert client.get(reverse("representation:grouping_tool", args=[9999])).status_code == 404


def test_get_on_state_changing_urls_is_405(request, case, group) -> None:
    client = signed_in(request, "chief")
    assert client.get(reverse("representation:group_archive", args=[group.pk])).status_code == 405
    confirm = reverse("representation:grouping_confirm", args=[case.pk])
    assert client.get(confirm).status_code == 405


def test_csrf_is_enforced(request, case, group) -> None:
    client = signed_in(request, "chief", enforce_csrf_checks=True)
    posts = [
        (reverse("representation:group_create", args=[case.pk]), {"name": "X"}),
        (reverse("representation:group_edit", args=[group.pk]), {"name": "X"}),
        (reverse("representation:group_archive", args=[group.pk]), {"reason": "X"}),
        (reverse("representation:grouping_confirm", args=[case.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    group.refresh_from_db()
    assert group.name == "Team Keo" and group.archived_at is None


# --- the consolidated group ------------------------------------------------------------------


def test_a_lead_co_lawyer_reads_the_consolidated_group_of_their_case_only(
    request, case, lead_co_lawyer, legal
) -> None:
    members = civil_parties(case, 3, created_by=legal)
    civil_parties(case, 2, created_by=legal, status=Status.REJECTED, prefix="R")
    other_case = CaseFactory.create(number="004")
    client = signed_in(request, "lead_co_lawyer")
    response = client.get(reverse("representation:consolidated", args=[case.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert all(str(a.vss_number) in body for a in members)
    assert "PICH" in body  # the Lead Co-Lawyer, listed
    assert body.count("<tr>") - 1 >= 3
    assert (
        client.get(reverse("representation:consolidated", args=[other_case.pk])).status_code == 404
    )
    # No way from there into the pages that change anything.
    assert client.get(reverse("representation:grouping_tool", args=[case.pk])).status_code == 403


def test_the_consolidated_group_counts_and_lists_only_civil_parties(request, case, legal) -> None:
    ProvinceFactory.create(code="03", name_en="Kampong Cham", name_km="កំពង់ចាម")
    civil_parties(case, 2, created_by=legal, province_code="03", prefix="A")
    civil_parties(case, 1, created_by=legal, status=Status.PROVISIONAL, prefix="B")
    civil_parties(case, 4, created_by=legal, status=Status.RECEIVED, prefix="C")
    LeadCoLawyerFactory.create(case=case, lawyer=LawyerFactory.create(family_name="LEAD"))
    response = signed_in(request, "reparations").get(
        reverse("representation:consolidated", args=[case.pk])
    )
    body = response.content.decode()
    assert "Kampong Cham" in body
    assert "LEAD" in body
    assert response.context["counts"].total == 3
    by_province = {row.key: row.count for row in response.context["counts"].by_province}
    assert by_province == {"03": 2, "12": 1}
    assert len(response.context["page"].object_list) == 3


# --- query counts ----------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_pages_read_a_fixed_number_of_queries(request, case, group, legal) -> None:
    client = signed_in(request, "chief")
    urls = [
        reverse("representation:group_list", args=[case.pk]),
        reverse("representation:group_detail", args=[group.pk]),
        reverse("representation:consolidated", args=[case.pk]),
    ]

    def grow(n: int, prefix: str) -> None:
        apps = civil_parties(case, n, created_by=legal, prefix=prefix)
        GroupMembership.objects.bulk_create(
            GroupMembership(
                group=group, application=a, started_on=datetime.date(2012, 1, 1), assigned_by=legal
            )
            for a in apps
        )
        for i in range(n // 5):
            CivilPartyGroupFactory.create(
                case=case, name=f"{prefix} group {i}", lawyer=LawyerFactory.create()
            )

    grow(5, "A")
    before = [_queries(client, url) for url in urls]
    grow(40, "B")
    assert [_queries(client, url) for url in urls] == before


def test_the_preview_reads_a_fixed_number_of_queries(request, case, group, legal) -> None:
    client = signed_in(request, "chief")
    url = reverse("representation:grouping_tool", args=[case.pk]) + f"?target_group={group.pk}"
    old = LawyerFactory.create()
    civil_parties(case, 3, created_by=legal, prefix="A")
    before = _queries(client, url)
    for a in civil_parties(case, 40, created_by=legal, prefix="B"):
        Representation.objects.create(
            application=a, lawyer=old, started_on=datetime.date(2012, 1, 1), created_by=legal
        )
    assert _queries(client, url) == before


# --- groups through the pages ----------------------------------------------------------------


def test_create_a_group_formed_by_a_crime_site(request, case) -> None:
    client = signed_in(request, "legal")
    url = reverse("representation:group_create", args=[case.pk])
    response = client.post(url, {"name": "S-21 survivors", "basis": "crime_site"})
    assert response.status_code == 400
    assert "Name what the group is formed by." in response.content.decode()
    assert 'value="S-21 survivors"' in response.content.decode()
    assert not CivilPartyGroup.objects.exists()

    site = CrimeSiteFactory.create()
    response = client.post(
        url, {"name": "S-21 survivors", "basis": "crime_site", "crime_site": site.pk}
    )
    group = CivilPartyGroup.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("representation:group_detail", args=[group.pk])
    assert group.crime_site == site
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="representation.civilpartygroup"
    ).exists()
    # The name is unique in its case.
    response = client.post(url, {"name": "S-21 survivors", "basis": "other"})
    assert response.status_code == 400
    assert CivilPartyGroup.objects.count() == 1


def test_edit_and_archive_a_group(request, case, group) -> None:
    client = signed_in(request, "legal")
    new_lawyer = LawyerFactory.create(family_name="NEW")
    response = client.post(
        reverse("representation:group_edit", args=[group.pk]),
        {"name": "Team New", "lawyer": new_lawyer.pk, "version": group.version},
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.lawyer) == ("Team New", new_lawyer)

    archive = reverse("representation:group_archive", args=[group.pk])
    assert client.post(archive, {"reason": ""}).status_code == 400
    assert client.post(archive, {"reason": "Merged into another group"}).status_code == 302
    group.refresh_from_db()
    assert group.archived_at is not None and group.archive_reason == "Merged into another group"
    assert CivilPartyGroup.objects.filter(pk=group.pk).exists()  # archived, never deleted
    listed = client.get(reverse("representation:group_list", args=[case.pk])).content.decode()
    assert "Team New" not in listed
    listed = client.get(
        reverse("representation:group_list", args=[case.pk]) + "?archived=1"
    ).content.decode()
    assert "Team New" in listed


def test_a_group_with_members_cannot_be_archived(request, case, group, legal) -> None:
    (app,) = civil_parties(case, 1, created_by=legal)
    GroupMembership.objects.create(
        group=group, application=app, started_on=datetime.date(2012, 1, 1), assigned_by=legal
    )
    response = signed_in(request, "legal").post(
        reverse("representation:group_archive", args=[group.pk]), {"reason": "Done"}
    )
    assert response.status_code == 400
    # The refusal is told at the form, announced and focused (the shared _form_errors.html).
    archive_form = response.content.decode().split(
        reverse("representation:group_archive", args=[group.pk]), 1
    )[1]
    box = re.search(
        r'<div class="errors" role="alert" tabindex="-1" autofocus>(.*?)</div>', archive_form, re.S
    )
    assert box and box.group(1).strip()
    group.refresh_from_db()
    assert group.archived_at is None


def test_members_are_shown_by_pseudonym_to_those_who_may_not_see_them(
    request, case, group, legal
) -> None:
    (app,) = civil_parties(case, 1, created_by=legal)
    Person.objects.filter(pk=app.applicant_id).update(is_protected=True, pseudonym="CP-0001")
    GroupMembership.objects.create(
        group=group, application=app, started_on=datetime.date(2012, 1, 1), assigned_by=legal
    )
    url = reverse("representation:group_detail", args=[group.pk])
    seen_by_intake = signed_in(request, "intake").get(url).content.decode()
    assert "CP-0001" in seen_by_intake and "CP00000" not in seen_by_intake
    seen_by_legal = signed_in(request, "legal").get(url).content.decode()
    assert "CP00000" in seen_by_legal


# --- the grouping tool through the pages -----------------------------------------------------


def _tool_get(client: Client, case, **params) -> tuple[Any, dict[str, str]]:
    response = client.get(reverse("representation:grouping_tool", args=[case.pk]), params)
    body = response.content.decode()
    confirm = body.split('class="confirm"', 1)[1] if 'class="confirm"' in body else ""
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', confirm))
    return response, fields


def test_preview_then_confirm_moves_the_selection(request, case, group, legal) -> None:
    ProvinceFactory.create(code="03", name_en="Kampong Cham", name_km="កំពង់ចាម")
    chosen = civil_parties(case, 4, created_by=legal, province_code="03", prefix="A")
    civil_parties(case, 3, created_by=legal, province_code="12", prefix="B")
    client = signed_in(request, "legal")
    response, fields = _tool_get(client, case, province="03", target_group=group.pk)
    assert response.status_code == 200
    assert response.context["preview"]["count"] == 4
    assert response.context["preview"]["lawyer"] == group.lawyer
    assert {a.pk for a in response.context["preview"]["page"].object_list} == {a.pk for a in chosen}
    assert fields["province"] == "03" and fields["target_group"] == str(group.pk)
    assert fields["lawyer"] == str(group.lawyer_id)
    assert not GroupMembership.objects.exists()  # a preview changes nothing

    response = client.post(
        reverse("representation:grouping_confirm", args=[case.pk]),
        {**fields, "end_other_mandates": "on"},
    )
    assert response.status_code == 302
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert told == ["4 Civil Parties were moved to Team Keo."]
    current = GroupMembership.objects.filter(group=group, ended_on__isnull=True)
    assert set(current.values_list("application_id", flat=True)) == {a.pk for a in chosen}
    assert set(
        Representation.objects.filter(ended_on__isnull=True).values_list("lawyer_id", flat=True)
    ) == {group.lawyer_id}


def test_moving_one_civil_party_is_told_in_the_singular(request, case, group, legal) -> None:
    civil_parties(case, 1, created_by=legal)
    client = signed_in(request, "legal")
    _response, fields = _tool_get(client, case, target_group=group.pk)
    response = client.post(reverse("representation:grouping_confirm", args=[case.pk]), fields)
    assert response.status_code == 302
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert told == ["1 Civil Party was moved to Team Keo."]


def test_a_selection_changed_since_the_preview_is_not_applied(request, case, group, legal) -> None:
    ProvinceFactory.create(code="03", name_en="Kampong Cham", name_km="កំពង់ចាម")
    civil_parties(case, 4, created_by=legal, province_code="03", prefix="A")
    client = signed_in(request, "legal")
    _response, fields = _tool_get(client, case, province="03", target_group=group.pk)
    # Meanwhile, a colleague's decision adds a Civil Party matching the filters.
    civil_parties(case, 1, created_by=legal, province_code="03", prefix="LATE")
    response = client.post(reverse("representation:grouping_confirm", args=[case.pk]), fields)
    assert response.status_code == 409
    # Told at the top of the page, announced and focused (the base template's messages).
    refusal = re.search(
        r'<div class="messages" role="alert" tabindex="-1" autofocus>(.*?)</div>',
        response.content.decode(),
        re.S,
    )
    assert refusal and "The selection changed since the preview" in refusal.group(1)
    assert response.context["preview"]["count"] == 5
    assert not GroupMembership.objects.exists()
    assert not AuditEntry.objects.filter(object_type="applications.application").exists()
    # The new preview carries a digest of what it shows: confirming it applies.
    new_digest = re.search(r'name="digest" value="([^"]+)"', response.content.decode())
    assert new_digest is not None
    fields["digest"] = new_digest.group(1)
    response = client.post(reverse("representation:grouping_confirm", args=[case.pk]), fields)
    assert response.status_code == 302
    assert GroupMembership.objects.count() == 5


def test_a_conflict_blocks_the_tool_and_the_chief_overrides_it(request, case, group, legal):
    apps = civil_parties(case, 3, created_by=legal)
    ConflictOfInterest.objects.create(
        lawyer=group.lawyer,
        person=apps[1].applicant,
        description="Related to the accused",
        declared_on=datetime.date(2013, 1, 1),
        declared_by=legal,
    )
    confirm = reverse("representation:grouping_confirm", args=[case.pk])
    client = signed_in(request, "legal")
    response, fields = _tool_get(client, case, target_group=group.pk)
    assert "CP00001 Sophal" in response.context["preview"]["conflicts"][0].name_latin
    response = client.post(confirm, {**fields, "conflict_override_reason": "Please"})
    assert response.status_code == 400
    assert "declared conflict of interest with: CP00001 Sophal" in response.content.decode()
    assert not GroupMembership.objects.exists()

    chief = signed_in(request, "chief")
    response = chief.post(confirm, fields)
    assert response.status_code == 400
    assert not Representation.objects.exists()
    response = chief.post(
        confirm, {**fields, "conflict_override_reason": "The client chose this lawyer"}
    )
    assert response.status_code == 302
    assert Representation.objects.get(application=apps[1]).conflict_override_reason == (
        "The client chose this lawyer"
    )


def test_a_group_without_lawyer_needs_one_chosen(request, case, legal) -> None:
    bare = CivilPartyGroupFactory.create(case=case, name="No lawyer yet")
    civil_parties(case, 1, created_by=legal)
    response, _fields = _tool_get(signed_in(request, "legal"), case, target_group=bare.pk)
    assert response.context["preview"] is None
    assert "the group has none" in response.content.decode()


@pytest.mark.parametrize(("name", "shown"), [("intake", True), ("lawyer", False)])
def test_groups_in_the_navigation(request, name, shown) -> None:
    from vss.core.menu import menu_for

    links = [url for url, _label in menu_for(request.getfixturevalue(name))]
    assert (reverse("representation:group_cases") in links) is shown


def test_the_confirmation_gives_the_lawyer_previewed(request, case, group, legal) -> None:
    civil_parties(case, 2, created_by=legal)
    provisional = civil_parties(case, 1, created_by=legal, status=Status.PROVISIONAL, prefix="P")
    civil_parties(case, 1, created_by=legal, status=Status.ADMITTED_ON_APPEAL, prefix="Q")
    client = signed_in(request, "legal")
    response = client.get(
        reverse("representation:grouping_tool", args=[case.pk]),
        {"statuses": [Status.PROVISIONAL, Status.ADMITTED_ON_APPEAL], "target_group": group.pk},
    )
    assert response.context["preview"]["count"] == 2
    body = response.content.decode()
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body)
    previewed = group.lawyer
    # Meanwhile the group is given another common lawyer.
    group.lawyer = LawyerFactory.create(family_name="LATER")
    group.save()
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    assert data["statuses"] == [Status.PROVISIONAL, Status.ADMITTED_ON_APPEAL]
    response = client.post(reverse("representation:grouping_confirm", args=[case.pk]), data)
    assert response.status_code == 302
    mandates = Representation.objects.filter(ended_on__isnull=True)
    assert {r.lawyer_id for r in mandates} == {previewed.pk}
    assert provisional[0].pk in {r.application_id for r in mandates}
    assert mandates.count() == 2


def test_the_groups_page_counts_each_cases_groups_and_civil_parties(
    request, case, group, legal
) -> None:
    members = civil_parties(case, 3, created_by=legal, prefix="IN")
    civil_parties(case, 2, created_by=legal, prefix="OUT")
    civil_parties(case, 4, created_by=legal, status=Status.RECEIVED, prefix="NOT")
    for application in members:
        GroupMembership.objects.create(
            group=group,
            application=application,
            started_on=datetime.date(2011, 1, 1),
            assigned_by=legal,
        )
    CivilPartyGroupFactory.create(
        case=case, name="Archived", archived_at="2012-01-01T00:00Z", archive_reason="Merged"
    )
    CaseFactory.create(number="004")
    counting_now(user=None)
    # Joined after the count: the groups are counted now, the Civil Parties as counted.
    CivilPartyGroupFactory.create(case=case, name="After the count")
    client = signed_in(request, "legal")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("representation:group_cases"))
    counts = {
        row.case.number: (row.group_count, row.civil_party_count, row.ungrouped_count)
        for row in response.context["cases"]
    }
    assert counts == {"002/02": (2, 5, 2), "004": (0, 0, 0)}
    assert "Civil Parties as counted at" in response.content.decode()
    # session, user, the session's second-factor device, unread notifications, the state
    # of the counting, the kept counts, the cases with their groups
    assert len(queries) == 7
