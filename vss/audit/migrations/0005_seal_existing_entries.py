"""Chain the entries written before the log was a chain, in the order they were written,
so `verify_audit` checks them too: the only time entries are updated, with the triggers
lifted for this migration alone. The triggers are put back in any case, since SQLite
drops them when the previous migration rebuilds the table."""

from importlib import import_module

from django.db import migrations

from vss.audit.chain import CHAINED_FIELDS, GENESIS, entry_digest

append_only = import_module("vss.audit.migrations.0002_append_only")


def seal_existing(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    entries = AuditEntry.objects.using(schema_editor.connection.alias).order_by("id")
    append_only.unlock_audit_log(schema_editor.connection)
    previous, batch = GENESIS, []
    for entry in entries.iterator(chunk_size=2000):
        entry.previous_hash = previous
        entry.entry_hash = entry_digest(
            previous, {name: getattr(entry, name) for name in CHAINED_FIELDS}
        )
        previous = entry.entry_hash
        batch.append(entry)
        if len(batch) == 2000:
            entries.bulk_update(batch, ["previous_hash", "entry_hash"])
            batch = []
    entries.bulk_update(batch, ["previous_hash", "entry_hash"])
    append_only.lock_audit_log(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_chain")]
    operations = [migrations.RunPython(seal_existing, migrations.RunPython.noop)]
