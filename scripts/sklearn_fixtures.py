"""Generate test/fixtures/sklearn_diabetes.json: scikit-learn reference fits.

These are the independent reference values the exact (normal-equations)
solver is tested against. For each dataset (data/diabetes.csv,
data/diabetes_raw.csv), l2, fitIntercept and standardize it records the
coefficients (original units), intercept, training R², MSE and objective.

Objective: (1/n)·Σ(x_i·w + b − y_i)² + l2·‖w‖² (b not penalized), i.e.
Ridge(alpha=l2·n) for l2 > 0 and LinearRegression() for l2 == 0.
standardize=True means Pipeline([StandardScaler(), model]); the penalty then
applies to the standardized weights, and coefficients are converted back.
Without an intercept the scaler only scales (with_mean=False), so that the
model stays a line through the origin in original units, as linwasm does.

Run (needs Debian's python3-sklearn: `apt-get install -y python3-sklearn`):

    /usr/bin/python3 scripts/sklearn_fixtures.py

The output file is committed; rerun only to regenerate it.
"""
import json
import platform
from pathlib import Path

import numpy as np
import sklearn
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "sklearn_diabetes.json"
DATASETS = ["diabetes", "diabetes_raw"]
L2S = [0, 0.0001, 0.01, 1.0]


def load(name):
    path = ROOT / "data" / f"{name}.csv"
    header = path.read_text().splitlines()[0].split(",")
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    assert header[-1] == "target"
    return header[:-1], data[:, :-1], data[:, -1]


def fit_case(dataset, X, y, l2, fit_intercept, standardize):
    n = X.shape[0]
    alpha = l2 * n
    if l2 == 0:
        model = LinearRegression(fit_intercept=fit_intercept)
    else:
        model = Ridge(alpha=alpha, fit_intercept=fit_intercept, solver="svd")
    scaler = StandardScaler(with_mean=fit_intercept)
    steps = ([("scaler", scaler)] if standardize else []) + [("model", model)]
    pipe = Pipeline(steps).fit(X, y)
    pred = pipe.predict(X)

    w_fitted = model.coef_.astype(np.float64)
    b_fitted = float(model.intercept_) if fit_intercept else 0.0
    if standardize:
        coef = w_fitted / scaler.scale_
        intercept = b_fitted - (float(np.dot(scaler.mean_, coef)) if fit_intercept else 0.0)
    else:
        coef, intercept = w_fitted, b_fitted

    # The original-units model must reproduce the sklearn predictions.
    own = X @ coef + intercept
    err = np.max(np.abs(own - pred))
    assert err <= 1e-8 * np.max(np.abs(pred)), (dataset, l2, fit_intercept, standardize, err)

    mse = float(mean_squared_error(y, pred))
    return {
        "dataset": dataset,
        "l2": l2,
        "fitIntercept": fit_intercept,
        "standardize": standardize,
        "alpha": alpha,
        "coef": [float(c) for c in coef],
        "intercept": intercept,
        "r2": float(r2_score(y, pred)),
        "mse": mse,
        "objective": mse + l2 * float(np.dot(w_fitted, w_fitted)),
    }


def main():
    cases, names = [], None
    for dataset in DATASETS:
        feature_names, X, y = load(dataset)
        assert X.shape == (442, 10), X.shape
        assert names in (None, feature_names)
        names = feature_names
        for l2 in L2S:
            for fit_intercept in (True, False):
                for standardize in (True, False):
                    cases.append(fit_case(dataset, X, y, l2, fit_intercept, standardize))

    out = {
        "generatedBy": "scripts/sklearn_fixtures.py",
        "sklearnVersion": sklearn.__version__,
        "numpyVersion": np.__version__,
        "pythonVersion": platform.python_version(),
        "nSamples": 442,
        "nFeatures": 10,
        "featureNames": names,
        "cases": cases,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
