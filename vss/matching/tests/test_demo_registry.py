"""The registry-wide run on the demo data, as the README's walk has it run: a few hundred
applicants over the whole gazetteer, about 3 in 100 of them filed twice, and the queue
should hold those and little else."""

import pytest

from vss.accounts.models import User
from vss.demo.tests.registry import demo_registry, refiled_pairs
from vss.matching.models import MatchCandidate, RunStatus
from vss.matching.services import run_request
from vss.people.models import Person

pytestmark = pytest.mark.django_db

APPLICANTS = 800


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), demo_registry(applicants=APPLICANTS) as run:
        yield run


def test_registry_wide_run_on_the_demo_data_proposes_pairs(
    demo, django_capture_on_commit_callbacks
):
    refiled = refiled_pairs(demo)
    assert len(refiled) >= 0.02 * APPLICANTS
    with django_capture_on_commit_callbacks(execute=True):
        run = run_request(actor=User.objects.get(username="legal"))
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.persons == Person.objects.count()
    proposed = {
        (c.person_a_id, c.person_b_id)
        for c in MatchCandidate.objects.filter(run=run, probability__gte=0.5)
    }
    found = len(proposed & refiled)
    assert found >= 0.8 * len(refiled), (found, len(refiled))
    assert len(proposed - refiled) <= 0.2 * len(proposed), (len(proposed - refiled), found)
