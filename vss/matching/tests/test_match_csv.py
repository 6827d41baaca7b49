"""`manage.py match_csv`: a spreadsheet of people in, their clusters out, and on the
console what the run learnt from and chose."""

import csv
import io

from django.core.management import call_command

from .test_engine import synthetic_population, write_spreadsheet


def test_a_spreadsheet_is_clustered_and_the_run_says_what_it_chose(tmp_path):
    records = synthetic_population(seed=4, households=150)
    source = tmp_path / "people.csv"
    with source.open("w", encoding="utf-8", newline="") as stream:
        write_spreadsheet(stream, records)
    output = tmp_path / "clusters.csv"
    console = io.StringIO()
    call_command("match_csv", str(source), str(output), stderr=console)
    with output.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    cluster_of = {row["record_id"]: row["cluster_id"] for row in rows}
    assert set(cluster_of) == {r.record_id for r in records}
    assert set(cluster_of.values()) <= set(cluster_of)
    # Records of one person (the generator's ids: household, person, copy) mostly meet.
    person_of = {r.record_id: r.record_id.rsplit("R", 1)[0] for r in records}
    pairs = [(a, b) for a in person_of for b in person_of if a < b and person_of[a] == person_of[b]]
    joined = sum(cluster_of[a] == cluster_of[b] for a, b in pairs)
    assert pairs and joined >= 0.8 * len(pairs)
    said = console.getvalue()
    assert "duplicate rate" in said and "(learnt)" in said
    assert "threshold" in said and "expected precision" in said
    assert "largest clusters:" in said
