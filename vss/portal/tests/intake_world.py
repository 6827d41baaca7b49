"""What the intake tests send: forms as the app keeps them (an id made on the device,
when it was filled, the VIF page's fields), for a case open to applications."""

import uuid
from typing import Any

from django.utils import timezone

from vss.proceedings.models import Case
from vss.testing.factories import CaseFactory, VillageFactory
from vss.testing.posts import vif_post


def open_case() -> Case:
    VillageFactory.create()
    return CaseFactory.create(investigation_closed_on=None)


def device_form(case: Case, form_id: str | None = None, **overrides: Any) -> dict[str, Any]:
    fields = vif_post(case, **{"documents-TOTAL_FORMS": "0", "documents-0-kind": None, **overrides})
    fields.pop("filing-channel")
    return {
        "id": form_id or str(uuid.uuid4()),
        "filled_at": timezone.now().isoformat(),
        "fields": [[name, value] for name, value in fields.items() if value is not None],
    }
