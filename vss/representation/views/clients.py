"""Pages of the lawyer's side: their clients, and the notes they add to a client's file."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vss.applications.page import application_page_for_user
from vss.core.forms import add_service_errors
from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import list_page
from vss.geo.selectors import provinces_by_code

from .. import selectors, services
from ..forms import ClientFilterForm, ClientNoteForm
from ..hooks import CLIENT_NOTES_PANEL, client_notes_panel


@require_GET
def my_clients(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    filter_form = ClientFilterForm(request.GET or None)
    filters = filter_form.filters()
    mandates = selectors.client_list_for_lawyer(user, filters)
    listing = list_page(request, mandates, filter_form=filter_form)
    selectors.client_list_read(user, filters, shown=len(listing.page.object_list))
    return render(
        request,
        "representation/my_clients.html",
        {
            **listing.context(),
            "provinces": provinces_by_code(),
            "lead_mandates": selectors.lead_mandates_of(user),
        },
    )


@require_POST
def client_note_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    application = selectors.client_application_for_note(user, pk)
    form = ClientNoteForm(request.POST, prefix="note")
    if form.is_valid():
        try:
            services.client_note_add(
                actor=user, application=application, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The note was added."))
            return redirect("applications:detail", pk=application.pk)
    # The page again, with what was typed and why it was not saved.
    context = application_page_for_user(user, pk)
    context["panels"][CLIENT_NOTES_PANEL].context = client_notes_panel(
        user, context["application"], form=form
    )
    return render(request, "applications/detail.html", context, status=400)
