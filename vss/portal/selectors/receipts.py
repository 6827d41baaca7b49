"""Reads for the portal's staff pages, through the policy's scopes."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application
from vss.policy.rights import Right

from ..models import Receipt


def application_for_receipt(user: User, pk: int) -> Application:
    """An application in the user's scope (else 404) for which they may print a receipt
    (else 403); a role that prints none is refused before anything is looked up."""
    policy.require_right(user, Right.RECORD_INTAKE)
    applications = policy.applications_in_scope(user, Application.objects.all())
    application = get_object_or_404(applications, pk=pk)
    if not policy.can_issue_receipt(user, application):
        raise PermissionDenied
    return application


def receipt_of(application: Application) -> Receipt | None:
    return Receipt.objects.filter(application=application).first()
