"""A focal person of Case 002/02 with two handovers: one awaiting its signed list, one
returned with its scan. Shared by the focal persons' tests."""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from vss.accounts.models import User
from vss.applications.models import Application, Status
from vss.outreach.models import FocalPerson, MaterialHandover, ReceiptScan
from vss.testing.constants import PDF
from vss.testing.factories import ApplicationFactory, FocalPersonFactory, MaterialHandoverFactory


@dataclass
class FocalWorld:
    application: Application
    focal: FocalPerson
    awaited: MaterialHandover
    returned: MaterialHandover
    scan: ReceiptScan


def focal_world(officer: User) -> FocalWorld:
    application = ApplicationFactory.create(status=Status.ADMITTED)
    focal = FocalPersonFactory.create(person=application.applicant, created_by=officer)
    awaited = MaterialHandoverFactory.create(focal_person=focal, officer=officer)
    returned = MaterialHandoverFactory.create(
        focal_person=focal,
        officer=officer,
        receipt_returned_on=timezone.localdate(),
        receipts_signed=25,
    )
    scan = ReceiptScan.objects.create(
        handover=returned,
        file=ContentFile(PDF, name="signed.pdf"),
        original_name="signed list of Phum 1.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="1" * 64,
        uploaded_by=officer,
    )
    return FocalWorld(application, focal, awaited, returned, scan)
