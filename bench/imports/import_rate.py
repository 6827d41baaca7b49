"""The import of a legacy spreadsheet beside PostgreSQL's COPY of the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vss_bench_imports \
        .venv/bin/python bench/imports/import_rate.py --rows 1000000

1. Writes a CSV of N rows in the template's columns (Khmer and Latin names, sex, year of
   birth, village, case, channel and intermediary, dates, crimes, harms).
2. Times the dry run (`jobs.check_now`: reading, the VIF's rules, duplicates in the file
   and in the registry), for information.
3. Times the import job (`jobs.import_now`, which runs `application_import`: reading the
   file again, checking every row, writing every record in one transaction).
4. Reads back, with COPY TO, exactly the rows the import wrote into each table (people,
   names, forms, applications, crimes, harms, the import's links), deletes them, and times
   COPY FROM of those same rows into the same tables, in one transaction, as the baseline.
5. Prints both rates and their ratio (target: the import at least a fifth of COPY's), then
   deletes the rows again (`--keep` leaves the imported ones).

The database must be migrated; reference data (`manage.py load_reference_data`) is used
when present, else the script makes the few rows it needs. Run it on a database of its
own: it deletes what it wrote."""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss.settings.dev")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from vss.accounts.models import Organisation, OrganisationKind, Role, User  # noqa: E402
from vss.applications.models import Application, CrimeSuffered, Harm  # noqa: E402
from vss.applications.models import VictimInformationForm as Form  # noqa: E402
from vss.geo.models import Commune, District, Province, Village  # noqa: E402
from vss.imports import jobs, storage  # noqa: E402
from vss.imports.models import BatchStatus, FileFormat, ImportBatch, ImportedForm  # noqa: E402
from vss.imports.rows import COLUMN_NAMES  # noqa: E402
from vss.people.models import Person, PersonName  # noqa: E402
from vss.proceedings.models import Case, CrimeType  # noqa: E402

FAMILY = [
    ("សុខ", "SOK"), ("ចាន់", "CHAN"), ("ម៉ៅ", "MAO"), ("កែវ", "KEO"), ("ហេង", "HENG"),
    ("លី", "LY"), ("ជា", "CHEA"), ("សៀង", "SIENG"), ("ពេជ្រ", "PECH"), ("យឹម", "YIM"),
    ("ណុប", "NOP"), ("ឈឹម", "CHHIM"), ("ទេព", "TEP"), ("អ៊ុំ", "UM"), ("ស៊ន", "SON"),
]  # fmt: skip
GIVEN = [
    ("ធារ៉ា", "Theara"), ("សុភា", "Sophea"), ("ដារ៉ា", "Dara"), ("ស្រីមុំ", "Sreymom"),
    ("វណ្ណៈ", "Vannak"), ("ផល្លា", "Phalla"), ("សំណាង", "Samnang"), ("បុប្ផា", "Bopha"),
    ("រស្មី", "Reaksmey"), ("ចន្ថា", "Chantha"), ("សុខា", "Sokha"), ("គឹមហុង", "Kimhong"),
    ("ពិសី", "Pisey"), ("វិចិត្រ", "Vichet"), ("ណារី", "Nary"), ("សុផល", "Sophal"),
]  # fmt: skip
# Child tables first: the order rows are deleted in; COPY goes the other way.
TABLES = [ImportedForm, Harm, CrimeSuffered, Application, Form, PersonName, Person]


def reference() -> tuple[User, str, list[str], list[str], str]:
    user, _ = User.objects.get_or_create(username="bench-import", defaults={"role": Role.INTAKE})
    case = Case.objects.filter(accepts_applications=True, is_terminated=False).first()
    if case is None:
        case = Case.objects.create(number="BENCH", title="Bench case")
    villages = list(Village.objects.values_list("code", flat=True)[:2000])
    if not villages:
        province = Province.objects.create(code="12", name_en="Phnom Penh", name_km="ភ្នំពេញ")
        district = District.objects.create(code="1201", name_en="D", name_km="ដ", province=province)
        commune = Commune.objects.create(code="120101", name_en="C", name_km="ឃ", district=district)
        villages = [
            Village.objects.create(
                code=f"120101{i:02d}", name_en=f"V{i}", name_km="ភូមិ", commune=commune
            ).code
            for i in range(1, 21)
        ]
    crimes = list(CrimeType.objects.values_list("code", flat=True)[:6])
    if not crimes:
        crimes = [CrimeType.objects.create(code="bench-crime", category="C", name="Crime").code]
    org, _ = Organisation.objects.get_or_create(
        name="ADHOC", defaults={"acronym": "ADHOC", "kind": OrganisationKind.INTERMEDIARY}
    )
    return user, case.number, villages, crimes, org.acronym or org.name


def write_csv(path: Path, rows: int, seed: int) -> None:
    _user, case, villages, crimes, org = reference()
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMN_NAMES)
        for _ in range(rows):
            family_km, family = rng.choice(FAMILY)
            # Given names of one or two words: some four thousand names in all, so
            # that namesakes are as common as in a registry, not in every row.
            (first_km, first), (second_km, second) = rng.choice(GIVEN), rng.choice(GIVEN)
            given_km, given = (
                (first_km + second_km, first + second.lower())
                if rng.random() < 0.5
                else (first_km, first)
            )
            intermediary = rng.random() < 0.6
            values = {
                "family_name_km": family_km,
                "given_name_km": given_km,
                "family_name_latin": family,
                "given_name_latin": given,
                "sex": rng.choice("FM"),
                "birth_year": str(rng.randint(1920, 1975)),
                "birth_year_margin": str(rng.choice((0, 0, 2, 5))),
                "village_code": rng.choice(villages),
                "case": case,
                "channel": "intermediary" if intermediary else "in_person",
                "intermediary": org if intermediary else "",
                "received_on": f"20{rng.randint(8, 12):02d}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "signature": rng.choice(("signature", "thumbprint")),
                "consent_share_with_court": "yes",
                "consent_contact": rng.choice(("yes", "no")),
                "crimes": ";".join(rng.sample(crimes, rng.randint(1, min(2, len(crimes))))),
                "harms": rng.choice(("physical", "psychological", "physical;material")),
                "account": "",
            }
            writer.writerow([values.get(name, "") for name in COLUMN_NAMES])


