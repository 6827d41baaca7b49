"""Reads of newsletters through the policy's scope, who each will reach, and what each
language and channel will read like. A newsletter's pages name no one: they count its
readers, so reading them is not audited as a read of personal data."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Case as SqlCase
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _

from vss import policy
from vss.applications.models import Application, ApplicationKind
from vss.applications.workflow import CIVIL_PARTIES
from vss.geo.models import Province
from vss.people.models import Language, Person
from vss.policy import Right
from vss.proceedings.models import Case
from vss.representation.models import CivilPartyGroup, GroupMembership

from ..models import (
    AudienceKind,
    MessageChannel,
    Newsletter,
    NewsletterReach,
    NewsletterStatus,
    Subscriber,
)
from ..services.sending import Content, ContentFor, _stop_line

if TYPE_CHECKING:
    from vss.accounts.models import User

LANGUAGES = (Language.KHMER, Language.ENGLISH, Language.FRENCH)
CHANNELS = (MessageChannel.SMS, MessageChannel.EMAIL, MessageChannel.POST)
# The token a preview's stop line shows: each message carries its reader's own.
PREVIEW_TOKEN = "..."


def _in_scope(user: User, newsletters: QuerySet[Newsletter]) -> QuerySet[Newsletter]:
    policy.require_right(user, Right.SEND_MESSAGES)
    return policy.newsletters_in_scope(user, newsletters)


def newsletter_list_for_user(user: User) -> QuerySet[Newsletter]:
    return _in_scope(
        user,
        Newsletter.objects.filter(archived_at__isnull=True).select_related(
            "case", "province", "group", "job"
        ),
    )


def newsletter_get_for_user(user: User, pk: int) -> Newsletter:
    return get_object_or_404(
        _in_scope(
            user,
            Newsletter.objects.select_related("case", "province", "group", "job", "reach"),
        ),
        pk=pk,
    )


def cases() -> QuerySet[Case]:
    return Case.objects.order_by("number")


def provinces() -> QuerySet[Province]:
    return Province.objects.order_by("code")


def groups() -> QuerySet[CivilPartyGroup]:
    return CivilPartyGroup.objects.filter(archived_at__isnull=True).select_related("case")


# --- the audience ------------------------------------------------------------------------


def _civil_party_applications() -> QuerySet[Application]:
    return Application.objects.filter(kind=ApplicationKind.CIVIL_PARTY, status__in=CIVIL_PARTIES)


def _cases_of_civil_parties(case_id: int) -> QuerySet[Case]:
    """The cases whose Civil Parties are the case's, as the calendar and the draw read
    them: the Civil Parties of the trial segments 002/01 and 002/02 applied in 002, and
    a case's segments that take applications bring theirs (a subquery, so the count
    stays one query)."""
    return Case.objects.filter(Q(pk=case_id) | Q(sub_cases=case_id) | Q(parent=case_id))


def audience_people(newsletter: Newsletter) -> QuerySet[Person]:
    """The Civil Parties the newsletter is written to, each once however many of their
    applications match (a subscribers' newsletter has none)."""
    applications = _civil_party_applications().filter(applicant=OuterRef("pk"))
    if newsletter.audience == AudienceKind.CASE:
        assert newsletter.case_id is not None
        applications = applications.filter(case__in=_cases_of_civil_parties(newsletter.case_id))
    elif newsletter.audience == AudienceKind.PROVINCE:
        assert newsletter.province_id is not None
        applications = applications.filter(province_code=newsletter.province_id)
        if newsletter.case_id:
            applications = applications.filter(case__in=_cases_of_civil_parties(newsletter.case_id))
    elif newsletter.audience == AudienceKind.GROUP:
        current = GroupMembership.objects.filter(
            group=newsletter.group_id, application=OuterRef("pk"), ended_on__isnull=True
        )
        applications = applications.filter(Exists(current))
    else:
        return Person.objects.none()
    return Person.objects.filter(Exists(applications), archived_at__isnull=True)


def audience_subscribers() -> QuerySet[Subscriber]:
    return Subscriber.objects.filter(confirmed_at__isnull=False, stopped_at__isnull=True)


# Why a person is not written to, as the engine decides it for news (sending.reach_of),
# said by the database for every reader at once.
DECEASED, NO_CONSENT, STOPPED, NO_MESSAGES, NO_ADDRESS = (
    "deceased",
    "no_consent",
    "stopped",
    "no_messages",
    "no_address",
)


def _why_not() -> SqlCase:
    preference = "contact_preference__"
    return SqlCase(
        When(is_deceased=True, then=Value(DECEASED)),
        When(contact_preference__isnull=True, then=Value(NO_CONSENT)),
        When(**{f"{preference}stopped_at__isnull": False}, then=Value(STOPPED)),
        When(**{f"{preference}consents_to_news": False}, then=Value(NO_CONSENT)),
        When(**{f"{preference}channel": MessageChannel.NONE}, then=Value(NO_MESSAGES)),
        When(
            Q(**{f"{preference}channel": MessageChannel.SMS}, phone="")
            | Q(**{f"{preference}channel": MessageChannel.EMAIL, f"{preference}email": ""})
            | Q(
                **{
                    f"{preference}channel": MessageChannel.POST,
                    f"{preference}postal_address": "",
                }
            ),
            then=Value(NO_ADDRESS),
        ),
        default=Value(""),
        output_field=CharField(),
    )


def reason_label(reason: str) -> str:
    return {
        DECEASED: _("deceased"),
        NO_CONSENT: _("no consent to news recorded"),
        STOPPED: _("asked to stop receiving messages"),
        NO_MESSAGES: _("asked for no messages"),
        NO_ADDRESS: _("no address for the chosen channel"),
    }[reason]


@dataclass
class AudienceCount:
    """Who a newsletter reaches, by channel and language, and who it does not and why."""

    # channel -> language -> number of readers
    reached: dict[str, dict[str, int]] = field(default_factory=dict)
    # reason -> number of people
    not_reached: dict[str, int] = field(default_factory=dict)

    @property
    def reached_total(self) -> int:
        return sum(sum(by_language.values()) for by_language in self.reached.values())

    @property
    def not_reached_total(self) -> int:
        return sum(self.not_reached.values())

    def rows(self) -> list[tuple[str, list[int], int]]:
        """(channel label, a number per language in LANGUAGES, total) per channel used."""
        rows = []
        for channel in CHANNELS:
            by_language = self.reached.get(channel, {})
            if by_language:
                numbers = [by_language.get(language, 0) for language in LANGUAGES]
                rows.append((str(channel.label), numbers, sum(numbers)))
        return rows

    def reasons(self) -> list[tuple[str, int]]:
        return [(reason_label(reason), n) for reason, n in sorted(self.not_reached.items())]


def audience_count(newsletter: Newsletter) -> AudienceCount:
    """Counted by the database in one grouped query, however many readers."""
    count = AudienceCount()
    reached: dict[str, dict[str, int]] = defaultdict(dict)
    if newsletter.audience == AudienceKind.SUBSCRIBERS:
        rows = (
            audience_subscribers()
            .values_list("channel", "language")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for channel, language, n in rows:
            reached[channel][language] = n
    else:
        grouped = (
            audience_people(newsletter)
            .annotate(why_not=_why_not())
            .values_list("why_not", "contact_preference__channel", "preferred_language")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for why_not, channel, language, n in grouped:
            if why_not:
                count.not_reached[why_not] = count.not_reached.get(why_not, 0) + n
            else:
                by_language = reached[channel]
                by_language[language] = by_language.get(language, 0) + n
    count.reached = dict(reached)
    return count


@dataclass(frozen=True)
class ReachState:
    """What a newsletter's page says of who it reaches: the last count of its audience as
    it is now (None before the first), when that count was taken, and whether a count is
    waiting for the worker or under way."""

    count: AudienceCount | None
    counted_at: datetime.datetime | None
    under_way: bool


def newsletter_reach(newsletter: Newsletter) -> ReachState:
    try:
        reach: NewsletterReach | None = newsletter.reach
    except NewsletterReach.DoesNotExist:
        reach = None
    if reach is None:
        return ReachState(count=None, counted_at=None, under_way=False)
    under_way = reach.counted_at is None or reach.counted_at < reach.asked_at
    if reach.counted_at is None or reach.audience != newsletter.audience_key:
        return ReachState(count=None, counted_at=None, under_way=under_way)
    count = AudienceCount(reached=reach.reached, not_reached=reach.not_reached)
    return ReachState(count=count, counted_at=reach.counted_at, under_way=under_way)


# --- what it reads like ------------------------------------------------------------------


def _text(newsletter: Newsletter, prefix: str, language: str) -> str:
    return str(getattr(newsletter, f"{prefix}_{language}", ""))


def newsletter_content(newsletter: Newsletter) -> ContentFor:
    """What the engine writes to a reader of `language` by `channel`: an SMS carries the
    short text, an email and a printed letter the title and the whole text."""

    def content(language: str, channel: str) -> Content:
        title = _text(newsletter, "title", language)
        if channel == MessageChannel.SMS:
            return Content(subject=title, body=_text(newsletter, "sms", language))
        return Content(subject=title, body=_text(newsletter, "body", language))

    return content


@dataclass(frozen=True)
class Preview:
    language: str
    language_label: str
    channel_label: str
    subject: str
    body: str


def newsletter_previews(newsletter: Newsletter) -> list[Preview]:
    """Each language by each channel as its reader will read it, the stop line included."""
    content = newsletter_content(newsletter)
    previews = []
    for language in LANGUAGES:
        for channel in CHANNELS:
            with translation.override(language):
                text = content(language, channel)
                stop = _stop_line(channel, PREVIEW_TOKEN)
            previews.append(
                Preview(
                    language=language,
                    language_label=str(language.label),
                    channel_label=str(channel.label),
                    subject=text.subject,
                    body=f"{text.body}\n\n{stop}",
                )
            )
    return previews


def may_send(newsletter: Newsletter) -> bool:
    return newsletter.status == NewsletterStatus.DRAFT and newsletter.archived_at is None
