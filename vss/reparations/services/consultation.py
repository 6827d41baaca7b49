"""Every write of the consultation: wishes brought in from the VIFs, proposals recorded by
hand, their sorting (category, tags, themes), their link to the projects that answer them
and their archiving. Each function checks the right, runs in one transaction and writes
its audit entries in it."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case as Cases
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Now
from django.utils import timezone
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import Organisation, User
from vss.applications.models import Application, ApplicationKind, Status
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_entry, audit_record, audit_record_all, audited_update
from vss.core import workers
from vss.core.validation import not_in_future
from vss.geo.models import Province
from vss.people.models import Language
from vss.policy import Right
from vss.proceedings.models import Case
from vss.representation.models import CivilPartyGroup

from ..audit_labels import VIF_WISHES_BROUGHT_IN
from ..models import (
    Category,
    ImportStatus,
    Project,
    ProjectStatus,
    Proposal,
    ProposalImport,
    ProposalSource,
    ProposalTag,
    ProposalTally,
    ProposalTheme,
)

# Up to this many wishes a case's are brought in while the officer waits; beyond, the
# background worker does it and the run's page shows its progress.
IN_REQUEST_LIMIT = 3_000
# Applications read per statement of a background run: each batch commits, so the
# progress shows and a failure keeps what was brought in before it.
BATCH = 20_000

KHMER_SCRIPT = "[\u1780-\u17ff\u19e0-\u19ff]"
_KHMER = re.compile(KHMER_SCRIPT)


def detected_language(text: str) -> str:
    """Khmer when the text holds Khmer script, else English: staff correct the rest."""
    return Language.KHMER if _KHMER.search(text) else Language.ENGLISH


# --- bringing in the VIF wishes ------------------------------------------------------------


def wishes_to_bring_in(case: Case) -> QuerySet[Application]:
    """The Civil Party applications of the case (received, whatever became of them since)
    whose VIF states reparation wishes not yet brought in."""
    return (
        Application.objects.filter(case=case, kind=ApplicationKind.CIVIL_PARTY)
        .exclude(status=Status.DRAFT)
        .filter(form__archived_at__isnull=True)
        # Something written, not only spaces and line breaks.
        .filter(form__reparation_wishes__regex=r"\S")
        .exclude(
            Exists(Proposal.objects.filter(application=OuterRef("pk"), source=ProposalSource.VIF))
        )
    )


# The columns of reparations_proposal an INSERT ... SELECT fills, with the expression of
# the applications' query that gives each; a constant is cast to its column's type, as
# PostgreSQL reads an untyped NULL in a SELECT as text.
def _insert_columns(user: User) -> dict[str, object]:
    constants = {
        "version": 0,
        "source": ProposalSource.VIF.value,
        "group_id": None,
        "organisation_id": None,
        "occasion": "",
        "voiced_on": None,
        "category": "",
        "theme_id": None,
        "recorded_by_id": user.pk,
        "archived_at": None,
        "archived_by_id": None,
        "archive_reason": "",
    }
    fields = {field.attname: field for field in Proposal._meta.concrete_fields}
    columns: dict[str, object] = {
        name: Cast(Value(value), output_field=fields[name]) for name, value in constants.items()
    }
    columns.update(
        {
            "case_id": F("case_id"),
            "application_id": F("pk"),
            # The words as the applicant gave them, never retyped.
            "text": F("form__reparation_wishes"),
            "language": _language_expression(),
            # A province code the gazetteer does not know leaves the province blank
            # rather than failing the run.
            "province_id": Subquery(
                Province.objects.filter(code=OuterRef("province_code")).values("code")[:1]
            ),
            "recorded_at": Now(),
        }
    )
    return columns


def _language_expression() -> Cases:
    return Cases(
        When(form__reparation_wishes__regex=KHMER_SCRIPT, then=Value(Language.KHMER.value)),
        default=Value(Language.ENGLISH.value),
        output_field=CharField(),
    )


def _insert_batch(user: User, applications: QuerySet[Application]) -> int:
    """One INSERT ... SELECT: the database copies the wishes, none pass through Python."""
    columns = _insert_columns(user)
    aliases = {f"col_{name}": expression for name, expression in columns.items()}
    # In the applications' order, so that proposals are numbered alike on every database
    # (PostgreSQL's SELECT gives no order of its own).
    select = applications.annotate(**aliases).values_list(*aliases).order_by("pk")
    sql, params = select.query.sql_with_params()
    table = connection.ops.quote_name(Proposal._meta.db_table)
    names = ", ".join(connection.ops.quote_name(name) for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {sql}", params)
        return max(cursor.rowcount, 0)


@transaction.atomic
def proposal_import_request(*, user: User, case: Case) -> ProposalImport:
    """Bring the case's VIF wishes in as proposals: at once when they are few, else in
    the background. Asked again, it brings in only the wishes not brought in yet."""
    policy.require_right(user, Right.RECORD_PROPOSALS)
    total = wishes_to_bring_in(case).count()
    try:
        with transaction.atomic():
            job = ProposalImport.objects.create(case=case, requested_by=user, total=total)
    except IntegrityError:
        raise ValidationError(_("The wishes of this case are already being brought in.")) from None
    if total <= IN_REQUEST_LIMIT:
        _run(job)
    else:
        from ..tasks import bring_in_wishes

        transaction.on_commit(lambda: bring_in_wishes.enqueue(job_id=job.pk))
    return job


def proposal_import_run(job_id: int) -> ProposalImport:
    """The background run: applications in batches of ids, each batch committed with the
    progress; the audit entry for the run is written with its last batch."""
    job = ProposalImport.objects.select_related("case", "requested_by").get(pk=job_id)
    # A run left by a worker that died goes on from its last committed batch: the wishes
    # it brought in are no longer among those to bring in.
    resumed = workers.resumed() and job.status == ImportStatus.RUNNING
    if job.status != ImportStatus.QUEUED and not resumed:
        return job  # a task run twice brings in once
    try:
        _run(job)
    except Exception as error:
        _fail(job_id, error)
        raise
    return job


@transaction.atomic
def _fail(job_id: int, error: Exception) -> None:
    """A run that failed keeps the batches it committed: the audit entry says how many."""
    job = ProposalImport.objects.select_for_update().select_related("case").get(pk=job_id)
    job.status = ImportStatus.FAILED
    job.error = str(error)[:2000]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    _audit_run(job)


def _run(job: ProposalImport) -> None:
    job.status = ImportStatus.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at"])
    pending = wishes_to_bring_in(job.case)
    last_id = 0
    while True:
        with transaction.atomic():
            ids = list(
                pending.filter(pk__gt=last_id).order_by("pk").values_list("pk", flat=True)[:BATCH]
            )
            if ids:
                last_id = ids[-1]
                job.brought_in += _insert_batch(
                    job.requested_by, pending.filter(pk__gte=ids[0], pk__lte=last_id)
                )
                proposal_tally_refresh_case(job.case_id)
            if len(ids) < BATCH:
                _finish(job)
                return
            job.save(update_fields=["brought_in"])


def _finish(job: ProposalImport) -> None:
    job.status = ImportStatus.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["brought_in", "status", "finished_at"])
    _audit_run(job)


def _audit_run(job: ProposalImport) -> None:
    audit_record(
        actor=job.requested_by,
        action=AuditAction.CREATE,
        obj=job,
        label=audit_label(VIF_WISHES_BROUGHT_IN, case=job.case.number),
        changes={
            "case": {"old": None, "new": job.case_id},
            "brought_in": {"old": None, "new": job.brought_in},
        },
    )


# --- proposals recorded by hand ------------------------------------------------------------


@dataclass
class ProposalData:
    case: Case
    source: str
    text: str
    language: str
    category: str
    province: Province | None = None
    occasion: str = ""
    voiced_on: datetime.date | None = None
    group: CivilPartyGroup | None = None
    organisation: Organisation | None = None


HAND_SOURCES = (
    ProposalSource.FORUM,
    ProposalSource.CONSULTATION,
    ProposalSource.GROUP,
    ProposalSource.ORGANISATION,
)
# The sources held somewhere on some day: a forum, a consultation.
_OCCASIONS = (ProposalSource.FORUM, ProposalSource.CONSULTATION)


def _check_hand_proposal(data: ProposalData) -> None:
    errors: dict[str, str] = {}
    if data.source not in HAND_SOURCES:
        errors["source"] = _("Choose where the proposal was voiced.")
    if not data.text.strip():
        errors["text"] = _("Write the proposal in the words it was given.")
    if data.language not in Language.values:
        errors["language"] = _("Choose the language the proposal was given in.")
    if data.category not in Category.values:
        errors["category"] = _("Choose the proposal's category.")
    if data.source in (ProposalSource.FORUM, ProposalSource.CONSULTATION):
        if not data.occasion.strip():
            errors["occasion"] = _("Name the forum or consultation.")
        if data.voiced_on is None:
            errors["voiced_on"] = _("Give the date of the forum or consultation.")
        if data.province is None:
            errors["province"] = _("Give the province where it was held.")
    if data.source == ProposalSource.GROUP:
        if data.group is None:
            errors["group"] = _("Choose the group of Civil Parties.")
        elif data.group.case_id != data.case.pk:
            errors["group"] = _("This group is of another case.")
    if data.source == ProposalSource.ORGANISATION and data.organisation is None:
        errors["organisation"] = _("Choose the organisation.")
    if errors:
        raise ValidationError(errors)
    if data.voiced_on is not None:
        not_in_future(data.voiced_on, "voiced_on")


@transaction.atomic
def proposal_record(*, user: User, data: ProposalData) -> Proposal:
    """A proposal voiced at a forum or a consultation, by a group or an organisation, in
    the words and language it was given; sorted into its category as it is recorded."""
    policy.require_right(user, Right.RECORD_PROPOSALS)
    _check_hand_proposal(data)
    source = data.source
    proposal = Proposal.objects.create(
        case=data.case,
        source=source,
        text=data.text.strip(),
        language=data.language,
        category=data.category,
        province=data.province,
        occasion=data.occasion.strip() if source in _OCCASIONS else "",
        voiced_on=data.voiced_on if source in _OCCASIONS else None,
        group=data.group if source == ProposalSource.GROUP else None,
        organisation=data.organisation if source == ProposalSource.ORGANISATION else None,
        recorded_by=user,
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=proposal,
        changes={
            name: {"old": None, "new": value}
            for name, value in {
                "case": proposal.case_id,
                "source": source,
                "text": proposal.text,
                "language": proposal.language,
                "category": proposal.category,
                "province": proposal.province_id,
                "occasion": proposal.occasion,
                "voiced_on": proposal.voiced_on.isoformat() if proposal.voiced_on else None,
                "group": proposal.group_id,
                "organisation": proposal.organisation_id,
            }.items()
            if value not in (None, "")
        },
    )
    proposal_tally_refresh(groups=[tally_group(proposal)])
    return proposal


@transaction.atomic
def proposal_correct(
    *,
    user: User,
    proposal: Proposal,
    language: str,
    category: str,
    expected_version: int | None = None,
) -> Proposal:
    """Correct the language detected or the category; the words stay as given."""
    policy.require_right(user, Right.RECORD_PROPOSALS)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require_current(proposal)
    if language not in Language.values:
        raise ValidationError({"language": _("Choose the language the proposal was given in.")})
    if category and category not in Category.values:
        raise ValidationError({"category": _("Choose the proposal's category.")})
    if not category and proposal.source != ProposalSource.VIF:
        raise ValidationError({"category": _("Choose the proposal's category.")})
    before = tally_group(proposal)
    audited_update(
        proposal,
        actor=user,
        values={"language": language, "category": category},
        expected_version=expected_version,
    )
    proposal_tally_refresh(groups=[before, tally_group(proposal)])
    return proposal


def _require_current(proposal: Proposal) -> None:
    if proposal.archived_at is not None:
        raise ValidationError(_("This proposal is archived."))


@transaction.atomic
def proposal_archive(
    *, user: User, proposal: Proposal, reason: str, expected_version: int | None = None
) -> Proposal:
    """Set a proposal aside (recorded twice, not a wish for reparation), saying why; it
    leaves the lists and the tallies but is never deleted."""
    policy.require_right(user, Right.RECORD_PROPOSALS)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require_current(proposal)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the proposal is archived.")})
    audited_update(
        proposal,
        actor=user,
        values={
            "archived_at": timezone.now(),
            "archived_by": user,
            "archive_reason": reason.strip(),
        },
        expected_version=expected_version,
    )
    proposal_tally_refresh(groups=[tally_group(proposal)])
    return proposal


# --- sorting many at once ------------------------------------------------------------------


def _locked(proposals: QuerySet[Proposal]) -> list[Proposal]:
    rows = list(proposals.select_for_update().filter(archived_at__isnull=True).order_by("pk"))
    if not rows:
        raise ValidationError(_("Tick the proposals to act on."))
    return rows


def _audit_each(user: User, rows: list[Proposal], changes_of: dict[int, dict[str, object]]) -> None:
    audit_record_all(
        audit_entry(actor=user, action=AuditAction.UPDATE, obj=row, changes=changes_of[row.pk])
        for row in rows
        if changes_of.get(row.pk)
    )


def _bump(rows: list[Proposal], changed: list[int]) -> dict[int, dict[str, object]]:
    Proposal.objects.filter(pk__in=changed).update(version=F("version") + 1)
    by_pk = {row.pk: row for row in rows}
    return {
        pk: {"version": {"old": by_pk[pk].version, "new": by_pk[pk].version + 1}} for pk in changed
    }


@transaction.atomic
def proposals_set_category(*, user: User, proposals: QuerySet[Proposal], category: str) -> int:
    """Sort the ticked proposals into a category; returns how many changed."""
    policy.require_right(user, Right.RECORD_PROPOSALS)
    if category not in Category.values:
        raise ValidationError({"category": _("Choose the proposal's category.")})
    rows = _locked(proposals)
    changed = [row.pk for row in rows if row.category != category]
    changes = _bump(rows, changed)
    Proposal.objects.filter(pk__in=changed).update(category=category)
    moved = [tally_group(row) for row in rows if row.pk in changes]
    proposal_tally_refresh(groups=moved + [(case_id, category, p) for case_id, _c, p in moved])
    for row in rows:
        if row.pk in changes:
            changes[row.pk]["category"] = {"old": row.category, "new": category}
    _audit_each(user, rows, changes)
    return len(changed)


@transaction.atomic
def proposals_put_in_theme(
    *, user: User, proposals: QuerySet[Proposal], theme: ProposalTheme
) -> int:
    """Group the ticked proposals under a theme of their case."""
    policy.require_right(user, Right.RECORD_PROPOSALS)
    rows = _locked(proposals)
    other_case = [row for row in rows if row.case_id != theme.case_id]
    if other_case:
        raise ValidationError(
            {
                "theme": _("A theme groups proposals of its own case: %(case)s.")
                % {"case": theme.case.number}
            }
        )
    changed = [row.pk for row in rows if row.theme_id != theme.pk]
    changes = _bump(rows, changed)
    Proposal.objects.filter(pk__in=changed).update(theme=theme)
    for row in rows:
        if row.pk in changes:
            changes[row.pk]["theme"] = {"old": row.theme_id, "new": theme.pk}
    _audit_each(user, rows, changes)
    return len(changed)


@transaction.atomic
def proposals_add_tag(*, user: User, proposals: QuerySet[Proposal], tag: ProposalTag) -> int:
    policy.require_right(user, Right.RECORD_PROPOSALS)
    rows = _locked(proposals)
    Through = Proposal.tags.through
    tagged = set(
        Through.objects.filter(proposaltag=tag, proposal__in=[r.pk for r in rows]).values_list(
            "proposal_id", flat=True
        )
    )
    new = [row for row in rows if row.pk not in tagged]
    Through.objects.bulk_create([Through(proposal_id=row.pk, proposaltag_id=tag.pk) for row in new])
    _audit_each(user, new, {row.pk: {"tags_added": {"old": None, "new": tag.name}} for row in new})
    return len(new)


def cases_answerable_by(project: Project) -> QuerySet[Case]:
    """The cases whose proposals a project may answer: its own, the case a segment of it
    was severed from, and the segments of a case it is on. Civil Parties applied in
    Case 002, but the trial was held, and projects requested, in its segments 002/01 and
    002/02: a wish of 002 is answered by a project of 002/02."""
    own = project.cases.values("pk")
    return Case.objects.filter(Q(pk__in=own) | Q(sub_cases__in=own) | Q(parent__in=own)).distinct()


def _require_project(user: User, project: Project) -> None:
    """The project in the user's scope and not abandoned, its row locked until the link is
    written: a move to ABANDONED at the same moment waits, then unanswers what it must
    (the project first, then the proposals, in the order the move takes them too)."""
    if not policy.projects_in_scope(user, Project.objects.filter(pk=project.pk)).exists():
        raise PermissionDenied
    status = Project.objects.select_for_update().values_list("status", flat=True).get(pk=project.pk)
    if status == ProjectStatus.ABANDONED:
        raise ValidationError({"project": _("This project was abandoned: it answers nothing.")})


@transaction.atomic
def proposals_link_project(*, user: User, proposals: QuerySet[Proposal], project: Project) -> int:
    """Record that the project answers the ticked proposals."""
    policy.require_right(user, Right.RECORD_PROPOSALS)
    _require_project(user, project)
    rows = _locked(proposals)
    answerable = set(cases_answerable_by(project).values_list("pk", flat=True))
    if any(row.case_id not in answerable for row in rows):
        raise ValidationError(
            {"project": _("This project is not on the case of every proposal ticked.")}
        )
    Through = Proposal.answered_by.through
    linked = set(
        Through.objects.filter(project=project, proposal__in=[r.pk for r in rows]).values_list(
            "proposal_id", flat=True
        )
    )
    new = [row for row in rows if row.pk not in linked]
    Through.objects.bulk_create([Through(proposal_id=row.pk, project_id=project.pk) for row in new])
    now_answered = [row for row in new if not row.answered]
    Proposal.objects.filter(pk__in=[row.pk for row in now_answered]).update(answered=True)
    proposal_tally_refresh(groups=[tally_group(row) for row in now_answered])
    _audit_each(
        user,
        new,
        {row.pk: {"answered_by_added": {"old": None, "new": project.reference}} for row in new},
    )
    return len(new)


# --- the kept "answered" flag --------------------------------------------------------------
# The link is what is audited; the flag is only its summary for the tally, so its changes
# write no audit entry of their own.


def _answered_by_a_live_project() -> Exists:
    links = Proposal.answered_by.through.objects.filter(proposal=OuterRef("pk"))
    return Exists(links.exclude(project__status=ProjectStatus.ABANDONED))


def answered_flags_refresh(proposals: QuerySet[Proposal]) -> int:
    """Set the proposals' flag from their links, writing only the rows whose flag changes:
    for a project's move to or from ABANDONED, and after writes that link many proposals
    in one statement (the demo, the bench). Returns how many flags changed."""
    live = _answered_by_a_live_project()
    to_answer = proposals.filter(answered=False).filter(live)
    to_unanswer = proposals.filter(answered=True).exclude(live)
    groups = tally_groups_of(to_answer) | tally_groups_of(to_unanswer)
    changed = to_answer.update(answered=True) + to_unanswer.update(answered=False)
    proposal_tally_refresh(groups=groups)
    return changed


def answered_flags_after_move(project: Project, old_status: str) -> int:
    """A project abandoned no longer answers its proposals (those another live project
    answers stay answered); one that came back from ABANDONED would answer them again.
    Its proposals are locked first, so that two projects abandoned at once, both
    answering a proposal, each see the other's move."""
    if ProjectStatus.ABANDONED not in (old_status, project.status):
        return 0
    linked = Proposal.objects.filter(answered_by=project)
    list(linked.select_for_update().order_by("pk").values_list("pk", flat=True))
    return answered_flags_refresh(linked)


