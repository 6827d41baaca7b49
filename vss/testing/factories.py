"""Factories for tests: small, valid records with the fewest fields a test must set."""

import datetime
from decimal import Decimal

import factory
from django.db.models import F
from django.utils import timezone

from vss.accounts.models import Organisation, OrganisationKind, Role, User
from vss.applications.models import (
    Application,
    ApplicationKind,
    Channel,
    Status,
    VictimInformationForm,
)
from vss.geo.models import Commune, CrimeSite, CrimeSiteKind, District, Province, Village
from vss.outreach.models import (
    AudienceKind,
    ContactPreference,
    CourtDate,
    CourtDateKind,
    Event,
    EventKind,
    FocalPerson,
    Invitation,
    MaterialHandover,
    MessageChannel,
    Newsletter,
)
from vss.people.models import Person
from vss.people.services import person_name_rows
from vss.proceedings.models import Case, CrimeType
from vss.reparations.models import (
    BudgetLine,
    Category,
    ClaimRequest,
    Currency,
    Milestone,
    Payment,
    Pledge,
    ProgressReport,
    Project,
    ProjectPartner,
    ProjectStatus,
    Proposal,
    ProposalSource,
    ProposalTheme,
)
from vss.reparations.money import in_usd, project_funding_recount
from vss.reparations.services.consultation import proposal_tally_refresh, tally_group
from vss.representation.models import (
    CivilPartyGroup,
    GroupBasis,
    Lawyer,
    LawyerKind,
    LawyerStatus,
    LeadCoLawyerAppointment,
    Representation,
)
from vss.support.models import Consent, Contact, ContactChannel, Referral, ServiceType

from .constants import PASSWORD


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")
    kind = OrganisationKind.INTERMEDIARY


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.INTAKE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


class ProvinceFactory(factory.django.DjangoModelFactory[Province]):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "12"
    name_en = "Phnom Penh"
    name_km = "ភ្នំពេញ"


class DistrictFactory(factory.django.DjangoModelFactory[District]):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    code = "1201"
    name_en = "Chamkar Mon"
    name_km = "ចំការមន"
    province = factory.SubFactory(ProvinceFactory)


class CommuneFactory(factory.django.DjangoModelFactory[Commune]):
    class Meta:
        model = Commune
        django_get_or_create = ("code",)

    code = "120101"
    name_en = "Tonle Basak"
    name_km = "ទន្លេបាសាក់"
    district = factory.SubFactory(DistrictFactory)


class VillageFactory(factory.django.DjangoModelFactory[Village]):
    class Meta:
        model = Village
        django_get_or_create = ("code",)

    code = "12010101"
    name_en = "Phum 1"
    name_km = "ភូមិ ១"
    commune = factory.SubFactory(CommuneFactory)


class CrimeSiteFactory(factory.django.DjangoModelFactory[CrimeSite]):
    class Meta:
        model = CrimeSite
        django_get_or_create = ("code",)

    code = "s-21"
    name = "S-21 (Tuol Sleng)"
    name_km = "ស-២១ (ទួលស្លែង)"
    name_fr = "S-21 (Tuol Sleng), centre de sécurité"
    kind = CrimeSiteKind.SECURITY_CENTRE


class CrimeTypeFactory(factory.django.DjangoModelFactory[CrimeType]):
    class Meta:
        model = CrimeType
        django_get_or_create = ("code",)

    code = "cah-murder"
    category = "Crimes against humanity"
    name = "Murder"
    name_km = "មនុស្សឃាត"
    name_fr = "Meurtre"


