"""What a batch receipt tells the officer: the VSS numbers given, and each form refused
with its reasons, its applicant named as the list names them to this user."""

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vss import policy
from vss.core.http import AuthenticatedHttpRequest

from .services import BatchReport


def receipt_messages(request: AuthenticatedHttpRequest, report: BatchReport) -> None:
    user = request.user
    if report.received:
        count = len(report.received)
        messages.success(
            request,
            ngettext(
                "Receipt recorded for %(count)s form: %(numbers)s.",
                "Receipt recorded for %(count)s forms: %(numbers)s.",
                count,
            )
            % {"count": count, "numbers": ", ".join(a.vss_number or "" for a in report.received)},
        )
    for application, reasons in report.refused:
        messages.error(
            request,
            _("Not received: %(applicant)s (application %(id)s). %(reasons)s")
            % {
                "applicant": policy.display_name(user, application.applicant),
                "id": application.pk,
                "reasons": " ".join(reasons),
            },
        )
