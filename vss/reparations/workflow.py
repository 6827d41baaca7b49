"""The life of a reparation project as a table, like an application's: which status may
follow which, which right each move needs, and what the move must carry (a reason, a
judgment's chamber and document number). Services refuse any move not written here."""

from dataclasses import dataclass

from vss.policy import Right

from .models import ProjectStatus as S
from .models import Track


@dataclass(frozen=True)
class Transition:
    to: S
    right: Right
    reason_required: bool = False
    # A judgment: the chamber, its date and the court document number are recorded.
    judgment: bool = False
    # The track the project is on after the move, when the move changes it.
    track: Track | None = None


def _abandon() -> Transition:
    return Transition(S.ABANDONED, Right.MANAGE_PROJECTS, reason_required=True)


def _outside_the_court() -> Transition:
    # A case that ends without a conviction (or a choice made with the partners) takes a
    # project out of the claim; it may still be carried out beside the trial.
    return Transition(
        S.NON_JUDICIAL, Right.MANAGE_PROJECTS, reason_required=True, track=Track.NON_JUDICIAL
    )


MANAGE = Right.MANAGE_PROJECTS

PROJECT: dict[S, tuple[Transition, ...]] = {
    S.IDEA: (Transition(S.DESIGNED, MANAGE), _outside_the_court(), _abandon()),
    S.DESIGNED: (
        Transition(S.FUNDRAISING, MANAGE),
        Transition(S.IDEA, MANAGE, reason_required=True),
        _outside_the_court(),
        _abandon(),
    ),
    S.FUNDRAISING: (
        Transition(S.FUNDED, MANAGE),
        # Underfunded into the claim: the Chief records why (services.claims).
        Transition(S.REQUESTED, Right.APPROVE_CLAIMS),
        _outside_the_court(),
        _abandon(),
    ),
    S.FUNDED: (
        Transition(S.REQUESTED, Right.APPROVE_CLAIMS),
        Transition(S.FUNDRAISING, MANAGE, reason_required=True),
        _outside_the_court(),
        _abandon(),
    ),
    S.REQUESTED: (
        Transition(S.ENDORSED, MANAGE, judgment=True),
        Transition(S.REJECTED, MANAGE, judgment=True),
        # Taken out of the claim before the judgment.
        Transition(S.FUNDED, Right.APPROVE_CLAIMS, reason_required=True),
        _outside_the_court(),
    ),
    S.ENDORSED: (Transition(S.AGREEMENT_SIGNED, MANAGE),),
    S.REJECTED: (_outside_the_court(), _abandon()),
    S.NON_JUDICIAL: (Transition(S.AGREEMENT_SIGNED, MANAGE), _abandon()),
    S.AGREEMENT_SIGNED: (Transition(S.IN_IMPLEMENTATION, MANAGE),),
    S.IN_IMPLEMENTATION: (
        Transition(S.COMPLETED, MANAGE),
        Transition(S.ABANDONED, MANAGE, reason_required=True),
    ),
    S.COMPLETED: (Transition(S.EVALUATED, MANAGE),),
    S.EVALUATED: (),
    S.ABANDONED: (),
}

# A project that went before the judges and was endorsed: its page is public.
PUBLIC_AFTER_ENDORSEMENT = frozenset(
    {S.ENDORSED, S.AGREEMENT_SIGNED, S.IN_IMPLEMENTATION, S.COMPLETED, S.EVALUATED}
)
# Statuses in which work on the project is reported and Civil Parties take part in it:
# from its design to its completion, not only after the agreement. Funding and work often
# came before the judgment, since the judges asked for guarantees that a project could be
# carried out (the memorials of Case 002/01 were not recognised for want of them).
AT_WORK = frozenset(set(S) - {S.IDEA, S.EVALUATED, S.ABANDONED})
# The secured-funding rule (Rule 23quinquies(3)(b)): a move into the claim while the
# secured funding is below the budget needs a recorded reason.
INTO_THE_CLAIM = S.REQUESTED


def transitions_from(status: str) -> tuple[Transition, ...]:
    return PROJECT[S(status)]


def transition(from_status: str, to_status: str) -> Transition | None:
    return next((move for move in transitions_from(from_status) if move.to == to_status), None)
