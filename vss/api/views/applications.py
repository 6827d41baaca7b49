"""Applications: the list (its filters and pages as on the list's page, each page read
audited), one application (audited as its page is), its documents and its mandates, and
its status moved along the workflow by the service the page uses."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest
from ninja import Query, Router
from ninja.responses import Status as Answer
from pydantic import Field

from vss import policy
from vss.accounts.models import User
from vss.applications import selectors, services
from vss.applications.models import Application, Channel, Status
from vss.applications.selectors import ApplicationFilters
from vss.core.downloads import masked_filename, private_download
from vss.representation.selectors.mandates import (
    application_representation_for_user,
    may_see_application_representation,
)

from .. import schemas
from ..errors import READ_ERRORS, WRITE_ERRORS
from ._common import (
    TEXT,
    Paging,
    acting_user,
    body_of,
    day_filter,
    id_filter,
    page_of,
    person_ref,
    record_id,
)

router = Router(tags=["applications"])


class ApplicationQuery(Paging):
    query: str = Field("", max_length=200, pattern=TEXT, description="A VSS number or a name")
    case_id: int | None = id_filter()
    status: Status | None = None
    province_code: str = Field("", pattern=r"^([0-9]{2})?$")
    channel: Channel | None = None
    received_from: datetime.date | None = day_filter()
    received_to: datetime.date | None = day_filter()


def application_row(user: User, application: Application) -> schemas.ApplicationRow:
    return schemas.ApplicationRow(
        id=application.pk,
        vss_number=application.vss_number,
        case=schemas.CaseRef(id=application.case_id, number=application.case.number),
        kind=application.kind,
        status=application.status,
        status_label=str(application.get_status_display()),
        status_changed_at=application.status_changed_at,
        received_on=application.form.received_on,
        applicant=person_ref(user, application.applicant),
        version=application.version,
    )


@router.get(
    "/applications",
    response={200: schemas.ApplicationPage, **READ_ERRORS},
    url_name="applications",
)
def application_list(
    request: HttpRequest, filters: Query[ApplicationQuery]
) -> schemas.ApplicationPage:
    user = acting_user(request)
    asked = ApplicationFilters(
        query=filters.query,
        case_id=filters.case_id,
        status=filters.status or "",
        province_code=filters.province_code,
        channel=filters.channel or "",
        received_from=filters.received_from,
        received_to=filters.received_to,
    )
    rows, page = page_of(selectors.application_list_for_user(user, asked), filters)
    selectors.application_list_read(user, asked, shown=len(rows))
    return schemas.ApplicationPage(
        **page,  # type: ignore[arg-type]
        items=[application_row(user, application) for application in rows],
    )


@router.get(
    "/applications/{application_id}",
    response={200: schemas.Application, **READ_ERRORS},
    url_name="application",
)
def application_detail(
    request: HttpRequest, application_id: int = record_id("The application's id")
) -> schemas.Application:
    user = acting_user(request)
    application = selectors.application_get_for_user(user, application_id)
    applicant = application.applicant
    identity_shown = policy.can_see_identity(user, applicant)
    downloadable = policy.can_download_files_of(user, applicant)
    return schemas.Application(
        **application_row(user, application).model_dump(),
        form_id=application.form_id,
        channel=application.form.channel,
        is_late=application.is_late,
        status_changes=[
            schemas.StatusChange(
                from_status=change.from_status,
                to_status=change.to_status,
                decided_on=change.decided_on,
                recorded_at=change.at,
                recorded_by=change.actor.get_username(),
                reason=policy.free_text(user, change.reason),
                court_document=change.court_document,
            )
            for change in application.status_changes.all()
        ],
        documents=[
            schemas.Document(
                id=document.pk,
                kind=document.kind,
                kind_label=str(document.get_kind_display()),
                name=masked_filename(
                    document.original_name,
                    shown=identity_shown,
                    stand_in=f"document-{document.pk}",
                ),
                size=document.size,
                uploaded_at=document.uploaded_at,
                downloadable=downloadable,
            )
            for document in application.form.documents.all()
        ],
        transitions=[t.to for t in policy.allowed_transitions(user, application)],
    )


@router.post(
    "/applications/{application_id}/transitions",
    response={201: schemas.TransitionOut, **WRITE_ERRORS},
    url_name="application_transition",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": schemas.TransitionIn.model_json_schema()}},
        }
    },
)
def application_transition(
    request: HttpRequest, application_id: int = record_id("The application's id")
) -> Answer[schemas.TransitionOut]:
    """Move the application to `to_status`, as the decision form of its page does: the
    same rules, the same audit entry, and a decision on a version that is no longer the
    application's refused (409). As on the page, the application is found (404) and the
    right held (403) before what was sent is read (422)."""
    user = acting_user(request)
    application = selectors.application_get_for_user(user, application_id)
    if not policy.allowed_transitions(user, application):
        raise PermissionDenied
    sent = body_of(request, schemas.TransitionIn)
    services.application_transition(
        actor=user,
        application=application,
        to_status=sent.to_status,
        decided_on=sent.decided_on,
        reason=sent.reason,
        court_document=sent.court_document,
        deadline_override_reason=sent.deadline_override_reason,
        expected_version=sent.version,
    )
    application.refresh_from_db(fields=["status", "version", "vss_number"])
    return Answer(
        201,
        schemas.TransitionOut(
            id=application.pk,
            status=application.status,
            version=application.version,
            vss_number=application.vss_number,
        ),
    )


@router.get(
    "/applications/{application_id}/mandates",
    response={200: list[schemas.Mandate], **READ_ERRORS},
    url_name="application_mandates",
)
def application_mandates(
    request: HttpRequest, application_id: int = record_id("The application's id")
) -> list[schemas.Mandate]:
    """The lawyers who represent, or represented, the applicant in this application."""
    user = acting_user(request)
    if not may_see_application_representation(user, application := _read(user, application_id)):
        raise PermissionDenied
    panel = application_representation_for_user(user, application)
    return [
        schemas.Mandate(
            id=mandate.pk,
            lawyer=schemas.Lawyer(
                id=mandate.lawyer_id,
                name=str(mandate.lawyer),
                kind=mandate.lawyer.kind,
                status=mandate.lawyer.status,
            ),
            started_on=mandate.started_on,
            ended_on=mandate.ended_on,
            end_reason=policy.free_text(user, mandate.end_reason),
        )
        for mandate in [*panel.current, *panel.past]
    ]


def _read(user: User, application_id: int) -> Application:
    return selectors.application_get_for_user(user, application_id)


@router.get(
    "/documents/{document_id}/file",
    response={200: None, **READ_ERRORS},
    url_name="document_file",
    openapi_extra={
        "responses": {
            200: {
                "description": "The document's file",
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        }
    },
)
def document_file(
    request: HttpRequest, document_id: int = record_id("The document's id")
) -> FileResponse:
    """A supporting document's file: for a protected applicant, only to those who may see
    the identity (403 otherwise); the download is audited."""
    user = acting_user(request)
    document = selectors.document_get_for_user(user, document_id)
    name = masked_filename(
        document.original_name,
        shown=policy.can_see_identity(user, document.form.applicant),
        stand_in=f"document-{document.pk}",
    )
    return private_download(document.file, filename=name)
