"""Every refusal of the API is JSON with a message: what the pages say in HTML (403, 404,
a form's errors), said to a program. Nothing a request sends is answered with a 500."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestInvalid

from vss.audit.services import StaleEdit


class TooManyRefusals(HttpError):
    """An address that has had its refused tokens for now (vss.api.throttling)."""

    def __init__(self, seconds_left: int) -> None:
        super().__init__(
            429,
            _("Too many refused tokens from this address: try again in %(seconds)d seconds.")
            % {"seconds": seconds_left},
        )
        self.seconds_left = seconds_left


class Error(Schema):
    detail: str
    # A field's name (or "__all__") -> what is wrong with it, where the refusal is about
    # what was sent.
    errors: dict[str, list[str]] | None = None
    # Where the refusal is a stale version: the version saved now, to check against.
    current_version: int | None = None


def _answer(api: NinjaAPI, request: HttpRequest, status: int, **body: Any) -> HttpResponse:
    return api.create_response(request, Error(**body).model_dump(exclude_none=True), status=status)


def _field_errors(problems: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for problem in problems:
        # The location is (source, field, ...): "query", "body", "path" then the name.
        where = [str(part) for part in problem.get("loc", ())[1:]] or ["__all__"]
        fields.setdefault(".".join(where), []).append(str(problem.get("msg", "")))
    return fields


def install(api: NinjaAPI) -> None:
    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _answer(
            api,
            request,
            401,
            detail=_("Send an API token as “Authorization: Bearer <token>”."),
        )

    @api.exception_handler(HttpError)
    def refused(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return _answer(api, request, exc.status_code, detail=str(exc))

    @api.exception_handler(TooManyRefusals)
    def turned_away(request: HttpRequest, exc: TooManyRefusals) -> HttpResponse:
        response = _answer(api, request, 429, detail=str(exc))
        response["Retry-After"] = str(exc.seconds_left)
        return response

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _answer(api, request, 403, detail=_("Your role may not do this."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _answer(api, request, 404, detail=_("Not found."))

    @api.exception_handler(RequestInvalid)
    def invalid_request(request: HttpRequest, exc: RequestInvalid) -> HttpResponse:
        return _answer(
            api,
            request,
            422,
            detail=_("The request is not valid."),
            errors=_field_errors(exc.errors),
        )

    @api.exception_handler(StaleEdit)
    def stale(request: HttpRequest, exc: StaleEdit) -> HttpResponse:
        return _answer(
            api, request, 409, detail=" ".join(exc.messages), current_version=exc.current_version
        )

    @api.exception_handler(ValidationError)
    def refused_by_rule(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = (
            {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else None
        )
        return _answer(api, request, 422, detail=" ".join(exc.messages), errors=errors)


# What each operation may answer beside its own success: schemathesis holds the API to
# these (vss/api/tests/test_schema.py).
READ_ERRORS: dict[int, type[Schema]] = {
    401: Error,
    403: Error,
    404: Error,
    422: Error,
    429: Error,
}
WRITE_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 409: Error}
