import pytest

from vss.accounts.models import Role
from vss.testing.personas import persona


@pytest.fixture
def chief(db):
    return persona(Role.CHIEF)


@pytest.fixture
def intake(db):
    return persona(Role.INTAKE)


@pytest.fixture
def legal(db):
    return persona(Role.LEGAL)


@pytest.fixture
def reparations(db):
    return persona(Role.REPARATIONS)


@pytest.fixture
def outreach(db):
    return persona(Role.OUTREACH)


@pytest.fixture
def auditor(db):
    return persona(Role.AUDITOR)


@pytest.fixture
def intermediary(db):
    return persona(Role.INTERMEDIARY, "ADHOC")


@pytest.fixture
def other_intermediary(db):
    return persona(Role.INTERMEDIARY, "DC-Cam")
