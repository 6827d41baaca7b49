"""The side-by-side table of a review page: one row per attribute, one column per
record, and whether the records differ on it. Identities a reviewer may not see are
masked here, before anything reaches the template."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.accounts.models import User
from vss.people.models import Person

MASKED = "•••"


@dataclass
class Row:
    label: str
    values: list[str]

    @property
    def differs(self) -> bool:
        present = {v for v in self.values if v and v != MASKED}
        return len(present) > 1


def _born(person: Person) -> str:
    if person.birth_date:
        return date_format(person.birth_date)
    if person.birth_year:
        margin = f" ± {person.birth_year_margin}" if person.birth_year_margin else ""
        return f"{person.birth_year}{margin}"
    return ""


def _place(person: Person) -> str:
    village = person.village
    if village is None:
        return ""
    commune = village.commune
    return f"{village.code} · {village}, {commune}, {commune.district}, {commune.district.province}"


def comparison_rows(user: User, people: list[Person]) -> list[Row]:
    together_hidden = policy.identities_hidden_together(user, people)
    visible = [policy.can_see_identity(user, p) and not together_hidden for p in people]

    def row(label: object, value, identifying: bool = True) -> Row:  # type: ignore[no-untyped-def]
        return Row(
            str(label),
            [
                value(p) if (shown or not identifying) else MASKED
                for p, shown in zip(people, visible, strict=True)
            ],
        )

    return [
        row(_("Family name (Khmer)"), lambda p: p.family_name_km),
        row(_("Given name (Khmer)"), lambda p: p.given_name_km),
        row(_("Family name (Latin)"), lambda p: p.family_name_latin),
        row(_("Given name (Latin)"), lambda p: p.given_name_latin),
        row(
            _("Other spellings"),
            lambda p: "; ".join(
                f"{n.family_name} {n.given_name}".strip() for n in p.names.all() if n.is_alias
            ),
        ),
        row(
            _("Sex"), lambda p: p.get_sex_display() if p.sex != "unknown" else "", identifying=False
        ),
        row(_("Born"), _born),
        row(_("Village"), _place),
        row(_("Phone"), lambda p: p.phone),
        row(
            _("Applications"),
            lambda p: "; ".join(
                f"{a.case.number} {a.vss_number or ''} ({a.get_status_display()})"
                for a in p.applications.all()
            ),
            identifying=False,
        ),
    ]


@dataclass
class RunReport:
    """What a finished run learnt from and chose, in words a reviewer reads."""

    learnt_from_registry: bool
    weights_learnt: bool
    duplicate_rate: float  # duplicate pairs per 100 people
    threshold: float
    expected_precision: int  # per cent
    expected_recall: int  # per cent
    largest_clusters: list[dict]


def run_report(report: dict) -> RunReport | None:
    if not report:
        return None
    return RunReport(
        learnt_from_registry=report.get("prior_source") == "learnt",
        weights_learnt=report.get("m_source") == "learnt",
        duplicate_rate=100 * float(report.get("duplicate_rate", 0.0)),
        threshold=float(report.get("threshold", 0.0)),
        expected_precision=round(100 * float(report.get("expected_precision", 0.0))),
        expected_recall=round(100 * float(report.get("expected_recall", 0.0))),
        largest_clusters=list(report.get("largest_clusters", [])),
    )


# The stages a run reports (batch.py and the engine's progress), as the run's page says them.
RUN_STAGES = {
    "reading": _("reading the registry"),
    "blocking": _("finding pairs to compare"),
    "training": _("learning from the registry"),
    "scoring": _("comparing pairs"),
    "clustering": _("grouping records"),
    "saving": _("saving the pairs for review"),
}


def run_stage(stage: str) -> str:
    """What a running run is doing, in the reader's language (nothing once it is done)."""
    return str(RUN_STAGES.get(stage, ""))
