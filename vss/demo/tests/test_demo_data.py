"""`manage.py generate_demo_data` and `demo_logins`: reproducible, consistent with the
models and the services, spread like the published figures. The gazetteer is reduced to a
few villages (the generator works with whatever villages exist); the crime sites and the
cases are the real reference data."""

import datetime
import io
import re
from collections import Counter, defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import translation

from vss import policy
from vss.accounts.demo import DEMO_ACCOUNTS
from vss.accounts.models import Role, User
from vss.applications import workflow
from vss.applications.models import (
    Application,
    ApplicationKind,
    Channel,
    CrimeSuffered,
    Harm,
    Status,
    StatusChange,
    VictimInformationForm,
    VictimType,
)
from vss.audit.models import AuditEntry
from vss.audit.templatetags.audit_log import audit_changes, audit_record
from vss.demo import DEMO_PASSWORD
from vss.geo.loaders import load_kr_geography
from vss.people.models import Kinship, Person, PersonName
from vss.people.services import person_name_rows
from vss.policy import Right
from vss.proceedings.loaders import load_proceedings
from vss.proceedings.models import Case
from vss.reparations import models as reparations
from vss.representation import models as representation
from vss.representation.models import Lawyer
from vss.support import models as support
from vss.testing.english import english_words, latin_words
from vss.testing.factories import (
    CommuneFactory,
    DistrictFactory,
    ProvinceFactory,
    VifFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db

# Provinces of crime sites: Phnom Penh, Takeo, Battambang, Kampong Cham, Pursat.
PROVINCES = {"12": "Phnom Penh", "21": "Takeo", "02": "Battambang", "03": "Kampong Cham"}


@pytest.fixture
def reference(db):
    make_reference()


def make_reference():
    for code, name in PROVINCES.items():
        province = ProvinceFactory(code=code, name_en=name, name_km=name)
        district = DistrictFactory(code=f"{code}01", province=province)
        commune = CommuneFactory(code=f"{code}0101", district=district)
        for n in (1, 2):
            VillageFactory(code=f"{code}01010{n}", commune=commune, name_en=f"Phum {n}")
    load_kr_geography()
    load_proceedings()


def generate(**options):
    out = io.StringIO()
    call_command("generate_demo_data", stdout=out, **options)
    return out.getvalue()


def _people_after(last_id):
    return list(
        Person.objects.filter(id__gt=last_id)
        .order_by("id")
        .values_list(
            "family_name_km",
            "given_name_km",
            "family_name_latin",
            "given_name_latin",
            "sex",
            "birth_year",
            "village_id",
        )
    )


def test_a_seed_gives_the_same_people_whatever_the_batch_size(reference):
    generate(applicants=120, seed=7)
    first = _people_after(0)
    last = Person.objects.order_by("-id").values_list("id", flat=True).first()
    generate(applicants=120, seed=7, batch_size=13)
    again = _people_after(last)
    last = Person.objects.order_by("-id").values_list("id", flat=True).first()
    generate(applicants=120, seed=8)
    other = _people_after(last)
    assert again == first
    assert other != first
    # Names in both scripts, and romanisation variants between the two seeds' people.
    assert any(p[0] and p[2] for p in first)


def test_the_data_is_what_the_services_would_have_written(reference):
    output = generate(applicants=300)
    assert "Generated 300 applicants" in output
    assert Person.objects.filter(forms__isnull=False).distinct().count() == 300
    today = datetime.date.today() + datetime.timedelta(days=1)  # the office is UTC+7

    # Search rows: exactly those of vss.people.services.person_name_rows.
    names = defaultdict(list)
    for n in PersonName.objects.order_by("id"):
        names[n.person_id].append(n)
    for person in Person.objects.all():
        rows = names[person.pk]
        aliases = [(n.family_name, n.given_name) for n in rows if n.is_alias]
        expected = [
            (r.script, r.is_alias, r.family_name, r.given_name, r.family_key, r.given_key)
            for r in person_name_rows(person, aliases)
        ]
        got = [
            (r.script, r.is_alias, r.family_name, r.given_name, r.family_key, r.given_key)
            for r in rows
        ]
        assert got == expected, person.pk
        assert person.family_name_latin == person.family_name_latin.upper()
        assert not person.is_protected or person.pseudonym

    # Applications: denormalised fields, one per applicant and case, numbers per case.
    serials = defaultdict(list)
    applications = Application.objects.select_related("form", "case", "applicant")
    for a in applications:
        assert a.applicant_id == a.form.applicant_id
        assert a.province_code == (a.applicant.village_id or "")[:2]
        if a.vss_number:
            prefix = f"VSS-{a.case.number}-"
            assert a.vss_number.startswith(prefix)
            serials[a.case_id].append(int(a.vss_number.removeprefix(prefix)))
        else:
            assert a.status in (Status.DRAFT, Status.WITHDRAWN)
        if a.form.channel == Channel.INTERMEDIARY:
            assert a.form.intermediary_id
        deadline = a.case.application_deadline
        late = bool(a.vss_number and deadline and a.form.received_on > deadline)
        assert a.is_late == late
        if late:
            assert a.deadline_override_reason
            assert policy.has_right(a.deadline_override_by, Right.OVERRIDE_DEADLINE)
        if a.form.entered_by_organisation_id:
            assert a.form.created_by.organisation_id == a.form.entered_by_organisation_id
    for case in Case.objects.all():
        numbers = sorted(serials[case.pk])
        assert numbers == list(range(1, len(numbers) + 1))
        assert case.last_vss_serial == len(numbers)

    # Histories: allowed moves only, by someone with the right, in order, ending where
    # the application is.
    changes = defaultdict(list)
    for c in StatusChange.objects.select_related("actor").order_by("id"):
        changes[c.application_id].append(c)
    for a in applications:
        status, at, decided = Status.DRAFT, None, None
        for change in changes[a.pk]:
            assert change.from_status == status
            transition = workflow.find_transition(a.kind, status, change.to_status)
            assert transition is not None, (a.pk, status, change.to_status)
            assert policy.has_right(change.actor, transition.right)
            assert change.reason or not transition.reason_required
            assert change.decided_on <= today
            assert at is None or (change.at >= at and change.decided_on >= decided)
            status, at, decided = change.to_status, change.at, change.decided_on
        assert status == a.status
        if changes[a.pk]:
            assert a.status_changed_at == at
            assert changes[a.pk][0].decided_on == a.form.received_on

    # Crimes in the case's scope; indirect harms name a relative who died, with kinship.
    for crime in CrimeSuffered.objects.select_related("form"):
        case = crime.form.applications.first().case
        assert case.crime_types.filter(pk=crime.crime_type_id).exists()
        if crime.crime_site_id:
            assert case.crime_sites.filter(pk=crime.crime_site_id).exists()
    for harm in Harm.objects.filter(victim_type=VictimType.INDIRECT).select_related(
        "relative", "form"
    ):
        assert harm.relative.is_deceased
        assert Kinship.objects.filter(
            person_id=harm.form.applicant_id, relative=harm.relative, relationship=harm.relationship
        ).exists()

    # The model's own validation agrees, on a sample.
    for model in (Person, VictimInformationForm, Application, StatusChange, Harm):
        for obj in model.objects.order_by("?")[:25]:
            obj.full_clean()


def test_statuses_spread_like_the_published_figures(reference):
    generate(applicants=600)
    apps = Application.objects.filter(kind=ApplicationKind.CIVIL_PARTY)
    case_002 = Counter(apps.filter(case__number="002").values_list("status", flat=True))
    total_002 = sum(case_002.values())
    # 4,000 of 6,400 applications; 2,124 admitted by the judges, 1,728 on appeal.
    assert 450 <= total_002 <= 520
    assert case_002[Status.ADMITTED] / total_002 == pytest.approx(2124 / 4020, abs=0.03)
    assert case_002[Status.ADMITTED_ON_APPEAL] / total_002 == pytest.approx(1728 / 4020, abs=0.03)
    # Case 001: 94 applications, 76 Civil Parties; about 1.28 applications per applicant.
    case_001 = Counter(apps.filter(case__number="001").values_list("status", flat=True))
    assert sum(case_001.values()) == round(94 * 600 / 5000)
    assert Application.objects.count() == pytest.approx(600 * 6394 / 5000, rel=0.02)
    # The terminated cases' applications mostly lapsed with them.
    terminated = Counter(apps.filter(case__is_terminated=True).values_list("status", flat=True))
    assert terminated[Status.CASE_TERMINATED] > sum(terminated.values()) / 2
    assert Application.objects.filter(kind=ApplicationKind.COMPLAINT).exists()
    # Recent intake for the work queue; some people filed in several cases.
    assert Application.objects.filter(status=Status.DRAFT).exists()
    assert Application.objects.filter(status=Status.INCOMPLETE).exists()
    repeat = Application.objects.values("applicant").annotate(n=Count("id")).filter(n__gt=1)
    assert repeat.exists()
    channels = Counter(VictimInformationForm.objects.values_list("channel", flat=True))
    assert channels[Channel.INTERMEDIARY] > sum(channels.values()) / 2


def test_one_login_per_role_and_one_audit_entry_for_the_run(reference):
    generate(applicants=30)
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert user.role == account.role
        assert user.check_password(DEMO_PASSWORD)
    assert User.objects.get(username="intermediary").organisation.acronym == "ADHOC"
    assert {a.role for a in DEMO_ACCOUNTS} == set(Role)
    entries = AuditEntry.objects.filter(object_type="demo_data")
    assert entries.count() == 1
    assert entries.get().changes["applicants"]["new"] == 30
    with translation.override("km"):
        assert audit_record(entries.get()) == f"ទិន្នន័យសាកល្បង {entries.get().object_id}"
        named = [name for name, _change in audit_changes(entries.get())]
    assert named and not english_words(" ".join(named))
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(DEMO_ACCOUNTS)
    for line, account in zip(lines, DEMO_ACCOUNTS, strict=True):
        assert account.username in line and DEMO_PASSWORD in line
        assert str(account.role.label) in line
    # The lawyer accounts name the lawyer of the list they are, for a walk to give one a client.
    lawyers = {
        lawyer.user.username: str(lawyer)
        for lawyer in Lawyer.objects.filter(user__isnull=False).select_related("user")
    }
    assert set(lawyers) == {"lawyer", "leadlawyer"}
    for line, account in zip(lines, DEMO_ACCOUNTS, strict=True):
        if account.username in lawyers:
            assert line.endswith(f"On the list of lawyers as {lawyers[account.username]}.")


# The short names of the organisations the demo's notes name ("TPO Cambodia").
ORGANISATIONS = frozenset({"TPO", "Cambodia", "Kdei", "Karuna"})
# Every column the demo fills with free text, as a reader meets it on a record's page.
FREE_TEXT = (
    (VictimInformationForm, ("account", "reparation_wishes")),
    (CrimeSuffered, ("place_description",)),
    (Harm, ("description",)),
    (Application, ("deadline_override_reason",)),
    (StatusChange, ("reason",)),
    (representation.Lawyer, ("address",)),
    (representation.LawyerStatusChange, ("reason",)),
    (representation.LeadCoLawyerAppointment, ("end_reason",)),
    (representation.Representation, ("end_reason",)),
    (representation.ConflictOfInterest, ("description", "lift_reason")),
    (support.Consent, ("given_by", "covers", "withdrawal_note")),
    (support.Referral, ("reason", "closure_reason")),
    (support.SupportSession, ("outcome",)),
    (support.HealthNote, ("text",)),
    (support.Contact, ("summary",)),
    (reparations.Project, ("title_km", "description_km")),
    (reparations.ProjectStatusChange, ("reason", "underfunded_reason")),
    (reparations.BudgetLine, ("description",)),
    (reparations.ClaimRequest, ("note",)),
    (reparations.Payment, ("rate_source",)),
    (reparations.Milestone, ("title", "done_note")),
    (reparations.ProgressReport, ("text",)),
    (reparations.Evaluation, ("evaluator", "summary")),
    (reparations.ProposalTag, ("name",)),
    (reparations.ProposalTheme, ("name",)),
    (reparations.Proposal, ("occasion", "text")),
)


def test_the_demos_free_text_is_in_khmer(reference):
    """As victims tell their accounts and the Section's national staff write their notes:
    no English word, only codes and the short names organisations go by in Latin letters."""
    generate(applicants=300)
    english = {}
    for model, columns in FREE_TEXT:
        for column in columns:
            texts = set(model.objects.exclude(**{column: ""}).values_list(column, flat=True))
            words = {w for text in texts for w in latin_words(text, allowed=ORGANISATIONS)}
            if words:
                english[f"{model.__name__}.{column}"] = sorted(words)
    assert VictimInformationForm.objects.exclude(account="").exists()  # the test read some
    assert english == {}


def test_the_demo_staff_bear_peoples_names_and_the_lawyers_their_lawyers(reference):
    """A page shows who did what by name: a staff name, never the role's ("Demo Intake
    officer"), and a lawyer account's name is that of its lawyer on the list."""
    generate(applicants=30)
    role_words = {word.lower() for role in Role for word in str(role.label).split()}
    for user in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]):
        assert user.first_name and user.last_name, user.username
        assert not {user.first_name.lower(), user.last_name.lower()} & role_words
        assert "demo" not in user.get_full_name().lower(), user.username
    for lawyer in Lawyer.objects.filter(user__isnull=False).select_related("user"):
        assert (lawyer.user.first_name, lawyer.user.last_name) == (
            lawyer.given_name,
            lawyer.family_name,
        )