class CaseFactory(factory.django.DjangoModelFactory[Case]):
    class Meta:
        model = Case
        django_get_or_create = ("number",)

    number = "002/02"
    title = "Case 002/02"
    title_km = "សំណុំរឿង 002/02"
    title_fr = "Dossier 002/02"
    investigation_closed_on = datetime.date(2010, 1, 14)


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    family_name_km = "សុខ"
    given_name_km = "ជា"
    family_name_latin = "SOK"
    given_name_latin = "Chea"
    sex = "female"
    birth_year = 1955
    village = factory.SubFactory(VillageFactory)

    @factory.post_generation
    def names(
        obj: Person, create: bool, extracted: list[tuple[str, str]] | None, **kwargs: object
    ) -> None:
        if create:
            for row in person_name_rows(obj, extracted or []):
                row.save()


class VifFactory(factory.django.DjangoModelFactory[VictimInformationForm]):
    class Meta:
        model = VictimInformationForm

    applicant = factory.SubFactory(PersonFactory)
    channel = Channel.IN_PERSON
    received_on = factory.LazyFunction(timezone.localdate)
    created_by = factory.SubFactory(UserFactory)


class ApplicationFactory(factory.django.DjangoModelFactory[Application]):
    class Meta:
        model = Application

    form = factory.SubFactory(VifFactory)
    applicant = factory.SelfAttribute("form.applicant")
    case = factory.SubFactory(CaseFactory)
    kind = ApplicationKind.CIVIL_PARTY
    status = Status.DRAFT
    province_code = factory.LazyAttribute(lambda a: (a.applicant.village_id or "")[:2])
    vss_number = factory.LazyAttributeSequence(
        lambda a, n: None if a.status == Status.DRAFT else f"VSS-{a.case.number}-{n + 1:05d}"
    )


class LawyerFactory(factory.django.DjangoModelFactory[Lawyer]):
    class Meta:
        model = Lawyer

    family_name = factory.Sequence(lambda n: f"LAWYER{n}")
    given_name = "Dara"
    kind = LawyerKind.NATIONAL
    bar = "Bar Association of the Kingdom of Cambodia"
    bar_number = factory.Sequence(lambda n: f"BAKC-{n:04d}")
    languages = "Khmer, English"
    status = LawyerStatus.RECOGNISED
    applied_on = datetime.date(2009, 3, 1)
    created_by = factory.SubFactory(UserFactory, username="chief-lawyers", role=Role.CHIEF)


class RepresentationFactory(factory.django.DjangoModelFactory[Representation]):
    class Meta:
        model = Representation

    application = factory.SubFactory(ApplicationFactory, status=Status.ADMITTED)
    lawyer = factory.SubFactory(LawyerFactory)
    started_on = datetime.date(2010, 9, 1)
    created_by = factory.SelfAttribute("lawyer.created_by")


class LeadCoLawyerFactory(factory.django.DjangoModelFactory[LeadCoLawyerAppointment]):
    class Meta:
        model = LeadCoLawyerAppointment

    case = factory.SubFactory(CaseFactory)
    lawyer = factory.SubFactory(LawyerFactory)
    seat = factory.SelfAttribute("lawyer.kind")
    appointed_on = datetime.date(2011, 2, 1)
    recorded_by = factory.SelfAttribute("lawyer.created_by")


class CivilPartyGroupFactory(factory.django.DjangoModelFactory[CivilPartyGroup]):
    class Meta:
        model = CivilPartyGroup

    case = factory.SubFactory(CaseFactory)
    name = factory.Sequence(lambda n: f"Group {n}")
    basis = GroupBasis.LEGAL_TEAM
    legal_team = "Legal team"
    created_by = factory.SubFactory(UserFactory, username="chief-groups", role=Role.CHIEF)


class ConsentFactory(factory.django.DjangoModelFactory[Consent]):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    given_by = "The person, in person"
    given_on = datetime.date(2024, 5, 2)
    covers = "Referral for counselling; sharing name and phone with the partner"
    recorded_by = factory.SubFactory(UserFactory, username="outreach-consent", role=Role.OUTREACH)


