from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vss.core.forms import add_service_errors
from vss.core.http import AuthenticatedHttpRequest

from .. import selectors, services
from ..forms import ContactForm


@require_POST
def contact_add(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    """Adds a contact. From HTMX, answers the contact log alone (with the form, fresh or
    with its errors); without it, goes back to the person's page, or shows the form with
    its errors on a page of its own."""
    user = request.user
    person = selectors.person_for_contact(user, person_pk)
    form = ContactForm(request.POST, actor=user, person=person)
    saved = False
    if form.is_valid():
        try:
            services.contact_record(actor=user, person=person, data=form.contact_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            saved = True
    if request.htmx:
        if saved:
            form = ContactForm(actor=user, person=person)
        context = {
            "person": person,
            "contacts": selectors.contacts_of(user, person),
            "contact_form": form,
            "saved": saved,
        }
        # HTMX swaps 2xx answers only: the errors come back as a 200 to be shown.
        return render(request, "support/_contacts.html", context)
    if saved:
        messages.success(request, _("Contact recorded."))
        return redirect(reverse("people:detail", args=[person.pk]) + "#contacts")
    return render(
        request, "support/contact_form.html", {"person": person, "form": form}, status=400
    )


@require_POST
def follow_up_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    contact = selectors.follow_up_for_user(user, pk)
    services.follow_up_done(actor=user, contact=contact)
    if request.htmx:
        return HttpResponse("")
    messages.success(request, _("Follow-up done."))
    return redirect("core:home")