def test_if_empty_leaves_a_database_with_forms_alone(reference):
    VifFactory()
    people = Person.objects.count()
    assert "no demo data" in generate(applicants=30, if_empty=True)
    assert Person.objects.count() == people
    assert not User.objects.filter(username="chief").exists()
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "(no such account)" in out.getvalue()


def test_works_without_villages_and_refuses_without_cases(db):
    with pytest.raises(CommandError, match="load_reference_data"):
        generate(applicants=10)
    load_kr_geography()
    load_proceedings()
    generate(applicants=40)
    assert not Person.objects.exclude(village=None).exists()
    assert set(Application.objects.values_list("province_code", flat=True)) == {""}
    assert StatusChange.objects.exists()


def test_the_name_search_finds_the_same_rows_in_every_form(reference, monkeypatch):
    """The list's name search takes one of three forms on PostgreSQL, chosen by how common
    the name is (vss.people.selectors): each must find exactly the applications a plain
    reading of the rule finds: for some reading of the search (vss.names.search), every
    part the start of the family or the given name of one name row, in spelling or in
    sound; protected people by pseudonym only, for users without the right."""
    from django.db import connection

    from vss.applications.selectors import ApplicationFilters, application_list_for_user
    from vss.names.search import part_begins, readings
    from vss.people import selectors as people_selectors

    generate(applicants=300)
    chief, intake = User.objects.get(username="chief"), User.objects.get(username="intake")
    protected = Person.objects.filter(is_protected=True, forms__isnull=False).first()
    if protected is None:  # a small run may draw none: make one
        protected = Application.objects.first().applicant
        Person.objects.filter(pk=protected.pk).update(is_protected=True, pseudonym="PS-TEST")
        protected.refresh_from_db()
    alias = PersonName.objects.filter(is_alias=True).first()
    queries = [
        "SOK",
        "sokh",
        "Chea Sophea",
        "theary sok",
        "សុខ",
        "ជា សុភា",
        "Srey Mom",
        "CHHIM Srey Pov",
        "Ly",
        f"{alias.family_name} {alias.given_name}",
        protected.pseudonym,
        protected.family_name_latin or protected.family_name_km,
        "zzz",
    ]
    names = list(
        PersonName.objects.values_list(
            "person_id", "family_key", "given_key", "family_sound", "given_sound"
        )
    )
    hidden = set(Person.objects.filter(is_protected=True).values_list("pk", flat=True))
    applications = list(Application.objects.values_list("pk", "applicant_id"))

    def expected(user, query):
        found = {
            p
            for p, family, given, family_sound, given_sound in names
            if any(
                all(
                    part_begins(part, family, family_sound) or part_begins(part, given, given_sound)
                    for part in reading
                )
                for reading in readings(query)
            )
            and (user is chief or p not in hidden)
        }
        found |= set(
            Person.objects.filter(
                is_protected=True, pseudonym__icontains=query.strip()
            ).values_list("pk", flat=True)
        )
        return {a for a, p in applications if p in found}

    class Short(dict):
        """Every word's index range is short."""

        def get(self, key, default=None):
            return 1.0

    forms = {"default": None}
    if connection.vendor == "postgresql":
        # The estimates that choose each form: rows matching, and each word's range.
        forms |= {"rare": (1, Short()), "uncommon": (5_000, Short()), "common": (50_000, {})}
    for form, estimate in forms.items():
        if estimate is not None:
            monkeypatch.setattr(people_selectors, "_estimates", lambda qs, e=estimate: e)
        for user in (chief, intake):
            for query in queries:
                found = application_list_for_user(user, ApplicationFilters(query=query))
                assert set(found.values_list("pk", flat=True)) == expected(user, query), (
                    form,
                    user.username,
                    query,
                )


