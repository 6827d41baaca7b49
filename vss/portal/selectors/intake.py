"""What an intermediary reads back of the forms sent from its devices: its own
organisation's only (the Section's intake staff read all of them)."""

import uuid

from django.db.models import QuerySet
from django.http import Http404

from vss import policy
from vss.accounts.models import User
from vss.policy import Right

from ..models import DeviceForm

# The list the app shows beside the forms kept on the device: the latest sent first.
LATEST = 200


def device_forms_seen(user: User) -> QuerySet[DeviceForm]:
    policy.require_right(user, Right.ENTER_FORMS)
    return policy.device_forms_in_scope(user, DeviceForm.objects.all())


def device_forms_latest(user: User) -> list[DeviceForm]:
    return list(device_forms_seen(user).select_related("sent_by")[:LATEST])


def device_form_seen(user: User, device_form_id: str) -> DeviceForm:
    """The form sent under this id, if the user may see it. Any text is taken as an id,
    and one that is not a UUID is not found, as an id no one sent."""
    forms = device_forms_seen(user)
    try:
        wanted = uuid.UUID(device_form_id)
    except ValueError as error:
        raise Http404 from error
    found = forms.filter(device_form_id=wanted).first()
    if found is None:
        raise Http404
    return found
