"""A person's way of being reached, on their page: the channel and its address, consent
to news, a stop recorded for them and its resumption with a reason; and the panel that
shows it beside their messages."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vss import policy
from vss.accounts.models import User
from vss.audit.forms import form_saved
from vss.core.http import AuthenticatedHttpRequest
from vss.people.models import Person
from vss.policy import Right

from ..forms_preferences import PreferenceForm, ResumeForm, StopForm
from ..selectors import messages as message_selectors
from ..selectors import preferences as selectors
from ..services import preferences as services


def may_see_reach(user: User, person: Person) -> bool:
    return policy.has_right(user, Right.VIEW_MESSAGES) or policy.has_right(
        user, Right.MANAGE_CONTACT_PREFERENCES
    )


def person_reach_context(user: User, person: Person, **refused: Any) -> dict[str, Any]:
    """For a person the caller has already found in the user's scope."""
    preference = selectors.preference_of(person)
    manages = policy.has_right(user, Right.MANAGE_CONTACT_PREFERENCES) and (
        policy.can_see_identity(user, person)
    )
    latest = message_selectors.latest_messages_of(user, person)
    context: dict[str, Any] = {
        "reach": preference,
        "reach_messages": latest[: message_selectors.HISTORY_ON_PAGE] if latest else latest,
        "reach_more": latest is not None and len(latest) > message_selectors.HISTORY_ON_PAGE,
        "reach_manages": manages,
    }
    if manages:
        version = preference.version if preference else 0
        context |= {
            "reach_form": refused.get("reach_form") or PreferenceForm(preference=preference),
            "stop_form": refused.get("stop_form") or StopForm(initial={"version": version}),
            "resume_form": refused.get("resume_form") or ResumeForm(initial={"version": version}),
        }
    return context


def _reach_post(
    request: AuthenticatedHttpRequest,
    pk: int,
    form_class: type[forms.Form],
    write: Callable[[User, Person, Any], object],
    done: str,
    name: str,
) -> HttpResponse:
    """A form of the person's way of being reached, sent as `name`: back to the person's
    page once the service `write` took it; else a page of the person's way of being
    reached, the refused form as typed."""
    user = request.user
    person = selectors.person_for_reach(user, pk)
    form = form_class(request.POST)
    if form_saved(form, lambda: write(user, person, form)):
        messages.success(request, done)
        return redirect(reverse("people:detail", args=[person.pk]) + "#reach")
    context = person_reach_context(user, person, **{name: form})
    return render(
        request, "outreach/messages/reach_form.html", {"person": person, **context}, status=400
    )


@require_POST
def reach_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _reach_post(
        request,
        pk,
        PreferenceForm,
        lambda user, person, form: services.contact_preference_save(
            user=user, person=person, data=form.reach_data(), version=form.cleaned_data["version"]
        ),
        _("The way of reaching this person is saved."),
        "reach_form",
    )


@require_POST
def reach_stop(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _reach_post(
        request,
        pk,
        StopForm,
        lambda user, person, form: services.contact_preference_stop(
            user=user, person=person, version=form.cleaned_data["version"]
        ),
        _("Messages to this person are stopped."),
        "stop_form",
    )


@require_POST
def reach_resume(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _reach_post(
        request,
        pk,
        ResumeForm,
        lambda user, person, form: services.contact_preference_resume(
            user=user,
            person=person,
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        ),
        _("Messages to this person resume."),
        "resume_form",
    )


urlpatterns: list[URLPattern] = [
    path("people/<int:pk>/reach/", reach_edit, name="reach_edit"),
    path("people/<int:pk>/reach/stop/", reach_stop, name="reach_stop"),
    path("people/<int:pk>/reach/resume/", reach_resume, name="reach_resume"),
]
