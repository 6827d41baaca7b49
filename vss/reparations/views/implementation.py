"""Pages of a project at work. Each form of the project's page (its implementation,
participants and evaluation sections) posts to a page of its own here, which shows the
form again with what was typed when it is refused."""

import io
from typing import Any

from django.contrib import messages
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from PIL import Image

from vss.audit.forms import form_saved
from vss.core.downloads import private_download
from vss.core.http import AuthenticatedHttpRequest

from ..forms_implementation import (
    ArchiveForm,
    AttachmentFormSet,
    EvaluationForm,
    MilestoneDoneForm,
    MilestoneForm,
    ParticipationForm,
    PeopleReachedFormSet,
    ProgressReportForm,
    SingleAttachmentForm,
)
from ..models import Project
from ..selectors import implementation as selectors
from ..services import implementation as services

TEMPLATES = "reparations/implementation"
# The longest side of a photo on a report's page: a phone's twelve million pixels are
# not sent to be shown at the size of a thumb.
THUMBNAIL_SIDE = 320


def _project_page(project: Project, section: str) -> HttpResponse:
    return redirect(reverse("reparations:project_detail", args=[project.pk]) + f"#{section}")


def _form_page(
    request: AuthenticatedHttpRequest, template: str, context: dict[str, Any]
) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(request, f"{TEMPLATES}/{template}", context, status=status)


# --- milestones ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def milestone_add(request: AuthenticatedHttpRequest, project_pk: int) -> HttpResponse:
    project = selectors.project_for_manager(request.user, project_pk)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form_saved(
        form,
        lambda: services.milestone_add(user=request.user, project=project, **form.cleaned_data),
    ):
        messages.success(request, _("Milestone added."))
        return _project_page(project, "implementation")
    return _form_page(request, "milestone_form.html", {"project": project, "form": form})


