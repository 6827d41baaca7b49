"""The reparations programme: what Civil Parties asked for (consultation), the projects
that answer it and their lifecycle, their funding, and their implementation."""

from .consultation import (
    ImportStatus,
    Proposal,
    ProposalAnswer,
    ProposalImport,
    ProposalSource,
    ProposalTag,
    ProposalTally,
    ProposalTheme,
)
from .funding import Currency, Payment, Pledge
from .implementation import (
    BeneficiaryCount,
    Evaluation,
    Milestone,
    Participation,
    ProgressAttachment,
    ProgressReport,
)
from .projects import (
    BudgetLine,
    Category,
    Chamber,
    ClaimRequest,
    Project,
    ProjectDocument,
    ProjectDocumentKind,
    ProjectPartner,
    ProjectStatus,
    ProjectStatusChange,
    Track,
)

__all__ = [
    "BeneficiaryCount",
    "BudgetLine",
    "Category",
    "Chamber",
    "ClaimRequest",
    "Currency",
    "Evaluation",
    "ImportStatus",
    "Milestone",
    "Participation",
    "Payment",
    "Pledge",
    "ProgressAttachment",
    "ProgressReport",
    "Project",
    "ProjectDocument",
    "ProjectDocumentKind",
    "ProjectPartner",
    "ProjectStatus",
    "ProjectStatusChange",
    "Proposal",
    "ProposalAnswer",
    "ProposalImport",
    "ProposalSource",
    "ProposalTag",
    "ProposalTally",
    "ProposalTheme",
    "Track",
]
