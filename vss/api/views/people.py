"""A person's record, read as the person's page reads it (audited), and shown as it shows
it: of a protected person whose identity the reader may not see, the pseudonym alone."""

from django.http import HttpRequest
from ninja import Router

from vss import policy
from vss.people.selectors import person_get_for_user

from .. import schemas
from ..errors import READ_ERRORS
from ._common import acting_user, record_id
from .applications import application_row

router = Router(tags=["people"])


@router.get("/people/{person_id}", response={200: schemas.Person, **READ_ERRORS}, url_name="person")
def person_detail(
    request: HttpRequest, person_id: int = record_id("The person's id")
) -> schemas.Person:
    user = acting_user(request)
    person = person_get_for_user(user, person_id)
    shown = policy.can_see_identity(user, person)
    applications = policy.applications_in_scope(
        user, person.applications.select_related("case", "form", "applicant")
    )
    return schemas.Person(
        id=person.pk,
        name=policy.display_name(user, person),
        is_protected=person.is_protected,
        pseudonym=person.pseudonym,
        identity_shown=shown,
        names=[
            schemas.Name(
                family_name=name.family_name,
                given_name=name.given_name,
                script=name.script,
                is_alias=name.is_alias,
            )
            for name in (person.names.all() if shown else [])
        ],
        sex=person.sex if shown else None,
        birth_date=person.birth_date if shown else None,
        birth_year=person.birth_year if shown else None,
        birth_year_margin=person.birth_year_margin if shown else None,
        village_code=person.village_id if shown else None,
        phone=person.phone if shown else None,
        preferred_language=person.preferred_language if shown else None,
        is_deceased=person.is_deceased,
        applications=[application_row(user, application) for application in applications],
    )
