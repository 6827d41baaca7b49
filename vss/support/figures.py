"""Counts of psychosocial support for the Section's figures (vss.reports): referrals by
partner and status, naming no one, kept by count (vss.tallies).

With a case or a period chosen, a referral counts when the person referred has an
application counted, once however many they have. So the referrals are kept by partner
and status (the kept status, "partner:status") and by the applications of the person:
those of a person with one application under its case and month of receipt (no value),
read and summed by the database; those of a person with several, or none, under no case
and no month and the list of them as value, "case@YYYY-MM,..." ("case@-" for a form not
yet received), which is checked here. A selection of cases or months leaves the second
out of the database's sum; with none, the sum is every referral."""

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models.functions import TruncMonth

from vss import policy
from vss.accounts.models import Organisation, User
from vss.applications.figures import ApplicationSelection
from vss.applications.models import Application
from vss.policy import Right
from vss.tallies.registry import KeptTuple, register_kept_figure
from vss.tallies.selectors import kept_counts

from .models import Referral, ReferralStatus

REFERRALS = "support.referrals"
NOT_RECEIVED = "-"


def _applications_of_referred() -> dict[int, list[tuple[int, Any]]]:
    applications: dict[int, list[tuple[int, Any]]] = defaultdict(list)
    rows = (
        Application.objects.filter(applicant_id__in=Referral.objects.values("person_id"))
        .annotate(month=TruncMonth("form__received_on"))
        .values_list("applicant_id", "case_id", "month")
    )
    for person_id, case_id, month in rows.iterator(chunk_size=5000):
        applications[person_id].append((case_id, month))
    return applications


def referral_tuples() -> Iterator[KeptTuple]:
    """The referrals grouped by partner and status, and by the one application of the
    person referred or the list of their applications."""
    applications = _applications_of_referred()
    one: Counter[tuple[str, int, Any]] = Counter()
    several: Counter[tuple[str, str]] = Counter()
    referrals = Referral.objects.values_list("person_id", "partner_id", "status")
    for person_id, partner_id, status in referrals.iterator(chunk_size=5000):
        group = f"{partner_id}:{status}"
        theirs = applications.get(person_id, [])
        if len(theirs) == 1:
            one[group, *theirs[0]] += 1
        else:
            listed = sorted(
                f"{case_id}@{month.strftime('%Y-%m') if month else NOT_RECEIVED}"
                for case_id, month in theirs
            )
            several[group, ",".join(listed)] += 1
    for (group, case_id, month), n in one.items():
        yield case_id, group, month, None, n
    for (group, listing), n in several.items():
        yield None, group, None, listing, n


def register_kept_figures() -> None:
    register_kept_figure(REFERRALS, tuples=referral_tuples)


def _counted(selection: ApplicationSelection, applications: str) -> bool:
    """Whether one of a person's applications is among those the selection counts."""
    first, last = selection.months
    for application in applications.split(",") if applications else ():
        case_id, received = application.split("@")
        if selection.case_ids is not None and int(case_id) not in selection.case_ids:
            continue
        if received == NOT_RECEIVED:
            if first is None and last is None:
                return True
            continue
        month = received + "-01"
        if (first is None or month >= first.isoformat()) and (
            last is None or month <= last.isoformat()
        ):
            return True
    return False


@dataclass(frozen=True)
class PartnerReferrals:
    partner: Organisation
    by_status: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def referrals_by_partner(user: User, selection: ApplicationSelection) -> list[PartnerReferrals]:
    """Every referral by partner and status; with a case or a period chosen, those of the
    applicants of the applications counted."""
    policy.require_right(user, Right.VIEW_STATISTICS)
    groups: Counter[str] = Counter()
    for row in kept_counts(
        REFERRALS, case_ids=selection.case_ids, months=selection.months, by=("status",)
    ):
        groups[row["status"]] += row["counted"]
    if selection != ApplicationSelection():
        # The people with several applications (or none), left out of the sum above.
        for row in kept_counts(REFERRALS, case_ids=None, by=("status", "value")):
            if row["value"] is not None and _counted(selection, row["value"]):
                groups[row["status"]] += row["counted"]
    counts: dict[int, dict[str, int]] = {}
    for group, n in groups.items():
        partner_id, status = group.split(":", 1)
        counts.setdefault(int(partner_id), {})[status] = n
    partners = Organisation.objects.in_bulk(counts)
    return sorted(
        (
            PartnerReferrals(partners[pk], {status: by.get(status, 0) for status in ReferralStatus})
            for pk, by in counts.items()
        ),
        key=lambda row: (-row.total, row.partner.name),
    )
