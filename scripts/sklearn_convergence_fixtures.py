"""Generate test/fixtures/sklearn_convergence.json: the references of issue 12's "right by default" points.

Datasets (numpy default_rng(20261202); values rounded to 12 significant digits and stored, so the tests
read them as they are; the fits below use the stored values):
- "correlated": 400 rows, 6 features in three strongly correlated pairs (x1 = x0 + 0.05·N, x3 = x2 + 0.05·N,
  x5 = 0.8·x4 + 0.2·N), y = X·[2, −1, 0.5, 1, −1.5, 0.7] + 3 + N(0, 1). Reference: ordinary least squares
  (scikit-learn's LinearRegression), its training MSE — the optimum of linwasm's objective with l2 = 0, whatever
  the scaling of the features. And Lasso with alpha = 0.5 on StandardScaler(X) (as "sparse" below).
- "sparse": 200 rows, 40 features ~ N(0, 1) with pairwise correlation 0.3, y depends on the first 15
  (coefficients 3, −2.5, 2, …) + N(0, 2). Reference: Lasso on StandardScaler(X) with alpha = 0.05 (scikit-learn,
  tol 1e-12), its coefficients (standardized units), the indices of the exact zeros, and the objective
  (1/(2n))·‖y − Zw − b‖² + alpha·‖w‖₁. linwasm's objective is twice it with l1 = 2·alpha.
- "optimal": 30 rows × 3 features (y = X·[2, −1, 0.5] + 1 + N(0, 0.3²)), standardized (StandardScaler);
  SGDRegressor(learning_rate='optimal', alpha=0.05, penalty='l2', tol=None, max_iter=1000) for random_state
  0..9: the relative excess of its objective (1/(2n))·‖r‖² + (alpha/2)·‖w‖² over the ridge optimum (linwasm's
  objective with l2 = alpha is twice it). Also the same on the standardized diabetes data with alpha 0.01
  (issue 12's example), where this scikit-learn does not recover either.

Run (Debian's python3-sklearn): /usr/bin/python3 scripts/sklearn_convergence_fixtures.py
"""
import json
import warnings
import platform
from pathlib import Path

import numpy as np
import sklearn
from sklearn.linear_model import Lasso, LinearRegression, Ridge, SGDRegressor
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "sklearn_convergence.json"
rng = np.random.default_rng(20261202)


def round12(a):
    return np.array([float(f"{v:.12g}") for v in np.ravel(a)]).reshape(np.shape(a))


def correlated():
    n = 400
    x0, x2, x4 = rng.normal(size=n), rng.normal(size=n), rng.normal(size=n)
    X = np.column_stack(
        [x0, x0 + 0.05 * rng.normal(size=n), x2, x2 + 0.05 * rng.normal(size=n), x4, 0.8 * x4 + 0.2 * rng.normal(size=n)]
    )
    y = X @ np.array([2, -1, 0.5, 1, -1.5, 0.7]) + 3 + rng.normal(size=n)
    X, y = round12(X), round12(y)
    ols = LinearRegression().fit(X, y)
    mse = float(np.mean((y - ols.predict(X)) ** 2))
    lasso = lasso_reference(X, y, 0.5)
    return {
        "X": X.tolist(),
        "y": y.tolist(),
        "olsCoef": ols.coef_.tolist(),
        "olsIntercept": float(ols.intercept_),
        "olsMse": mse,
        "lasso": lasso,
    }


def lasso_reference(X, y, alpha):
    """Lasso on StandardScaler(X): coefficients (standardized units), exact zeros, objective."""
    n = len(y)
    Z = StandardScaler().fit_transform(X)
    lasso = Lasso(alpha=alpha, tol=1e-12, max_iter=1_000_000).fit(Z, y)
    r = y - lasso.predict(Z)
    return {
        "alpha": alpha,
        "coef": lasso.coef_.tolist(),
        "intercept": float(lasso.intercept_),
        "zeros": [int(j) for j in np.flatnonzero(lasso.coef_ == 0)],
        "objective": float(np.sum(r**2) / (2 * n) + alpha * np.sum(np.abs(lasso.coef_))),
    }


