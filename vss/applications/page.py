"""The application's page as its template draws it. Applications' views draw it, and so
do the views of the apps whose panels sit on it, when one of their forms fails and the
page is drawn again around it."""

from typing import Any

from vss import policy
from vss.accounts.models import User
from vss.policy import Right

from . import printing
from .forms import DocumentForm, TransitionForm
from .models import Application
from .panels import application_panels
from .selectors import application_get_for_user


def application_page_for_user(user: User, pk: int) -> dict[str, Any]:
    """The page of an application in the user's scope (else 404; the read is audited),
    with the status change form for whoever may change the status."""
    application = application_get_for_user(user, pk)
    transitions = policy.allowed_transitions(user, application)
    return application_page_context(
        user,
        application,
        TransitionForm(
            transitions=transitions,
            may_accept_late=policy.may_accept_late(user, application),
            initial={"version": application.version},
        )
        if transitions
        else None,
    )


def application_page_context(
    user: User, application: Application, transition_form: TransitionForm | None
) -> dict[str, Any]:
    return {
        "application": application,
        "form": application.form,
        "person": application.applicant,
        "transition_form": transition_form,
        "can_edit": policy.can_edit_form(user, application.form),
        "can_download": policy.can_download_files_of(user, application.applicant),
        "can_add_document": policy.can_add_document(user, application.form),
        # The PDFs are files taken away, as the stored documents are.
        "can_print": policy.has_right(user, Right.DOWNLOAD_DOCUMENTS),
        "receipt_links": printing.receipt_links(application),
        "signature_files": printing.signature_files(application.form),
        "document_form": DocumentForm(prefix="document"),
        "panels": application_panels.shown_to(user, application),
    }
