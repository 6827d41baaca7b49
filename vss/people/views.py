from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vss import policy
from vss.core.http import AuthenticatedHttpRequest

from .panels import person_panels
from .selectors import named_as_relative_by, person_get_for_user, relatives_named_by


@require_GET
def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    person = person_get_for_user(user, pk)
    applications = policy.applications_in_scope(user, person.applications.select_related("case"))
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "names": person.names.all(),
            "applications": applications,
            "kinships": relatives_named_by(user, person),
            "kinships_as_relative": named_as_relative_by(user, person),
            "panels": person_panels.shown_to(user, person),
        },
    )
