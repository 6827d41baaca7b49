"""A stamp that changes whenever a protected person's names may have changed.

Free text is shown to readers without the right with every protected person's names
replaced by the pseudonym (vss.policy.identity). The finder of those names is built once
per process and kept while this stamp stays the same, so a request reads one row instead
of every protected person's names. The stamp is written by triggers, not by the services,
so that no write escapes it (a bulk update, a merge, an import, SQL typed by hand): a
person inserted, updated or deleted while protected (before or after the change), and any
name of a protected person inserted, updated or deleted. Each change writes a new random
token, never a counter: a counter rolled back with its transaction would come back with
other names under the same value.

`vss/people/tests/test_protected_names_stamp.py` checks that the triggers exist after
every migration (SQLite drops a table's triggers when a migration rebuilds the table)
and that each kind of change moves the stamp.
"""

from django.db import migrations

from vss.core.database_sql import run_for_engine

TOKEN_POSTGRESQL = "md5(random()::text || clock_timestamp()::text)"
TOKEN_SQLITE = "lower(hex(randomblob(16)))"

POSTGRES_FORWARD = f"""
CREATE TABLE people_protectednamesstamp (
    id smallint PRIMARY KEY CHECK (id = 1),
    token text NOT NULL
);
INSERT INTO people_protectednamesstamp VALUES (1, {TOKEN_POSTGRESQL});

CREATE FUNCTION people_protected_names_changed() RETURNS trigger AS $$
BEGIN
    UPDATE people_protectednamesstamp SET token = {TOKEN_POSTGRESQL} WHERE id = 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER people_person_protected_insert AFTER INSERT ON people_person
    FOR EACH ROW WHEN (NEW.is_protected)
    EXECUTE FUNCTION people_protected_names_changed();
CREATE TRIGGER people_person_protected_update AFTER UPDATE ON people_person
    FOR EACH ROW WHEN (
        (OLD.is_protected OR NEW.is_protected)
        AND (OLD.is_protected, OLD.pseudonym, OLD.family_name_latin, OLD.given_name_latin,
             OLD.family_name_km, OLD.given_name_km)
            IS DISTINCT FROM
            (NEW.is_protected, NEW.pseudonym, NEW.family_name_latin, NEW.given_name_latin,
             NEW.family_name_km, NEW.given_name_km)
    )
    EXECUTE FUNCTION people_protected_names_changed();
CREATE TRIGGER people_person_protected_delete AFTER DELETE ON people_person
    FOR EACH ROW WHEN (OLD.is_protected)
    EXECUTE FUNCTION people_protected_names_changed();

-- Names come by the thousand in one statement (a form, a generator, an import): one
-- look per statement at whether any is a protected person's.
CREATE FUNCTION people_personname_changed() RETURNS trigger AS $$
BEGIN
    -- Nested: a transition table exists only for the operations that have it, and an
    -- expression naming one is planned whole.
    IF TG_OP <> 'DELETE' THEN
        IF EXISTS (
            SELECT 1 FROM names_after n
            WHERE n.person_id IN (SELECT id FROM people_person WHERE is_protected)
        ) THEN
            UPDATE people_protectednamesstamp SET token = {TOKEN_POSTGRESQL} WHERE id = 1;
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        IF EXISTS (
            SELECT 1 FROM names_before n
            WHERE n.person_id IN (SELECT id FROM people_person WHERE is_protected)
        ) THEN
            UPDATE people_protectednamesstamp SET token = {TOKEN_POSTGRESQL} WHERE id = 1;
        END IF;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER people_personname_protected_insert AFTER INSERT ON people_personname
    REFERENCING NEW TABLE AS names_after
    FOR EACH STATEMENT EXECUTE FUNCTION people_personname_changed();
CREATE TRIGGER people_personname_protected_update AFTER UPDATE ON people_personname
    REFERENCING OLD TABLE AS names_before NEW TABLE AS names_after
    FOR EACH STATEMENT EXECUTE FUNCTION people_personname_changed();
CREATE TRIGGER people_personname_protected_delete AFTER DELETE ON people_personname
    REFERENCING OLD TABLE AS names_before
    FOR EACH STATEMENT EXECUTE FUNCTION people_personname_changed();
"""

POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS people_personname_protected_insert ON people_personname;
DROP TRIGGER IF EXISTS people_personname_protected_update ON people_personname;
DROP TRIGGER IF EXISTS people_personname_protected_delete ON people_personname;
DROP FUNCTION IF EXISTS people_personname_changed();
DROP TRIGGER IF EXISTS people_person_protected_insert ON people_person;
DROP TRIGGER IF EXISTS people_person_protected_update ON people_person;
DROP TRIGGER IF EXISTS people_person_protected_delete ON people_person;
DROP FUNCTION IF EXISTS people_protected_names_changed();
DROP TABLE IF EXISTS people_protectednamesstamp;
"""

_SQLITE_BUMP = f"UPDATE people_protectednamesstamp SET token = {TOKEN_SQLITE} WHERE id = 1;"
_SQLITE_PROTECTED = "SELECT 1 FROM people_person WHERE is_protected AND id = {person}"
SQLITE_FORWARD = [
    """CREATE TABLE people_protectednamesstamp (
        id integer PRIMARY KEY CHECK (id = 1),
        token text NOT NULL
    )""",
    f"INSERT INTO people_protectednamesstamp VALUES (1, {TOKEN_SQLITE})",
    f"""CREATE TRIGGER people_person_protected_insert AFTER INSERT ON people_person
        WHEN NEW.is_protected BEGIN {_SQLITE_BUMP} END""",
    f"""CREATE TRIGGER people_person_protected_update AFTER UPDATE ON people_person
        WHEN (OLD.is_protected OR NEW.is_protected) AND NOT (
            OLD.is_protected IS NEW.is_protected AND OLD.pseudonym IS NEW.pseudonym
            AND OLD.family_name_latin IS NEW.family_name_latin
            AND OLD.given_name_latin IS NEW.given_name_latin
            AND OLD.family_name_km IS NEW.family_name_km
            AND OLD.given_name_km IS NEW.given_name_km
        ) BEGIN {_SQLITE_BUMP} END""",
    f"""CREATE TRIGGER people_person_protected_delete AFTER DELETE ON people_person
        WHEN OLD.is_protected BEGIN {_SQLITE_BUMP} END""",
    f"""CREATE TRIGGER people_personname_protected_insert AFTER INSERT ON people_personname
        WHEN EXISTS ({_SQLITE_PROTECTED.format(person="NEW.person_id")})
        BEGIN {_SQLITE_BUMP} END""",
    f"""CREATE TRIGGER people_personname_protected_update AFTER UPDATE ON people_personname
        WHEN EXISTS ({_SQLITE_PROTECTED.format(person="OLD.person_id")})
            OR EXISTS ({_SQLITE_PROTECTED.format(person="NEW.person_id")})
        BEGIN {_SQLITE_BUMP} END""",
    f"""CREATE TRIGGER people_personname_protected_delete AFTER DELETE ON people_personname
        WHEN EXISTS ({_SQLITE_PROTECTED.format(person="OLD.person_id")})
        BEGIN {_SQLITE_BUMP} END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS people_personname_protected_insert",
    "DROP TRIGGER IF EXISTS people_personname_protected_update",
    "DROP TRIGGER IF EXISTS people_personname_protected_delete",
    "DROP TRIGGER IF EXISTS people_person_protected_insert",
    "DROP TRIGGER IF EXISTS people_person_protected_update",
    "DROP TRIGGER IF EXISTS people_person_protected_delete",
    "DROP TABLE IF EXISTS people_protectednamesstamp",
]


def forward(apps, schema_editor):
    run_for_engine(schema_editor.connection, postgresql=POSTGRES_FORWARD, sqlite=SQLITE_FORWARD)


def backward(apps, schema_editor):
    run_for_engine(schema_editor.connection, postgresql=POSTGRES_BACKWARD, sqlite=SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("people", "0007_preferred_language")]

    operations = [migrations.RunPython(forward, backward)]
