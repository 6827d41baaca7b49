"""What a matcher gets wrong: its false-positive pairs by the relation of the two true
persons, and its false-negative pairs by what the two records have in common.

    python bench/matching/analyse_errors.py --data bench/matching/data/100k \
        --clusters bench/matching/out/splink/100k/clusters.csv [--examples 5]

Reads records.csv, truth.csv and persons.csv of the data set (persons.csv only exists for
synthetic data) and the matcher's clusters.csv. Pairs are enumerated within predicted
clusters and within true persons, which are small, never over all n² pairs.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import sys
from collections import Counter, defaultdict
from pathlib import Path


def _read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _place(a: str, b: str) -> str:
    if not a or not b:
        return "missing"
    for n, label in ((8, "same village"), (6, "same commune"), (4, "same district")):
        if a[:n] == b[:n]:
            return label
    return "same province" if a[:2] == b[:2] else "elsewhere"


def _scripts(r: dict) -> str:
    latin = bool(r["family_name"] or r["given_name"])
    khmer = bool(r["family_name_km"] or r["given_name_km"])
    return "both" if latin and khmer else "latin" if latin else "khmer" if khmer else "none"


def _latin(r: dict) -> str:
    return "".join(
        ch for ch in (r["family_name"] + "|" + r["given_name"]).upper() if ch.isalpha() or ch == "|"
    )


def _khmer(r: dict) -> str:
    drop = {ord(c): None for c in " \u200b\u200c\u200d"}
    return (r["family_name_km"] + "|" + r["given_name_km"]).translate(drop)


def relation(p: dict, q: dict) -> str:
    """How two different true persons are related."""
    if p["household_id"] == q["household_id"]:
        roles = "/".join(sorted((p["role"], q["role"])))
        same_name = (p["family_name_km"], p["given_name_km"]) == (
            q["family_name_km"],
            q["given_name_km"],
        )
        if same_name:
            roles += " with the same full name"
        elif p["role"] in ("son", "daughter") and q["role"] in ("son", "daughter"):
            gap = abs(int(p["birth_year"]) - int(q["birth_year"]))
            roles += (
                " born the same year"
                if gap == 0
                else f" born {min(gap, 3)}{'+' if gap >= 3 else ''} years apart"
            )
        return "household: " + roles
    place = _place(p["village_code"], q["village_code"])
    if (p["family_name_km"], p["given_name_km"]) == (q["family_name_km"], q["given_name_km"]):
        return f"strangers, same full name, {place}"
    if p["family_name_km"] == q["family_name_km"]:
        return f"strangers, same family name, {place}"
    if p["given_name_km"] == q["given_name_km"]:
        return f"strangers, same given name, {place}"
    if p["family_name_km"] == q["given_name_km"] or p["given_name_km"] == q["family_name_km"]:
        return f"strangers, a family name is the other's given name, {place}"
    return f"strangers, other, {place}"


def fn_kind(a: dict, b: dict) -> str:
    """What two records of one person have in common."""
    scripts = "/".join(sorted((_scripts(a), _scripts(b))))
    parts = [f"scripts {scripts}"]
    if _scripts(a) != "khmer" and _scripts(b) != "khmer":
        parts.append("Latin names equal" if _latin(a) == _latin(b) else "Latin names differ")
    if _scripts(a) != "latin" and _scripts(b) != "latin":
        parts.append("Khmer names equal" if _khmer(a) == _khmer(b) else "Khmer names differ")
    ya, yb = a["birth_year"], b["birth_year"]
    if not ya or not yb:
        parts.append("year missing")
    else:
        d = abs(int(ya) - int(yb))
        parts.append(
            "year equal"
            if d == 0
            else "year +-1..2"
            if d <= 2
            else "year +-3..5"
            if d <= 5
            else "year +-6+"
        )
    parts.append(_place(a["village_code"], b["village_code"]))
    return ", ".join(parts)


def analyse(data: Path, clusters_path: Path, examples: int = 3) -> dict:
    records = {r["record_id"]: r for r in _read(data / "records.csv")}
    person_of = {r["record_id"]: r["person_id"] for r in _read(data / "truth.csv")}
    persons = {p["person_id"]: p for p in _read(data / "persons.csv")}
    cluster_of = {r["record_id"]: r["cluster_id"] for r in _read(clusters_path)}

    by_cluster: dict[str, list[str]] = defaultdict(list)
    for rid, cid in cluster_of.items():
        by_cluster[cid].append(rid)
    by_person: dict[str, list[str]] = defaultdict(list)
    for rid, pid in person_of.items():
        by_person[pid].append(rid)

    fp: Counter = Counter()
    fp_examples: dict[str, list] = defaultdict(list)
    for rids in by_cluster.values():
        for a, b in itertools.combinations(rids, 2):
            pa, pb = person_of[a], person_of[b]
            if pa != pb:
                kind = relation(persons[pa], persons[pb])
                fp[kind] += 1
                if len(fp_examples[kind]) < examples:
                    fp_examples[kind].append((records[a], records[b]))
    fn: Counter = Counter()
    fn_examples: dict[str, list] = defaultdict(list)
    for rids in by_person.values():
        for a, b in itertools.combinations(rids, 2):
            ca, cb = cluster_of.get(a, "s" + a), cluster_of.get(b, "s" + b)
            if ca != cb:
                kind = fn_kind(records[a], records[b])
                fn[kind] += 1
                if len(fn_examples[kind]) < examples:
                    fn_examples[kind].append((records[a], records[b]))
    return {"fp": fp, "fn": fn, "fp_examples": fp_examples, "fn_examples": fn_examples}


def _fmt(r: dict) -> str:
    return (
        f"{r['family_name']} {r['given_name']} / {r['family_name_km']} {r['given_name_km']} "
        f"/ {r['sex'] or '-'} {r['birth_year'] or '----'} {r['village_code'] or '--------'}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="False positives and negatives by kind.")
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--clusters", type=Path, required=True)
    ap.add_argument("--examples", type=int, default=0, help="example pairs per kind")
    ap.add_argument("--top", type=int, default=15, help="kinds shown per table")
    args = ap.parse_args(argv)
    res = analyse(args.data, args.clusters, max(args.examples, 0))
    for key, title in (("fp", "False-positive pairs"), ("fn", "False-negative pairs")):
        total = sum(res[key].values())
        print(f"\n{title}: {total}")
        coarse: Counter = Counter()
        for kind, n in res[key].items():
            coarse[kind.split(",")[0].split(":")[0]] += n
        for kind, n in coarse.most_common():
            print(f"  {n:8d}  {100 * n / total if total else 0:5.1f}%  {kind} (all)")
        print("  by detail:")
        for kind, n in res[key].most_common(args.top):
            print(f"  {n:8d}  {100 * n / total if total else 0:5.1f}%  {kind}")
            for a, b in res[key + "_examples"].get(kind, [])[: args.examples]:
                print(f"              {_fmt(a)}\n            ~ {_fmt(b)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
