"""Loads a linwasm model into scikit-learn as docs/onnx.md shows, and predicts: used by
test/interchange.test.ts when Debian's python3-sklearn is installed.

    /usr/bin/python3 scripts/sklearn_load.py model.sklearn.json rows.json

model.sklearn.json is what model.toSklearn() or `linwasm export --format sklearn` wrote; rows.json a list of
rows. Prints the predictions as a JSON list.
"""

import json
import sys

import numpy as np
from sklearn.linear_model import LinearRegression


def load(doc):
    """The snippet of docs/onnx.md: a fitted LinearRegression from linwasm's document."""
    model = LinearRegression(fit_intercept=doc.get("fit_intercept", True))
    model.coef_ = np.asarray(doc["coef_"], dtype=np.float64)
    model.intercept_ = float(doc["intercept_"])
    model.n_features_in_ = int(doc["n_features_in_"])
    if doc.get("feature_names_in_"):
        model.feature_names_in_ = np.asarray(doc["feature_names_in_"], dtype=object)
    return model


with open(sys.argv[1]) as f:
    model = load(json.load(f))
with open(sys.argv[2]) as f:
    rows = np.asarray(json.load(f), dtype=np.float64)
print(json.dumps(model.predict(rows).tolist()))
