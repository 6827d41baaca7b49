"""How many applications of which kind, in which case, ending how: the published figures of
the ECCC, scaled to the number of applicants asked for.

About 6,400 applications were received in all, but people filed in more than one case (a
Case 001 Civil Party in Case 002, a Case 002 Civil Party again in Case 004 years later):
applications outnumber applicants. The demo takes 5,000 applicants as the court's real
size, i.e. 1.28 applications per applicant, so that the default run reproduces the
published volumes (Case 001: 94 applications, 76 Civil Parties; Case 002: about 4,000,
2,124 admitted by the Co-Investigating Judges and 1,728 on appeal; Case 004: about 2,000),
and every count scales by N / 5,000 for N applicants.

Each stream names an outcome, which is a path through vss.applications.workflow: the
generator turns it into the status changes, dated from the case's own dates (notice of the
end of the investigation, closing order, judgments, termination).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from vss.applications.models import ApplicationKind

CIVIL_PARTY = ApplicationKind.CIVIL_PARTY
COMPLAINT = ApplicationKind.COMPLAINT

# Outcomes of a Civil Party application (each one a path, see generator.civil_party_path).
ADMITTED = "admitted"  # ... transmitted, provisional, admitted
ADMITTED_ON_APPEAL = "admitted_on_appeal"  # ... rejected, appealed, admitted on appeal
REJECTION_UPHELD = "rejection_upheld"  # ... rejected, appealed, rejection upheld
REJECTED = "rejected"  # ... rejected, not appealed
WITHDRAWN = "withdrawn"  # withdrawn after screening
DECEASED = "deceased"  # the applicant died while the application was pending
TERMINATED_PROVISIONAL = "terminated_provisional"  # provisional Civil Party, case terminated
TERMINATED_TRANSMITTED = "terminated_transmitted"  # with the judges, case terminated
TERMINATED_REJECTED = "terminated_rejected"  # rejected, case terminated
TERMINATED_APPEALED = "terminated_appealed"  # rejected, appealed, case terminated
TRANSMITTED = "transmitted"  # with the judges, never decided
PROVISIONAL = "provisional"  # provisional Civil Party, never decided
# Recent intake, for the work queue.
DRAFT = "draft"
INCOMPLETE = "incomplete"
RECEIVED = "received"
# Outcomes of a complaint (Rule 49).
NOTIFIED_JOINED = "notified_joined"
NOTIFIED_FORWARDED = "notified_forwarded"
NOTIFIED_REJECTED = "notified_rejected"
JOINED = "joined"
SENT = "sent"
COMPLAINT_WITHDRAWN = "complaint_withdrawn"


@dataclass(frozen=True)
class Stream:
    key: str
    case: str  # case number
    kind: ApplicationKind
    outcomes: tuple[tuple[str, int], ...]  # per BASE_APPLICANTS (vss.core.demo.steps) applicants
    late_share: float = 0.0  # received after the deadline, accepted with a reason
    # Filed by someone who already applied in an earlier case (see generator).
    returning_share: float = 0.0
    recent: bool = False  # received in the last weeks, for the work queue

    @property
    def base_total(self) -> int:
        return sum(n for _, n in self.outcomes)


STREAMS: tuple[Stream, ...] = (
    Stream(
        "001",
        "001",
        CIVIL_PARTY,
        (
            (ADMITTED, 66),
            (ADMITTED_ON_APPEAL, 10),
            (REJECTION_UPHELD, 12),
            (REJECTED, 2),
            (WITHDRAWN, 4),
        ),
    ),
    Stream(
        "002",
        "002",
        CIVIL_PARTY,
        (
            (ADMITTED, 2124),
            (ADMITTED_ON_APPEAL, 1728),
            (REJECTION_UPHELD, 80),
            (REJECTED, 20),
            (WITHDRAWN, 16),
            (DECEASED, 12),
        ),
        late_share=0.01,
        returning_share=0.02,
    ),
    Stream(
        "002-recent",
        "002",
        CIVIL_PARTY,
        ((DRAFT, 20), (INCOMPLETE, 12), (RECEIVED, 8)),
        recent=True,
    ),
    Stream(
        "003",
        "003",
        CIVIL_PARTY,
        (
            (TERMINATED_PROVISIONAL, 90),
            (TERMINATED_TRANSMITTED, 30),
            (TRANSMITTED, 15),
            (WITHDRAWN, 8),
            (DECEASED, 7),
        ),
        returning_share=0.6,
    ),
    Stream(
        "004",
        "004",
        CIVIL_PARTY,
        (
            (TERMINATED_PROVISIONAL, 560),
            (TERMINATED_TRANSMITTED, 200),
            (TRANSMITTED, 120),
            (PROVISIONAL, 50),
            (TERMINATED_REJECTED, 30),
            (WITHDRAWN, 20),
            (DECEASED, 20),
        ),
        late_share=0.005,
        returning_share=0.6,
    ),
    Stream(
        "004/01",
        "004/01",
        CIVIL_PARTY,
        ((TERMINATED_APPEALED, 180), (TERMINATED_REJECTED, 90), (WITHDRAWN, 15), (DECEASED, 15)),
        returning_share=0.6,
    ),
    Stream(
        "004/02",
        "004/02",
        CIVIL_PARTY,
        (
            (TERMINATED_PROVISIONAL, 400),
            (TERMINATED_TRANSMITTED, 130),
            (TRANSMITTED, 100),
            (PROVISIONAL, 40),
            (WITHDRAWN, 15),
            (DECEASED, 15),
        ),
        returning_share=0.6,
    ),
    Stream(
        "complaint-002",
        "002",
        COMPLAINT,
        ((NOTIFIED_JOINED, 18), (NOTIFIED_REJECTED, 6), (JOINED, 4), (COMPLAINT_WITHDRAWN, 2)),
    ),
    Stream(
        "complaint-003",
        "003",
        COMPLAINT,
        (
            (NOTIFIED_JOINED, 20),
            (NOTIFIED_FORWARDED, 6),
            (NOTIFIED_REJECTED, 4),
            (JOINED, 6),
            (SENT, 4),
        ),
        returning_share=0.5,
    ),
    Stream(
        "complaint-004",
        "004",
        COMPLAINT,
        (
            (NOTIFIED_JOINED, 30),
            (NOTIFIED_FORWARDED, 8),
            (NOTIFIED_REJECTED, 6),
            (JOINED, 8),
            (SENT, 6),
            (COMPLAINT_WITHDRAWN, 2),
        ),
        returning_share=0.5,
    ),
)


@dataclass(frozen=True)
class CaseCalendar:
    """When a case took applications and decided them. Dates left None in the Case row are
    replaced by offsets from the known ones (a demo needs some date)."""

    window_start: datetime.date  # first applications
    deadline: datetime.date  # last day to apply in time
    decision: datetime.date  # the judges' decision on admissibility
    decision_document: str
    appeal: datetime.date  # decision on the appeals
    appeal_document: str
    termination: datetime.date | None  # date the case was terminated, if it was


@dataclass(frozen=True)
class CaseFacts:
    window_start: datetime.date
    decided_in: str = "closing_order_on"  # the Case field holding the admissibility decision
    decision_document: str = ""
    appeal_on: datetime.date | None = None  # None: the Case's appeal_judgment_on, or offset
    appeal_document: str = ""
    terminated_on: datetime.date | None = None


# Public dates the Case model has no field for. Court document numbers: the Case 001 trial
# (E188) and appeal (F28) judgments, which ruled on the Civil Parties; for Case 002 the
# Co-Investigating Judges' orders on admissibility (D404) and the Pre-Trial Chamber's
# decision on the appeals against them (D404/2/4, 24 June 2011).
CASE_FACTS: dict[str, CaseFacts] = {
    "001": CaseFacts(datetime.date(2007, 8, 1), "trial_judgment_on", "E188", appeal_document="F28"),
    "002": CaseFacts(
        datetime.date(2007, 11, 1),
        "closing_order_on",
        "D404",
        datetime.date(2011, 6, 24),
        "D404/2/4",
    ),
    "003": CaseFacts(datetime.date(2011, 5, 1), terminated_on=datetime.date(2021, 12, 17)),
    "004": CaseFacts(datetime.date(2011, 6, 1), terminated_on=datetime.date(2021, 12, 28)),
    "004/01": CaseFacts(datetime.date(2011, 6, 1), terminated_on=datetime.date(2018, 6, 28)),
    "004/02": CaseFacts(datetime.date(2011, 6, 1), terminated_on=datetime.date(2020, 8, 10)),
}


def calendar_for(case: object, today: datetime.date) -> CaseCalendar:
    """The calendar of a Case row (any object with the Case fields)."""
    number: str = case.number  # type: ignore[attr-defined]
    facts = CASE_FACTS.get(number)
    deadline = case.application_deadline  # type: ignore[attr-defined]
    closing = case.closing_order_on  # type: ignore[attr-defined]
    if deadline is None:
        deadline = (closing - datetime.timedelta(days=120)) if closing else today
    start = facts.window_start if facts else deadline - datetime.timedelta(days=900)
    start = min(start, deadline - datetime.timedelta(days=30))
    decision = getattr(case, facts.decided_in) if facts else closing
    decision = decision or deadline + datetime.timedelta(days=240)
    appeal = (facts.appeal_on if facts else None) or case.appeal_judgment_on  # type: ignore[attr-defined]
    appeal = appeal or decision + datetime.timedelta(days=280)
    terminated = None
    if case.is_terminated:  # type: ignore[attr-defined]
        terminated = (facts.terminated_on if facts else None) or decision + datetime.timedelta(
            days=900
        )
    return CaseCalendar(
        window_start=start,
        deadline=deadline,
        decision=min(decision, today),
        decision_document=facts.decision_document if facts else "",
        appeal=min(max(appeal, decision), today),
        appeal_document=facts.appeal_document if facts else "",
        termination=min(terminated, today) if terminated else None,
    )


def scaled_counts(weights: list[int], total: int) -> list[int]:
    """`total` split in proportion to `weights`, by largest remainder (sums exactly)."""
    base = sum(weights)
    if base == 0 or total <= 0:
        return [0] * len(weights)
    exact = [w * total / base for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts
