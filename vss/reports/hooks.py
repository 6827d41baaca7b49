"""What the reports app adds to the apps below it, from its AppConfig.ready(): its entry
in the staff menu. Each report registers itself in `registry.reports` from here."""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.accounts.models import User
from vss.audit.labels import register_label_wordings
from vss.core.menu import MenuEntry, PublicLink, register_menu_entry, register_public_link
from vss.exports.registry import register_list_export
from vss.policy import Right

from . import annex, audit_labels, caseloads, deadlines, events, funding, pending
from .registry import Report, reports
from .tables import TableReport, register_table_report


def register() -> None:
    register_menu_entry(
        MenuEntry(
            "reports:index", _("Reports"), 127, visible=policy.holds_right(Right.VIEW_STATISTICS)
        )
    )
    reports.register(
        Report(
            name="map",
            title=_("Map of the provinces"),
            summary=_(
                "A figure by province on a map of Cambodia's 25 provinces: applications, "
                "Civil Parties, those without a lawyer, people referred to psychosocial "
                "support or who attended an outreach event."
            ),
            url_name="reports:map",
            order=90,
            shown=policy.can_view_statistics,
        )
    )
    register_public_link(PublicLink("reports:public_figures", _("Victims in figures"), 10))
    reports.register(
        Report(
            name="public_figures",
            title=_("Public figures"),
            summary=_(
                "Applications and Civil Parties by case, province and sex, as the public "
                "reads them: counts under 5 hidden, and those that would give them away."
            ),
            url_name="reports:public_figures",
            order=200,
            shown=policy.can_view_statistics,
        )
    )
    reports.register(annex.REPORT)
    register_list_export(annex.ANNEX_EXPORT)
    register_label_wordings(*audit_labels.WORDINGS)
    register_table_report(pending.REPORT)
    for report in (caseloads.REPORT, funding.REPORT, events.REPORT, deadlines.REPORT):
        register_table_report(report)
    register_menu_entry(FUNDING_FOR_DONORS)
    register_menu_entry(EVENTS_FOR_PARTNERS)
    reports.register(
        Report(
            name="dashboard",
            title=_("Figures"),
            summary=_(
                "Applications and Civil Parties by case, status, place, sex, age, ethnicity, "
                "crime and harm, and over time, for a case and a period."
            ),
            url_name="reports:dashboard",
            order=10,
            shown=policy.can_view_statistics,
        )
    )


def _outside_reader(
    acts_for: Callable[[User], bool], report: TableReport
) -> Callable[[User], bool]:
    def visible(user: User) -> bool:
        return acts_for(user) and report.may_run(user)

    return visible


# A donor's and a partner's users read no other figure, so no reports page: the report of
# their own organisation's rows is in their menu.
FUNDING_FOR_DONORS = MenuEntry(
    "reports:funding",
    _("Funding report"),
    128,
    visible=_outside_reader(policy.acts_for_donor, funding.REPORT),
)
EVENTS_FOR_PARTNERS = MenuEntry(
    "reports:events",
    _("Events report"),
    128,
    visible=_outside_reader(policy.acts_for_partner, events.REPORT),
)
