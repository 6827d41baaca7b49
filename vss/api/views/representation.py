"""Civil Party groups: a group and its members, read as the group's page reads them (the
members' names make it a read of personal data, audited)."""

from django.http import HttpRequest
from ninja import Router

from vss.representation.selectors.groups import group_get_for_user, group_members_for_user

from .. import schemas
from ..errors import READ_ERRORS
from ._common import acting_user, person_ref, record_id

router = Router(tags=["representation"])


@router.get("/groups/{group_id}", response={200: schemas.Group, **READ_ERRORS}, url_name="group")
def group_detail(
    request: HttpRequest, group_id: int = record_id("The group's id")
) -> schemas.Group:
    user = acting_user(request)
    group = group_get_for_user(user, group_id)
    members = group_members_for_user(user, group)
    lawyer = group.lawyer
    return schemas.Group(
        id=group.pk,
        case=schemas.CaseRef(id=group.case_id, number=group.case.number),
        name=group.name,
        name_km=group.name_km,
        basis=group.basis,
        lawyer=None
        if lawyer is None
        else schemas.Lawyer(id=lawyer.pk, name=str(lawyer), kind=lawyer.kind, status=lawyer.status),
        archived_at=group.archived_at,
        members=[
            schemas.GroupMember(
                application_id=member.pk,
                vss_number=member.vss_number,
                applicant=person_ref(user, member.applicant),
            )
            for member in members
        ],
        version=group.version,
    )