class ReferralFactory(factory.django.DjangoModelFactory[Referral]):
    class Meta:
        model = Referral

    consent = factory.SubFactory(ConsentFactory)
    person = factory.SelfAttribute("consent.person")
    partner = factory.SubFactory(
        OrganisationFactory,
        name="TPO Cambodia",
        acronym="TPO",
        kind=OrganisationKind.PARTNER,
        offers_support=True,
    )
    service = ServiceType.COUNSELLING
    referred_on = datetime.date(2024, 5, 3)
    referred_by = factory.SelfAttribute("consent.recorded_by")


class ContactFactory(factory.django.DjangoModelFactory[Contact]):
    class Meta:
        model = Contact

    person = factory.SubFactory(PersonFactory)
    channel = ContactChannel.PHONE
    happened_on = factory.LazyFunction(timezone.localdate)
    contacted_by = factory.SubFactory(UserFactory, username="outreach-contact", role=Role.OUTREACH)
    summary = "Called to explain the next hearing."
    recorded_by = factory.SelfAttribute("contacted_by")


class ProjectFactory(factory.django.DjangoModelFactory[Project]):
    """A reparation project of Case 002/02 unless `cases` is given (a list of cases)."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"REP-002/02-{n + 1:03d}")
    title_km = factory.Sequence(lambda n: f"គម្រោង {n}")
    title_en = factory.Sequence(lambda n: f"Project {n}")
    title_fr = factory.Sequence(lambda n: f"Projet {n}")
    category = Category.REMEMBRANCE
    officer = factory.SubFactory(UserFactory, username="reparations-officer", role=Role.REPARATIONS)
    created_by = factory.SelfAttribute("officer")

    @factory.post_generation
    def cases(obj: Project, create: bool, extracted: list[Case] | None, **kwargs: object) -> None:
        if create:
            obj.cases.set(extracted if extracted is not None else [CaseFactory.create()])


class ProjectPartnerFactory(factory.django.DjangoModelFactory[ProjectPartner]):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(
        OrganisationFactory,
        name="Youth for Peace",
        acronym="YFP",
        kind=OrganisationKind.PARTNER,
    )
    is_lead = True
    contact_name = "Contact person"
    contact_email = "contact@example.org"
    added_by = factory.SelfAttribute("project.officer")


def _current_lead(case: Case) -> Lawyer:
    """A Lead Co-Lawyer of the case: the one in a seat now, else one appointed for it."""
    seat = case.lead_co_lawyers.filter(ended_on__isnull=True).select_related("lawyer").first()
    return seat.lawyer if seat is not None else LeadCoLawyerFactory.create(case=case).lawyer


class ClaimRequestFactory(factory.django.DjangoModelFactory[ClaimRequest]):
    """A Lead Co-Lawyer's request of the project in the claim of its first case."""

    class Meta:
        model = ClaimRequest

    project = factory.SubFactory(ProjectFactory)
    case = factory.LazyAttribute(lambda r: r.project.cases.order_by("number").first())
    lawyer = factory.LazyAttribute(lambda r: _current_lead(r.case))
    marked_by = factory.LazyAttribute(
        lambda r: r.lawyer.user or UserFactory.create(username="lead-co-lawyer-claims")
    )


class BudgetLineFactory(factory.django.DjangoModelFactory[BudgetLine]):
    """A budget line; its amount is added to the project's budget_usd as the funding
    services keep it, so that tests read the same total."""

    class Meta:
        model = BudgetLine

    project = factory.SubFactory(ProjectFactory)
    description = factory.Sequence(lambda n: f"Budget line {n}")
    amount_usd = Decimal("1000.00")
    recorded_by = factory.SelfAttribute("project.officer")

    @classmethod
    def _create(cls, model_class: type[BudgetLine], *args: object, **kwargs: object) -> BudgetLine:
        line = super()._create(model_class, *args, **kwargs)
        Project.objects.filter(pk=line.project_id).update(
            budget_usd=F("budget_usd") + line.amount_usd
        )
        line.project.refresh_from_db(fields=["budget_usd"])
        return line


