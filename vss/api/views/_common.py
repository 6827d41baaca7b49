"""What the API's views share: the acting user, a page of a list, people named as the
reader may see them."""

import datetime
from collections.abc import Sequence
from typing import Any, TypeVar

import pydantic
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Path, Schema
from ninja.errors import ValidationError as RequestInvalid
from pydantic import Field

from vss import policy
from vss.accounts.models import ApiToken, User
from vss.core.counting import count_results
from vss.people.models import Person

from .. import schemas

M = TypeVar("M", bound=Model)

# The largest id a record may have (a 64-bit key): a path or a filter beyond it is
# refused as invalid (422) rather than sent to the database, which would fail on it.
MAX_ID = 2**63 - 1
# What the database holds of a text: anything but NUL, which PostgreSQL refuses in text.
TEXT = r"^[^\x00]*$"
# Dates a filter may name: beyond them no record lies, and a day's end past the last
# date Python knows would not be computed.
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2999, 12, 31)

MAX_PAGE_SIZE = 200
# Far beyond any list's end at the registry's scale, and small enough that the offset
# never overflows the database's integers.
MAX_PAGE = 100_000


class Paging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


def acting_user(request: HttpRequest) -> User:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return token.user


def page_of(records: QuerySet[M], paging: Paging) -> tuple[list[M], dict[str, object]]:
    """One page of `records` and what the answer says of the whole list."""
    start = (paging.page - 1) * paging.page_size
    rows = list(records[start : start + paging.page_size])
    counted = count_results(records)
    return rows, {
        "page": paging.page,
        "page_size": paging.page_size,
        "count": counted.value,
        "count_is_estimate": counted.estimated,
    }


def person_ref(user: User, person: Person) -> schemas.PersonRef:
    return schemas.PersonRef(
        id=person.pk, name=policy.display_name(user, person), is_protected=person.is_protected
    )


def case_refs(cases: Sequence[object]) -> list[schemas.CaseRef]:
    return [schemas.CaseRef(id=case.pk, number=case.number) for case in cases]  # type: ignore[attr-defined]


def record_id(description: str) -> Any:
    """A record's id in a path: a positive 64-bit integer."""
    return Path(..., ge=1, le=MAX_ID, description=description)


def id_filter() -> Any:
    return Field(None, ge=1, le=MAX_ID)


def day_filter() -> Any:
    return Field(None, ge=FIRST_DAY, le=LAST_DAY)


S = TypeVar("S", bound=Schema)


def body_of(request: HttpRequest, schema: type[S]) -> S:
    """The JSON body of a request read as `schema`, or the request refused as invalid
    (422), each problem named by its field."""
    try:
        return schema.model_validate_json(request.body or b"null")
    except pydantic.ValidationError as error:
        raise RequestInvalid(
            [{**problem, "loc": ("body", *problem["loc"])} for problem in error.errors()]
        ) from None
