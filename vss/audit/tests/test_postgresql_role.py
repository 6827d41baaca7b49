"""The deployment of docs/deployment.md: on PostgreSQL, the application's role holds only
INSERT and SELECT on the audit log, so it can write and read entries but neither rewrite
nor remove them, nor lift the triggers that guard them."""

import pytest
from django.db import DatabaseError, connection, transaction

from vss.audit.chain import first_break
from vss.audit.models import AuditAction, AuditEntry
from vss.audit.services import audit_record

pytestmark = pytest.mark.django_db

ROLE = "vss_audit_app_test"

REFUSED = {
    "UPDATE": "UPDATE audit_auditentry SET object_label = 'rewritten'",
    "DELETE": "DELETE FROM audit_auditentry",
    "TRUNCATE": "TRUNCATE audit_auditentry",
    "DROP TRIGGER": "DROP TRIGGER audit_auditentry_no_update ON audit_auditentry",
    "DISABLE TRIGGER": "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL",
    "DROP TABLE": "DROP TABLE audit_auditentry",
}


@pytest.fixture
def application_role():
    """A role granted what docs/deployment.md grants the application on the audit log,
    created inside the test's transaction and so gone after it."""
    if connection.vendor != "postgresql":
        pytest.skip("database roles and grants are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
        )
        if not cursor.fetchone()[0]:
            pytest.skip("the test database's user may not create roles")
        cursor.execute(f"CREATE ROLE {ROLE} NOLOGIN")
        cursor.execute(f"GRANT USAGE ON SCHEMA {connection.ops.quote_name('public')} TO {ROLE}")
        cursor.execute(f"GRANT SELECT, INSERT ON audit_auditentry TO {ROLE}")
        cursor.execute("SELECT pg_get_serial_sequence('audit_auditentry', 'id')")
        cursor.execute(f"GRANT USAGE ON SEQUENCE {cursor.fetchone()[0]} TO {ROLE}")
    return ROLE


@pytest.mark.parametrize("statement", REFUSED.values(), ids=REFUSED.keys())
def test_the_application_role_cannot_rewrite_the_log_nor_lift_its_triggers(
    application_role, intake, statement
):
    written = audit_record(actor=None, action=AuditAction.VIEW, object_type="t", object_id="1")
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {application_role}")
        try:
            with (
                pytest.raises(DatabaseError, match=r"permission denied|must be owner"),
                transaction.atomic(),
            ):
                cursor.execute(statement)
            # What it may do: write through the chain and read the log.
            added = audit_record(
                actor=None, action=AuditAction.VIEW, object_type="t", object_id="2"
            )
            assert added.previous_hash == written.entry_hash
            assert AuditEntry.objects.count() == 2
        finally:
            cursor.execute("RESET ROLE")
    assert first_break() is None