def proposal_answered_recount() -> QuerySet[Proposal]:
    """The proposals whose kept flag says other than their links: none, while every write
    of a link or of a project's status goes through the services."""
    live = _answered_by_a_live_project()
    return Proposal.objects.filter((Q(answered=True) & ~live) | (Q(answered=False) & live))


# --- the kept tally ------------------------------------------------------------------------
# The rows of ProposalTally are figures derived from the proposals, whose writes are the
# ones audited: rewriting them writes no audit entry of their own.

# A group of the tally: (case id, category, province id or None).
TallyGroup = tuple[int, str, str | None]
_GROUP_FIELDS = ("case_id", "category", "province_id")


def tally_groups_of(proposals: QuerySet[Proposal]) -> set[TallyGroup]:
    return set(proposals.values_list(*_GROUP_FIELDS).distinct().order_by())


def tally_group(proposal: Proposal) -> TallyGroup:
    return (proposal.case_id, proposal.category, proposal.province_id)


def _tally_counts(where: Q) -> dict[TallyGroup, tuple[int, int, int, int]]:
    """The counts of the current proposals matching `where`, by group: one GROUP BY that
    PostgreSQL reads from the `proposal_tally` index."""
    answered = Q(answered=True)
    rows = (
        Proposal.objects.filter(where, archived_at__isnull=True)
        .values(*_GROUP_FIELDS)
        .annotate(
            n=Count("pk"),
            parties=Count("application_id"),
            n_answered=Count("pk", filter=answered),
            parties_answered=Count("application_id", filter=answered),
        )
        .order_by()
    )
    return {
        (r["case_id"], r["category"], r["province_id"]): (
            r["n"],
            r["parties"],
            r["n_answered"],
            r["parties_answered"],
        )
        for r in rows
    }


