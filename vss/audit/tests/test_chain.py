"""Tamper evidence: the audit log is a hash chain that `manage.py verify_audit` checks,
and the request id that groups a request's entries is the server's own."""

import threading
from importlib import import_module

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, models, transaction
from django.urls import reverse

from vss.audit.chain import GENESIS, entry_digest, first_break
from vss.audit.models import AuditAction, AuditEntry
from vss.audit.services import audit_entry, audit_record, audit_record_all
from vss.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db

append_only = import_module("vss.audit.migrations.0002_append_only")


def _write_three(actor) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    first = audit_record(
        actor=actor, action=AuditAction.VIEW, object_type="people.person", object_id="1"
    )
    rest = audit_record_all(
        audit_entry(
            actor=actor, action=AuditAction.VIEW, object_type="people.person", object_id=str(n)
        )
        for n in (2, 3)
    )
    return [first, *rest]


def _verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def _tamper(sql: str, params: list[str | int]) -> None:
    """What someone who may drop the triggers could do, the triggers put back after."""
    append_only.unlock_audit_log(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    append_only.lock_audit_log(connection)


def test_each_entry_is_chained_to_the_one_before(intake):
    first, second, third = _write_three(intake)
    assert first.previous_hash == GENESIS
    assert second.previous_hash == first.entry_hash
    assert third.previous_hash == second.entry_hash
    assert len({first.entry_hash, second.entry_hash, third.entry_hash}) == 3
    assert "3 audit entries, chain intact" in _verify()
    assert third.entry_hash in _verify()


def test_every_way_of_writing_an_entry_joins_the_chain(intake):
    AuditEntry.objects.create(action=AuditAction.VIEW, object_type="x", object_id="1")
    AuditEntry.objects.bulk_create(
        [AuditEntry(action=AuditAction.VIEW, object_type="x", object_id="2") for _ in range(3)]
    )
    _write_three(intake)
    assert AuditEntry.objects.count() == 7
    assert first_break() is None
    assert not AuditEntry.objects.filter(entry_hash="").exists()


def test_the_time_of_an_entry_is_the_clocks_not_the_callers(intake):
    import datetime

    entry = AuditEntry.objects.create(
        at=datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC), action=AuditAction.VIEW
    )
    assert entry.at.year > 2001
    assert AuditEntry.objects.get(pk=entry.pk).at == entry.at


@pytest.mark.audit_chain_broken
def test_a_rewritten_entry_is_named(intake):
    _first, second, _third = _write_three(intake)
    _tamper("UPDATE audit_auditentry SET object_id = %s WHERE id = %s", ["99", second.pk])
    with pytest.raises(CommandError, match=rf"Audit entry {second.pk}: .*rewritten"):
        _verify()


@pytest.mark.audit_chain_broken
def test_a_rewritten_entry_whose_hash_was_recomputed_breaks_the_link_after_it(intake):
    _first, second, third = _write_three(intake)
    values = {**AuditEntry.objects.filter(pk=second.pk).values().get(), "object_id": "99"}
    forged = entry_digest(second.previous_hash, values)
    _tamper(
        "UPDATE audit_auditentry SET object_id = %s, entry_hash = %s WHERE id = %s",
        ["99", forged, second.pk],
    )
    with pytest.raises(CommandError, match=rf"Audit entry {third.pk}: does not follow"):
        _verify()


@pytest.mark.audit_chain_broken
def test_a_removed_entry_is_named_by_the_entry_after_it(intake):
    _first, second, third = _write_three(intake)
    _tamper("DELETE FROM audit_auditentry WHERE id = %s", [second.pk])
    with pytest.raises(CommandError, match=rf"Audit entry {third.pk}: does not follow.*removed"):
        _verify()


@pytest.mark.audit_chain_broken
def test_an_entry_inserted_out_of_order_is_named(intake):
    first, _second, third = _write_three(intake)
    # A well-formed entry, hashed as if it followed the first one, slipped in at the end
    # by an INSERT of its own rather than through the chain.
    values = {**AuditEntry.objects.filter(pk=first.pk).values().get(), "object_id": "42"}
    forged = AuditEntry(
        **{**values, "id": third.pk + 10, "previous_hash": first.entry_hash},
    )
    forged.entry_hash = entry_digest(first.entry_hash, values)
    models.QuerySet.bulk_create(AuditEntry.objects.all(), [forged])
    with pytest.raises(
        CommandError, match=rf"Audit entry {third.pk + 10}: .*inserted out of order"
    ):
        _verify()


@pytest.mark.django_db(transaction=True)
def test_entries_written_at_the_same_time_make_one_chain(intake):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # Threads share an in-memory database through SQLite's shared cache, which
        # answers "table is locked" instead of waiting: a file (as deployed) waits.
        pytest.skip("an in-memory SQLite database cannot be written from several threads")
    """Writers in parallel each read the head and extend it under a lock, so none forks
    the chain (PostgreSQL's advisory lock, SQLite's write lock)."""
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(5):
                with transaction.atomic():
                    audit_record(
                        actor=None, action=AuditAction.VIEW, object_type="t", object_id=f"{n}-{i}"
                    )
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEntry.objects.count() == 20
    assert first_break() is None


def _read_a_person(client, headers):  # type: ignore[no-untyped-def]
    return client.get(reverse("people:detail", args=[PersonFactory.create().pk]), headers=headers)


def test_the_request_id_is_the_servers_and_the_clients_is_kept_beside_it(client, legal):
    client.force_login(legal)
    response = _read_a_person(client, {"X-Request-ID": "chosen-by-client"})
    assert response["X-Request-ID"] != "chosen-by-client"
    assert len(response["X-Request-ID"]) == 32
    int(response["X-Request-ID"], 16)
    entry = AuditEntry.objects.get()
    assert entry.request_id == response["X-Request-ID"]
    assert entry.client_request_id == "chosen-by-client"


def test_two_requests_that_send_the_same_id_get_their_own(client, legal):
    client.force_login(legal)
    ids = {_read_a_person(client, {"X-Request-ID": "same"})["X-Request-ID"] for _ in range(2)}
    assert len(ids) == 2
    assert set(AuditEntry.objects.values_list("client_request_id", flat=True)) == {"same"}
