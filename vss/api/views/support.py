"""Referrals to psychosocial support: the list, with its filters, as its page reads it
(each page read audited). Health notes are not given through the API."""

from django.http import HttpRequest
from ninja import Query, Router

from vss import policy
from vss.support.models import ReferralStatus, ServiceType
from vss.support.selectors import ReferralFilters, referral_list_for_user, referral_list_read

from .. import schemas
from ..errors import READ_ERRORS
from ._common import Paging, acting_user, id_filter, page_of, person_ref

router = Router(tags=["support"])


class ReferralQuery(Paging):
    partner_id: int | None = id_filter()
    service: ServiceType | None = None
    status: ReferralStatus | None = None


@router.get("/referrals", response={200: schemas.ReferralPage, **READ_ERRORS}, url_name="referrals")
def referral_list(request: HttpRequest, filters: Query[ReferralQuery]) -> schemas.ReferralPage:
    user = acting_user(request)
    asked = ReferralFilters(
        partner_id=filters.partner_id, service=filters.service or "", status=filters.status or ""
    )
    rows, page = page_of(referral_list_for_user(user, asked), filters)
    referral_list_read(user, asked, shown=len(rows))
    return schemas.ReferralPage(
        **page,  # type: ignore[arg-type]
        items=[
            schemas.Referral(
                id=referral.pk,
                person=person_ref(user, referral.person),
                partner=str(referral.partner),
                service=referral.service,
                status=referral.status,
                referred_on=referral.referred_on,
                closed_on=referral.closed_on,
                reason=policy.free_text(user, referral.reason),
                version=referral.version,
            )
            for referral in rows
        ],
    )
