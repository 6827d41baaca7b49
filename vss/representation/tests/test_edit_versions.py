"""Two people editing the same group or lawyer: a save from a form opened before
someone else's save is refused, says what changed meanwhile, keeps what was typed and
writes nothing; and a form never clears a field it did not send."""

import pytest
from django.urls import reverse

from vss.audit.models import AuditEntry
from vss.representation import services
from vss.representation.models import CivilPartyGroup, Lawyer
from vss.representation.tests.test_groups_tool import civil_parties
from vss.testing.clients import signed_in
from vss.testing.factories import CaseFactory, CivilPartyGroupFactory, LawyerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(chief) -> CivilPartyGroup:
    lawyer = LawyerFactory.create(family_name="KEO")
    return CivilPartyGroupFactory.create(
        case=CaseFactory.create(number="002/02"), name="Team Keo", lawyer=lawyer
    )


def _edit(group: CivilPartyGroup) -> str:
    return reverse("representation:group_edit", args=[group.pk])


def _entries() -> int:
    return AuditEntry.objects.exclude(action="view").count()


def test_the_group_form_sends_the_version_it_was_opened_on(request, group):
    page = signed_in(request, "legal").get(_edit(group)).text
    assert 'type="hidden" name="version" value="0"' in page


def test_a_stale_group_edit_does_not_put_back_the_lawyer_changed_meanwhile(request, group):
    opened = group.version
    new_lawyer = LawyerFactory.create(family_name="SOK")
    first = signed_in(request, "legal").post(
        _edit(group), {"name": "Team Keo", "lawyer": new_lawyer.pk, "version": opened}
    )
    assert first.status_code == 302
    entries = _entries()

    # The Chief's form still shows the old lawyer; the Chief renames the group.
    response = signed_in(request, "chief").post(
        _edit(group), {"name": "Team Keo (Kandal)", "lawyer": group.lawyer_id, "version": opened}
    )
    assert response.status_code == 400
    page = response.text
    assert "Someone else saved this record after you opened it" in page
    assert f"Common lawyer: {new_lawyer}" in page
    assert "Team Keo (Kandal)" in page
    assert response.context["form"].data["version"] == str(opened + 1)
    group.refresh_from_db()
    assert (group.name, group.lawyer) == ("Team Keo", new_lawyer)
    assert _entries() == entries


def test_a_group_edit_opened_before_the_grouping_tool_moved_members_is_refused(
    request, group, legal
):
    opened = group.version
    new_lawyer = LawyerFactory.create(family_name="SOK")
    members = civil_parties(group.case, 2, created_by=legal)
    services.group_assign(
        actor=legal, group=group, lawyer=new_lawyer, application_ids=[a.pk for a in members]
    )
    group.refresh_from_db()
    assert group.version == opened + 1
    response = signed_in(request, "chief").post(
        _edit(group), {"name": "Team Keo", "lawyer": LawyerFactory.create().pk, "version": opened}
    )
    assert response.status_code == 400
    assert f"Common lawyer: {new_lawyer}" in response.text
    group.refresh_from_db()
    assert group.lawyer == new_lawyer


def test_a_group_edit_that_does_not_send_the_lawyer_keeps_it(request, group):
    lawyer = group.lawyer
    client = signed_in(request, "legal")
    assert client.post(_edit(group), {"name": "Team Keo"}).status_code == 400  # no version
    response = client.post(_edit(group), {"name": "Team Keo II", "version": group.version})
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.lawyer) == ("Team Keo II", lawyer)


def _lawyer_page(client, lawyer: Lawyer) -> dict:
    url = reverse("representation:lawyer_edit", args=[lawyer.pk])
    initial = client.get(url).context["form"].initial
    return {k: "" if v is None else v for k, v in initial.items()}


def test_a_stale_lawyer_edit_is_refused_and_keeps_what_was_typed(request, chief):
    lawyer = LawyerFactory.create(phone="012 000 001")
    url = reverse("representation:lawyer_edit", args=[lawyer.pk])
    legal, boss = signed_in(request, "legal"), signed_in(request, "chief")
    legals, chiefs = _lawyer_page(legal, lawyer), _lawyer_page(boss, lawyer)
    assert legal.post(url, {**legals, "phone": "012 999 999"}).status_code == 302
    entries = _entries()
    response = boss.post(url, {**chiefs, "languages": "Khmer, French"})
    assert response.status_code == 400
    assert "Phone: 012 999 999" in response.text
    assert 'value="Khmer, French"' in response.text
    lawyer.refresh_from_db()
    assert (lawyer.phone, lawyer.languages) == ("012 999 999", "Khmer, English")
    assert _entries() == entries


def test_a_lawyer_edit_without_its_version_or_a_field_changes_nothing_it_did_not_send(request):
    lawyer = LawyerFactory.create(phone="012 000 001", email="dara@example.org")
    url = reverse("representation:lawyer_edit", args=[lawyer.pk])
    client = signed_in(request, "legal")
    page = _lawyer_page(client, lawyer)
    without_version = {k: v for k, v in page.items() if k != "version"}
    assert client.post(url, {**without_version, "phone": "1"}).status_code == 400
    partial = {k: v for k, v in page.items() if k not in ("phone", "email")}
    assert client.post(url, {**partial, "languages": "Khmer"}).status_code == 302
    lawyer.refresh_from_db()
    assert (lawyer.phone, lawyer.email, lawyer.languages) == (
        "012 000 001",
        "dara@example.org",
        "Khmer",
    )
