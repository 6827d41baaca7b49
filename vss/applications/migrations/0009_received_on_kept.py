"""The form's date of receipt on each application, kept by triggers.

The report of pending decisions lists the applications waiting longest first, by the date
their form was received. That date is on the form: sorting 80,000 pending applications by
a joined column at each request took half a second at a million applicants, and walking
the forms in date order reads the 750,000 old ones already decided before the first
pending. A copy on the application lets one partial index give the order.

The copy is written by the database, not by the services, so that no write escapes it (a
form corrected, a date filled in at the deadline check, an import, the generator's COPY,
SQL typed by hand): an application inserted, or its form or copy written, takes its
form's date; a form whose date changes gives it to its applications.

`vss/applications/tests/test_received_on_kept.py` checks that the triggers exist after
every migration (SQLite drops a table's triggers when a migration rebuilds the table) and
that each kind of write keeps the copy equal to the form's date.
"""

from django.db import migrations, models

from vss.core.database_sql import run_for_engine

APPLICATION = "applications_application"
FORM = "applications_victiminformationform"
FORM_DATE = f"(SELECT f.received_on FROM {FORM} f WHERE f.id = NEW.form_id)"

POSTGRES_FORWARD = f"""
UPDATE {APPLICATION} a SET received_on = f.received_on
    FROM {FORM} f WHERE f.id = a.form_id AND f.received_on IS NOT NULL;

CREATE FUNCTION applications_application_received_on() RETURNS trigger AS $$
BEGIN
    NEW.received_on := {FORM_DATE};
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER applications_application_received_on
    BEFORE INSERT OR UPDATE OF form_id, received_on ON {APPLICATION}
    FOR EACH ROW EXECUTE FUNCTION applications_application_received_on();

CREATE FUNCTION applications_form_received_on() RETURNS trigger AS $$
BEGIN
    UPDATE {APPLICATION} SET received_on = NEW.received_on WHERE form_id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER applications_form_received_on
    AFTER UPDATE OF received_on ON {FORM}
    FOR EACH ROW WHEN (OLD.received_on IS DISTINCT FROM NEW.received_on)
    EXECUTE FUNCTION applications_form_received_on();
"""

POSTGRES_BACKWARD = f"""
DROP TRIGGER IF EXISTS applications_form_received_on ON {FORM};
DROP FUNCTION IF EXISTS applications_form_received_on();
DROP TRIGGER IF EXISTS applications_application_received_on ON {APPLICATION};
DROP FUNCTION IF EXISTS applications_application_received_on();
"""

_SQLITE_TAKE = (
    f"UPDATE {APPLICATION} SET received_on = {FORM_DATE} WHERE id = NEW.id;"
)
SQLITE_FORWARD = [
    f"""UPDATE {APPLICATION} SET received_on = (
        SELECT f.received_on FROM {FORM} f WHERE f.id = {APPLICATION}.form_id)""",
    f"""CREATE TRIGGER applications_application_received_on_insert
        AFTER INSERT ON {APPLICATION}
        BEGIN {_SQLITE_TAKE} END""",
    f"""CREATE TRIGGER applications_application_received_on_update
        AFTER UPDATE OF form_id, received_on ON {APPLICATION}
        WHEN NEW.received_on IS NOT {FORM_DATE}
        BEGIN {_SQLITE_TAKE} END""",
    f"""CREATE TRIGGER applications_form_received_on
        AFTER UPDATE OF received_on ON {FORM}
        WHEN NEW.received_on IS NOT OLD.received_on
        BEGIN UPDATE {APPLICATION} SET received_on = NEW.received_on WHERE form_id = NEW.id; END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS applications_form_received_on",
    "DROP TRIGGER IF EXISTS applications_application_received_on_update",
    "DROP TRIGGER IF EXISTS applications_application_received_on_insert",
]


def forward(apps, schema_editor):
    run_for_engine(schema_editor.connection, postgresql=POSTGRES_FORWARD, sqlite=SQLITE_FORWARD)


def backward(apps, schema_editor):
    run_for_engine(schema_editor.connection, postgresql=POSTGRES_BACKWARD, sqlite=SQLITE_BACKWARD)


PENDING = models.Q(
    status__in=[
        "appealed",
        "provisional",
        "received",
        "screened",
        "sent_to_prosecutors",
        "transmitted",
    ]
) | models.Q(is_late=True)


class Migration(migrations.Migration):
    dependencies = [("applications", "0008_application_pending_idx")]

    operations = [
        migrations.AddField(
            model_name="application",
            name="received_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="received on"
            ),
        ),
        migrations.RunPython(forward, backward),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=PENDING,
                fields=["received_on", "vss_number", "id"],
                name="application_pending_order_idx",
            ),
        ),
    ]
