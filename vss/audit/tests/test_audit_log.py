"""The audit log: append-only in the database itself, searchable by the auditor, closed to
everyone else."""

import datetime
import html
from io import StringIO
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst

from vss.accounts.models import User
from vss.applications.models import Application, Status
from vss.audit import registry
from vss.audit.models import AuditAction, AuditEntry
from vss.audit.selectors import AUDIT_LOG, mask_protected_identities
from vss.audit.services import audit_record
from vss.people.models import Person
from vss.people.services import PersonData, person_create
from vss.testing.factories import ApplicationFactory, CaseFactory, PersonFactory, VifFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def _entry_at(moment: datetime.datetime, **fields: object) -> AuditEntry:
    """An entry written at `moment` (the log takes its time from the clock, never from
    the caller, so the clock is what the test sets)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return AuditEntry.objects.create(**fields)


@pytest.fixture
def entry(intake) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=intake,
        actor_username="intake",
        action=AuditAction.VIEW,
        object_type="applications.application",
        object_id="5",
        object_label="VSS-004/02-00005",
        ip_address="127.0.0.1",
        request_id="req-1",
    )


# --- append-only at the database level ------------------------------------------------


def _refused(change) -> None:
    # The savepoint keeps the test's transaction usable on PostgreSQL after the error.
    with pytest.raises(DatabaseError, match="cannot be changed or deleted"), transaction.atomic():
        change()


def _unchanged(entry: AuditEntry) -> None:
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.object_label, stored.action, stored.actor_id, stored.at) == (
        entry.object_label,
        entry.action,
        entry.actor_id,
        entry.at,
    )


def test_saving_a_changed_entry_is_refused(entry):
    changed = AuditEntry.objects.get(pk=entry.pk)
    changed.object_label = "rewritten"
    _refused(changed.save)
    _unchanged(entry)


def test_a_queryset_update_is_refused(entry):
    _refused(lambda: AuditEntry.objects.filter(pk=entry.pk).update(actor_username="someone"))
    _refused(lambda: AuditEntry.objects.update(changes={}))
    _unchanged(entry)


def test_deleting_an_entry_is_refused(entry):
    _refused(AuditEntry.objects.get(pk=entry.pk).delete)
    _refused(AuditEntry.objects.all().delete)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_raw_sql_cannot_change_or_delete_entries_either(entry):
    table = AuditEntry._meta.db_table

    def execute(sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)

    _refused(lambda: execute(f"UPDATE {table} SET object_label = 'x'"))
    _refused(lambda: execute(f"DELETE FROM {table}"))
    _unchanged(entry)


def test_truncating_the_log_is_refused_on_postgresql(entry):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    with connection.cursor() as cursor:
        # Check the deferred foreign keys now: TRUNCATE refuses to run with checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    _refused(lambda: connection.cursor().execute(f"TRUNCATE {AuditEntry._meta.db_table}"))
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_new_entries_can_still_be_written(entry, legal):
    audit_record(actor=legal, action=AuditAction.SEARCH, object_type="applications.application")
    assert AuditEntry.objects.count() == 2


def test_the_actor_of_an_entry_cannot_be_deleted(entry, intake):
    # Deleting the account would have to rewrite (or lose) the entries that name it.
    with pytest.raises(ProtectedError):
        User.objects.filter(pk=intake.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).actor_id == intake.pk


# --- the auditor's filters ---------------------------------------------------------------


@pytest.fixture
def history(intake, legal, chief) -> dict[str, AuditEntry]:
    def at(day: str) -> datetime.datetime:
        # Noon UTC is the same calendar day in Phnom Penh (UTC+7).
        return datetime.datetime.fromisoformat(f"{day}T12:00:00").replace(tzinfo=UTC)

    common = {"ip_address": "10.0.0.1"}
    return {
        "intake views": _entry_at(
            at("2024-03-01"),
            actor=intake,
            actor_username="intake",
            action=AuditAction.VIEW,
            object_type="applications.application",
            object_id="5",
            object_label="VSS-004/02-00005",
            request_id="r1",
            **common,
        ),
        "legal screens": _entry_at(
            at("2024-03-05"),
            actor=legal,
            actor_username="legal",
            action=AuditAction.STATUS_CHANGE,
            object_type="applications.application",
            object_id="5",
            object_label="VSS-004/02-00005",
            changes={"status": {"old": "received", "new": "screened"}},
            request_id="r2",
            **common,
        ),
        "intake creates a person": _entry_at(
            at("2024-04-10"),
            actor=intake,
            actor_username="intake",
            action=AuditAction.CREATE,
            object_type="people.person",
            object_id="7",
            object_label="person 7",
            request_id="r3",
            **common,
        ),
        "chief downloads": _entry_at(
            at("2024-04-20"),
            actor=chief,
            actor_username="chief",
            action=AuditAction.DOWNLOAD,
            object_type="applications.supportingdocument",
            object_id="9",
            object_label="VIF 3 document 9",
            request_id="abc123",
            **common,
        ),
        "failed sign-in": _entry_at(
            at("2024-05-01"),
            actor=None,
            actor_username="",
            action=AuditAction.LOGIN_FAILED,
            object_type="accounts.user",
            object_id="",
            object_label="intake",
            request_id="r5",
            **common,
        ),
    }


FILTERS = {
    "nothing": ("", ["failed sign-in", "chief downloads", "intake creates a person",
                     "legal screens", "intake views"]),
    "user": ("actor=intake", ["intake creates a person", "intake views"]),
    "user, any case": ("actor=INTAKE", ["intake creates a person", "intake views"]),
    "action": ("action=status_change", ["legal screens"]),
    "record type": ("object_type=people.person", ["intake creates a person"]),
    "record id": ("object_ref=5", ["legal screens", "intake views"]),
    "VSS number": ("object_ref=VSS-004/02-00005", ["legal screens", "intake views"]),
    "part of a label": ("object_ref=document 9", ["chief downloads"]),
    "from a date": ("date_from=2024-04-10", ["failed sign-in", "chief downloads",
                                            "intake creates a person"]),
    "until a date": ("date_to=2024-03-05", ["legal screens", "intake views"]),
    "between dates": ("date_from=2024-03-02&date_to=2024-04-19",
                      ["intake creates a person", "legal screens"]),
    "request id": ("request_id=abc123", ["chief downloads"]),
    "user and date": ("actor=intake&date_from=2024-03-02", ["intake creates a person"]),
    "user and action": ("actor=legal&action=view", []),
}  # fmt: skip


def test_the_auditor_filters_the_log(client, auditor, history):
    client.force_login(auditor)
    for name, (query, expected) in FILTERS.items():
        response = client.get(f"{reverse('audit:list')}?{query}")
        assert response.status_code == 200
        # Without the entries of the auditor's own reading, which each page adds.
        shown = [
            entry.pk
            for entry in response.context["page"].object_list
            if entry.object_type != AUDIT_LOG
        ]
        assert shown == [history[key].pk for key in expected], name
        if not expected:
            assert "No entry matches." in response.text


def test_the_log_shows_who_did_what_to_which_record_from_where(client, auditor, history):
    client.force_login(auditor)
    page = html.unescape(client.get(reverse("audit:list") + "?action=status_change").text)
    row = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    for shown in (
        "legal",
        "Status changed",
        "Application 5 · VSS-004/02-00005",
        "<b>Status</b>: Received → Screened",
        "10.0.0.1",
        "r2",
    ):
        assert shown in row


def test_a_malformed_filter_date_is_reported(client, auditor, history):
    client.force_login(auditor)
    response = client.get(reverse("audit:list") + "?date_from=31/02/2024")
    assert response.status_code == 200
    assert "Enter a real date, day first: for example 25/12/1950." in response.text
    assert 'value="31/02/2024"' in response.text


def test_the_entries_of_one_request_are_found_by_its_id(client, auditor, legal):
    application = ApplicationFactory.create(
        case=CaseFactory.create(number="004/02", investigation_closed_on=None)
    )
    client.force_login(legal)
    response = client.post(
        reverse("applications:transition", args=[application.pk]),
        {"to_status": Status.RECEIVED, "version": application.version},
    )
    assert response.status_code == 302
    request_id = response["X-Request-ID"]

    client.force_login(auditor)
    found = client.get(reverse("audit:list"), {"request_id": request_id}).context["page"]
    assert {e.action for e in found.object_list} == {AuditAction.VIEW, AuditAction.STATUS_CHANGE}
    assert {e.object_id for e in found.object_list} == {str(application.pk)}
    assert {e.actor for e in found.object_list} == {legal}
    assert {e.ip_address for e in found.object_list} == {"127.0.0.1"}


def test_the_log_pages_without_counting(client, auditor, intake):
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=intake,
            actor_username="intake",
            action=AuditAction.VIEW,
            object_type="people.person",
            object_id=str(i),
        )
        for i in range(51)
    )
    client.force_login(auditor)
    first = client.get(reverse("audit:list"), {"actor": "intake"})
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].has_next
    assert "actor=intake&amp;page=2" in first.text
    second = client.get(reverse("audit:list"), {"actor": "intake", "page": 2})
    assert len(second.context["page"].object_list) == 1
    assert not second.context["page"].has_next


# --- nobody else reaches it --------------------------------------------------------------


def test_nobody_but_the_auditor_opens_the_log(request, client, history):
    for who in (
        "chief",
        "intake",
        "legal",
        "reparations",
        "outreach",
        "intermediary",
        "lawyer",
        "lead_co_lawyer",
        "partner",
        "donor",
    ):
        client.force_login(request.getfixturevalue(who))
        assert client.get(reverse("audit:list")).status_code == 403, who
        assert client.get(reverse("audit:list"), {"actor": "intake"}).status_code == 403, who
        page = client.get(reverse("core:home")).text
        assert reverse("audit:list") not in page, who


def test_anonymous_users_are_sent_to_the_login_page(client, history):
    response = client.get(reverse("audit:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_auditor_reads_the_log_and_nothing_else(client, auditor, history):
    client.force_login(auditor)
    page = client.get(reverse("audit:list")).text
    nav = page.split("<nav", 1)[1].split("</nav>", 1)[0]
    assert reverse("audit:list") in nav
    assert reverse("applications:list") not in nav
    assert client.get(reverse("applications:list")).status_code == 403
    assert client.get(reverse("people:detail", args=[1])).status_code == 403


# --- what the log may reveal -------------------------------------------------------------


def test_the_log_does_not_reveal_a_protected_persons_real_name(client, auditor, intake):
    person_create(
        actor=intake,
        data=PersonData(
            family_name_latin="CHHUON",
            given_name_latin="Sreypov",
            family_name_km="ឈួន",
            is_protected=True,
        ),
    )
    client.force_login(auditor)
    page = html.unescape(client.get(reverse("audit:list")).text)
    assert "people.person" in page
    for real in ("CHHUON", "Sreypov", "ឈួន"):
        assert real not in page


def test_entries_record_the_time_they_were_written(intake):
    before = timezone.now()
    entry = audit_record(actor=intake, action=AuditAction.SEARCH, object_type="people.person")
    assert before <= entry.at <= timezone.now()


def test_the_record_types_the_apps_register_are_offered_in_the_filter_in_order(client, auditor):
    client.force_login(auditor)
    form = client.get(reverse("audit:list")).context["filter_form"]
    assert [value for value, _label in form.fields["object_type"].choices] == [
        "",
        "applications.application",
        "applications.victiminformationform",
        "applications.supportingdocument",
        "imports.importbatch",
        "people.person",
        "people.kinship",
        "proceedings.case",
        "matching.matchrun",
        "matching.differentpeople",
        "representation.lawyer",
        "representation.lawyerdocument",
        "representation.leadcolawyerappointment",
        "representation.representation",
        "representation.conflictofinterest",
        "representation.civilpartygroup",
        "representation.clientnote",
        "support.consent",
        "support.referral",
        "support.supportsession",
        "support.healthnote",
        "support.contact",
        "reparations.project",
        "reparations.projectpartner",
        "reparations.projectdocument",
        "reparations.budgetline",
        "reparations.claimrequest",
        "reparations.pledge",
        "reparations.payment",
        "reparations.proposal",
        "reparations.proposaltheme",
        "reparations.proposaltag",
        "reparations.milestone",
        "reparations.progressreport",
        "reparations.progressattachment",
        "reparations.participation",
        "reparations.evaluation",
        "accounts.organisation",
        "reparations.proposalimport",
        "outreach.contactpreference",
        "outreach.subscriber",
        "outreach.message",
        "outreach.draw",
        "outreach.invitation",
        "outreach.companion",
        "outreach.event",
        "outreach.focalperson",
        "outreach.materialhandover",
        "outreach.receiptscan",
        "outreach.courtdate",
        "outreach.newsletter",
        "outreach.newsletterreach",
        "outreach.sendjob",
        "outreach.pickuppoint",
        "outreach.vehicle",
        "outreach.accommodation",
        "exports.exportjob",
        "demo_data",
        "tallies.counting",
        "backups.backup",
        "accounts.user",
        "accounts.apitoken",
        "portal.receipt",
        "portal.contentrevision",
    ]
    assert dict(form.fields["object_type"].choices)["people.person"] == "Person"


def test_a_record_type_registered_again_under_another_name_is_refused() -> None:
    before = registry.record_type_choices()
    with pytest.raises(ImproperlyConfigured, match=r"people\.person"):
        registry.register_record_types(20, ("people.person", "Individual"))
    assert registry.record_type_choices() == before


def test_what_entries_say_of_people_protected_since_is_hidden_in_one_query_per_kind(
    client, auditor, intake, django_assert_max_num_queries
):
    protected, open_ = PersonFactory.create(), PersonFactory.create()
    forms = {p.pk: VifFactory.create(applicant=p) for p in (protected, open_)}
    for person in (protected, open_):
        audit_record(
            actor=intake,
            action=AuditAction.UPDATE,
            obj=person,
            changes={
                "phone": {"old": "", "new": f"012 {person.pk:06}"},
                "sex": {"old": "unknown", "new": "female"},
            },
        )
        audit_record(
            actor=intake,
            action=AuditAction.UPDATE,
            obj=forms[person.pk],
            changes={"account": {"old": "", "new": f"Account of {person.pk}"}},
        )
    # Protected after the entries were written: the log cannot be rewritten, so the
    # reading hides it.
    Person.objects.filter(pk=protected.pk).update(is_protected=True, pseudonym="TCW-9")
    client.force_login(auditor)
    page = html.unescape(client.get(reverse("audit:list")).text)
    assert f"012 {protected.pk:06}" not in page and f"Account of {protected.pk}" not in page
    assert f"012 {open_.pk:06}" in page and f"Account of {open_.pk}" in page
    # The protected person's phone and sex (which narrows a village down to one
    # person), and the form's account.
    assert page.count("••• → •••") == 3
    assert page.count("Not stated → Female") == 1

    entries = list(AuditEntry.objects.all())
    # The auditor's rights, the names of protected people (for the searches), people, forms.
    with django_assert_max_num_queries(4):
        mask_protected_identities(auditor, entries)


# --- the auditor's own reading is audited ------------------------------------------------


def _readings_of_the_log(auditor) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(actor=auditor, object_type=AUDIT_LOG).order_by("pk"))


def test_each_page_of_the_log_read_writes_one_entry_with_its_filters_and_count(
    client, auditor, history
):
    client.force_login(auditor)
    response = client.get(reverse("audit:list"), {"actor": "intake", "date_from": "2024-03-01"})
    shown = len(response.context["page"].object_list)
    assert shown == 2  # two entries of the history, not one per entry shown
    [reading] = _readings_of_the_log(auditor)
    assert reading.action == AuditAction.VIEW
    assert reading.request_id == response["X-Request-ID"]
    assert reading.changes == {
        "actor": {"old": None, "new": "intake"},
        "date_from": {"old": None, "new": "2024-03-01"},
        "shown": {"old": None, "new": 2},
    }
    # The page does not list its own reading; the next page read does.
    assert reading.pk not in [e.pk for e in response.context["page"].object_list]
    again = client.get(reverse("audit:list"))
    assert reading.pk in [e.pk for e in again.context["page"].object_list]
    assert len(_readings_of_the_log(auditor)) == 2


def test_reading_the_log_keeps_the_chain_whole(client, auditor, history):
    client.force_login(auditor)
    for _ in range(3):
        client.get(reverse("audit:list"))
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert len(_readings_of_the_log(auditor)) == 3
    assert "8 audit entries, chain intact" in out.getvalue()


def test_an_entry_about_no_single_record_of_a_masked_type_is_shown(client, auditor, intake):
    """An entry with a record type but no record id (a search of people, a live check)
    once made the log answer 500: the masking looked for a person with the id ''."""
    audit_record(
        actor=intake,
        action=AuditAction.SEARCH,
        object_type="people.person",
        label="live duplicate check",
        changes={"query": {"old": None, "new": "CHHUON"}},
    )
    audit_record(
        actor=intake,
        action=AuditAction.VIEW,
        object_type="applications.victiminformationform",
        label="a form, read",
    )
    client.force_login(auditor)
    response = client.get(reverse("audit:list"))
    assert response.status_code == 200
    assert "live duplicate check" in response.text and "a form, read" in response.text


def test_the_log_reads_in_khmer_kinds_fields_and_coded_values(client, auditor, history):
    """No English on the auditor's Khmer page: the record's kind, the changed field and the
    statuses by their Khmer names, not `applications.application`, `status`, `received`."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    client.force_login(auditor)
    page = html.unescape(client.get(reverse("audit:list") + "?action=status_change").text)
    row = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    with translation.override("km"):
        expected = [
            f"{capfirst(str(Application._meta.verbose_name))} 5 · VSS-004/02-00005",
            f"<b>{capfirst(str(Application._meta.get_field('status').verbose_name))}</b>",
            f"{Status.RECEIVED.label} → {Status.SCREENED.label}",
        ]
    for shown in expected:
        assert shown in row
    for code in ("applications.application", "received", "screened", "Status"):
        assert code not in row


def test_a_read_of_a_list_names_what_it_counted_in_the_readers_language(client, auditor, intake):
    from vss.applications.queues import work_queue_for_user

    ApplicationFactory.create(status=Status.INCOMPLETE)
    work_queue_for_user(intake)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    client.force_login(auditor)
    page = html.unescape(client.get(reverse("audit:list") + "?actor=intake").text)
    row = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    with translation.override("fr"):
        expected = [capfirst(translation.gettext("rows shown")), "Incomplete applications"]
        expected[1] = translation.gettext(expected[1])
    assert all(f"<b>{label}</b>" in row for label in expected), row
    assert "<b>shown</b>" not in row and "<b>incomplete</b>" not in row
