"""Outreach events in the reader's scope: the list, audited by one entry as its page is,
and one event. Who is invited is not given through the API."""

import datetime

from django.http import HttpRequest
from ninja import Query, Router

from vss.outreach.models import Event, EventKind, EventStatus
from vss.outreach.selectors.events import (
    EventFilters,
    event_get_for_user,
    event_list_for_user,
    event_list_read,
)

from .. import schemas
from ..errors import READ_ERRORS
from ._common import Paging, acting_user, case_refs, day_filter, id_filter, page_of, record_id

router = Router(tags=["outreach"])


class EventQuery(Paging):
    kind: EventKind | None = None
    case_id: int | None = id_filter()
    status: EventStatus | None = None
    starts_from: datetime.date | None = day_filter()
    starts_until: datetime.date | None = day_filter()


def _event(event: Event) -> schemas.Event:
    return schemas.Event(
        id=event.pk,
        kind=event.kind,
        status=event.status,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        venue=event.venue,
        village_code=event.village_id,
        cases=case_refs(list(event.cases.all())),
        capacity=event.capacity,
        officer=event.officer.get_username() if event.officer else None,
        version=event.version,
    )


@router.get("/events", response={200: schemas.EventPage, **READ_ERRORS}, url_name="events")
def event_list(request: HttpRequest, filters: Query[EventQuery]) -> schemas.EventPage:
    user = acting_user(request)
    asked = EventFilters(
        kind=filters.kind or "",
        case=filters.case_id,
        status=filters.status or "",
        starts_from=filters.starts_from,
        starts_until=filters.starts_until,
    )
    rows, page = page_of(event_list_for_user(user, asked), filters)
    event_list_read(user, asked, shown=len(rows))
    return schemas.EventPage(**page, items=[_event(event) for event in rows])  # type: ignore[arg-type]


@router.get("/events/{event_id}", response={200: schemas.Event, **READ_ERRORS}, url_name="event")
def event_detail(
    request: HttpRequest, event_id: int = record_id("The event's id")
) -> schemas.Event:
    return _event(event_get_for_user(acting_user(request), event_id))
