"""The records the implementation tests meet: a project of Case 002/02 in implementation,
carried out by the partner persona's organisation (TPO) and funded by the donor
persona's, with a report and its photo, a Civil Party taking part, and a milestone."""

import datetime
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from vss.accounts.models import User
from vss.applications.models import Application, Status
from vss.applications.uploads import check_upload
from vss.reparations.models import (
    Milestone,
    Participation,
    ProgressAttachment,
    ProgressReport,
    Project,
    ProjectStatus,
)
from vss.reparations.services.implementation import CheckedFile, progress_attachment_add
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    MilestoneFactory,
    PledgeFactory,
    ProgressReportFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)

DAY = datetime.timedelta(days=1)
GPS_IFD = 0x8825
CAMERA_OWNER = 0xA430


def jpeg_with_gps(size: tuple[int, int] = (640, 480)) -> bytes:
    """A phone's photo that says where it was taken and whose camera took it."""
    picture = Image.new("RGB", size, "green")
    exif = Image.Exif()
    exif[CAMERA_OWNER] = "SOK Chea"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (11.0, 33.0, 25.0), 3: "E", 4: (104.0, 55.0, 0.0)})
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def checked_photo(name: str = "IMG_0001.jpg", caption: str = "") -> CheckedFile:
    checked = check_upload(SimpleUploadedFile(name, jpeg_with_gps(), content_type="image/jpeg"))
    assert checked.file is not None
    return CheckedFile(upload=checked.file, checked=checked, caption=caption)


def project_at_work(
    *, partner: User | None = None, donor: User | None = None, **fields: object
) -> Project:
    """A project in implementation, carried out by `partner`'s organisation and funded by
    `donor`'s."""
    project = ProjectFactory.create(**({"status": ProjectStatus.IN_IMPLEMENTATION} | fields))
    if partner is not None:
        ProjectPartnerFactory.create(project=project, organisation=partner.organisation)
    if donor is not None:
        PledgeFactory.create(project=project, donor=donor.organisation)
    return project


def civil_party(case_number: str = "002/02", **fields: object) -> Application:
    values = {"case": CaseFactory.create(number=case_number), "status": Status.ADMITTED}
    return ApplicationFactory.create(**(values | fields))


@dataclass
class World:
    project: Project
    report: ProgressReport
    photo: ProgressAttachment
    milestone: Milestone
    participation: Participation
    # A project of another partner (Kdei Karuna) and another donor: out of the scope of
    # the partner and donor personas.
    other: Project


def world(*, partner: User, other_partner: User, donor: User, other_donor: User) -> World:
    project = project_at_work(partner=partner, donor=donor)
    report = ProgressReportFactory.create(project=project)
    photo = progress_attachment_add(
        user=project.officer, report=report, file=checked_photo(caption="The exhibition")
    )
    application = civil_party()
    participation = Participation.objects.create(
        project=project, application=application, recorded_by=project.officer
    )
    return World(
        project=project,
        report=report,
        photo=photo,
        milestone=MilestoneFactory.create(project=project, due_on=timezone.localdate() - DAY),
        participation=participation,
        other=project_at_work(partner=other_partner, donor=other_donor),
    )
