#!/usr/bin/env python3
"""Fits the choice between promo, related-link, navigation and other for the blocks our rules
call clutter, on one half of the hand-labelled pages, and reports on the other half against the
rules.

Offline analysis only (numpy, scikit-learn from PyPI); the core keeps plain rules and constants.

    declutter eval <corpus>/readability <corpus>/modern --labels tests/labels/readability.json \\
        --labels tests/labels/modern.json --blocks /tmp/blocks.jsonl
    python3 tests/eval/fit_labels.py /tmp/blocks.jsonl

Halves: modern pages with an even id and every other readability page (sorted by name) against
the rest; each half fits once and reports on the other. A block keeps the rules' label unless the
rules call it promo or related-link; those take the model's choice. Figures are per-label
precision and recall over the held-out half's blocks, as `declutter eval` counts them.
"""
import json
import sys
from collections import Counter

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier, export_text

CLUTTER = ("promo", "related-link")
KINDS = ("promo", "related-link", "navigation", "other")
LANDMARKS = ("nav", "header", "footer", "aside", "form")
TAGS = ("a", "li", "p", "div", "span", "h2", "h3", "h4", "td", "dt", "dd")

blocks = [json.loads(line) for line in open(sys.argv[1])]
rules = sorted({b["rule"] for b in blocks if b["label"] in CLUTTER})


def row(b):
    """The block's features as numbers, and the rule that decided it."""
    f = b["features"]
    c, t = f["class"], f["text"]
    x = {
        "log_len": np.log1p(f["text_len"]),
        "words": min(f["words"], 50),
        "link_density": f["link_density"],
        "group_link_density": f["group_link_density"],
        "sentence_ends": min(f["sentence_ends"], 5),
        "card_siblings": min(f["card_siblings"], 10),
        "weight": c["weight"] / 25,
    }
    for k in ("heading", "in_article", "in_figure", "near_media", "menu_over_related",
              "card_headline_link", "in_page_links"):
        x[k] = float(f[k])
    for k, v in c.items():
        if k != "weight":
            x["class_" + k] = float(v)
    for k, v in t.items():
        x["text_" + k] = float(v)
    for lm in LANDMARKS:
        x["landmark_" + lm] = float(f["landmark"] == lm)
    for tag in TAGS:
        x["tag_" + tag] = float(f["tag"] == tag)
    for r in rules:
        x["rule: " + r] = float(b["rule"] == r)
    return x


def kind(truth):
    return truth if truth in KINDS else "other"


def first_half(page, readability_pages):
    if page.isdigit():
        return int(page) % 2 == 0
    return readability_pages.index(page) % 2 == 0


readability_pages = sorted({b["page"] for b in blocks if not b["page"].isdigit()})
half = np.array([first_half(b["page"], readability_pages) for b in blocks])
names = list(row(blocks[0]).keys())
X = np.array([[row(b)[n] for n in names] for b in blocks])
truth = np.array([b["truth"] for b in blocks])
ours = np.array([b["label"] for b in blocks])
clutter = np.isin(ours, CLUTTER)
y = np.array([kind(t) for t in truth])


def scores(pred, mask):
    out = {}
    for label in CLUTTER:
        p = (pred == label) & mask
        e = (truth == label) & mask
        tp = (p & e).sum()
        out[label] = (tp / max(p.sum(), 1), tp / max(e.sum(), 1))
    return out


def line(name, s):
    return f"  {name:<28} " + "  ".join(
        f"{label} P {p:.3f} R {r:.3f}" for label, (p, r) in s.items())


models = {
    "logistic regression": lambda: LogisticRegression(max_iter=2000, C=1.0),
    "tree, depth 3": lambda: DecisionTreeClassifier(max_depth=3, min_samples_leaf=20,
                                                   random_state=0),
    "tree, depth 5": lambda: DecisionTreeClassifier(max_depth=5, min_samples_leaf=20,
                                                   random_state=0),
}

print(f"{clutter.sum()} blocks the rules call clutter, of {len(blocks)} hand-labelled blocks")
print("truth of those blocks:", dict(Counter(y[clutter])))
for fit_half, name in ((True, "A (modern even, readability 1st, 3rd...)"),
                       (False, "B (modern odd, readability 2nd, 4th...)")):
    train = clutter & (half == fit_half)
    held = half != fit_half
    print(f"\nfit on half {name}, {train.sum()} blocks; held-out half, {held.sum()} blocks:")
    print(line("rules", scores(ours, held)))
    for model_name, make in models.items():
        model = make().fit(X[train], y[train])
        pred = ours.copy()
        pred[clutter & held] = model.predict(X[clutter & held])
        print(line(model_name, scores(pred, held)))
        fitted = ours.copy()
        fitted[train] = model.predict(X[train])
        print(line("  (on its own fit half)", scores(fitted, half == fit_half)))
        if model_name == "tree, depth 3" and "-v" in sys.argv:
            print(export_text(model, feature_names=names))
