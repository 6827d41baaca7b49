from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import list_page

from .forms import AuditFilterForm
from .selectors import (
    audit_entries_for_user,
    audit_log_read,
    mask_protected_identities,
)


@require_GET
def audit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filter_form = AuditFilterForm(request.GET or None)
    entries = audit_entries_for_user(request.user, filter_form.filters())
    listing = list_page(request, entries, filter_form=filter_form)
    listing.page.object_list = mask_protected_identities(request.user, listing.page.object_list)
    audit_log_read(request.user, filter_form.filters(), shown=len(listing.page.object_list))
    return render(request, "audit/list.html", listing.context())
