"""The links between proposals and the projects that answer them become a model of their
own, over the same table, and carry the proposal's moment of recording.

A project's page lists the newest proposals it answers. From the proposals' index, newest
first, a project whose 80,000 proposals are old walked 257,000 before the first; from the
project's links, its 80,000 proposals were sorted whole. The moment copied onto each link
gives one index in the order read.

The copy is written by triggers, as `applications.0009` does for the forms' dates, so that
no write escapes it (a link added by `.add()`, by the services' bulk insert, by the
generator's COPY): a link inserted, or its proposal changed, takes the proposal's moment;
a proposal whose moment changes gives it to its links.
`vss/reparations/tests/test_project_proposals_newest.py` checks that they exist after every
migration and keep the copy.
"""

import django.db.models.deletion
from django.db import migrations, models

from vss.core.database_sql import run_for_engine

LINK = "reparations_proposal_answered_by"
PROPOSAL = "reparations_proposal"
RECORDED = f"(SELECT p.recorded_at FROM {PROPOSAL} p WHERE p.id = NEW.proposal_id)"

POSTGRES_FORWARD = f"""
UPDATE {LINK} l SET proposal_recorded_at = p.recorded_at
    FROM {PROPOSAL} p WHERE p.id = l.proposal_id;

CREATE FUNCTION reparations_answer_recorded_at() RETURNS trigger AS $$
BEGIN
    NEW.proposal_recorded_at := {RECORDED};
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reparations_answer_recorded_at
    BEFORE INSERT OR UPDATE OF proposal_id, proposal_recorded_at ON {LINK}
    FOR EACH ROW EXECUTE FUNCTION reparations_answer_recorded_at();

CREATE FUNCTION reparations_proposal_recorded_at() RETURNS trigger AS $$
BEGIN
    UPDATE {LINK} SET proposal_recorded_at = NEW.recorded_at WHERE proposal_id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reparations_proposal_recorded_at
    AFTER UPDATE OF recorded_at ON {PROPOSAL}
    FOR EACH ROW WHEN (OLD.recorded_at IS DISTINCT FROM NEW.recorded_at)
    EXECUTE FUNCTION reparations_proposal_recorded_at();
"""

POSTGRES_BACKWARD = f"""
DROP TRIGGER IF EXISTS reparations_proposal_recorded_at ON {PROPOSAL};
DROP FUNCTION IF EXISTS reparations_proposal_recorded_at();
DROP TRIGGER IF EXISTS reparations_answer_recorded_at ON {LINK};
DROP FUNCTION IF EXISTS reparations_answer_recorded_at();
"""

_SQLITE_TAKE = f"UPDATE {LINK} SET proposal_recorded_at = {RECORDED} WHERE id = NEW.id;"
SQLITE_FORWARD = [
    f"""UPDATE {LINK} SET proposal_recorded_at = (
        SELECT p.recorded_at FROM {PROPOSAL} p WHERE p.id = {LINK}.proposal_id)""",
    f"""CREATE TRIGGER reparations_answer_recorded_at_insert AFTER INSERT ON {LINK}
        BEGIN {_SQLITE_TAKE} END""",
    f"""CREATE TRIGGER reparations_answer_recorded_at_update
        AFTER UPDATE OF proposal_id, proposal_recorded_at ON {LINK}
        WHEN NEW.proposal_recorded_at IS NOT {RECORDED}
        BEGIN {_SQLITE_TAKE} END""",
    f"""CREATE TRIGGER reparations_proposal_recorded_at
        AFTER UPDATE OF recorded_at ON {PROPOSAL}
        WHEN NEW.recorded_at IS NOT OLD.recorded_at
        BEGIN UPDATE {LINK} SET proposal_recorded_at = NEW.recorded_at
              WHERE proposal_id = NEW.id; END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS reparations_proposal_recorded_at",
    "DROP TRIGGER IF EXISTS reparations_answer_recorded_at_update",
    "DROP TRIGGER IF EXISTS reparations_answer_recorded_at_insert",
]


def forward(apps, schema_editor):
    run_for_engine(schema_editor.connection, postgresql=POSTGRES_FORWARD, sqlite=SQLITE_FORWARD)


def backward(apps, schema_editor):
    run_for_engine(schema_editor.connection, postgresql=POSTGRES_BACKWARD, sqlite=SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("reparations", "0008_proposal_newest")]

    operations = [
        # The table is the one Django made for the many-to-many field: only the model's
        # description of it is new.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ProposalAnswer",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "project",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="reparations.project",
                            ),
                        ),
                        (
                            "proposal",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="answer_links",
                                to="reparations.proposal",
                            ),
                        ),
                    ],
                    options={
                        "db_table": LINK,
                        "unique_together": {("proposal", "project")},
                    },
                ),
                migrations.AlterField(
                    model_name="proposal",
                    name="answered_by",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="proposals",
                        through="reparations.ProposalAnswer",
                        to="reparations.project",
                        verbose_name="answered by",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="proposalanswer",
            name="proposal_recorded_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
        migrations.AddIndex(
            model_name="proposalanswer",
            index=models.Index(
                models.F("project"),
                models.OrderBy(models.F("proposal_recorded_at"), descending=True),
                models.OrderBy(models.F("proposal"), descending=True),
                name="proposal_answer_newest",
            ),
        ),
    ]
