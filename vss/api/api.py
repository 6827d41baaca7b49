"""The REST API, version 1: token authentication for every operation, JSON errors, and
the OpenAPI 3 schema at /api/v1/openapi.json (no documentation page: it would load
scripts the site's content security policy does not allow)."""

from ninja import NinjaAPI

from . import errors
from .auth import TokenAuth
from .views import applications, cases, outreach, people, reparations, representation, support

api = NinjaAPI(
    title="VSS API",
    version="1",
    description=(
        "The case-management records of the Victims Support Section, read and changed "
        "with the rights and scope of the token's account. Send the token as "
        "`Authorization: Bearer <token>`."
    ),
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
    auth=TokenAuth(),
)
errors.install(api)
for module in (cases, applications, people, representation, support, reparations, outreach):
    api.add_router("", module.router)
