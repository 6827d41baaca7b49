"""The demo data of a seed, row for row: a digest of every row of every table that
`generate_demo_data` writes (all columns, in id order), with the clock fixed, so that a
change to how the rows are drawn or written shows up even where every other test would
still pass."""

import datetime
import hashlib
import io
import json
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.db import connection, models
from django.utils import timezone

from vss.accounts.models import User

from .test_demo_data import make_reference

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 14, 2, 30, tzinfo=datetime.UTC)  # 09:30 in Phnom Penh
# Recorded from the generator before its steps moved into the apps' own demo modules.
# Re-recorded when audit entries gained their hash chain and the client's request id,
# and when protected people's pseudonyms came from their ids, as VSS gives them, and
# when cases, VIFs and people gained their version column (the same rows, one column more),
# and again when applications, groups, lawyers and referrals gained theirs (likewise), and
# when accounts gained must_change_password (likewise), and when about 3 applicants in 100
# came to be filed twice (every draw after the first re-filing moved; 280 applicants rather
# than 250, so that the seed's run still writes a row into every table, a health note too),
# and when name rows gained the sounds of their names (two more columns, nothing drawn),
# and when cases gained their titles in Khmer and French (the same rows, two columns more),
# and groups their names in Khmer and French (likewise),
# and when the demo case came (one case row and its audit entry more, cases one column
# more; every other table row for row the same), and when the run's own audit entry lost
# its English label (the log names it "Demo data" in the reader's language), and when
# people gained the language they are written to in (drawn apart from the shared
# generator: people one column more, every other table row for row the same),
# and when the demo's free text came to be written in Khmer, its staff accounts to bear
# staff names and its organisations their Khmer names (the same draws, other words),
# and when the donor's login and the donors came (an account and organisations more), and
# the reparations programme of Case 002 after every other step (its rows and partner
# organisations more; every table before it row for row the same), and when its VIF
# wishes came to be those the consultation brings in (every Civil Party application
# received, whatever became of it: more proposals), and when proposals gained the answered
# flag the tally counts (one column more, set from the links), and when the tally's counts
# came to be kept (a table more, counted from the proposals), and when the programme's
# archived records came to take their archive columns from one abstract model (the same
# rows, those three columns read first), and when outreach's history came after every
# other step (its tables more, drawn from a generator of its own; every table before it
# row for row the same; its events with the column for the reason of their status), and
# when the verdict's attendance came to be drawn, invited and transported as VSS does it
# (its draw, invitations with replies and their messages, companions, pick-up points,
# vehicles and places to stay: five tables more; outreach's draws after it moved), its
# draw done with its waiting list and the moment it finished, and when sends gained the
# time of their worker's last progress (one column more, empty), and when the verdict's
# riders came to be given the pick-up point that serves them (each province's point in a
# village, invitations one column more for the officer's choice), and when accounts gained
# the mark of the system's own (one column more, unset on every demo account), and when
# the verdict's draw stopped warning that the minimums of crimes suffered add up to more
# than its size (a person suffered several: its explanation one warning fewer), and when
# the command came to count the figures kept for the figures page once the data is
# written (its count, the count's audit entry and the kept rows; every other table row
# for row the same), and when the referrals of people with several applications came to
# be kept under the referrals' own figure (the same kept rows, one figure name for both),
# and when the caseloads report, the map, the cases page, the members of groups, lawyers'
# clients and the proposals projects answer came to be kept by count (kept rows more and
# the count's total of them; every other table row for row the same), and when a
# newsletter's readers came to be counted in the background (the sent newsletter's count,
# one row more; every other table row for row the same), and when applications came to
# keep their form's date of receipt (one column more, the form's date; every other column
# and table row for row the same), and when the links of proposals to the projects that
# answer them came to be a model of their own, with the proposal's moment of recording
# (the links' table counted for the first time; every other table row for row the same),
# and when the cases page's counts came to be kept by the organisation that filed the
# forms (14 kept rows more and the count's total of them; every other table the same), and
# when the pending decisions' totals and the themes' proposals came to be kept by count
# (14 kept rows more and the count's total of them; every other table the same).
FINGERPRINT = "c82b9130d02c268da54ad085018caa235fc4707b16a53809e67d6109e9977d1f"
TABLES = (
    "accounts_organisation",
    "accounts_user",
    "applications_application",
    "applications_crimesuffered",
    "applications_harm",
    "applications_statuschange",
    "applications_victiminformationform",
    "audit_auditentry",
    "outreach_accommodation",
    "outreach_companion",
    "outreach_contactpreference",
    "outreach_courtdate",
    "outreach_draw",
    "outreach_event",
    "outreach_focalperson",
    "outreach_invitation",
    "outreach_materialhandover",
    "outreach_message",
    "outreach_newsletter",
    "outreach_newsletterreach",
    "outreach_pickuppoint",
    "outreach_sendjob",
    "outreach_vehicle",
    "people_kinship",
    "people_person",
    "people_personname",
    "proceedings_case",
    "reparations_beneficiarycount",
    "reparations_budgetline",
    "reparations_claimrequest",
    "reparations_evaluation",
    "reparations_milestone",
    "reparations_participation",
    "reparations_payment",
    "reparations_pledge",
    "reparations_progressreport",
    "reparations_project",
    "reparations_projectpartner",
    "reparations_projectstatuschange",
    "reparations_proposal",
    "reparations_proposal_answered_by",
    "reparations_proposaltag",
    "reparations_proposaltally",
    "reparations_proposaltheme",
    "representation_civilpartygroup",
    "representation_conflictofinterest",
    "representation_groupmembership",
    "representation_lawyer",
    "representation_lawyerstatuschange",
    "representation_leadcolawyerappointment",
    "representation_representation",
    "support_consent",
    "support_contact",
    "support_healthnote",
    "support_referral",
    "support_supportsession",
    "tallies_counting",
    "tallies_keptcount",
)