@transaction.atomic
def _tally_rewrite(where: Q, case_ids: set[int]) -> None:
    """Replace the kept rows matching `where` by a recount. The cases' rows are locked
    first (FOR NO KEY UPDATE, which leaves inserts pointing to them free): two writes to
    one case rewrite its rows one after the other, the second counting what the first
    committed."""
    list(
        Case.objects.select_for_update(no_key=True)
        .filter(pk__in=case_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ProposalTally.objects.filter(where).delete()
    ProposalTally.objects.bulk_create(
        ProposalTally(
            case_id=case_id,
            category=category,
            province_id=province_id,
            proposals=n,
            civil_parties=parties,
            answered=n_answered,
            civil_parties_answered=parties_answered,
        )
        for (case_id, category, province_id), (n, parties, n_answered, parties_answered) in (
            _tally_counts(where).items()
        )
    )


def proposal_tally_refresh(*, groups: Iterable[TallyGroup]) -> None:
    """Recount the kept rows of the groups given, in the transaction of the write that
    changed them; a group left without proposals loses its row. The groups given are
    widened to every combination of their cases, categories and provinces, which a few
    IN lists on the tally's index select."""
    groups = set(groups)
    if not groups:
        return
    case_ids = {case_id for case_id, _category, _province in groups}
    provinces = {province for _case, _category, province in groups}
    in_province = Q(province_id__in=provinces - {None})
    if None in provinces:
        in_province |= Q(province__isnull=True)
    categories = {category for _case, category, _province in groups}
    _tally_rewrite(Q(case_id__in=case_ids, category__in=categories) & in_province, case_ids)


def proposal_tally_refresh_case(case_id: int) -> None:
    """Recount every kept row of a case: after wishes are brought in by the thousand."""
    _tally_rewrite(Q(case_id=case_id), {case_id})


def proposal_tally_recount() -> list[TallyGroup]:
    """The groups whose kept counts differ from a recount of the proposals: none, while
    every write of a proposal goes through the services."""
    kept = {
        (row.case_id, row.category, row.province_id): (
            row.proposals,
            row.civil_parties,
            row.answered,
            row.civil_parties_answered,
        )
        for row in ProposalTally.objects.all()
    }
    counted = _tally_counts(Q())
    wrong = {
        group for group in kept.keys() | counted.keys() if kept.get(group) != counted.get(group)
    }
    return sorted(wrong, key=lambda g: (g[0], g[1], g[2] or ""))


# --- tags and themes -----------------------------------------------------------------------


@transaction.atomic
def tag_create(*, user: User, name: str) -> ProposalTag:
    policy.require_right(user, Right.RECORD_PROPOSALS)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Name the tag.")})
    if ProposalTag.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("This tag exists already.")})
    tag = ProposalTag.objects.create(name=name, created_by=user)
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=tag,
        changes={"name": {"old": None, "new": name}},
    )
    return tag


