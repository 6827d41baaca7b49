"""Synthetic demo data: `manage.py generate_demo_data` (see generator.py and plan.py)."""

from .accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from .generator import DEFAULT_SEED, Generator, NoReferenceData, Options, Result

__all__ = [
    "DEFAULT_SEED",
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "Generator",
    "NoReferenceData",
    "Options",
    "Result",
]
