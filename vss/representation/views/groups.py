"""Civil Party groups, the grouping tool and the consolidated group of each case."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vss import policy
from vss.audit.forms import form_saved
from vss.core.forms import add_service_errors, sent_values
from vss.core.http import AuthenticatedHttpRequest
from vss.core.pagination import page_without_count
from vss.geo.selectors import provinces_by_code
from vss.policy import Right
from vss.proceedings.models import Case
from vss.proceedings.selectors import case_get_for_user
from vss.tallies.services import counting_request_if_out_of_date

from .. import selectors, services
from ..forms import ArchiveForm, ConfirmForm, GroupEditForm, GroupForm, GroupingForm
from ..selectors.figures import MEMBERS

# The fields of the grouping form, carried from the preview into the confirmation.
SELECTION_FIELDS = [
    "statuses",
    "province",
    "crime_site",
    "intermediary",
    "current_group",
    "current_lawyer",
    "target_group",
    "lawyer",
]


def _count_labels() -> dict[str, Any]:
    return {"provinces": provinces_by_code()}


@require_GET
def group_cases(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require_right(request.user, Right.VIEW_REPRESENTATION)
    # The counts of Civil Parties are kept figures: asks for a count when they are old.
    # Every role that reads the groups reads the figures too (the access matrix holds it).
    counting = counting_request_if_out_of_date(user=request.user)
    return render(
        request,
        "representation/groups/cases.html",
        {"cases": selectors.cases_with_group_counts(), "counting": counting},
    )


@require_GET
def group_list(request: AuthenticatedHttpRequest, case_pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, case_pk, Right.VIEW_REPRESENTATION)
    include_archived = request.GET.get("archived") == "1"
    return render(
        request,
        "representation/groups/list.html",
        {
            "case": case,
            "groups": selectors.groups_of_case(case, include_archived=include_archived),
            "include_archived": include_archived,
            "can_manage": policy.has_right(request.user, Right.MANAGE_REPRESENTATION),
        },
    )


@require_http_methods(["GET", "POST"])
def group_create(request: AuthenticatedHttpRequest, case_pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, case_pk, Right.MANAGE_REPRESENTATION)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The group was created."))
            return redirect("representation:group_detail", pk=group.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "representation/groups/create.html", {"case": case, "form": form}, status=status
    )


@require_GET
def group_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    group = selectors.group_get_for_user(request.user, pk)
    members = selectors.group_members_for_user(request.user, group)
    can_manage = policy.has_right(request.user, Right.MANAGE_REPRESENTATION)
    return render(
        request,
        "representation/groups/detail.html",
        {
            "group": group,
            "page": page_without_count(request, members),
            "counts": selectors.caseload_of_record(request.user, MEMBERS, group.pk, members),
            **_count_labels(),
            "can_manage": can_manage and group.archived_at is None,
            "archive_form": ArchiveForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def group_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    policy.require_right(request.user, Right.MANAGE_REPRESENTATION)
    group = selectors.group_get_for_user(request.user, pk)
    initial = {"name": group.name, "lawyer": group.lawyer, "version": group.version}
    form = GroupEditForm(request.POST or None, initial=initial)

    def write() -> object:
        # A field the form did not send keeps its value: an absent lawyer is not "none".
        sent = sent_values(form, ["name", "lawyer"])
        return services.group_update(
            actor=request.user,
            group=group,
            name=sent.get("name", group.name),
            lawyer=sent.get("lawyer", group.lawyer),
            expected_version=form.cleaned_data["version"],
        )

    if request.method == "POST" and form_saved(form, write):
        messages.success(request, _("The group was saved."))
        return redirect("representation:group_detail", pk=group.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "representation/groups/edit.html", {"group": group, "form": form}, status=status
    )


@require_POST
def group_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    policy.require_right(request.user, Right.MANAGE_REPRESENTATION)
    group = selectors.group_get_for_user(request.user, pk)
    form = ArchiveForm(request.POST)
    if form.is_valid():
        try:
            services.group_archive(
                actor=request.user, group=group, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The group was archived."))
            return redirect("representation:group_list", case_pk=group.case_id)
    members = selectors.group_members_for_user(request.user, group)
    return render(
        request,
        "representation/groups/detail.html",
        {
            "group": group,
            "page": page_without_count(request, members),
            "counts": selectors.caseload_counts(members),
            **_count_labels(),
            "can_manage": True,
            "archive_form": form,
        },
        status=400,
    )


# --- the grouping tool -------------------------------------------------------------------


def _selection_pairs(data: Any) -> list[tuple[str, str]]:
    return [(name, v) for name in SELECTION_FIELDS for v in data.getlist(name) if v]


def _selection_query(data: Any) -> str:
    query = QueryDict(mutable=True)
    for name, value in _selection_pairs(data):
        query.appendlist(name, value)
    return query.urlencode()


class _SelectionChanged(Exception):
    pass


def _tool_context(
    request: AuthenticatedHttpRequest,
    case: Case,
    form: GroupingForm,
    confirm_initial: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    context: dict[str, Any] = {"case": case, "form": form, "preview": None, **extra}
    if not form.is_bound or not form.is_valid():
        return context
    filters = form.filters()
    selection = selectors.grouping_selection(case, filters)
    ids = list(selection.values_list("id", flat=True))
    lawyer = form.cleaned_data["lawyer"]
    page = page_without_count(request, selectors.with_current_representation(selection))
    selectors.grouping_preview_read(request.user, case, filters, shown=len(page.object_list))
    context["preview"] = {
        "count": len(ids),
        "too_many": services.MAX_MOVED_AT_ONCE if len(ids) > services.MAX_MOVED_AT_ONCE else 0,
        "page": page,
        "group": form.cleaned_data["target_group"],
        "lawyer": lawyer,
        "conflicts": selectors.conflicts_with(lawyer, ids) if ids else [],
        "query_string": _selection_query(form.data),
        # The lawyer as resolved for the preview, so that the confirmation gives the
        # lawyer shown even if the group's own lawyer changes in between.
        "hidden": [
            *[(k, v) for k, v in _selection_pairs(form.data) if k != "lawyer"],
            ("lawyer", str(lawyer.pk)),
        ],
    }
    initial = {**(confirm_initial or {}), "digest": services.selection_digest(ids)}
    context.setdefault("confirm_form", ConfirmForm(initial=initial))
    context["can_override"] = policy.has_right(request.user, Right.OVERRIDE_CONFLICT)
    return context


@require_GET
def grouping_tool(request: AuthenticatedHttpRequest, case_pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, case_pk, Right.MANAGE_REPRESENTATION)
    bound = "target_group" in request.GET
    form = GroupingForm(request.GET if bound else None, case=case)
    return render(request, "representation/groups/tool.html", _tool_context(request, case, form))


@require_POST
def grouping_confirm(request: AuthenticatedHttpRequest, case_pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, case_pk, Right.MANAGE_REPRESENTATION)
    form = GroupingForm(request.POST, case=case)
    confirm = ConfirmForm(request.POST)
    if not form.is_valid() or not confirm.is_valid():
        return render(
            request,
            "representation/groups/tool.html",
            _tool_context(request, case, form),
            status=400,
        )
    group = form.cleaned_data["target_group"]
    try:
        # The check and the writes in one transaction: nothing can slip in between.
        with transaction.atomic():
            ids = list(
                selectors.grouping_selection(case, form.filters()).values_list("id", flat=True)
            )
            if not services.selection_unchanged(confirm.cleaned_data["digest"], ids):
                raise _SelectionChanged
            result = services.group_assign(
                actor=request.user,
                group=group,
                lawyer=form.cleaned_data["lawyer"],
                application_ids=ids,
                end_other_mandates=confirm.cleaned_data["end_other_mandates"],
                conflict_override_reason=confirm.cleaned_data["conflict_override_reason"],
            )
    except _SelectionChanged:
        messages.warning(
            request,
            _(
                "The selection changed since the preview: nothing was applied. "
                "Check the new preview and confirm again."
            ),
        )
        # A fresh confirmation, carrying the digest of the selection now shown.
        kept = {
            name: confirm.cleaned_data[name]
            for name in ("end_other_mandates", "conflict_override_reason")
        }
        return render(
            request,
            "representation/groups/tool.html",
            _tool_context(request, case, form, confirm_initial=kept),
            status=409,
        )
    except services.ConflictsBlock as error:
        names = ", ".join(policy.display_name(request.user, p) for p in error.people)
        confirm.add_error(
            None,
            _("The lawyer has a declared conflict of interest with: %(names)s.") % {"names": names},
        )
        if policy.has_right(request.user, Right.OVERRIDE_CONFLICT):
            confirm.add_error(
                "conflict_override_reason", _("Give a reason to override the conflicts.")
            )
        return render(
            request,
            "representation/groups/tool.html",
            _tool_context(request, case, form, confirm_form=confirm),
            status=400,
        )
    except ValidationError as error:
        add_service_errors(confirm, error)
        return render(
            request,
            "representation/groups/tool.html",
            _tool_context(request, case, form, confirm_form=confirm),
            status=400,
        )
    messages.success(
        request,
        ngettext(
            "%(n)s Civil Party was moved to %(group)s.",
            "%(n)s Civil Parties were moved to %(group)s.",
            result.moved,
        )
        % {"n": result.moved, "group": group},
    )
    return redirect("representation:group_detail", pk=group.pk)


# --- the consolidated group --------------------------------------------------------------


@require_GET
def consolidated_group(request: AuthenticatedHttpRequest, case_pk: int) -> HttpResponse:
    case = selectors.consolidated_case_for_user(request.user, case_pk)
    members = selectors.consolidated_members(request.user, case)
    return render(
        request,
        "representation/groups/consolidated.html",
        {
            "case": case,
            "page": page_without_count(request, members.select_related("applicant")),
            "counts": selectors.caseload_of_case(request.user, case, members),
            **_count_labels(),
            "leads": selectors.current_lead_co_lawyers(case),
        },
    )