def sparse():
    n, d = 200, 40
    C = 0.3 * np.ones((d, d)) + 0.7 * np.eye(d)
    X = rng.multivariate_normal(np.zeros(d), C, size=n)
    beta = np.zeros(d)
    beta[:15] = [3, -2.5, 2, -1.5, 1.2, -1, 0.8, -0.7, 0.6, -0.5, 0.4, -0.35, 0.3, -0.25, 0.2]
    y = X @ beta + 1 + 2 * rng.normal(size=n)
    X, y = round12(X), round12(y)
    Z = StandardScaler().fit_transform(X)
    alpha = 0.05
    lasso = Lasso(alpha=alpha, tol=1e-12, max_iter=1_000_000).fit(Z, y)
    r = y - lasso.predict(Z)
    objective = float(np.sum(r**2) / (2 * n) + alpha * np.sum(np.abs(lasso.coef_)))
    zeros = [int(j) for j in np.flatnonzero(lasso.coef_ == 0)]
    return {
        "X": X.tolist(),
        "y": y.tolist(),
        "alpha": alpha,
        "lassoCoef": lasso.coef_.tolist(),
        "lassoIntercept": float(lasso.intercept_),
        "zeros": zeros,
        "objective": objective,
    }


def sgd_optimal_excess(Z, y, alpha, seeds):
    """The excess (relative) of SGDRegressor('optimal')'s objective over the ridge optimum, per seed."""
    n = len(y)

    def objective(coef, intercept):
        r = y - Z @ coef - intercept
        return float(np.sum(r**2) / (2 * n) + alpha / 2 * np.sum(coef**2))

    # sklearn's SGD l2 objective (1/n)·Σ½r² + (alpha/2)·‖w‖² is Ridge with alpha_ridge = alpha·n.
    ridge = Ridge(alpha=alpha * n).fit(Z, y)
    best = objective(ridge.coef_, ridge.intercept_)
    out = []
    for seed in seeds:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sgd = SGDRegressor(learning_rate="optimal", alpha=alpha, penalty="l2", tol=None, max_iter=1000, random_state=seed)
            sgd.fit(Z, y)
        out.append(objective(sgd.coef_, sgd.intercept_) / best - 1)
    return out


def optimal():
    # Small data: 30 rows, so that 'optimal''s overshoot (its first ~100 steps for alpha 0.05 are above the
    # stable step) spans several epochs, after which the schedule recovers.
    n = 30
    X = round12(rng.normal(size=(n, 3)))
    y = round12(X @ np.array([2, -1, 0.5]) + 1 + 0.3 * rng.normal(size=n))
    Z = StandardScaler().fit_transform(X)
    alpha = 0.05
    excess = sgd_optimal_excess(Z, y, alpha, range(10))
    # The case (diabetes standardized, alpha 0.01): recorded to show what scikit-learn does here.
    data = np.loadtxt(ROOT / "data" / "diabetes.csv", delimiter=",", skiprows=1)
    D = StandardScaler().fit_transform(data[:, :-1])
    diabetes = sgd_optimal_excess(D, data[:, -1], 0.01, range(5))
    return {
        "X": X.tolist(),
        "y": y.tolist(),
        "alpha": alpha,
        "sgdRelativeExcess": excess,
        "diabetesAlpha001RelativeExcess": diabetes,
    }


def main():
    out = {
        "generator": "scripts/sklearn_convergence_fixtures.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "correlated": correlated(),
        "sparse": sparse(),
        "optimal": optimal(),
    }
    OUT.write_text(json.dumps(out) + "\n")
    o = out["optimal"]
    print(f"wrote {OUT.relative_to(ROOT)}: sparse zeros {len(out['sparse']['zeros'])}; 'optimal' excess {['%.1e' % e for e in o['sgdRelativeExcess']]}, diabetes alpha 0.01 {['%.1e' % e for e in o['diabetesAlpha001RelativeExcess']]}")


if __name__ == "__main__":
    main()
