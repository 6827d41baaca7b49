"""What an application's page offers to print as a PDF (drawn by vss.core.pdf): the VIF
as entered, and the acknowledgement of receipt handed to the applicant, in the
applicant's language, saying whom to ask about it. The people to ask beside the Section
(the applicant's lawyers) are known to apps above this one, which register them here."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User

from .models import Application, ApplicationKind, Status

# The languages a receipt is written in; the applicant's record names none, and most
# applicants read Khmer.
RECEIPT_LANGUAGES = ("km", "en", "fr")
DEFAULT_RECEIPT_LANGUAGE = "km"


@dataclass(frozen=True)
class ReceiptContact:
    """Someone the applicant may ask about the application: who they are to the
    applicant (translated when called), their name and how to reach them."""

    role: str
    name: str
    details: list[str] = field(default_factory=list)


ContactsOf = Callable[[Application], list[ReceiptContact]]
_contacts_of: list[ContactsOf] = []


def register_receipt_contacts(contacts_of: ContactsOf) -> None:
    """Called under the receipt's language, so the roles it gives are in it."""
    if contacts_of not in _contacts_of:
        _contacts_of.append(contacts_of)


def receipt_language(asked: str | None) -> str:
    return asked if asked in RECEIPT_LANGUAGES else DEFAULT_RECEIPT_LANGUAGE


def has_receipt(application: Application) -> bool:
    """A receipt acknowledges what the Section received: an application with its VSS
    number (a draft has none)."""
    return bool(application.vss_number)


def date_received(application: Application) -> datetime.date | None:
    """The date the form reached the Section, or failing it the date its receipt was
    recorded."""
    if application.form.received_on:
        return application.form.received_on
    received = [c for c in application.status_changes.all() if c.to_status == Status.RECEIVED]
    return received[0].decided_on if received else None


def _section_contact() -> ReceiptContact:
    details = [
        value
        for value in (
            settings.VSS_SECTION_ADDRESS,
            settings.VSS_SECTION_PHONE,
            settings.VSS_SECTION_EMAIL,
        )
        if value
    ]
    return ReceiptContact(
        role=_("The Victims Support Section"), name=_("Victims Support Section"), details=details
    )


def _intermediary_contact(application: Application) -> list[ReceiptContact]:
    organisation = application.form.intermediary
    if organisation is None:
        return []
    name = (
        organisation.name_km
        if get_language() == "km" and organisation.name_km
        else organisation.name
    )
    return [
        ReceiptContact(
            role=_("The organisation that helped you file the form"),
            name=name,
        )
    ]


def receipt_context(user: User, application: Application) -> dict[str, Any]:
    contacts = [_section_contact()]
    for contacts_of in _contacts_of:
        contacts.extend(contacts_of(application))
    contacts.extend(_intermediary_contact(application))
    return {
        "application": application,
        "form": application.form,
        "person": application.applicant,
        "received_on": date_received(application),
        "civil_party": application.kind == ApplicationKind.CIVIL_PARTY,
        "contacts": contacts,
        "identity_visible": policy.can_see_identity(user, application.applicant),
    }


def vif_context(user: User, application: Application) -> dict[str, Any]:
    return {
        "application": application,
        "form": application.form,
        "person": application.applicant,
        "identity_visible": policy.can_see_identity(user, application.applicant),
    }


def pdf_filename(application: Application, what: str) -> str:
    """A name that says which record it is without naming the person."""
    number = application.vss_number or f"application-{application.pk}"
    return f"{number.replace('/', '-')}-{what}.pdf"