NEEDS_LAWYER = workflow.CIVIL_PARTIES | {Status.TRANSMITTED}


def test_lawyers_groups_and_mandates_from_the_closing_order(reference):
    from vss.representation.models import (
        CivilPartyGroup,
        ConflictOfInterest,
        GroupMembership,
        Lawyer,
        LawyerKind,
        LawyerStatus,
        LawyerStatusChange,
        LeadCoLawyerAppointment,
        Representation,
    )

    generate(applicants=1200)
    # Each group is named in English, Khmer and French, the Khmer name in Khmer script
    # apart from the names of organisations (ADHOC) and the case's number.
    names = list(CivilPartyGroup.objects.values_list("name", "name_km", "name_fr"))
    assert names and all(km and fr and km != name and fr != name for name, km, fr in names)
    assert all(re.search("[\u1780-\u17ff]", km) for _, km, _ in names)
    # The list: about 40 lawyers, national and international, mostly recognised, each
    # with the history of its place on the list.
    lawyers = Counter(Lawyer.objects.values_list("status", flat=True))
    assert 40 <= sum(lawyers.values()) <= 45
    assert lawyers[LawyerStatus.RECOGNISED] > sum(lawyers.values()) * 0.7
    for status in LawyerStatus.values:
        assert lawyers[status], status
    kinds = Counter(Lawyer.objects.values_list("kind", flat=True))
    assert kinds[LawyerKind.NATIONAL] and kinds[LawyerKind.INTERNATIONAL]
    assert not Lawyer.objects.filter(kind=LawyerKind.NATIONAL, name_km="").exists()
    for lawyer in Lawyer.objects.prefetch_related("status_changes"):
        status = LawyerStatus.APPLIED
        for change in lawyer.status_changes.all():
            assert change.from_status == status
            assert change.decided_on >= lawyer.applied_on
            status = change.to_status
        assert status == lawyer.status
    assert LawyerStatusChange.objects.exclude(to_status=LawyerStatus.RECOGNISED).exists()

    # The demo lawyer: recognised, with 30 to 60 clients it can see; the Lead Co-Lawyers.
    lawyer = User.objects.get(username="lawyer")
    assert lawyer.lawyer.status == LawyerStatus.RECOGNISED
    clients = policy.applications_in_scope(lawyer, Application.objects.all())
    assert 20 <= clients.count() <= 60
    assert set(clients.values_list("status", flat=True)) <= NEEDS_LAWYER
    lead = User.objects.get(username="leadlawyer")
    current = LeadCoLawyerAppointment.objects.filter(ended_on__isnull=True)
    for number in ("002", "002/01", "002/02"):
        seats = dict(current.filter(case__number=number).values_list("seat", "lawyer__user"))
        assert seats[LawyerKind.NATIONAL] == lead.pk
        assert LawyerKind.INTERNATIONAL in seats
    assert LeadCoLawyerAppointment.objects.filter(ended_on__isnull=False).exists()
    civil_parties_002 = Application.objects.filter(
        case__number="002", status__in=workflow.CIVIL_PARTIES
    )
    assert policy.applications_in_scope(lead, Application.objects.all()).count() == (
        civil_parties_002.count()
    )

    # Nearly every Civil Party (and applicant waiting at the judges) represented from the
    # closing order, by a lawyer on the list; a few left without one; every represented
    # one in a group of its case.
    civil_parties = Application.objects.filter(status__in=NEEDS_LAWYER)
    mandates = Representation.objects.filter(ended_on__isnull=True).select_related(
        "application__case", "lawyer"
    )
    represented = {m.application_id for m in mandates}
    share = len(represented) / civil_parties.count()
    assert 0.93 <= share < 1
    for m in mandates:
        assert m.lawyer.status == LawyerStatus.RECOGNISED
        assert m.application.status in NEEDS_LAWYER
        closing = m.application.case.closing_order_on
        assert closing is None or m.started_on >= closing
    national = {m.application_id for m in mandates if m.lawyer.kind == LawyerKind.NATIONAL}
    assert national == represented
    assert Representation.objects.filter(ended_on__isnull=False).exclude(end_reason="").exists()
    members = GroupMembership.objects.filter(ended_on__isnull=True).select_related(
        "group", "application"
    )
    assert {m.application_id for m in members} == represented
    for m in members:
        assert m.group.case_id == m.application.case_id
    bases = set(CivilPartyGroup.objects.values_list("basis", flat=True))
    assert {"legal_team", "intermediary"} <= bases
    assert not CivilPartyGroup.objects.filter(lawyer=None).exists()
    assert ConflictOfInterest.objects.exists()
    for model in (Lawyer, Representation, CivilPartyGroup, GroupMembership):
        for obj in model.objects.order_by("?")[:20]:
            obj.full_clean()


