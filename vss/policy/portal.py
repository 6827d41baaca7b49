"""The portal: the public reads only what is published and what its own receipt opens;
the outreach officers and the Chief write the public site's texts; an intermediary sends
forms from its devices and reads back only its own organisation's, while the Section's
intake staff read all of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from vss.accounts.models import Role

from .rights import Right
from .roles import acts_for_intermediary, has_right
from .scope import ScopeFunction, in_scope

if TYPE_CHECKING:
    from vss.accounts.models import User
    from vss.applications.models import Application
    from vss.portal.models import DeviceForm


def can_edit_public_content(user: User) -> bool:
    return has_right(user, Right.EDIT_PUBLIC_CONTENT)


def can_issue_receipt(user: User, application: Application) -> bool:
    """Intake staff print a receipt for a form received on paper, to follow it online."""
    return has_right(user, Right.RECORD_INTAKE) and application.status != "draft"


def can_send_device_forms(user: User) -> bool:
    """The intake app with no connection is an intermediary's: the forms it sends are
    collected through, and belong to, the user's organisation."""
    return acts_for_intermediary(user) and has_right(user, Right.ENTER_FORMS)


def _own_organisation(user: User, forms: QuerySet[DeviceForm]) -> QuerySet[DeviceForm]:
    # An intermediary's account always has an organisation (a database constraint).
    return forms.filter(organisation__in=[user.organisation_id])


DEVICE_FORM_SCOPE: dict[str, ScopeFunction[DeviceForm]] = {Role.INTERMEDIARY: _own_organisation}


def device_forms_in_scope(user: User, forms: QuerySet[DeviceForm]) -> QuerySet[DeviceForm]:
    return in_scope(DEVICE_FORM_SCOPE, user, forms, right=Right.ENTER_FORMS)
