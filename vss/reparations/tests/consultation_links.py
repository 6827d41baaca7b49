"""Links of proposals to projects written past the services, as a test's world or the
demo writes them in bulk: the kept flag is set from them afterwards."""

from vss.reparations.models import Project, Proposal
from vss.reparations.services.consultation import answered_flags_refresh


def answer(proposal: Proposal, *projects: Project) -> Proposal:
    proposal.answered_by.add(*projects)
    answered_flags_refresh(Proposal.objects.filter(pk=proposal.pk))
    return proposal