def new_batch(user: User, path: Path) -> ImportBatch:
    with open(path, "rb") as handle:
        file_name, size, sha256 = storage.store(iter(lambda: handle.read(1 << 20), b""), "csv")
    return ImportBatch.objects.create(
        uploaded_by=user,
        role=user.role,
        language="en",
        original_name=path.name,
        file_format=FileFormat.CSV,
        file_name=file_name,
        size=size,
        sha256=sha256,
    )


def _where(model: type, batch_id: int) -> str:
    links = f"SELECT form_id FROM {ImportedForm._meta.db_table} WHERE batch_id = {batch_id}"
    applicants = f"SELECT applicant_id FROM {Form._meta.db_table} WHERE id IN ({links})"
    return {
        ImportedForm: f"batch_id = {batch_id}",
        Harm: f"form_id IN ({links})",
        CrimeSuffered: f"form_id IN ({links})",
        Application: f"form_id IN ({links})",
        Form: f"id IN ({links})",
        PersonName: f"person_id IN ({applicants})",
        Person: f"id IN ({applicants})",
    }[model]


def copy_out(batch_id: int) -> dict[type, bytes]:
    data = {}
    with connection.cursor() as cursor:
        for model in TABLES:
            buffer = io.BytesIO()
            sql = f"COPY (SELECT * FROM {model._meta.db_table} WHERE {_where(model, batch_id)}) TO STDOUT"
            with cursor.cursor.copy(sql) as copy:
                for block in copy:
                    buffer.write(block)
            data[model] = buffer.getvalue()
    return data


def delete(batch_id: int) -> None:
    # The forms and people are listed first: the links that lead to them go before them.
    with transaction.atomic(), connection.cursor() as cursor:
        links = f"SELECT form_id FROM {ImportedForm._meta.db_table} WHERE batch_id = {batch_id}"
        cursor.execute(
            "CREATE TEMP TABLE bench_rows ON COMMIT DROP AS SELECT id AS form_id, applicant_id "
            f"FROM {Form._meta.db_table} WHERE id IN ({links})"
        )
        forms = "SELECT form_id FROM bench_rows"
        people = "SELECT applicant_id FROM bench_rows"
        where = {
            ImportedForm: f"batch_id = {batch_id}",
            Harm: f"form_id IN ({forms})",
            CrimeSuffered: f"form_id IN ({forms})",
            Application: f"form_id IN ({forms})",
            Form: f"id IN ({forms})",
            PersonName: f"person_id IN ({people})",
            Person: f"id IN ({people})",
        }
        for model in TABLES:
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE {where[model]}")


def copy_in(data: dict[type, bytes]) -> float:
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for model in reversed(TABLES):
            with cursor.cursor.copy(f"COPY {model._meta.db_table} FROM STDIN") as copy:
                view = memoryview(data[model])
                for offset in range(0, len(view), 1 << 20):
                    copy.write(view[offset : offset + (1 << 20)])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1979)
    parser.add_argument("--no-dry-run", action="store_true", help="skip timing the dry run")
    parser.add_argument("--keep", action="store_true", help="leave the imported rows")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("COPY is PostgreSQL's: set DATABASE_URL to a PostgreSQL database.")
    user = reference()[0]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "legacy.csv"
        start = time.perf_counter()
        write_csv(path, args.rows, args.seed)
        print(
            f"CSV of {args.rows:,} rows ({path.stat().st_size / 1e6:.0f} MB) written in {time.perf_counter() - start:.1f} s"
        )
        batch = new_batch(user, path)
    if args.no_dry_run:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.CHECKED, checked_sha256=batch.sha256, rows_total=args.rows
        )
    else:
        start = time.perf_counter()
        checked = jobs.check_now(batch.pk)
        took = time.perf_counter() - start
        print(
            f"dry run: {took:.1f} s, {args.rows / took:,.0f} rows/s "
            f"({checked.bad_rows} bad rows, {checked.duplicate_rows:,} rows with likely duplicates)"
        )
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.IMPORT_QUEUED, import_requested_by=user
    )
    start = time.perf_counter()
    done = jobs.import_now(batch.pk)
    import_time = time.perf_counter() - start
    assert done.status == BatchStatus.IMPORTED, done.failure
    print(f"import job: {import_time:.1f} s, {args.rows / import_time:,.0f} rows/s")

    data = copy_out(batch.pk)
    counts = {m._meta.db_table: d.count(b"\n") for m, d in data.items()}
    print("rows per table:", ", ".join(f"{t} {n:,}" for t, n in counts.items()))
    delete(batch.pk)
    copy_time = copy_in(data)
    print(f"COPY of the same rows: {copy_time:.1f} s, {args.rows / copy_time:,.0f} rows/s")
    print(f"ratio (import rate / COPY rate): {copy_time / import_time:.2f} (target >= 0.20)")
    if not args.keep:
        delete(batch.pk)
    storage.remove(batch.file_name)


if __name__ == "__main__":
    main()
