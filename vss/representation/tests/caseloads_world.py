"""The records the tests of the lawyers' caseloads report meet."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from vss.applications.models import Status
from vss.representation.models import LawyerKind, LawyerStatus
from vss.tallies.services import counting_now
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    CivilPartyGroupFactory,
    LawyerFactory,
    PersonFactory,
    RepresentationFactory,
)

PROTECTED = "Sreymom"


def caseloads_world():
    """Case 002 (its Civil Parties filed there; its segment 002/01 takes none) and 004.

    | lawyer         | status    | Civil Parties now            | common lawyer of  |
    | HONG Kimsuon   | on list   | A1, A2 (002), A3 (004)       | Takeo (002/01)    |
    | WERNER Silke   | on list   | A1 (002)                     |                   |
    | GONE Dara      | suspended | A4 (002)                     |                   |
    | COMMON Dara    | on list   |                              | Kampot (004)      |
    | IDLE Dara      | on list   |                              | (archived group)  |
    | APPLIED Dara   | applied   |                              |                   |

    Not counted: HONG's client A5 of 002 (received, not a Civil Party), WERNER's ended
    mandate for A3, and a Civil Party of 002 whom no one represents. A2 is protected.
    """
    case_002 = CaseFactory.create(number="002", title="Case 002")
    segment = CaseFactory.create(number="002/01", parent=case_002, accepts_applications=False)
    case_004 = CaseFactory.create(number="004", title="Case 004")

    def application(case, status, **person):
        return ApplicationFactory.create(
            case=case, status=status, form__applicant=PersonFactory.create(**person)
        )

    a1 = application(case_002, Status.ADMITTED)
    a2 = application(
        case_002, Status.ADMITTED, given_name_latin=PROTECTED, is_protected=True, pseudonym="W-1"
    )
    a3 = application(case_004, Status.PROVISIONAL)
    a4 = application(case_002, Status.ADMITTED_ON_APPEAL)
    a5 = application(case_002, Status.RECEIVED)
    application(case_002, Status.ADMITTED)
    hong = LawyerFactory.create(family_name="HONG", given_name="Kimsuon")
    werner = LawyerFactory.create(
        family_name="WERNER", given_name="Silke", kind=LawyerKind.INTERNATIONAL
    )
    gone = LawyerFactory.create(family_name="GONE", status=LawyerStatus.SUSPENDED)
    common = LawyerFactory.create(family_name="COMMON")
    idle = LawyerFactory.create(family_name="IDLE")
    LawyerFactory.create(family_name="APPLIED", status=LawyerStatus.APPLIED)
    for client, lawyer in [
        (a1, hong),
        (a2, hong),
        (a3, hong),
        (a5, hong),
        (a1, werner),
        (a4, gone),
    ]:
        RepresentationFactory.create(application=client, lawyer=lawyer)
    RepresentationFactory.create(
        application=a3, lawyer=werner, ended_on=datetime.date(2012, 1, 1), end_reason="Revoked"
    )
    takeo = CivilPartyGroupFactory.create(case=segment, name="Takeo", lawyer=hong)
    kampot = CivilPartyGroupFactory.create(case=case_004, name="Kampot", lawyer=common)
    CivilPartyGroupFactory.create(
        case=case_002,
        name="Old",
        lawyer=idle,
        archived_at=timezone.now(),
        archive_reason="Merged into Takeo",
    )
    # The report reads the whole registry's caseloads as last counted, as after the demo data.
    counting_now(user=None)
    return SimpleNamespace(
        case_002=case_002, segment=segment, case_004=case_004, takeo=takeo, kampot=kampot
    )