def test_psychosocial_support_and_contacts(reference):
    from vss.support.models import (
        Consent,
        Contact,
        HealthNote,
        Referral,
        ReferralStatus,
        ServiceType,
        SessionKind,
        SupportSession,
    )

    generate(applicants=1500)
    applicants = Person.objects.filter(forms__isnull=False).distinct().count()
    referred = Referral.objects.values("person").distinct().count()
    assert 0.025 * applicants <= referred <= 0.055 * applicants
    partners = set(Referral.objects.values_list("partner__acronym", flat=True))
    assert partners == {"TPO Cambodia", "Kdei Karuna"}
    assert not Referral.objects.filter(partner__offers_support=False).exists()
    assert Consent.objects.exclude(given_by="The person themself.").exists()
    for referral in Referral.objects.select_related("consent"):
        assert referral.consent.person_id == referral.person_id
        assert referral.consent.given_on <= referral.referred_on
    services = Counter(Referral.objects.values_list("service", flat=True))
    assert set(services) == set(ServiceType.values)
    statuses = Counter(Referral.objects.values_list("status", flat=True))
    assert statuses[ReferralStatus.OPEN] and statuses[ReferralStatus.CLOSED]
    # Testimonial therapy: about six sessions, then the ceremony that completes it.
    for ceremony in SupportSession.objects.filter(kind=SessionKind.CEREMONY):
        referral = ceremony.referral
        assert referral.service == ServiceType.TESTIMONIAL_THERAPY
        assert referral.sessions.filter(kind=SessionKind.SESSION).count() == 6
        assert referral.sessions.filter(held_on__gt=ceremony.held_on).count() == 0
    assert SupportSession.objects.filter(kind=SessionKind.CEREMONY).exists()
    assert not SupportSession.objects.filter(held_on__gt=datetime.date.today()).exists()
    assert HealthNote.objects.exists()

    partner = User.objects.get(username="partner")
    seen = policy.people_in_scope(partner, Person.objects.all())
    tpo = Referral.objects.filter(partner=partner.organisation)
    assert seen.count() == tpo.values("person").distinct().count() > 0

    # Contacts, with open follow-ups (some overdue) in the demo users' queues.
    assert Contact.objects.count() > 0.04 * applicants
    today = datetime.date.today()
    for username in ("outreach", "intake", "lawyer", "partner"):
        user = User.objects.get(username=username)
        due = Contact.objects.filter(follow_up_user=user, follow_up_done_at__isnull=True)
        assert due.exclude(follow_up_on=None).count() >= 6, username
        assert (
            due.filter(follow_up_on__lt=today).exists()
            or due.filter(follow_up_on__lt=today + datetime.timedelta(days=2)).exists()
        ), username
    lawyer = User.objects.get(username="lawyer")
    clients = policy.people_in_scope(lawyer, Person.objects.all())
    assert not Contact.objects.filter(contacted_by=lawyer).exclude(person__in=clients).exists()
    assert not Contact.objects.filter(contacted_by=partner).exclude(person__in=seen).exists()
    for model in (Consent, Referral, SupportSession, Contact):
        for obj in model.objects.order_by("?")[:20]:
            obj.full_clean()