@transaction.atomic
def theme_create(*, user: User, name: str, case: Case, category: str) -> ProposalTheme:
    policy.require_right(user, Right.RECORD_PROPOSALS)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Name the theme.")})
    if category not in Category.values:
        raise ValidationError({"category": _("Choose the theme's category.")})
    if ProposalTheme.objects.filter(case=case, name__iexact=name).exists():
        raise ValidationError({"name": _("This case has a theme of this name already.")})
    theme = ProposalTheme.objects.create(name=name, case=case, category=category, created_by=user)
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=theme,
        changes={
            "name": {"old": None, "new": name},
            "case": {"old": None, "new": case.pk},
            "category": {"old": None, "new": category},
        },
    )
    return theme


@transaction.atomic
def theme_link_project(*, user: User, theme: ProposalTheme, project: Project) -> int:
    """Record that the project answers every proposal of the theme; returns how many
    proposals it newly answers."""
    policy.require_right(user, Right.RECORD_PROPOSALS)
    _require_project(user, project)
    if not cases_answerable_by(project).filter(pk=theme.case_id).exists():
        raise ValidationError({"project": _("This project is not on the theme's case.")})
    proposals = Proposal.objects.filter(theme=theme, archived_at__isnull=True)
    if not proposals.exists():
        raise ValidationError(_("This theme groups no proposal yet."))
    linked = proposals_link_project(user=user, proposals=proposals, project=project)
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=theme,
        changes={"answered_by_added": {"old": None, "new": project.reference}},
    )
    return linked