@require_http_methods(["GET", "POST"])
def milestone_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    milestone = selectors.milestone_for_manager(request.user, pk)
    form = MilestoneDoneForm(request.POST or None)
    if request.method == "POST" and form_saved(
        form,
        lambda: services.milestone_mark_done(
            user=request.user, milestone=milestone, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Milestone marked done."))
        return _project_page(milestone.project, "implementation")
    return _form_page(
        request,
        "milestone_done.html",
        {"project": milestone.project, "milestone": milestone, "form": form},
    )


@require_http_methods(["GET", "POST"])
def milestone_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    milestone = selectors.milestone_for_manager(request.user, pk)
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form_saved(
        form,
        lambda: services.milestone_archive(
            user=request.user, milestone=milestone, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, _("Milestone archived."))
        return _project_page(milestone.project, "implementation")
    return _form_page(
        request,
        "milestone_archive.html",
        {"project": milestone.project, "milestone": milestone, "form": form},
    )


# --- progress reports ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def report_create(request: AuthenticatedHttpRequest, project_pk: int) -> HttpResponse:
    project = selectors.project_for_reporter(request.user, project_pk)
    # A mutable copy: a refused form carries the files it checked in its hidden fields.
    data = request.POST.copy() if request.method == "POST" else None
    form = ProgressReportForm(data)
    counts = PeopleReachedFormSet(data, prefix="counts")
    files = AttachmentFormSet(
        data, request.FILES or None, prefix="files", form_kwargs={"user_id": request.user.pk}
    )
    if (
        request.method == "POST"
        and all(f.is_valid() for f in (form, counts, files))
        and (
            saved := form_saved(
                form,
                lambda: services.progress_report_submit(
                    user=request.user,
                    project=project,
                    counts=counts.people_reached(),
                    files=files.checked_files(),
                    **form.cleaned_data,
                ),
            )
        )
    ):
        messages.success(request, _("Progress report submitted."))
        return redirect("reparations:report_detail", pk=saved.value.pk)
    if request.method == "POST":
        files.keep_for_next_attempt()
    return _form_page(
        request,
        "report_form.html",
        {"project": project, "form": form, "counts": counts, "files": files},
    )


def _report_page(
    request: AuthenticatedHttpRequest, pk: int, form: SingleAttachmentForm | None = None
) -> HttpResponse:
    report = selectors.report_for_user(request.user, pk)
    page = selectors.report_page(request.user, report)
    if page.can_add_files and form is None:
        form = SingleAttachmentForm()
    return render(
        request,
        f"{TEMPLATES}/report_detail.html",
        {"page": page, "report": report, "project": report.project, "form": form},
        status=200 if form is None or not form.is_bound else 400,
    )


@require_GET
def report_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _report_page(request, pk)


@require_POST
def attachment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for_reporter(request.user, pk)
    form = SingleAttachmentForm(request.POST, request.FILES)
    if (
        form.is_valid()
        and (checked := form.checked_file) is not None
        and form_saved(
            form,
            lambda: services.progress_attachment_add(
                user=request.user, report=report, file=checked
            ),
        )
    ):
        messages.success(request, _("File added to the report."))
        return redirect("reparations:report_detail", pk=report.pk)
    return _report_page(request, pk, form)


@require_http_methods(["GET", "POST"])
def attachment_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.attachment_for_reporter(request.user, pk)
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form_saved(
        form,
        lambda: services.progress_attachment_archive(
            user=request.user, attachment=attachment, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, _("File taken off the report."))
        return redirect("reparations:report_detail", pk=attachment.report_id)
    return _form_page(
        request,
        "attachment_archive.html",
        {"project": attachment.report.project, "attachment": attachment, "form": form},
    )


@require_GET
def attachment_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    attachment = selectors.attachment_for_user(request.user, pk)
    selectors.attachment_downloaded(request.user, attachment)
    return private_download(
        attachment.file, filename=selectors.attachment_file_name(request.user, attachment)
    )


@require_GET
def attachment_thumbnail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A photo of a report, made small for the report's page; it is drawn from the
    photo as stored, which kept no metadata."""
    attachment = selectors.attachment_for_user(request.user, pk)
    if not attachment.is_photo:
        raise Http404
    response = HttpResponse(_thumbnail(attachment.file), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


def _thumbnail(file: FieldFile) -> bytes:
    with file.open("rb") as handle, Image.open(handle) as photo:
        photo.draft("RGB", (THUMBNAIL_SIDE, THUMBNAIL_SIDE))
        small = photo.convert("RGB")
        small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
        out = io.BytesIO()
        small.save(out, format="JPEG", quality=80)
    return out.getvalue()


# --- Civil Parties taking part ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def participation_add(request: AuthenticatedHttpRequest, project_pk: int) -> HttpResponse:
    project = selectors.project_for_manager(request.user, project_pk)
    form = ParticipationForm(request.POST or None)
    if request.method == "POST" and form_saved(
        form,
        lambda: services.participation_add(user=request.user, project=project, **form.cleaned_data),
    ):
        messages.success(request, _("Civil Party recorded as taking part."))
        return _project_page(project, "participants")
    return _form_page(request, "participation_form.html", {"project": project, "form": form})


@require_http_methods(["GET", "POST"])
def participation_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    participation = selectors.participation_for_manager(request.user, pk)
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form_saved(
        form,
        lambda: services.participation_archive(
            user=request.user, participation=participation, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, _("Civil Party no longer recorded as taking part."))
        return _project_page(participation.project, "participants")
    return _form_page(
        request,
        "participation_archive.html",
        {"project": participation.project, "participation": participation, "form": form},
    )


# --- evaluation ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def evaluation_record(request: AuthenticatedHttpRequest, project_pk: int) -> HttpResponse:
    project = selectors.project_for_manager(request.user, project_pk)
    form = EvaluationForm(request.POST or None, request.FILES or None)

    def write() -> object:
        d = form.cleaned_data
        return services.evaluation_record(
            user=request.user,
            project=project,
            evaluated_on=d["evaluated_on"],
            evaluator=d["evaluator"],
            summary=d["summary"],
            language=d["language"],
            document=form.checked_document,
        )

    if request.method == "POST" and form_saved(form, write):
        messages.success(request, _("Evaluation recorded."))
        return _project_page(project, "evaluation")
    return _form_page(request, "evaluation_form.html", {"project": project, "form": form})


urlpatterns = [
    path("projects/<int:project_pk>/milestones/add/", milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/done/", milestone_done, name="milestone_done"),
    path("milestones/<int:pk>/archive/", milestone_archive, name="milestone_archive"),
    path("projects/<int:project_pk>/reports/add/", report_create, name="report_create"),
    path("reports/<int:pk>/", report_detail, name="report_detail"),
    path("reports/<int:pk>/files/", attachment_add, name="attachment_add"),
    path("report-files/<int:pk>/", attachment_download, name="attachment_download"),
    path("report-files/<int:pk>/archive/", attachment_archive, name="attachment_archive"),
    path("report-files/<int:pk>/thumbnail/", attachment_thumbnail, name="attachment_thumbnail"),
    path(
        "projects/<int:project_pk>/participants/add/",
        participation_add,
        name="participation_add",
    ),
    path("participants/<int:pk>/archive/", participation_archive, name="participation_archive"),
    path("projects/<int:project_pk>/evaluation/", evaluation_record, name="evaluation_record"),
]