def _value(value: Any) -> str:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return repr(value)


def _table_rows(model: type[models.Model]) -> list[str]:
    fields = [f for f in model._meta.concrete_fields]
    rows = []
    for values in model._base_manager.order_by("pk").values_list(*(f.attname for f in fields)):
        row = dict(zip((f.attname for f in fields), values, strict=True))
        if model is User:
            # A salted hash differs at every run: what is fixed is the password it checks.
            row["password"] = check_password("vss-demo-2026", row["password"])
        rows.append("|".join(f"{name}={_value(v)}" for name, v in row.items()))
    return rows


def _snapshot() -> dict[str, list[str]]:
    return {m._meta.db_table: _table_rows(m) for m in apps.get_models() if m._meta.managed}


def _ids_from_the_rows() -> None:
    """A test that committed its rows (a browser test) leaves SQLite's counters of ids
    where it stopped once its rows are flushed; run before this test in the same process
    (one of several processes, which take the test files in turn), it moved every id
    here. Without its counter, SQLite numbers a table's next row after its last row, as
    in a database never written to."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_sequence")


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="ids come from sequences, which a rolled-back test does not move back",
)
def test_a_seed_writes_the_same_rows_byte_for_byte(db, monkeypatch):
    _ids_from_the_rows()
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    # The field keeps its default callable once asked for it (Field._get_default).
    monkeypatch.setattr(User._meta.get_field("date_joined"), "_get_default", lambda: NOW)
    make_reference()
    before = _snapshot()
    call_command("generate_demo_data", applicants=280, seed=23, stdout=io.StringIO())
    after = _snapshot()
    written = sorted(table for table, rows in after.items() if rows != before[table])
    digest = hashlib.sha256()
    for table in written:
        digest.update(f"{table}\n".encode())
        for row in after[table]:
            digest.update(f"{row}\n".encode())
    assert (tuple(written), digest.hexdigest()) == (TABLES, FINGERPRINT)