def test_the_new_rows_are_the_same_for_a_seed_whatever_the_batch_size(reference):
    from vss.representation.models import Lawyer, Representation
    from vss.support.models import Contact, Referral, SupportSession

    def snapshot():
        return {
            "lawyers": list(
                Lawyer.objects.order_by("id").values_list(
                    "family_name", "given_name", "kind", "bar", "status", "applied_on"
                )
            ),
            "mandates": list(
                Representation.objects.order_by("id").values_list(
                    "application__vss_number", "lawyer__family_name", "started_on", "ended_on"
                )
            ),
            "referrals": list(
                Referral.objects.order_by("id").values_list(
                    "person__family_name_km", "service", "referred_on", "status"
                )
            ),
            "sessions": list(
                SupportSession.objects.order_by("id").values_list("held_on", "outcome")
            ),
            "contacts": list(
                Contact.objects.order_by("id").values_list(
                    "channel", "happened_on", "summary", "follow_up_on"
                )
            ),
        }

    from django.core.management import call_command as run

    generate(applicants=400, seed=11)
    first = snapshot()
    # The same seed into an emptied database, in smaller batches.
    run("flush", interactive=False, verbosity=0)
    make_reference()
    generate(applicants=400, seed=11, batch_size=97)
    assert snapshot() == first
    assert first["mandates"] and first["referrals"] and first["contacts"]