def _keep_funding_figures(project: Project) -> None:
    """The project's secured and received totals as the funding services keep them."""
    figures = project_funding_recount(project)
    Project.objects.filter(pk=project.pk).update(
        secured_usd=figures.secured_usd, received_usd=figures.received_usd
    )
    project.refresh_from_db(fields=["secured_usd", "received_usd"])


class PledgeFactory(factory.django.DjangoModelFactory[Pledge]):
    """A donor's pledge (Germany (BMZ/GIZ) unless told) in US dollars unless told; its
    amount in USD is computed at its rate, and the project's secured total counts it."""

    class Meta:
        model = Pledge

    project = factory.SubFactory(ProjectFactory)
    donor = factory.SubFactory(
        OrganisationFactory, name="Germany (BMZ/GIZ)", acronym="BMZ", kind=OrganisationKind.DONOR
    )
    currency = Currency.USD
    amount = Decimal("10000.00")
    pledged_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    usd_rate = Decimal(1)
    amount_usd = factory.LazyAttribute(lambda p: in_usd(p.amount, p.usd_rate))
    reference = factory.Sequence(lambda n: f"PLEDGE-{n + 1}")
    recorded_by = factory.SelfAttribute("project.officer")

    @classmethod
    def _create(cls, model_class: type[Pledge], *args: object, **kwargs: object) -> Pledge:
        pledge = super()._create(model_class, *args, **kwargs)
        _keep_funding_figures(pledge.project)
        return pledge


class PaymentFactory(factory.django.DjangoModelFactory[Payment]):
    """A payment of the whole pledge unless told, at the pledge's rate unless told; the
    project's totals count it."""

    class Meta:
        model = Payment

    pledge = factory.SubFactory(PledgeFactory)
    amount = factory.SelfAttribute("pledge.amount")
    received_on = factory.LazyFunction(timezone.localdate)
    usd_rate = factory.SelfAttribute("pledge.usd_rate")
    amount_usd = factory.LazyAttribute(lambda p: in_usd(p.amount, p.usd_rate))
    rate_source = "Bank's advice of receipt"
    recorded_by = factory.SelfAttribute("pledge.recorded_by")

    @classmethod
    def _create(cls, model_class: type[Payment], *args: object, **kwargs: object) -> Payment:
        payment = super()._create(model_class, *args, **kwargs)
        _keep_funding_figures(payment.pledge.project)
        return payment


class MilestoneFactory(factory.django.DjangoModelFactory[Milestone]):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    recorded_by = factory.SelfAttribute("project.officer")


class ProgressReportFactory(factory.django.DjangoModelFactory[ProgressReport]):
    class Meta:
        model = ProgressReport

    project = factory.SubFactory(ProjectFactory, status=ProjectStatus.IN_IMPLEMENTATION)
    period_start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    period_end = factory.LazyFunction(timezone.localdate)
    text = "Two exhibitions held; the guides trained."
    language = "en"
    submitted_by = factory.SelfAttribute("project.officer")


class ProposalThemeFactory(factory.django.DjangoModelFactory[ProposalTheme]):
    class Meta:
        model = ProposalTheme

    name = factory.Sequence(lambda n: f"Theme {n}")
    case = factory.SubFactory(CaseFactory)
    category = Category.REMEMBRANCE
    created_by = factory.SubFactory(
        UserFactory, username="reparations-themes", role=Role.REPARATIONS
    )


class ProposalFactory(factory.django.DjangoModelFactory[Proposal]):
    """A proposal voiced at a forum of Case 002/02 unless told, sorted as Remembrance."""

    class Meta:
        model = Proposal

    case = factory.SubFactory(CaseFactory)
    source = ProposalSource.FORUM
    occasion = "Regional forum, Kampong Cham"
    voiced_on = datetime.date(2013, 6, 14)
    text = "A stupa in the village"
    language = "en"
    category = Category.REMEMBRANCE
    recorded_by = factory.SubFactory(
        UserFactory, username="reparations-proposals", role=Role.REPARATIONS
    )

    @classmethod
    def _create(cls, model_class: type[Proposal], *args: object, **kwargs: object) -> Proposal:
        """Counted in the tally as the consultation services keep it."""
        proposal = super()._create(model_class, *args, **kwargs)
        proposal_tally_refresh(groups=[tally_group(proposal)])
        return proposal


