"""Pages that show personal data write a read entry: who read which record's page, and,
for a page of many people (a list, a search), what was asked and how many were shown,
never who."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from vss.applications.models import Application, Status
from vss.audit.models import AuditAction, AuditEntry
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    CivilPartyGroupFactory,
    ConsentFactory,
    ContactFactory,
    LawyerFactory,
    PersonFactory,
    ReferralFactory,
    RepresentationFactory,
    VifFactory,
)

pytestmark = pytest.mark.django_db

CLOSED = datetime.date(2010, 9, 15)


def _views_of(user, object_type: str, object_id: int) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            actor=user, action=AuditAction.VIEW, object_type=object_type, object_id=str(object_id)
        )
    )


def test_a_groups_page_of_members_is_audited(client, legal) -> None:
    group = CivilPartyGroupFactory.create(case=CaseFactory.create(number="002"))
    client.force_login(legal)
    assert client.get(reverse("representation:group_detail", args=[group.pk])).status_code == 200
    assert len(_views_of(legal, "representation.civilpartygroup", group.pk)) == 1


def test_a_consolidated_group_is_audited(client, legal) -> None:
    case = CaseFactory.create(number="002")
    client.force_login(legal)
    url = reverse("representation:consolidated", args=[case.pk])
    assert client.get(url).status_code == 200
    assert len(_views_of(legal, "proceedings.case", case.pk)) == 1


def test_a_lawyers_caseload_is_audited(client, legal) -> None:
    lawyer = LawyerFactory.create()
    RepresentationFactory.create(application=ApplicationFactory.create(), lawyer=lawyer)
    client.force_login(legal)
    url = reverse("representation:lawyer_caseload", args=[lawyer.pk])
    assert client.get(url).status_code == 200
    assert len(_views_of(legal, "representation.lawyer", lawyer.pk)) == 1


def test_a_consent_page_is_audited(client, outreach) -> None:
    consent = ConsentFactory.create()
    client.force_login(outreach)
    url = reverse("support:consent_withdraw", args=[consent.pk])
    assert client.get(url).status_code == 200
    assert len(_views_of(outreach, "support.consent", consent.pk)) == 1


def test_the_form_opened_to_edit_is_audited(client, intake) -> None:
    application = ApplicationFactory.create()
    client.force_login(intake)
    url = reverse("applications:form_edit", args=[application.form_id])
    assert client.get(url).status_code == 200
    assert len(_views_of(intake, "applications.victiminformationform", application.form_id)) == 1


def _read_in(response, user) -> AuditEntry:
    """The one read entry the request wrote."""
    [entry] = AuditEntry.objects.filter(
        actor=user,
        request_id=response["X-Request-ID"],
        action__in=[AuditAction.VIEW, AuditAction.SEARCH],
    )
    return entry


def _new(entry: AuditEntry) -> dict[str, object]:
    return {field: change["new"] for field, change in entry.changes.items()}


def _applicant(family: str, **fields) -> Application:
    person = PersonFactory.create(family_name_latin=family, **fields)
    return ApplicationFactory.create(
        form=VifFactory.create(applicant=person), status=Status.RECEIVED
    )


def test_a_name_search_records_what_was_typed_and_how_many_were_found_not_who(
    client, intake
) -> None:
    found = [_applicant("KHIEVMEAS"), _applicant("KHIEVMEAS", given_name_latin="Dara")]
    _applicant("THONGRAK")
    client.force_login(intake)
    response = client.get(reverse("applications:list"), {"q": "khievmeas", "status": "received"})
    assert response.status_code == 200
    entry = _read_in(response, intake)
    assert entry.action == AuditAction.SEARCH
    assert (entry.object_type, entry.object_id) == ("applications.application", "")
    assert _new(entry) == {"query": "khievmeas", "status": "received", "shown": 2}
    for application in found:
        assert str(application.pk) not in entry.object_label
        assert str(application.applicant_id) not in str(entry.changes).replace("2}", "")


def test_a_search_that_matches_a_protected_person_says_only_how_many(client, intake) -> None:
    """The name typed is kept (the auditor is to see who searched for whom); which
    record matched is not, pseudonym included."""
    protected = _applicant("CHHUON", is_protected=True, pseudonym="TCW-31")
    client.force_login(intake)
    response = client.get(reverse("applications:list"), {"q": "CHHUON"})
    entry = _read_in(response, intake)
    assert _new(entry) == {"query": "CHHUON", "shown": 0}
    text = f"{entry.object_id} {entry.object_label} {entry.changes}"
    assert "TCW-31" not in text and f" {protected.applicant_id}" not in text


def test_the_applications_list_without_a_search_is_a_view(client, legal) -> None:
    _applicant("KHIEVMEAS")
    client.force_login(legal)
    entry = _read_in(client.get(reverse("applications:list")), legal)
    assert (entry.action, _new(entry)) == (AuditAction.VIEW, {"shown": 1})


def test_a_search_of_lawyers_by_name_is_audited(client, legal) -> None:
    LawyerFactory.create(family_name="SENGHONG")
    client.force_login(legal)
    response = client.get(reverse("representation:lawyer_list"), {"q": "SENG"})
    entry = _read_in(response, legal)
    assert (entry.action, _new(entry)) == (AuditAction.SEARCH, {"query": "SENG", "shown": 1})


def test_the_referral_list_is_audited(client, outreach) -> None:
    ReferralFactory.create()
    client.force_login(outreach)
    entry = _read_in(client.get(reverse("support:referral_list")), outreach)
    assert (entry.object_type, _new(entry)) == ("support.referral", {"shown": 1})


def test_the_referral_form_naming_the_person_is_audited(client, outreach) -> None:
    person = PersonFactory.create()
    client.force_login(outreach)
    response = client.get(reverse("support:referral_create", args=[person.pk]))
    assert response.status_code == 200
    assert len(_views_of(outreach, "people.person", person.pk)) == 1


def test_a_partners_home_naming_its_referrals_is_audited(client, partner) -> None:
    ReferralFactory.create(partner=partner.organisation)
    client.force_login(partner)
    entry = _read_in(client.get(reverse("core:home")), partner)
    assert (entry.object_type, _new(entry)) == ("support.referral", {"shown": 1})


def test_a_lawyers_list_of_clients_is_audited(client, lawyer) -> None:
    RepresentationFactory.create(lawyer=lawyer.lawyer)
    client.force_login(lawyer)
    entry = _read_in(client.get(reverse("representation:my_clients")), lawyer)
    assert _new(entry) == {"shown": 1}


def test_the_civil_parties_without_a_lawyer_are_audited(client, legal) -> None:
    ApplicationFactory.create(
        form=VifFactory.create(applicant=PersonFactory.create(family_name_latin="KHIEVMEAS")),
        case=CaseFactory.create(number="002", closing_order_on=CLOSED),
        status=Status.ADMITTED,
    )
    client.force_login(legal)
    response = client.get(reverse("representation:without_lawyer"))
    assert "KHIEVMEAS" in response.text
    assert _new(_read_in(response, legal)) == {"shown": 1}


def test_the_grouping_tools_preview_is_audited(client, legal) -> None:
    case = CaseFactory.create(number="002", closing_order_on=CLOSED)
    group = CivilPartyGroupFactory.create(case=case, lawyer=LawyerFactory.create())
    RepresentationFactory.create(application__case=case)
    client.force_login(legal)
    url = reverse("representation:grouping_tool", args=[case.pk])
    response = client.get(url, {"target_group": group.pk})
    assert response.status_code == 200
    entry = _read_in(response, legal)
    assert (entry.object_type, entry.object_id) == ("proceedings.case", "")
    assert _new(entry)["shown"] == 1


def test_a_work_queue_naming_applicants_is_audited_with_its_counts(client, intake) -> None:
    ApplicationFactory.create(status=Status.DRAFT)
    client.force_login(intake)
    response = client.get(reverse("core:home"))
    entry = _read_in(response, intake)
    assert entry.object_label == "work queue, on the home page"
    assert _new(entry) == {
        "awaiting_receipt": 1,
        "incomplete": 0,
        "due_soon": 0,
        "recent_changes": 0,
        "shown": 1,
    }


def test_an_empty_work_queue_writes_nothing(client, intake) -> None:
    client.force_login(intake)
    response = client.get(reverse("core:home"))
    assert not AuditEntry.objects.filter(request_id=response["X-Request-ID"]).exists()


def test_follow_ups_due_on_the_home_page_are_audited(client, outreach) -> None:
    ContactFactory.create(
        contacted_by=outreach, follow_up_user=outreach, follow_up_on=timezone.localdate()
    )
    client.force_login(outreach)
    entry = _read_in(client.get(reverse("core:home")), outreach)
    assert (entry.object_type, _new(entry)) == ("support.contact", {"shown": 1})
