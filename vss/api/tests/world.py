"""The records the API's tests read: one application that every persona with a scope has
a part in, and the records around it."""

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile

from vss.accounts.models import User
from vss.applications.models import Application, DocumentKind, Status, SupportingDocument
from vss.outreach.models import Event
from vss.reparations.models import Project, ProjectStatus
from vss.representation.models import CivilPartyGroup, GroupMembership
from vss.support.models import Referral
from vss.testing.constants import PDF
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    CivilPartyGroupFactory,
    EventFactory,
    PersonFactory,
    PledgeFactory,
    ProjectPartnerFactory,
    ReferralFactory,
    RepresentationFactory,
    VifFactory,
)


@dataclass
class World:
    """A Civil Party of Case 002/02 (whose Lead Co-Lawyer is the persona), whose form the
    intermediary's organisation (ADHOC) entered, represented by the lawyer persona,
    referred to the partner persona's organisation (TPO), a member of a group; a project of
    the case implemented by TPO and funded by the donor persona; a forum of the case that
    TPO co-organises."""

    application: Application
    document: SupportingDocument
    group: CivilPartyGroup
    referral: Referral
    project: Project
    event: Event


def world(
    *, chief: User, intermediary: User, lawyer: User, partner: User, donor: User, **names: str
) -> World:
    case = CaseFactory.create(number="002/02")
    form = VifFactory.create(
        applicant=PersonFactory.create(**names),
        intermediary=intermediary.organisation,
        entered_by_organisation=intermediary.organisation,
        created_by=intermediary,
    )
    application = ApplicationFactory.create(form=form, case=case, status=Status.ADMITTED)
    RepresentationFactory.create(application=application, lawyer=lawyer.lawyer)  # type: ignore[attr-defined]
    document = SupportingDocument.objects.create(
        form=form,
        kind=DocumentKind.IDENTITY,
        file=ContentFile(PDF, name="identity.pdf"),
        original_name="identity card.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=intermediary,
    )
    group = CivilPartyGroupFactory.create(case=case, created_by=chief)
    GroupMembership.objects.create(
        group=group,
        application=application,
        started_on=datetime.date(2010, 9, 16),
        assigned_by=chief,
    )
    referral = ReferralFactory.create(
        consent__person=application.applicant, partner=partner.organisation
    )
    partnership = ProjectPartnerFactory.create(
        project__cases=[case],
        project__status=ProjectStatus.IN_IMPLEMENTATION,
        organisation=partner.organisation,
    )
    PledgeFactory.create(project=partnership.project, donor=donor.organisation)
    event = EventFactory.create(cases=[case], officer=chief, created_by=chief)
    event.co_organisers.add(partner.organisation)  # type: ignore[arg-type]
    return World(
        application=application,
        document=document,
        group=group,
        referral=referral,
        project=partnership.project,
        event=event,
    )
