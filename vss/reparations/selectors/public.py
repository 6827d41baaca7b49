"""What the public pages read: the projects a judgment endorsed, by case and category, and
for each what the court and the programme publish of it. Nobody signs in to read them, so
nothing here goes through a user's scope, and nothing here names a person: no Civil Party,
no member of staff, no partner's contact; people reached are counts by province.

A project is public once endorsed: on the judicial track in a status that follows an
endorsement, or, whatever its status and track now, with an endorsement in its history (a
memorial endorsed and later abandoned stays on the record of the judgment). A non-judicial
measure signs an agreement too, but no judge endorsed it. Any other project is not found
(404), so that its existence is not told."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vss.accounts.models import Organisation
from vss.people.models import Sex
from vss.proceedings.models import Case

from ..models import (
    BeneficiaryCount,
    Category,
    Project,
    ProjectPartner,
    ProjectStatus,
    ProjectStatusChange,
    Track,
)
from ..workflow import PUBLIC_AFTER_ENDORSEMENT

S = ProjectStatus

# A project's status as a visitor reads it: where the project stands, not the Section's
# steps of work.
PLAIN_STATUS: dict[str, Promise] = {
    S.ENDORSED: _("Endorsed by the court; being prepared"),
    S.AGREEMENT_SIGNED: _("Endorsed by the court; agreement signed with the partners"),
    S.IN_IMPLEMENTATION: _("Being carried out"),
    S.COMPLETED: _("Completed"),
    S.EVALUATED: _("Completed and evaluated"),
    S.NON_JUDICIAL: _("Carried out beside the judgment"),
    S.ABANDONED: _("Not carried out"),
}
# A status a public project may be in that says nothing to a visitor.
OTHERWISE = _("Endorsed by the court")


def plain_status(status: str) -> str:
    return str(PLAIN_STATUS.get(status, OTHERWISE))


def public_projects() -> QuerySet[Project]:
    endorsed = ProjectStatusChange.objects.filter(to_status=S.ENDORSED).values("project_id")
    return Project.objects.filter(
        Q(status__in=PUBLIC_AFTER_ENDORSEMENT, track=Track.JUDICIAL) | Q(pk__in=endorsed)
    )


@dataclass
class CategoryGroup:
    category: str
    label: str
    projects: list[Project] = field(default_factory=list)


@dataclass
class CaseGroup:
    case: Case
    categories: list[CategoryGroup] = field(default_factory=list)


def public_programme() -> list[CaseGroup]:
    """The endorsed projects by case (in the order of the case numbers) and, within a
    case, by category (in the Section's order); a project of two cases is listed under
    each. Three queries, whatever the number of projects: the links to the cases are read
    as pairs of ids, not as a queryset per project."""
    public = public_projects()
    # A line per project: its title in three languages, not its descriptions.
    projects = public.only("reference", "title_km", "title_en", "title_fr", "category")
    links = Project.cases.through.objects.filter(project__in=public.values("pk"))
    cases_of: dict[int, list[int]] = {}
    for project_id, case_id in links.values_list("project_id", "case_id"):
        cases_of.setdefault(project_id, []).append(case_id)
    cases = Case.objects.in_bulk({case_id for ids in cases_of.values() for case_id in ids})
    by_case: dict[int, tuple[Case, dict[str, list[Project]]]] = {}
    for project in projects.order_by("reference"):
        for case_id in cases_of.get(project.pk, ()):
            _, categories = by_case.setdefault(case_id, (cases[case_id], {}))
            categories.setdefault(project.category, []).append(project)
    groups = []
    for case, categories in sorted(by_case.values(), key=lambda item: item[0].number):
        groups.append(
            CaseGroup(
                case=case,
                categories=[
                    CategoryGroup(value, str(label), categories[value])
                    for value, label in Category.choices
                    if value in categories
                ],
            )
        )
    return groups


@dataclass(frozen=True)
class Judgment:
    chamber: str
    decided_on: date
    document_number: str


@dataclass(frozen=True)
class Reached:
    province: str
    women: int
    men: int
    total: int


@dataclass
class PublicProject:
    project: Project
    status: str
    cases: list[Case]
    judgments: list[Judgment]
    partners: list[str]
    donors: list[str]
    reached: list[Reached]

    @property
    def reached_in_all(self) -> Reached:
        return Reached(
            province="",
            women=sum(row.women for row in self.reached),
            men=sum(row.men for row in self.reached),
            total=sum(row.total for row in self.reached),
        )


def _organisation_name(organisation: Organisation) -> str:
    """An organisation as a reader of the page's language knows it: its Khmer name on a
    Khmer page when it has one."""
    if (get_language() or "").startswith("km") and organisation.name_km:
        return organisation.name_km
    return organisation.name


def public_project(pk: int) -> PublicProject:
    """The public page of one endorsed project; Http404 for any other."""
    project = public_projects().filter(pk=pk).first()
    if project is None:
        raise Http404
    judgments = [
        Judgment(
            chamber=change.get_chamber_display(),
            decided_on=change.happened_on,
            document_number=change.document_number,
        )
        for change in project.status_changes.filter(to_status=S.ENDORSED).order_by(
            "happened_on", "id"
        )
    ]
    partners = [
        _organisation_name(partnership.organisation)
        for partnership in ProjectPartner.objects.filter(project=project, ended_at__isnull=True)
        .select_related("organisation")
        .order_by("-is_lead", "organisation__name")
    ]
    donors = [
        _organisation_name(donor)
        for donor in Organisation.objects.filter(
            pledges__project=project, pledges__cancelled_at__isnull=True
        )
        .distinct()
        .order_by("name")
    ]
    return PublicProject(
        project=project,
        status=plain_status(project.status),
        cases=list(project.cases.order_by("number")),
        judgments=judgments,
        partners=partners,
        donors=donors,
        reached=_people_reached(project),
    )


def _people_reached(project: Project) -> list[Reached]:
    """The people the project's reports counted, by province: sums, never a list."""
    rows = (
        BeneficiaryCount.objects.filter(report__project=project)
        .values("province", "province__name_en", "province__name_km")
        .annotate(
            women=Sum("count", filter=Q(sex=Sex.FEMALE), default=0),
            men=Sum("count", filter=Q(sex=Sex.MALE), default=0),
            total=Sum("count", default=0),
        )
        .order_by("province")
    )
    khmer = (get_language() or "").startswith("km")
    return [
        Reached(
            province=(row["province__name_km"] if khmer and row["province__name_km"] else None)
            or row["province__name_en"],
            women=row["women"],
            men=row["men"],
            total=row["total"],
        )
        for row in rows
    ]
