from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vss import policy

from .models import Kinship
from .selectors import person_get_for_user


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    person = person_get_for_user(user, pk)  # type: ignore[arg-type]
    applications = policy.applications_in_scope(user, person.applications.select_related("case"))  # type: ignore[arg-type]
    kinships = Kinship.objects.filter(person=person).select_related("relative")
    kinships_as_relative = Kinship.objects.filter(relative=person).select_related("person")
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "names": person.names.all(),
            "applications": applications,
            "kinships": kinships,
            "kinships_as_relative": kinships_as_relative,
        },
    )
