"""The list of referrals as a file (vss.exports): the cells its page shows, each person
named as the page names them to the user. Health notes never leave in a file."""

from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.accounts.models import User
from vss.core.exports import Column, choice_cell
from vss.exports.registry import ExportRows, ListExport, filters_of

from .audit_labels import REFERRALS_LIST
from .forms import ReferralFilterForm
from .models import Referral, ReferralStatus, ServiceType
from .selectors import referral_list_for_user


def _consent(referral: Referral) -> str:
    withdrawn = referral.consent.withdrawn_on
    if withdrawn is None:
        return gettext("given")
    return gettext("withdrawn %(date)s") % {"date": withdrawn.isoformat()}


def referral_export_rows(user: User, query: QueryDict) -> ExportRows:
    filters = filters_of(ReferralFilterForm(query or None, user=user))
    columns = [
        Column(_("Referred on"), lambda r: r.referred_on),
        Column(_("Person"), lambda r: policy.display_name(user, r.person)),
        Column(_("Partner"), lambda r: str(r.partner)),
        Column(_("Service"), lambda r: choice_cell(ServiceType, r.service)),
        Column(_("Sessions held"), lambda r: r.sessions_held),
        Column(_("Ceremony held"), lambda r: str(_("yes")) if r.ceremonies else ""),
        Column(_("Status"), lambda r: choice_cell(ReferralStatus, r.status)),
        Column(_("Closed on"), lambda r: r.closed_on),
        Column(_("Consent"), _consent),
    ]
    return ExportRows(
        referral_list_for_user(user, filters),
        columns,
        object_type="support.referral",
        filters=filters,
    )


REFERRALS_EXPORT = ListExport(
    name="referrals",
    title=_("the list of referrals"),
    label=REFERRALS_LIST,
    list_url="support:referral_list",
    filename="referrals",
    rows=referral_export_rows,
)
