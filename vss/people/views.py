from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vss import policy
from vss.core.http import AuthenticatedHttpRequest
from vss.rights import Right
from vss.support.views.person import person_support_context

from .models import Kinship, Person
from .selectors import person_get_for_user


@require_GET
def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    person = person_get_for_user(user, pk)
    applications = policy.applications_in_scope(user, person.applications.select_related("case"))
    kinships = Kinship.objects.filter(person=person).select_related("relative")
    if not policy.has_right(user, Right.VIEW_APPLICATIONS):
        # Family links come from the person's forms: a partner organisation, which sees
        # nothing of the applications, does not see who the person named in them.
        kinships = kinships.none()
    # Someone who named this person as a relative did so in their own form: outside
    # the user's scope, their name and record are not to be shown.
    kinships_as_relative = Kinship.objects.filter(
        relative=person,
        person__in=policy.people_in_scope(user, Person.objects.all()).values("pk"),
    ).select_related("person")
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "names": person.names.all(),
            "applications": applications,
            "kinships": kinships,
            "kinships_as_relative": kinships_as_relative,
            **person_support_context(user, person),
        },
    )
