"""Case messages: an applicant is told, by their channel and in their language, when
their application moves; their lawyers are told by representation. The message says the
new status in plain words and the application's number, never the reason written for
the decision nor anyone's name (a protected person's, a lawyer's)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from vss.applications.models import Application, Status, StatusChange
from vss.people.models import Person

from ..models import MessageKind
from .sending import Content, job_queue, job_start, messages_write

# What each status means for the person, said to them. A status not here (a draft) is
# not news to anyone outside the Section.
PLAIN_WORDS = {
    Status.RECEIVED: gettext_noop("The Section has received your application."),
    Status.INCOMPLETE: gettext_noop(
        "Your application is missing information or papers. The Section will contact you."
    ),
    Status.SCREENED: gettext_noop("The Section has checked your application."),
    Status.TRANSMITTED: gettext_noop("Your application has been sent to the judges."),
    Status.PROVISIONAL: gettext_noop(
        "You take part in the proceedings as a Civil Party while the judges decide."
    ),
    Status.ADMITTED: gettext_noop("The judges have admitted you as a Civil Party."),
    Status.REJECTED: gettext_noop(
        "The judges did not admit your application. You may appeal: the Section or your "
        "lawyer will explain how."
    ),
    Status.APPEALED: gettext_noop("Your appeal has been filed."),
    Status.ADMITTED_ON_APPEAL: gettext_noop("On appeal, you have been admitted as a Civil Party."),
    Status.REJECTION_UPHELD: gettext_noop("On appeal, the decision not to admit you stands."),
    Status.WITHDRAWN: gettext_noop("Your application has been withdrawn."),
    Status.CASE_TERMINATED: gettext_noop("The case of your application has ended."),
    Status.SENT_TO_PROSECUTORS: gettext_noop("Your complaint has been sent to the Co-Prosecutors."),
    Status.JOINED: gettext_noop("Your complaint has been joined to an investigation."),
    Status.FORWARDED: gettext_noop("Your complaint has been forwarded."),
    Status.COMPLAINT_REJECTED: gettext_noop("Your complaint was not taken further."),
    Status.COMPLAINANT_NOTIFIED: gettext_noop("The decision on your complaint has been sent."),
}


def tell_applicant_of_status_change(*, application: Application, change: StatusChange) -> None:
    """A status listener (vss.applications.status_hooks): writes the applicant one
    message for this change, sent once the change is committed. A move the person is not
    told of (back to draft, their death) writes nothing."""
    words = PLAIN_WORDS.get(Status(change.to_status))
    if words is None:
        return
    number = application.vss_number or ""
    case = application.case.number

    def content(language: str, channel: str) -> Content:
        if number:
            body = _("Application %(number)s, case %(case)s: %(news)s") % {
                "number": number,
                "case": case,
                "news": _(words),
            }
        else:
            body = _("Your application in case %(case)s: %(news)s") % {
                "case": case,
                "news": _(words),
            }
        return Content(subject=_("Your application to the court"), body=body)

    job = job_start(label=f"status change {change.pk}", user=change.actor)
    messages_write(
        job=job,
        kind=MessageKind.STATUS_CHANGE,
        people=Person.objects.filter(pk=application.applicant_id),
        content=content,
        key=f"status:{change.pk}",
        news=False,
        application=application,
    )
    job_queue(job)
