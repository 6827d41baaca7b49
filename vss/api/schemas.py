"""What the API answers, field by field. Names of people are given only as the pages give
them (vss.policy.identity): the pseudonym wherever the reader may not see the identity."""

import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from vss.applications.models import Status


class CaseRef(Schema):
    id: int
    number: str


class Case(Schema):
    id: int
    number: str
    title: str
    parent_id: int | None
    investigation_closed_on: datetime.date | None
    closing_order_on: datetime.date | None
    trial_judgment_on: datetime.date | None
    appeal_judgment_on: datetime.date | None
    is_terminated: bool
    accepts_applications: bool
    application_deadline: datetime.date | None
    is_demo: bool
    version: int


class PersonRef(Schema):
    id: int
    # The name as the reader may see it: the pseudonym of a protected person otherwise.
    name: str
    is_protected: bool


class Page(Schema):
    page: int
    page_size: int
    # Exact, or the database's estimate for a very long list (`count_is_estimate`).
    count: int
    count_is_estimate: bool


class ApplicationRow(Schema):
    id: int
    vss_number: str | None
    case: CaseRef
    kind: str
    status: str
    status_label: str
    status_changed_at: datetime.datetime
    received_on: datetime.date | None
    applicant: PersonRef
    version: int


class ApplicationPage(Page):
    items: list[ApplicationRow]


class StatusChange(Schema):
    from_status: str
    to_status: str
    decided_on: datetime.date
    recorded_at: datetime.datetime
    recorded_by: str
    reason: str
    court_document: str


class Document(Schema):
    id: int
    kind: str
    kind_label: str
    # The uploaded name where the reader may see the applicant's identity, else a stand-in.
    name: str
    size: int
    uploaded_at: datetime.datetime
    # Whether the reader may take the file (`GET /documents/{id}/file`).
    downloadable: bool


class Application(ApplicationRow):
    form_id: int
    channel: str
    is_late: bool
    status_changes: list[StatusChange]
    documents: list[Document]
    # The statuses the reader may move the application to now.
    transitions: list[str]


# Text sent in a body: anything but NUL, which PostgreSQL refuses in text.
TEXT = r"^[^\x00]*$"


class TransitionIn(Schema):
    # The statuses written out (not a reference to another schema), so that the body's
    # schema stands alone in the operation that reads it after its checks.
    to_status: str = Field(pattern="^(" + "|".join(Status.values) + ")$")
    # The application's version the decision was taken on: a decision on a status that
    # has changed since is refused (409).
    version: int = Field(ge=0, le=2_147_483_647)
    decided_on: datetime.date | None = Field(
        None, ge=datetime.date(1900, 1, 1), le=datetime.date(2999, 12, 31)
    )
    reason: str = Field("", max_length=5000, pattern=TEXT)
    court_document: str = Field("", max_length=40, pattern=TEXT)
    deadline_override_reason: str = Field("", max_length=5000, pattern=TEXT)


class TransitionOut(Schema):
    id: int
    status: str
    version: int
    vss_number: str | None


class Name(Schema):
    family_name: str
    given_name: str
    script: str
    is_alias: bool


class Person(Schema):
    id: int
    name: str
    is_protected: bool
    pseudonym: str
    # The rest only where the reader may see the identity, as on the person's page.
    identity_shown: bool
    names: list[Name]
    sex: str | None
    birth_date: datetime.date | None
    birth_year: int | None
    birth_year_margin: int | None
    village_code: str | None
    phone: str | None
    preferred_language: str | None
    is_deceased: bool
    applications: list[ApplicationRow]


class Lawyer(Schema):
    id: int
    name: str
    kind: str
    status: str


class Mandate(Schema):
    id: int
    lawyer: Lawyer
    started_on: datetime.date
    ended_on: datetime.date | None
    end_reason: str


class GroupMember(Schema):
    application_id: int
    vss_number: str | None
    applicant: PersonRef


class Group(Schema):
    id: int
    case: CaseRef
    name: str
    name_km: str
    basis: str
    lawyer: Lawyer | None
    archived_at: datetime.datetime | None
    members: list[GroupMember]
    version: int


class Referral(Schema):
    id: int
    person: PersonRef
    partner: str
    service: str
    status: str
    referred_on: datetime.date
    closed_on: datetime.date | None
    reason: str
    version: int


class ReferralPage(Page):
    items: list[Referral]


class Project(Schema):
    id: int
    reference: str
    title_km: str
    title_en: str
    title_fr: str
    category: str
    status: str
    track: str
    cases: list[CaseRef]
    officer: str | None
    budget_usd: Decimal | None
    version: int


class ProjectPage(Page):
    items: list[Project]


class ProjectDetail(Project):
    description_km: str
    description_en: str
    description_fr: str


class Event(Schema):
    id: int
    kind: str
    status: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    venue: str
    village_code: str | None
    cases: list[CaseRef]
    capacity: int
    officer: str | None
    version: int


class EventPage(Page):
    items: list[Event]
