"""What an application's page offers to print as a PDF (drawn by vss.core.pdf): the VIF
as entered, and the acknowledgement of receipt handed to the applicant, in the language
the applicant is written to in (or another that staff choose), saying whom to ask about
it. The people to ask beside the Section (the applicant's lawyers) are known to apps above
this one, which register them here."""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from PIL import Image

from vss import policy
from vss.accounts.models import User
from vss.core.context_processors import INTERFACE_LANGUAGES
from vss.core.pdf import data_url
from vss.people.models import Language, Person

from .models import (
    Application,
    ApplicationKind,
    DocumentKind,
    Status,
    SupportingDocument,
    VictimInformationForm,
)

# The languages a receipt is written in: those VSS writes to a person in.
RECEIPT_LANGUAGES: tuple[str, ...] = tuple(Language.values)


@dataclass(frozen=True)
class ReceiptContact:
    """Someone the applicant may ask about the application: who they are to the
    applicant (translated when called), their name and how to reach them."""

    role: str
    name: str = ""
    details: list[str] = field(default_factory=list)


ContactsOf = Callable[[Application], list[ReceiptContact]]
_contacts_of: list[ContactsOf] = []


def register_receipt_contacts(contacts_of: ContactsOf) -> None:
    """Called under the receipt's language, so the roles it gives are in it."""
    if contacts_of not in _contacts_of:
        _contacts_of.append(contacts_of)


def receipt_language(asked: str | None, applicant: Person) -> str:
    """The language staff asked for, else the one the applicant is written to in."""
    if asked in RECEIPT_LANGUAGES:
        return str(asked)
    preferred = applicant.preferred_language
    return preferred if preferred in RECEIPT_LANGUAGES else Language.KHMER


@dataclass(frozen=True)
class ReceiptLink:
    language: str
    name: str  # the language named in itself
    applicants: bool  # the one the applicant is written to in


def receipt_links(application: Application) -> list[ReceiptLink]:
    """The receipt in each language, the applicant's first; none for a draft."""
    if not has_receipt(application):
        return []
    preferred = receipt_language(None, application.applicant)
    links = [
        ReceiptLink(language=code, name=name, applicants=code == preferred)
        for code, name in INTERFACE_LANGUAGES
        if code in RECEIPT_LANGUAGES
    ]
    return sorted(links, key=lambda link: not link.applicants)


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
    return ReceiptContact(role=_("The Victims Support Section"), details=details)


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


# The documents that show how the applicant signed: the thumbprint itself, or the page
# signed or thumbprinted.
SIGNATURE_KINDS = (DocumentKind.THUMBPRINT, DocumentKind.SIGNED_FORM)
# What a browser and WeasyPrint draw as a picture (a TIFF scan or a PDF is linked, not drawn).
DRAWN_TYPES = ("image/jpeg", "image/png")
# A thumbprint drawn in a PDF needs no more pixels than this on its longer side.
PRINTED_IMAGE_PIXELS = 1200


@dataclass(frozen=True)
class SignatureFile:
    document: SupportingDocument
    is_image: bool
    # The picture carried in a PDF, for whoever may open the applicant's files.
    data_url: str = ""


def signature_files(form: VictimInformationForm) -> list[SignatureFile]:
    """The form's thumbprint and signed pages, from the documents already read with it."""
    return [
        SignatureFile(document=document, is_image=document.content_type in DRAWN_TYPES)
        for document in form.documents.all()
        if document.kind in SIGNATURE_KINDS and document.archived_at is None
    ]


def _printed_image(document: SupportingDocument) -> str:
    """The stored picture as a PNG data: URL of bounded size, or "" where it cannot be
    read (a missing or damaged file leaves the PDF without it rather than failing)."""
    try:
        with document.file.open("rb") as handle, Image.open(handle) as picture:
            picture.thumbnail((PRINTED_IMAGE_PIXELS, PRINTED_IMAGE_PIXELS))
            out = io.BytesIO()
            picture.convert("RGB").save(out, format="PNG")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return ""
    return data_url(out.getvalue(), "image/png")


def vif_context(user: User, application: Application) -> dict[str, Any]:
    may_open_files = policy.can_download_files_of(user, application.applicant)
    signatures = signature_files(application.form)
    if may_open_files:
        signatures = [
            SignatureFile(
                document=s.document,
                is_image=s.is_image,
                data_url=_printed_image(s.document)
                if s.document.content_type.startswith("image/")
                else "",
            )
            for s in signatures
        ]
    return {
        "application": application,
        "form": application.form,
        "person": application.applicant,
        "identity_visible": policy.can_see_identity(user, application.applicant),
        "signature_files": signatures,
        "can_download": may_open_files,
    }


def pdf_filename(application: Application, what: str) -> str:
    """A name that says which record it is without naming the person."""
    number = application.vss_number or f"application-{application.pk}"
    return f"{number.replace('/', '-')}-{what}.pdf"
