"""Counts of psychosocial support for the Section's figures (vss.reports): referrals by
partner and status in one GROUP BY, naming no one."""

from dataclasses import dataclass

from django.db.models import Count

from vss.accounts.models import Organisation, User
from vss.applications.figures import ApplicationSelection, selected_applications

from .models import Referral, ReferralStatus


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
    applicants = selected_applications(user, selection).values("applicant_id")
    referrals = Referral.objects.all()
    if selection != ApplicationSelection():
        referrals = referrals.filter(person_id__in=applicants)
    rows = referrals.values("partner_id", "status").annotate(n=Count("id")).order_by()
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["partner_id"], {})[row["status"]] = row["n"]
    partners = Organisation.objects.in_bulk(counts)
    return sorted(
        (
            PartnerReferrals(partners[pk], {status: by.get(status, 0) for status in ReferralStatus})
            for pk, by in counts.items()
        ),
        key=lambda row: (-row.total, row.partner.name),
    )
