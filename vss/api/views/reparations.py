"""Reparation projects, in the reader's scope (a donor the projects it funds, a partner
those it implements): the list, audited by one entry as its page is, and one project."""

from django.http import HttpRequest
from ninja import Query, Router

from vss.reparations.models import Category, Project, ProjectStatus, Track
from vss.reparations.selectors.projects import (
    ProjectFilters,
    project_get_for_user,
    project_list_for_user,
    project_list_read,
)

from .. import schemas
from ..errors import READ_ERRORS
from ._common import Paging, acting_user, case_refs, id_filter, page_of, record_id

router = Router(tags=["reparations"])


class ProjectQuery(Paging):
    case_id: int | None = id_filter()
    category: Category | None = None
    status: ProjectStatus | None = None
    track: Track | None = None


def _project(project: Project) -> schemas.Project:
    return schemas.Project(
        id=project.pk,
        reference=project.reference,
        title_km=project.title_km,
        title_en=project.title_en,
        title_fr=project.title_fr,
        category=project.category,
        status=project.status,
        track=project.track,
        cases=case_refs(list(project.cases.all())),
        officer=project.officer.get_username() if project.officer else None,
        budget_usd=project.budget_usd,
        version=project.version,
    )


@router.get("/projects", response={200: schemas.ProjectPage, **READ_ERRORS}, url_name="projects")
def project_list(request: HttpRequest, filters: Query[ProjectQuery]) -> schemas.ProjectPage:
    user = acting_user(request)
    asked = ProjectFilters(
        case=filters.case_id,
        category=filters.category or "",
        status=filters.status or "",
        track=filters.track or "",
    )
    rows, page = page_of(project_list_for_user(user, asked), filters)
    project_list_read(user, asked, shown=len(rows))
    return schemas.ProjectPage(**page, items=[_project(project) for project in rows])  # type: ignore[arg-type]


@router.get(
    "/projects/{project_id}",
    response={200: schemas.ProjectDetail, **READ_ERRORS},
    url_name="project",
)
def project_detail(
    request: HttpRequest, project_id: int = record_id("The project's id")
) -> schemas.ProjectDetail:
    project = project_get_for_user(acting_user(request), project_id)
    return schemas.ProjectDetail(
        **_project(project).model_dump(),
        description_km=project.description_km,
        description_en=project.description_en,
        description_fr=project.description_fr,
    )
