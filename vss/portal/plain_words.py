"""Each status of an application in plain words, for the person who filed it: a short
name and what it means and what happens next. The staff's names of the statuses
(vss.applications.models.Status) are the court's; these are for someone who has never
read its rules."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vss.applications.models import Application, Status


@dataclass(frozen=True)
class PlainStatus:
    name: Promise
    meaning: Promise


PLAIN_STATUS: dict[str, PlainStatus] = {
    Status.DRAFT: PlainStatus(
        _("Not received yet"),
        _("The form has not reached the Section yet. When it does, the Section records it."),
    ),
    Status.RECEIVED: PlainStatus(
        _("Received"),
        _(
            "The Section has your form. Its staff will check that nothing is missing; "
            "you have nothing to do for now."
        ),
    ),
    Status.INCOMPLETE: PlainStatus(
        _("Something is missing"),
        _(
            "Some information or a document is missing. The Section will contact you, "
            "or you can call it, to complete the form."
        ),
    ),
    Status.SCREENED: PlainStatus(
        _("Checked by the Section"),
        _("The Section has checked your form. It will send it to the judges, who decide."),
    ),
    Status.TRANSMITTED: PlainStatus(
        _("With the judges"),
        _(
            "Your application is with the judges. They decide whether you take part in the "
            "case as a Civil Party; this can take several months."
        ),
    ),
    Status.PROVISIONAL: PlainStatus(
        _("Taking part for now"),
        _(
            "You take part in the case as a Civil Party until the judges make their final "
            "decision. A lawyer can speak for you in court."
        ),
    ),
    Status.ADMITTED: PlainStatus(
        _("Admitted"),
        _(
            "The judges admitted you as a Civil Party. Your lawyers will tell you about the "
            "hearings and the reparations."
        ),
    ),
    Status.REJECTED: PlainStatus(
        _("Not admitted"),
        _(
            "The judges did not admit the application. It can be appealed: call the Section "
            "soon to know how and by when."
        ),
    ),
    Status.APPEALED: PlainStatus(
        _("Appeal under way"),
        _(
            "The decision was appealed. The appeal judges will decide, and the Section will "
            "tell you their decision."
        ),
    ),
    Status.ADMITTED_ON_APPEAL: PlainStatus(
        _("Admitted on appeal"),
        _(
            "On appeal, the judges admitted you as a Civil Party. Your lawyers will tell you "
            "what comes next."
        ),
    ),
    Status.REJECTION_UPHELD: PlainStatus(
        _("Not admitted, final"),
        _("On appeal, the judges kept the decision not to admit the application. It is final."),
    ),
    Status.WITHDRAWN: PlainStatus(
        _("Withdrawn"),
        _(
            "The application was withdrawn and nothing more will happen with it. Call the "
            "Section if this is a mistake."
        ),
    ),
    Status.DECEASED: PlainStatus(
        _("The applicant has died"),
        _(
            "The Section was told that the applicant has died. A relative may be able to "
            "continue: call the Section."
        ),
    ),
    Status.CASE_TERMINATED: PlainStatus(
        _("Case closed"),
        _(
            "The court closed the case, so the application cannot go further. The Section "
            "can explain what this means for you."
        ),
    ),
    Status.SENT_TO_PROSECUTORS: PlainStatus(
        _("With the prosecutors"),
        _("Your complaint was sent to the Co-Prosecutors, who decide what to do with it."),
    ),
    Status.JOINED: PlainStatus(
        _("Added to an investigation"),
        _("Your complaint was added to an investigation, and the judges will use it."),
    ),
    Status.FORWARDED: PlainStatus(
        _("Passed on"),
        _("Your complaint was passed on to the investigating judges."),
    ),
    Status.COMPLAINT_REJECTED: PlainStatus(
        _("Complaint not taken further"),
        _("The Co-Prosecutors decided not to take your complaint further."),
    ),
    Status.COMPLAINANT_NOTIFIED: PlainStatus(
        _("You were told the decision"),
        _("You were told the decision on your complaint. Nothing more will happen with it."),
    ),
}


# A form that reached the Section after its case's deadline is kept unreceived (its day of
# arrival recorded) until a legal officer accepts it late or not.
ARRIVED_LATE = PlainStatus(
    _("Arrived after the deadline"),
    _(
        "The Section has your form, but it arrived after the case's deadline. A legal "
        "officer decides whether it can still be accepted; the Section will tell you."
    ),
)


def plain_status(application: Application) -> PlainStatus:
    if application.status == Status.DRAFT and application.form.received_on is not None:
        return ARRIVED_LATE
    return PLAIN_STATUS[application.status]
