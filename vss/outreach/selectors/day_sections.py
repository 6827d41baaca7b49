"""What the event's page shows of its logistics and of its day: counts only, the names
being on the pages those sections link to (and audited there)."""

from typing import Any

from vss import policy
from vss.accounts.models import User
from vss.policy import Right

from ..models import Event
from .attendance import summary_of
from .logistics import logistics_of


def logistics_context(user: User, event: Event) -> dict[str, Any]:
    logistics = logistics_of(user, event)
    return {
        "day_logistics": {
            "participants": len(logistics.participants),
            "vehicles": len(logistics.vehicles),
            "seats": sum(use.vehicle.seats for use in logistics.vehicles),
            "not_seated": logistics.not_seated,
            "places": len(logistics.places),
            "beds": sum(use.place.beds for use in logistics.places),
            "not_bedded": logistics.not_bedded,
            "pick_up_points": len(logistics.pick_up_points),
        },
    }


def attendance_context(user: User, event: Event) -> dict[str, Any]:
    can_record = policy.has_right(user, Right.RECORD_ATTENDANCE) and (
        policy.can_record_attendance(user, event)
    )
    return {"day_summary": summary_of(user, event, names=False), "day_can_record": can_record}
