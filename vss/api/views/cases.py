"""Cases: the court's public record, read by whoever reads applications."""

from django.http import HttpRequest
from ninja import Router

from vss.policy import Right
from vss.proceedings.models import Case
from vss.proceedings.selectors import case_get_for_user, case_table_for_user

from .. import schemas
from ..errors import READ_ERRORS
from ._common import acting_user, record_id

router = Router(tags=["cases"])


def _case(case: Case) -> schemas.Case:
    return schemas.Case(
        id=case.pk,
        number=case.number,
        title=case.title,
        parent_id=case.parent_id,
        investigation_closed_on=case.investigation_closed_on,
        closing_order_on=case.closing_order_on,
        trial_judgment_on=case.trial_judgment_on,
        appeal_judgment_on=case.appeal_judgment_on,
        is_terminated=case.is_terminated,
        accepts_applications=case.accepts_applications,
        application_deadline=case.application_deadline,
        is_demo=case.is_demo,
        version=case.version,
    )


@router.get("/cases", response={200: list[schemas.Case], **READ_ERRORS}, url_name="cases")
def case_list(request: HttpRequest) -> list[schemas.Case]:
    return [_case(case) for case in case_table_for_user(acting_user(request)).cases]


@router.get("/cases/{case_id}", response={200: schemas.Case, **READ_ERRORS}, url_name="case")
def case_detail(request: HttpRequest, case_id: int = record_id("The case's id")) -> schemas.Case:
    return _case(case_get_for_user(acting_user(request), case_id, Right.VIEW_APPLICATIONS))
