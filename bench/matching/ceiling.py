"""Supervised ceiling: a gradient-boosted classifier on the matcher's own candidate pairs,
with rich features, cross-fitted by person (2 folds), clustered as the matcher does.

It reads the truth, which the matcher never does: its F1 bounds what any weighting of the
evidence in these files could reach (RESULTS.md, "Why 1M falls short"). It needs
scikit-learn, which the project does not use; install it beside the project's venv:

    .venv/bin/pip install --target /tmp/sk --no-deps scikit-learn==1.9.1 scipy==1.17.1 \
        joblib threadpoolctl narwhals cloudpickle
    PYTHONPATH=/tmp/sk .venv/bin/python bench/matching/ceiling.py --data bench/matching/data/10k
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench/matching"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss.settings.dev")

import numpy as np  # noqa: E402
from evaluate import pair_metrics  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402

from vss.matching.csvio import read_records  # noqa: E402
from vss.matching.engine.blocking import candidate_pairs  # noqa: E402
from vss.matching.engine.cluster import cluster, connected_components  # noqa: E402
from vss.matching.engine.compare import SimilarityCache, compare  # noqa: E402
from vss.matching.engine.model import train  # noqa: E402
from vss.matching.engine.records import build_record_set  # noqa: E402

T0 = time.perf_counter()


def log(*a):
    print(f"[{time.perf_counter() - T0:7.1f}s]", *a, flush=True)


def pairs_count(sizes):
    sizes = sizes.astype(np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def metrics(labels, person):
    true = pairs_count(np.bincount(person))
    pred = pairs_count(np.bincount(labels))
    both = labels.astype(np.int64) * (person.max() + 1) + person
    _, cnt = np.unique(both, return_counts=True)
    return pair_metrics(true, pred, pairs_count(cnt))


def group_count(*cols):
    """Per record: how many records share all these columns (-1 in any: 0)."""
    key = np.zeros(len(cols[0]), dtype=np.int64)
    bad = np.zeros(len(cols[0]), dtype=bool)
    for c in cols:
        c = np.asarray(c).astype(np.int64)
        bad |= c < 0
        key = key * 1_000_000_007 + c + 1
    _, inv, cnt = np.unique(key, return_inverse=True, return_counts=True)
    out = cnt[inv].astype(np.float32)
    out[bad] = 0
    return out


class Featurizer:
    def __init__(self, records, model, cache):
        self.r, self.model, self.cache = records, model, cache
        r = records
        fam, giv = r.family.astype(np.int64), r.given.astype(np.int64)
        fq = model.frequencies
        self.lf_fam = np.log2(np.maximum(fq[fam], 1e-9)).astype(np.float32)
        self.lf_giv = np.log2(np.maximum(fq[giv], 1e-9)).astype(np.float32)
        fam_c, giv_c = np.where(fam > 0, fam, -1), np.where(giv > 0, giv, -1)
        v = r.village
        self.n_full = np.log2(1 + group_count(fam_c, giv_c))
        self.n_full_dist = np.log2(1 + group_count(fam_c, giv_c, np.where(v >= 0, v // 10000, -1)))
        self.n_full_comm = np.log2(1 + group_count(fam_c, giv_c, np.where(v >= 0, v // 100, -1)))
        self.n_full_vill = np.log2(1 + group_count(fam_c, giv_c, v))
        self.n_fam_vill = np.log2(1 + group_count(fam_c, v))
        self.n_vill = np.log2(1 + group_count(v))
        self.names = None

    def _sim(self, a_lat, a_km, b_lat, b_km):
        s = np.zeros(len(a_lat), dtype=np.float32)
        for x, y in ((a_lat, b_lat), (a_km, b_km), (a_lat, b_km), (a_km, b_lat)):
            both = np.flatnonzero((x > 0) & (y > 0))
            if len(both):
                s[both] = np.maximum(s[both], self.cache.similarity(x[both], y[both]))
        return s

    def __call__(self, i, j):
        r, m = self.r, self.model
        c = compare(r, i, j, self.cache)
        L = c.levels.astype(np.float32)
        w = m.field_weights(c)
        fs = self._sim(r.family_latin[i], r.family_khmer[i], r.family_latin[j], r.family_khmer[j])
        gs = self._sim(r.given_latin[i], r.given_khmer[i], r.given_latin[j], r.given_khmer[j])
        fx = self._sim(r.family_latin[i], r.family_khmer[i], r.given_latin[j], r.given_khmer[j])
        gx = self._sim(r.given_latin[i], r.given_khmer[i], r.family_latin[j], r.family_khmer[j])
        ya, yb = r.birth_year[i].astype(np.float32), r.birth_year[j].astype(np.float32)
        miss_y = (ya < 0) | (yb < 0)
        ydiff = np.where(miss_y, -1, np.abs(ya - yb))
        ymin = np.where(miss_y, np.maximum(ya, yb), np.minimum(ya, yb))
        ymod5 = ((ya > 0) & (ya % 5 == 0)).astype(np.float32) + ((yb > 0) & (yb % 5 == 0))
        va, vb = r.village[i], r.village[j]
        miss_v = (va < 0).astype(np.float32) + (vb < 0)
        vcode_gap = np.where((va < 0) | (vb < 0), -1, np.minimum(np.abs(va - vb), 100))
        both_lat = ((r.family_latin[i] > 0) & (r.family_latin[j] > 0)).astype(np.float32)
        both_km = ((r.family_khmer[i] > 0) & (r.family_khmer[j] > 0)).astype(np.float32)
        sexa = r.sex[i].astype(np.float32)
        sexb = r.sex[j].astype(np.float32)

        def mn(a):
            return np.minimum(a[i], a[j])

        def mx(a):
            return np.maximum(a[i], a[j])

        cols = [
            L[:, 0],
            L[:, 1],
            L[:, 2],
            L[:, 3],
            L[:, 4],
            w[:, 0],
            w[:, 1],
            w[:, 2],
            w[:, 3],
            w[:, 4],
            w.sum(axis=1),
            fs,
            gs,
            fx,
            gx,
            c.swapped.astype(np.float32),
            mn(self.lf_fam),
            mx(self.lf_fam),
            mn(self.lf_giv),
            mx(self.lf_giv),
            mn(self.n_full),
            mx(self.n_full),
            mn(self.n_full_dist),
            mx(self.n_full_dist),
            mn(self.n_full_comm),
            mx(self.n_full_comm),
            mn(self.n_full_vill),
            mx(self.n_full_vill),
            mn(self.n_fam_vill),
            mx(self.n_fam_vill),
            mn(self.n_vill),
            mx(self.n_vill),
            ydiff,
            ymin,
            ymod5,
            miss_v,
            vcode_gap.astype(np.float32),
            both_lat,
            both_km,
            np.maximum(sexa, sexb),
            np.minimum(sexa, sexb),
        ]
        return np.column_stack(cols).astype(np.float32)


NAMES = [
    "lv_fam",
    "lv_giv",
    "lv_year",
    "lv_place",
    "lv_sex",
    "w_fam",
    "w_giv",
    "w_year",
    "w_place",
    "w_sex",
    "w_total",
    "sim_fam",
    "sim_giv",
    "simx_fam",
    "simx_giv",
    "swapped",
    "lf_fam_min",
    "lf_fam_max",
    "lf_giv_min",
    "lf_giv_max",
    "nfull_min",
    "nfull_max",
    "nfulld_min",
    "nfulld_max",
    "nfullc_min",
    "nfullc_max",
    "nfullv_min",
    "nfullv_max",
    "nfamv_min",
    "nfamv_max",
    "nvill_min",
    "nvill_max",
    "ydiff",
    "ymin",
    "ymod5",
    "miss_v",
    "vgap",
    "both_lat",
    "both_km",
    "sex_max",
    "sex_min",
]


def load(data):
    """The records of a population, each one's person, and the matcher's candidate pairs
    and unsupervised model on them."""
    with (data / "records.csv").open(encoding="utf-8", newline="") as s:
        people = read_records(s).records
    records = build_record_set(people)
    truth = {}
    persons = {}
    with (data / "truth.csv").open(encoding="utf-8", newline="") as s:
        rd = csv.reader(s)
        next(rd)
        for rid, pid in rd:
            truth[rid] = persons.setdefault(pid, len(persons))
    person = np.array([truth[x] for x in records.ids], dtype=np.int64)
    log("records", len(records))
    cache = SimilarityCache(records.keys.keys)
    i, j = candidate_pairs(records)
    log("candidates", len(i))
    model = train(records, i, j, cache)
    log("model trained (unsupervised, as features)")
    return records, person, cache, i, j, model


CH = 2_000_000


def feature_matrix(name, feat, i, j):
    # The feature matrix of 1M records (36M pairs) does not fit in memory twice: on disk.
    scratch = ROOT / "bench" / "matching" / "out" / "ceiling"
    scratch.mkdir(parents=True, exist_ok=True)
    X = np.lib.format.open_memmap(
        scratch / f"X_{name}.npy", mode="w+", dtype=np.float32, shape=(len(i), len(NAMES))
    )
    for s in range(0, len(i), CH):
        X[s : s + CH] = feat(i[s : s + CH], j[s : s + CH])
    X.flush()
    log("features", X.shape)
    return X


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--neg", type=int, default=1_500_000, help="negatives sampled per fold")
    ap.add_argument("--iter", type=int, default=300)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument(
        "--cols", default="", help="comma-separated feature indexes to use (default all)"
    )
    ap.add_argument("--save", default="")
    ap.add_argument(
        "--thresholds",
        default="0.3,0.4,0.5,0.6,0.7",
        help="comma-separated thresholds to cluster at (the best is reported)",
    )
    ap.add_argument(
        "--train-on",
        type=Path,
        default=None,
        help="train one classifier on this other population (no person in common with"
        " --data) instead of cross-fitting on --data: for sets with too few true pairs",
    )
    args = ap.parse_args()
    records, person, cache, i, j, model = load(args.data)
    n = len(records)
    y = person[i] == person[j]
    true_pairs = pairs_count(np.bincount(person))
    out = {"records": n, "candidates": len(i), "true_pairs": true_pairs}
    out["true_pairs_in_candidates"] = int(y.sum())
    out["blocking_recall"] = float(y.sum() / true_pairs)
    lab = connected_components(n, i[y], j[y])
    out["perfect_classifier_on_candidates"] = metrics(lab, person)
    log(
        "blocking recall",
        out["blocking_recall"],
        "perfect+closure",
        out["perfect_classifier_on_candidates"]["recall"],
    )

    feat = Featurizer(records, model, cache)
    rng = np.random.default_rng(7)
    fold_of_person = rng.integers(0, 2, size=person.max() + 1)
    fold = fold_of_person[person]
    X = feature_matrix(args.data.name, feat, i, j)
    fi, fj = fold[i], fold[j]
    cols = [int(c) for c in args.cols.split(",")] if args.cols else list(range(len(NAMES)))
    cat = [k for k, c in enumerate(cols) if c < 5]

    def fit(X, y, inside, seed):
        pos = inside[y[inside]]
        neg = inside[~y[inside]]
        take = min(args.neg, len(neg))
        negs = rng.choice(neg, size=take, replace=False)
        rows = np.sort(np.r_[pos, negs])
        wts = np.where(y[rows], 1.0, len(neg) / take)
        clf = HistGradientBoostingClassifier(
            max_iter=args.iter,
            learning_rate=0.1,
            max_leaf_nodes=63,
            min_samples_leaf=40,
            l2_regularization=1.0,
            categorical_features=cat or None,
            early_stopping=False,
            random_state=seed,
        )
        clf.fit(X[rows][:, cols], y[rows], sample_weight=wts)
        log("classifier", seed, "trained on", len(rows), "pos", len(pos))
        return clf

    if args.train_on:
        # No person of --data is in the training population: one classifier scores all.
        t_records, t_person, t_cache, ti, tj, t_model = load(args.train_on)
        tX = feature_matrix(args.train_on.name, Featurizer(t_records, t_model, t_cache), ti, tj)
        ty = t_person[ti] == t_person[tj]
        clf = fit(tX, ty, np.arange(len(ti)), 0)
        models = [clf, clf]
        out["trained_on"] = {
            "data": str(args.train_on),
            "records": len(t_records),
            "true_pairs_in_candidates": int(ty.sum()),
        }
    else:
        models = [fit(X, y, np.flatnonzero((fi == k) & (fj == k)), k) for k in (0, 1)]

    def predict_logit(Xc, which):
        p = np.empty(len(Xc), dtype=np.float64)
        for k in (0, 1):
            sel = which == k
            if sel.any():
                d = models[k].decision_function(Xc[sel][:, cols])  # natural log-odds
                p[sel] = d / np.log(2)
        return p

    # A pair is scored by the model that never saw either record's person in training:
    # pairs touching fold 1 by the model of fold 0, pairs inside fold 0 by that of fold 1.
    which = np.where((fi == 0) & (fj == 0), 1, 0)
    logit = np.empty(len(i), dtype=np.float64)
    for s in range(0, len(i), CH):
        logit[s : s + CH] = predict_logit(X[s : s + CH], which[s : s + CH])
    log("predicted")
    prob = 1 / (1 + np.exp2(-logit))
    if args.save:
        np.savez(
            args.save,
            i=i,
            j=j,
            y=y,
            logit=logit,
            fs=X[:, 10] + model.prior_weight,
            fold=fold,
            person=person,
        )

    def score(a, b):
        res = np.empty(len(a))
        for s in range(0, len(a), CH):
            aa, bb = a[s : s + CH], b[s : s + CH]
            res[s : s + CH] = predict_logit(
                feat(aa, bb), np.where((fold[aa] == 0) & (fold[bb] == 0), 1, 0)
            )
        return res

    sweep = {}
    for t in (float(x) for x in args.thresholds.split(",")):
        sel = prob >= t
        # pairwise, before clustering
        pm = pair_metrics(true_pairs, int(sel.sum()), int((sel & y).sum()))
        labels = cluster(n, i, j, prob, t, score=score)
        cm = metrics(labels, person)
        sweep[t] = {
            "pairs": {k: pm[k] for k in ("precision", "recall", "f1")},
            "clustered": {k: cm[k] for k in ("precision", "recall", "f1")},
        }
        # the held-out persons only (both folds): metrics over fold 1 records alone
        log(
            "t",
            t,
            f"pairs F1 {pm['f1']:.4f}",
            f"clustered P {cm['precision']:.4f} R {cm['recall']:.4f} F1 {cm['f1']:.4f}",
        )
    out["sweep"] = {str(k): v for k, v in sweep.items()}
    imp = {}
    out["best_clustered_f1"] = max(v["clustered"]["f1"] for v in sweep.values())
    log(json.dumps(out, indent=1))
    if args.out:
        args.out.write_text(json.dumps(out, indent=1))
    del imp


if __name__ == "__main__":
    main()
