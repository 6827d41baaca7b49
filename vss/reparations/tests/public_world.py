"""A small programme for the tests of the public pages: projects endorsed or not, and on
the endorsed one every record that names a person (a Civil Party taking part and named in
a report, the responsible officer, the partner's contact), which its public page must not
show."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse

from vss.accounts.models import OrganisationKind, Role
from vss.people.models import Language, Sex
from vss.reparations.models import (
    BeneficiaryCount,
    Category,
    Chamber,
    Currency,
    Participation,
    Pledge,
    ProgressReport,
    Project,
    ProjectStatus,
    ProjectStatusChange,
    Track,
)
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    OrganisationFactory,
    PersonFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ProvinceFactory,
    UserFactory,
)

JUDGMENT_DAY = datetime.date(2018, 11, 16)
# Names that are on the project's records and must stay off its public page.
CIVIL_PARTY_FAMILY, CIVIL_PARTY_GIVEN = "PHAL", "Sovannary"
CIVIL_PARTY_KM = "សុវណ្ណារី"
OFFICER_FAMILY, OFFICER_GIVEN = "KEO", "Bunthoeun"
CONTACT_NAME, CONTACT_EMAIL, CONTACT_PHONE = (
    "Chenda Monirath",
    "chenda@partner.example",
    "012 345 678",
)
SECRETS = (
    CIVIL_PARTY_FAMILY,
    CIVIL_PARTY_GIVEN,
    CIVIL_PARTY_KM,
    OFFICER_FAMILY,
    OFFICER_GIVEN,
    "reparations-officer",
    CONTACT_NAME,
    CONTACT_EMAIL,
    CONTACT_PHONE,
)


def endorse(project: Project, *, on: datetime.date = JUDGMENT_DAY, document: str = "E465") -> None:
    ProjectStatusChange.objects.create(
        project=project,
        from_status=ProjectStatus.REQUESTED,
        to_status=ProjectStatus.ENDORSED,
        happened_on=on,
        chamber=Chamber.TRIAL,
        document_number=document,
        decided_by=project.officer,
    )


@dataclass
class World:
    endorsed: Project  # at work, endorsed in its history, with everything on it
    abandoned: Project  # endorsed, then not carried out: still on the record
    funded: Project  # never before the judges
    non_judicial: Project  # an agreement signed, but never endorsed


def public_world() -> World:
    officer = UserFactory.create(
        username="reparations-officer",
        role=Role.REPARATIONS,
        first_name=OFFICER_GIVEN,
        last_name=OFFICER_FAMILY,
    )
    case = CaseFactory.create()
    endorsed = ProjectFactory.create(
        officer=officer,
        cases=[case],
        title_en="Phka Sla Krom Angkar",
        title_fr="Phka Sla Krom Angkar : théâtre dansé sur le mariage forcé",
        title_km="ផ្កាស្លាក្រោមអង្គការ",
        description_en="A dance-drama on forced marriage.",
        description_fr="Un théâtre dansé sur le mariage forcé.",
        description_km="របាំល្ខោនអំពីការរៀបអាពាហ៍ពិពាហ៍ដោយបង្ខំ។",
        category=Category.REHABILITATION,
        status=ProjectStatus.IN_IMPLEMENTATION,
    )
    endorse(endorsed)
    ProjectPartnerFactory.create(
        project=endorsed,
        organisation=OrganisationFactory.create(
            name="Kdei Karuna", name_km="ក្តីករុណា", kind=OrganisationKind.PARTNER
        ),
        contact_name=CONTACT_NAME,
        contact_email=CONTACT_EMAIL,
        contact_phone=CONTACT_PHONE,
    )
    donor = OrganisationFactory.create(name="Germany (BMZ/GIZ)", kind=OrganisationKind.DONOR)
    Pledge.objects.create(
        project=endorsed,
        donor=donor,
        currency=Currency.EUR,
        amount=Decimal("10000.00"),
        pledged_on=datetime.date(2017, 3, 1),
        usd_rate=Decimal("1.0650000000"),
        amount_usd=Decimal("10650.00"),
        recorded_by=officer,
    )
    applicant = PersonFactory.create(
        family_name_latin=CIVIL_PARTY_FAMILY,
        given_name_latin=CIVIL_PARTY_GIVEN,
        given_name_km=CIVIL_PARTY_KM,
    )
    application = ApplicationFactory.create(form__applicant=applicant, case=case)
    Participation.objects.create(project=endorsed, application=application, recorded_by=officer)
    report = ProgressReport.objects.create(
        project=endorsed,
        period_start=datetime.date(2019, 1, 1),
        period_end=datetime.date(2019, 6, 30),
        text=f"{CIVIL_PARTY_FAMILY} {CIVIL_PARTY_GIVEN} spoke after the performance.",
        language=Language.ENGLISH,
        submitted_by=officer,
    )
    phnom_penh = ProvinceFactory.create()
    takeo = ProvinceFactory.create(code="21", name_en="Takeo", name_km="តាកែវ")
    for province, sex, count in (
        (phnom_penh, Sex.FEMALE, 120),
        (phnom_penh, Sex.MALE, 80),
        (takeo, Sex.FEMALE, 40),
        (takeo, Sex.UNKNOWN, 5),
    ):
        BeneficiaryCount.objects.create(report=report, province=province, sex=sex, count=count)

    abandoned = ProjectFactory.create(
        officer=officer, cases=[case], category=Category.REMEMBRANCE, status=ProjectStatus.ABANDONED
    )
    endorse(abandoned)
    funded = ProjectFactory.create(officer=officer, cases=[case], status=ProjectStatus.FUNDED)
    non_judicial = ProjectFactory.create(
        officer=officer,
        cases=[case],
        status=ProjectStatus.AGREEMENT_SIGNED,
        track=Track.NON_JUDICIAL,
    )
    return World(endorsed=endorsed, abandoned=abandoned, funded=funded, non_judicial=non_judicial)


def detail(project: Project) -> str:
    return reverse("reparations:public_detail", args=[project.pk])


LIST = reverse("reparations:public_list")
