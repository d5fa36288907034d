#!/usr/bin/env python3
"""Writes tests/eval/gates.json from the figures of a `declutter eval --json` run.

    declutter eval <corpus>/readability <corpus>/modern --labels ... --json /tmp/figures.json
    python3 tests/eval/set_gates.py /tmp/figures.json

Each gated figure is bounded at its measured level, less a small tolerance for float noise: a
change that makes any of them worse fails CI, so the figures can only improve. Run it after an
improvement to raise the bar. A bound never moves back: where a figure fell within its
tolerance, the bound already in gates.json stays.
"""
import json
import math
import sys

HIGHER = [  # higher is better
    "readability.all-stories.f1", "readability.all-stories.reader_f1",
    "modern.all-stories.f1", "modern.all-stories.reader_f1", "modern.all-stories.with",
    "modern.all-stories.without", "modern.all-stories.story",
    "modern.all-non-stories.untouched",
    "labels.article.recall", "labels.article.precision",
    "labels.caption.precision", "labels.promo.precision", "labels.related-link.precision",
    "labels.promo.recall", "labels.related-link.recall", "labels.caption.recall",
    "labels.promo.hidden", "labels.related-link.hidden",
]
LOWER = [  # lower is better
    "readability.all-stories.hidden_mean",
    "modern.all-stories.hidden_mean", "modern.all-stories.hidden_over_5pct",
    "modern.all-non-stories.hidden_mean", "modern.all-non-stories.hidden_over_1pct",
    "modern.all-non-stories.hidden_over_5pct", "modern.all-non-stories.story",
    "labels.article.hidden", "labels.caption.hidden",
]
TOLERANCE = 0.002

GATES = "tests/eval/gates.json"
figures = json.load(open(sys.argv[1]))
try:
    old = json.load(open(GATES))
except FileNotFoundError:
    old = {}
gates = {}
for name in HIGHER:
    bound = math.floor((figures[name] - TOLERANCE) * 10000) / 10000
    gates[name] = {"min": max(bound, old.get(name, {}).get("min", bound))}
for name in LOWER:
    v = figures[name]
    # Counts of pages are exact; shares get the tolerance.
    bound = v if name.endswith("pct") else math.ceil((v + TOLERANCE) * 10000) / 10000
    gates[name] = {"max": min(bound, old.get(name, {}).get("max", bound))}
with open(GATES, "w") as f:
    json.dump(dict(sorted(gates.items())), f, indent=2)
    f.write("\n")
print(f"wrote {len(gates)} gates to {GATES}")
