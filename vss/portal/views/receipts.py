"""Intake staff print a receipt for a form received on paper, so that its applicant can
follow it online: the secret code is shown on this page once and never again."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ..selectors.receipts import application_for_receipt
from ..services.receipts import receipt_issue_on_paper


@never_cache
@require_POST
def receipt_print(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_receipt(request.user, pk)  # type: ignore[arg-type]
    issued = receipt_issue_on_paper(actor=request.user, application=application)  # type: ignore[arg-type]
    return render(
        request, "portal/receipts/print.html", {"application": application, "issued": issued}
    )
