"""Loading the ECCC's crime types, charged persons and cases (`vss.proceedings.reference`)
into the database, idempotently, with the helpers and rules of `vss.geo.loaders`. The crime
sites they name are part of the geography, which is loaded first."""

from __future__ import annotations

from django.db import transaction

from vss.geo import reference as geo_reference
from vss.geo.loaders import SectionReport, SyncResult, add_links, upsert
from vss.geo.models import CrimeSite

from . import reference as proceedings_reference
from .models import Case, ChargedPerson, CrimeType


def load_proceedings() -> SectionReport:
    """Crime types, charged persons and cases of `vss.proceedings.reference`, in one
    transaction. The crime sites must have been loaded."""
    site_codes = {site.code for site in geo_reference.CRIME_SITES}
    errors = proceedings_reference.check_reference(site_codes)
    if errors:
        raise ValueError("vss.proceedings.reference is inconsistent: " + "; ".join(errors))
    report = SectionReport("Proceedings")
    types_result = SyncResult("crime types")
    persons_result = SyncResult("charged persons")
    cases_result = SyncResult("cases")
    with transaction.atomic():
        crime_types = {
            t.code: upsert(
                CrimeType,
                {"code": t.code},
                {
                    "category": t.category,
                    "name": t.name,
                    "name_km": t.name_km,
                    "name_fr": t.name_fr,
                },
                types_result,
            )
            for t in proceedings_reference.CRIME_TYPES
        }
        persons = {
            p.name: upsert(
                ChargedPerson,
                {"name": p.name},
                {"name_km": p.name_km, "alias": p.alias},
                persons_result,
            )
            for p in proceedings_reference.CHARGED_PERSONS
        }
        sites = CrimeSite.objects.in_bulk(list(site_codes), field_name="code")
        missing_sites = site_codes - sites.keys()
        if missing_sites:
            raise ValueError(
                "crime sites missing from the database (load the geography first): "
                + ", ".join(sorted(missing_sites))
            )
        cases: dict[str, Case] = {}
        for ref in proceedings_reference.CASES:
            case = upsert(
                Case,
                {"number": ref.number},
                {
                    "title": ref.title,
                    "title_km": ref.title_km,
                    "title_fr": ref.title_fr,
                    "parent": cases[ref.parent] if ref.parent else None,
                    # A bool is never "blank": False is set too.
                    "accepts_applications": ref.accepts_applications,
                },
                cases_result,
                # The Chief and legal officers record these on the Cases page (audited).
                recorded={
                    "investigation_closed_on": ref.investigation_closed_on,
                    "closing_order_on": ref.closing_order_on,
                    "trial_judgment_on": ref.trial_judgment_on,
                    "appeal_judgment_on": ref.appeal_judgment_on,
                    "is_terminated": ref.is_terminated,
                },
                warnings=report.warnings,
            )
            cases[ref.number] = case
            cases_result.links_added += add_links(
                case.charged_persons, [persons[name] for name in ref.charged_persons]
            )
            cases_result.links_added += add_links(
                case.crime_sites, [sites[code] for code in ref.crime_sites]
            )
            cases_result.links_added += add_links(
                case.crime_types, [crime_types[code] for code in ref.crime_types]
            )
        for result, rows, total in (
            (types_result, CrimeType.objects.all(), len(proceedings_reference.CRIME_TYPES)),
            (
                persons_result,
                ChargedPerson.objects.all(),
                len(proceedings_reference.CHARGED_PERSONS),
            ),
            # The demo data's own case is no court's and never in the source.
            (cases_result, Case.objects.filter(is_demo=False), len(proceedings_reference.CASES)),
        ):
            result.stale = max(rows.count() - total, 0)
            report.results.append(result)
    return report
