"""The report of reparations funding per donor and project: what each donor pledged to
each project, what it has paid and what is still to come, in US dollars, beside the
project's budget and its gap. The Section's staff who read the programme read every
donor's rows; a donor's account reads its own organisation's only, which is how a donor
learns what its money reached."""

from typing import Any

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vss.accounts.models import Organisation
from vss.core.exports import Column
from vss.core.forms import RecordChoiceField
from vss.reparations.audit_labels import DONOR_FUNDING_REPORT
from vss.reparations.selectors import funding
from vss.reparations.selectors.funding import DonorFundingFilters, DonorProjectFunding

from .tables import ReportFilters, TableReport, Total, case_filter, money


class FundingForm(ReportFilters):
    case = case_filter()
    donor = RecordChoiceField(
        label=_("Donor"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Every donor"),
        error_messages={"invalid_choice": _("There is no such donor. Choose one in the list.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A donor's account chooses among the donors whose pledges it reads: its own.
        donors = self.fields["donor"]
        assert isinstance(donors, forms.ModelChoiceField)
        if self.reader is not None:
            donors.queryset = funding.donors_for_report(self.reader)

    def filters(self) -> DonorFundingFilters:
        valid = self.is_bound and self.is_valid()
        case = self.cleaned_data.get("case") if valid else None
        donor = self.cleaned_data.get("donor") if valid else None
        return DonorFundingFilters(
            case_id=case.pk if case is not None else None,
            donor_id=donor.pk if donor is not None else None,
        )


def _pledged_in(row: DonorProjectFunding) -> str:
    return "; ".join(
        f"{intcomma(amount)} {currency}" for currency, amount in row.pledged_in.items()
    )


COLUMNS = [
    Column(_("Donor"), lambda row: row.donor.name),
    Column(_("Project"), lambda row: row.project.reference),
    Column(_("Title"), lambda row: row.project.title),
    Column(_("Pledged in the donor's currency"), _pledged_in),
    Column(_("Pledged (US dollars)"), lambda row: row.pledged),
    Column(_("Received (US dollars)"), lambda row: row.received),
    Column(_("Outstanding (US dollars)"), lambda row: row.outstanding),
    Column(_("Project's budget (US dollars)"), lambda row: row.budget),
    Column(_("Project's gap (US dollars)"), lambda row: row.gap),
]


def totals(user: Any, filters: Any, rows: object) -> list[Total]:
    figures = funding.donor_funding_totals(user, filters)
    return [
        # Counted apart from the filter of the same word: in Khmer, which has no plural,
        # "Donors" would read as the donor chosen above it.
        Total(pgettext_lazy("how many", "Donors"), figures.donors),
        Total(pgettext_lazy("how many", "Projects"), figures.projects),
        Total(_("Pledged (US dollars)"), money(figures.pledged)),
        Total(_("Received (US dollars)"), money(figures.received)),
        Total(_("Outstanding (US dollars)"), money(figures.outstanding)),
        Total(_("Budgets of these projects (US dollars)"), money(figures.budget)),
        Total(_("Gaps of these projects (US dollars)"), money(figures.gap)),
    ]


REPORT = TableReport(
    name="funding",
    title=_("Reparations funding per donor and project"),
    summary=_(
        "What each donor pledged to each project, has paid and has still to pay, in US "
        "dollars, beside the project's budget and gap."
    ),
    order=50,
    may_run=funding.may_read_donor_funding,
    filter_form=FundingForm,
    rows=funding.donor_funding_for_user,
    columns=COLUMNS,
    audit_label=DONOR_FUNDING_REPORT,
    object_type="reparations.pledge",
    filename="funding-per-donor-and-project",
    totals=totals,
    landscape=True,
)
