from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from vss.core.forms import DateField
from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import list_page

from .models import AuditAction
from .selectors import AuditFilters, audit_entries_for_user, mask_protected_identities

OBJECT_TYPES = [
    ("", _("Any")),
    ("applications.application", _("Application")),
    ("applications.victiminformationform", _("Victim information form")),
    ("applications.supportingdocument", _("Supporting document")),
    ("people.person", _("Person")),
    ("people.kinship", _("Kinship")),
    ("proceedings.case", _("Case")),
    ("matching.matchrun", _("Duplicate search run")),
    ("matching.differentpeople", _("Different people")),
    ("representation.lawyer", _("Civil Party Lawyer")),
    ("representation.lawyerdocument", _("Lawyer's document")),
    ("representation.leadcolawyerappointment", _("Lead Co-Lawyer appointment")),
    ("representation.representation", _("Representation")),
    ("representation.conflictofinterest", _("Conflict of interest")),
    ("representation.civilpartygroup", _("Civil Party group")),
    ("representation.clientnote", _("Note on a file")),
    ("support.consent", _("Consent")),
    ("support.referral", _("Referral")),
    ("support.supportsession", _("Support session")),
    ("support.healthnote", _("Health note")),
    ("support.contact", _("Contact")),
    ("accounts.user", _("User account")),
]


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Username"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("Any")), *AuditAction.choices], required=False
    )
    object_type = forms.ChoiceField(label=_("Record type"), choices=OBJECT_TYPES, required=False)
    object_ref = forms.CharField(label=_("Record id or VSS number"), required=False)
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("Until"), required=False)
    request_id = forms.CharField(label=_("Request id"), required=False)

    def filters(self) -> AuditFilters:
        return AuditFilters(**self.cleaned_data) if self.is_valid() else AuditFilters()


@require_GET
def audit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filter_form = AuditFilterForm(request.GET or None)
    entries = audit_entries_for_user(request.user, filter_form.filters())
    listing = list_page(request, entries, filter_form=filter_form)
    listing.page.object_list = mask_protected_identities(request.user, listing.page.object_list)
    return render(request, "audit/list.html", listing.context())
