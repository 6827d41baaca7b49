from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vss import policy
from vss.core.forms import add_service_errors
from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import list_page
from vss.people.models import Person
from vss.policy import Right

from . import selectors, services
from .forms import DifferentForm, LiveCheckForm, MergeForm, UnmergeForm
from .models import CandidateStatus, MatchCandidate
from .presenters import comparison_rows, run_report, run_stage


@require_GET
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    candidates = selectors.open_candidates_for_user(request.user)
    run = selectors.latest_run()
    listing = list_page(
        request, candidates, count=lambda: selectors.open_pair_count_for_user(request.user)
    )
    merges = list(selectors.merges_for_user(request.user)[:10])
    selectors.queue_read(request.user, pairs=len(listing.page.object_list), merges=len(merges))
    return render(
        request,
        "matching/queue.html",
        {
            **listing.context(),
            "run": run,
            "pairs_proposed": selectors.pairs_proposed_for_user(request.user, run) if run else 0,
            "can_run": policy.has_right(request.user, Right.RUN_MATCHING),
            "merges": merges,
        },
    )


@require_POST
def run_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        run = services.run_request(actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("matching:queue")
    return redirect("matching:run_detail", pk=run.pk)


@require_GET
def run_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get_for_user(request.user, pk)
    template = "matching/_run_progress.html" if request.htmx else "matching/run_detail.html"
    pairs_proposed = selectors.pairs_proposed_for_user(request.user, run)
    return render(
        request,
        template,
        {
            "run": run,
            "pairs_proposed": pairs_proposed,
            "report": run_report(run.report),
            "stage": run_stage(run.stage),
        },
    )


def _review_context(
    request: AuthenticatedHttpRequest,
    candidate: MatchCandidate,
    people: list[Person],
    merge_form: MergeForm | None = None,
    different_form: DifferentForm | None = None,
) -> dict:
    for person, name in zip(
        people, policy.display_names_together(request.user, people), strict=True
    ):
        person.shown_name = name  # type: ignore[attr-defined]
    pair = [p for p in people if p.pk in (candidate.person_a_id, candidate.person_b_id)]
    choices = [(p.pk, p.shown_name) for p in pair]  # type: ignore[attr-defined]
    return {
        "candidate": candidate,
        "people": people,
        "rows": comparison_rows(request.user, people),
        "can_decide": policy.has_right(request.user, Right.DECIDE_DUPLICATES)
        and candidate.status == CandidateStatus.OPEN,
        "merge_form": merge_form
        or MergeForm(choices=choices, initial={"survivor": candidate.person_a_id}),
        "different_form": different_form or DifferentForm(),
        "total_weight": round(sum(line["weight"] for line in candidate.explanation), 2),
    }


@require_GET
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    candidate, people = selectors.candidate_get_for_user(request.user, pk)
    return render(request, "matching/review.html", _review_context(request, candidate, people))


@require_POST
def merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    policy.require_right(request.user, Right.DECIDE_DUPLICATES)
    candidate, people = selectors.candidate_get_for_user(request.user, pk)
    pair = {p.pk: p for p in people if p.pk in (candidate.person_a_id, candidate.person_b_id)}
    form = MergeForm(request.POST, choices=[(pk_, str(pk_)) for pk_ in pair])
    if form.is_valid():
        survivor = pair[form.cleaned_data["survivor"]]
        merged = next(p for pk_, p in pair.items() if pk_ != survivor.pk)
        try:
            done = services.persons_merge(
                actor=request.user,
                survivor=survivor,
                merged=merged,
                reason=form.cleaned_data["reason"],
                candidate=candidate,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The two records are now one person."))
            return redirect("matching:merge_detail", pk=done.pk)
    context = _review_context(request, candidate, people, merge_form=form)
    return render(request, "matching/review.html", context, status=400)


@require_POST
def different(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    policy.require_right(request.user, Right.DECIDE_DUPLICATES)
    candidate, people = selectors.candidate_get_for_user(request.user, pk)
    form = DifferentForm(request.POST)
    if form.is_valid():
        pair = {p.pk: p for p in people}
        try:
            services.people_mark_different(
                actor=request.user,
                person_a=pair[candidate.person_a_id],
                person_b=pair[candidate.person_b_id],
                reason=form.cleaned_data["reason"],
                candidate=candidate,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Recorded as different people; this pair will not be proposed again.")
            )
            return redirect("matching:queue")
    context = _review_context(request, candidate, people, different_form=form)
    return render(request, "matching/review.html", context, status=400)


@require_GET
def merge_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    done = selectors.merge_page_for_user(request.user, pk)
    return render(
        request,
        "matching/merge_detail.html",
        {
            "merge": done,
            "moved": {key: len(value) for key, value in done.moved.items()},
            "can_undo": policy.has_right(request.user, Right.DECIDE_DUPLICATES)
            and done.undone_at is None,
            "form": UnmergeForm(),
        },
    )


@require_POST
def unmerge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    policy.require_right(request.user, Right.DECIDE_DUPLICATES)
    done = selectors.merge_get_for_user(request.user, pk)
    form = UnmergeForm(request.POST)
    if form.is_valid():
        try:
            services.persons_unmerge(
                actor=request.user, merge=done, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The merge was undone: both records are back as they were.")
            )
            return redirect("matching:merge_detail", pk=done.pk)
    return render(
        request,
        "matching/merge_detail.html",
        {
            "merge": done,
            "moved": {key: len(value) for key, value in done.moved.items()},
            "can_undo": True,
            "form": form,
        },
        status=400,
    )


@require_GET
def live_check(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Possible existing records for the applicant being typed (the VIF form's applicant
    section, sent by HTMX as the officer types)."""
    policy.require_right(request.user, Right.ENTER_FORMS)
    form = LiveCheckForm(request.GET)
    form.is_valid()
    check = selectors.live_check_for_user(request.user, form.probe())
    return render(request, "matching/_live_matches.html", {"check": check, "form": form})
