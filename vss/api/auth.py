"""Who a request of the API is: the holder of the token it presents, under the rules of
signing in (vss.accounts.selectors.api_token_sign_in). A session cookie counts for
nothing here, so a page's signed-in browser cannot be made to call the API across sites
and CSRF does not arise."""

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from vss.accounts.audit_labels import TOO_MANY_REFUSED
from vss.accounts.models import ApiToken
from vss.accounts.selectors import api_token_sign_in
from vss.accounts.services import api_token_refusal_record, api_token_touch
from vss.accounts.tokens import ApiSignInRefused
from vss.audit import context

from .errors import TooManyRefusals
from .throttling import RefusedTokens


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        refusals = RefusedTokens()
        seconds_left = refusals.seconds_turned_away(request)
        if seconds_left is not None:
            if refusals.first_turned_away(request, seconds_left):
                api_token_refusal_record(refusal=ApiSignInRefused(429, "", reason=TOO_MANY_REFUSED))
            raise TooManyRefusals(seconds_left)
        try:
            api_token = api_token_sign_in(secret=token, request=request)
        except ApiSignInRefused as refusal:
            refusals.count(request)
            api_token_refusal_record(refusal=refusal)
            raise HttpError(refusal.status, refusal.message) from None
        # The code below reads the acting user from the request, as the pages do.
        request.user = api_token.user
        _mark_requests_audit_entries(api_token)
        api_token_touch(token=api_token)
        return api_token


def api_request_id(token_id: int, request_id: str) -> str:
    """The request's id as the audit log keeps it: the server's own, named as coming
    through the API with the token that made it (`api-<token id>-<id>`)."""
    return f"api-{token_id}-{request_id}"


def _mark_requests_audit_entries(token: ApiToken) -> None:
    """Every audit entry the request writes from here carries the token's id in its
    request id; the response's X-Request-ID says the same."""
    current = context.current()
    context.bind(
        context.RequestContext(
            ip_address=current.ip_address,
            request_id=api_request_id(token.pk, current.request_id),
            client_request_id=current.client_request_id,
        )
    )
