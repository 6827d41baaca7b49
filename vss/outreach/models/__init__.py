"""Outreach: events and who comes to them, focal persons, newsletters and the messages
that reach each person by their channel and in their language."""

from .choosing import (
    DRAW_UNDER_WAY,
    AllowanceCurrency,
    Companion,
    Draw,
    DrawFailure,
    DrawStage,
    DrawStatus,
    Invitation,
    InvitationStatus,
)
from .events import CourtDate, CourtDateKind, Event, EventKind, EventStatus, Titled
from .focal import FocalPerson, MaterialHandover, ReceiptScan
from .logistics import Accommodation, PickUpPoint, Vehicle
from .messages import (
    ContactPreference,
    Message,
    MessageChannel,
    MessageKind,
    MessageStatus,
    SendJob,
    SendStatus,
    Subscriber,
)
from .newsletters import AudienceKind, Newsletter, NewsletterReach, NewsletterStatus

__all__ = [
    "DRAW_UNDER_WAY",
    "Accommodation",
    "AllowanceCurrency",
    "AudienceKind",
    "Companion",
    "ContactPreference",
    "CourtDate",
    "CourtDateKind",
    "Draw",
    "DrawFailure",
    "DrawStage",
    "DrawStatus",
    "Event",
    "EventKind",
    "EventStatus",
    "FocalPerson",
    "Invitation",
    "InvitationStatus",
    "MaterialHandover",
    "Message",
    "MessageChannel",
    "MessageKind",
    "MessageStatus",
    "Newsletter",
    "NewsletterReach",
    "NewsletterStatus",
    "PickUpPoint",
    "ReceiptScan",
    "SendJob",
    "SendStatus",
    "Subscriber",
    "Titled",
    "Vehicle",
]
