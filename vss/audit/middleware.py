import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from vss.core.network import client_ip

from . import context

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContextMiddleware:
    """Gives each request an id and binds it with the client address for the audit log;
    the id is echoed so a support call can be traced. A proxy's or a client's
    X-Request-ID is kept beside it, never as the id: the log groups a request's entries by
    its id, and a client could otherwise make its requests share one with another's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = uuid.uuid4().hex
        token = context.bind(
            context.RequestContext(
                ip_address=client_ip(request),
                request_id=request_id,
                client_request_id=incoming if _REQUEST_ID.match(incoming) else "",
            )
        )
        try:
            response = self.get_response(request)
            # The id the request's entries were written under: the API names its token
            # in it once the token is known (vss.api.auth).
            request_id = context.current().request_id or request_id
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response