class EventFactory(factory.django.DjangoModelFactory[Event]):
    """A Civil Party forum of Case 002/02 unless told, a month from now."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = EventKind.CIVIL_PARTY_FORUM
    title_km = "វេទិកាដើមបណ្តឹងរដ្ឋប្បវេណី"
    title_en = "Civil Party forum"
    title_fr = "Forum des parties civiles"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    venue = "Kampong Cham provincial hall"
    capacity = 150
    budget_usd = Decimal("12000.00")
    officer = factory.SubFactory(UserFactory, username="outreach-events", role=Role.OUTREACH)
    created_by = factory.SelfAttribute("officer")

    @factory.post_generation
    def cases(obj: Event, create: bool, extracted: list[Case] | None, **kwargs: object) -> None:
        if create:
            obj.cases.set(extracted if extracted is not None else [CaseFactory.create()])


class CourtDateFactory(factory.django.DjangoModelFactory[CourtDate]):
    class Meta:
        model = CourtDate

    case = factory.SubFactory(CaseFactory)
    kind = CourtDateKind.HEARING
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    created_by = factory.SubFactory(UserFactory, username="outreach-dates", role=Role.OUTREACH)


class ContactPreferenceFactory(factory.django.DjangoModelFactory[ContactPreference]):
    """Reached by SMS, with consent to news, unless told."""

    class Meta:
        model = ContactPreference

    person = factory.SubFactory(PersonFactory, phone="012 345 678")
    channel = MessageChannel.SMS
    consents_to_news = True
    consent_recorded_on = datetime.date(2024, 1, 15)
    stop_token = factory.Sequence(lambda n: f"stop-token-{n:06d}")


class InvitationFactory(factory.django.DjangoModelFactory[Invitation]):
    class Meta:
        model = Invitation

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)


class FocalPersonFactory(factory.django.DjangoModelFactory[FocalPerson]):
    class Meta:
        model = FocalPerson

    person = factory.SubFactory(PersonFactory)
    village = factory.SelfAttribute("person.village")
    appointed_on = datetime.date(2023, 11, 20)
    created_by = factory.SubFactory(UserFactory, username="outreach-focal", role=Role.OUTREACH)


class MaterialHandoverFactory(factory.django.DjangoModelFactory[MaterialHandover]):
    """Newsletters handed to a focal person a week ago, their signed list due in a week."""

    class Meta:
        model = MaterialHandover

    focal_person = factory.SubFactory(FocalPersonFactory)
    materials = "Newsletter, Case 002/02"
    copies = 30
    handed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    receipt_due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    officer = factory.SelfAttribute("focal_person.created_by")


class NewsletterFactory(factory.django.DjangoModelFactory[Newsletter]):
    """A newsletter to the Civil Parties of a case, in three languages."""

    class Meta:
        model = Newsletter

    title_km = "ព្រឹត្តិបត្រព័ត៌មាន"
    title_en = "Newsletter"
    title_fr = "Lettre d'information"
    body_km = "សេចក្តីប្រកាសអំពីសាលក្រម"
    body_en = "The judgment will be pronounced."
    body_fr = "Le jugement sera prononcé."
    sms_km = "សាលក្រមនឹងប្រកាស"
    sms_en = "The judgment will be pronounced."
    sms_fr = "Le jugement sera prononcé."
    audience = AudienceKind.CASE
    case = factory.SubFactory(CaseFactory)
    created_by = factory.SubFactory(UserFactory, username="outreach-news", role=Role.OUTREACH)
