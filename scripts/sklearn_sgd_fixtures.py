"""Generate test/fixtures/sklearn_sgd.json: scikit-learn SGDRegressor and Lasso reference fits.

These are the reference values linwasm's stochastic-gradient options are tested against.

Datasets (both described under "datasets", so the tests need not regenerate anything):
- "diabetes": data/diabetes.csv (442×10, features already scaled, target unscaled, std ≈ 77). Only
  its name and shape are stored; the tests read the CSV themselves.
- "outliers": synthetic, numpy default_rng(20261129): 400 rows, 5 features ~ N(0, 1),
  y = X·[3, −2, 1.5, 0, 0.5] + 4 + N(0, 0.5²); every 10th row (indices 9, 19, …, 399, listed in
  "outlierRows") gets +40 added to y (one-sided gross outliers). A clean test set of 400 rows from
  the same model, without outliers, follows from the same generator. All values are rounded to 12
  significant digits and stored; the fits below use the stored (rounded) values.

SGD cases: SGDRegressor(fit_intercept=True, shuffle=True, random_state=0, tol=None,
early_stopping=False, average=False) ("fixed") unless a case's "params" say otherwise; with tol=None
every fit runs exactly max_iter epochs. Each case records the parameters, coef_, intercept_, t_, n_iter_,
training R² and MSE (and R² on the clean test set for "outliers"), and whether a ConvergenceWarning
was emitted. The early-stopping case also records the validation rows and the validation R² after every epoch
(sklearn 1.2.1 has no validation_scores_ attribute; the scores are captured by wrapping the
validation callback). Those scores are computed by sklearn from coef / wscale, the weights without
the pending l2 shrink factor (lastEpochWeightScale = wscale at the last epoch); validationR2Final is
the true validation R² of the fitted model.

Lasso cases: sklearn.linear_model.Lasso(fit_intercept=True, max_iter=100000, tol=1e-10) on diabetes,
which minimises (1/(2n))·‖y − Xw − b‖² + alpha·‖w‖₁; records coef_, intercept_, the indices of the
exactly-zero coefficients, R², MSE and that objective.

"scheduleChecks" holds tiny experiments (one feature, shuffle=False) that pin down sklearn's step
sizes, its counter t and its averaging, each compared with a hand-written replay; "notes" sums them up.

Run (needs Debian's python3-sklearn: `apt-get install -y python3-sklearn`):

    /usr/bin/python3 scripts/sklearn_sgd_fixtures.py

The output is written already formatted the way `biome check` expects. The output file is
committed; rerun only to regenerate it.
"""
import json
import math
import platform
import warnings
from pathlib import Path

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Lasso, SGDRegressor
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.model_selection import ShuffleSplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "sklearn_sgd.json"

SEED = 20261129
TRUE_COEF = [3.0, -2.0, 1.5, 0.0, 0.5]
TRUE_INTERCEPT = 4.0

# Fixed for every SGD case unless its params say otherwise.
BASE = {
    "fit_intercept": True,
    "shuffle": True,
    "random_state": 0,
    "tol": None,
    "early_stopping": False,
    "average": False,
}
# sklearn's defaults for the parameters a case may leave out.
DEFAULTS = {
    "loss": "squared_error",
    "penalty": "l2",
    "alpha": 0.0001,
    "l1_ratio": 0.15,
    "learning_rate": "invscaling",
    "eta0": 0.01,
    "power_t": 0.25,
    "epsilon": 0.1,
    "max_iter": 200,
}
# Recorded in every case's params (sklearn's parameter names).
PARAM_KEYS = [
    "loss", "penalty", "alpha", "l1_ratio", "learning_rate", "eta0", "power_t", "epsilon", "average", "max_iter",
]


SEEDS = 5


def round12(a):
    return np.array([float(f"{v:.12g}") for v in np.ravel(a)]).reshape(np.shape(a))


def load_diabetes():
    path = ROOT / "data" / "diabetes.csv"
    header = path.read_text().splitlines()[0].split(",")
    assert header[-1] == "target"
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    X, y = data[:, :-1], data[:, -1]
    assert X.shape == (442, 10), X.shape
    return X, y


def make_outliers():
    rng = np.random.default_rng(SEED)
    n, d = 400, 5
    coef = np.array(TRUE_COEF)
    X = rng.standard_normal((n, d))
    y = X @ coef + TRUE_INTERCEPT + rng.normal(0.0, 0.5, n)
    outlier_rows = np.arange(9, n, 10)
    y[outlier_rows] += 40.0
    X_test = rng.standard_normal((n, d))
    y_test = X_test @ coef + TRUE_INTERCEPT + rng.normal(0.0, 0.5, n)
    return round12(X), round12(y), round12(X_test), round12(y_test), outlier_rows


def floats(a):
    return [float(v) + 0.0 for v in np.ravel(a)]  # + 0.0 turns -0.0 into 0.0


def sgd_case(case_id, group, dataset, data, **params):
    X, y, X_test, y_test = data
    p = {**DEFAULTS, **BASE, **params}
    captured, last = [], []
    model = SGDRegressor(**p)
    if p["early_stopping"]:
        # sklearn 1.2.1 keeps no validation_scores_; record what its callback returns per epoch.
        make_cb = model._make_validation_score_cb

        def capturing_cb(*args, **kwargs):
            cb = make_cb(*args, **kwargs)

            def score(coef, intercept):
                s = cb(coef, intercept)
                captured.append(float(s))
                last[:] = [np.array(coef, dtype=np.float64), float(intercept)]
                return s

            return score

        model._make_validation_score_cb = capturing_cb
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(X, y)
    warned = any(issubclass(w.category, ConvergenceWarning) for w in caught)
    others = [str(w.message) for w in caught if not issubclass(w.category, ConvergenceWarning)]
    assert not others, (case_id, others)

    coef = model.coef_.astype(np.float64)
    intercept = float(model.intercept_[0])
    assert np.all(np.isfinite(coef)) and math.isfinite(intercept), case_id
    pred = model.predict(X)
    assert np.all(np.isfinite(pred)), case_id
    # The stored model must reproduce sklearn's predictions.
    assert np.max(np.abs(X @ coef + intercept - pred)) <= 1e-9 * max(1.0, np.max(np.abs(pred))), case_id

    r2 = float(r2_score(y, pred))
    case = {
        "id": case_id,
        "group": group,
        "dataset": dataset,
        "params": {k: p[k] for k in PARAM_KEYS},
        "coef": floats(coef),
        "intercept": intercept,
        "t": float(model.t_),
        "nIter": int(model.n_iter_),
        "r2": r2,
        "mse": float(mean_squared_error(y, pred)),
    }
    if X_test is not None:
        case["testR2"] = float(r2_score(y_test, model.predict(X_test)))
    # Parameters outside PARAM_KEYS only when the case sets them (the rest are in "fixed").
    for k in ("tol", "early_stopping", "validation_fraction", "n_iter_no_change"):
        if k in params:
            case["params"][k] = p[k]
    if p["early_stopping"]:
        assert len(captured) == model.n_iter_, (len(captured), model.n_iter_)
        # sklearn 1.2.1 hands the callback its raw weight buffer without the pending l2 scale factor
        # (WeightVector.wscale), i.e. coef / wscale: the scores that decide when to stop are those of
        # slightly inflated weights. The model itself keeps the last epoch's (scaled) weights, not the
        # best-scoring ones, and the intercept is passed unscaled (correctly).
        ratio = last[0] / coef
        assert np.allclose(ratio, ratio[0], rtol=1e-12, atol=0) and ratio[0] >= 1.0, (case_id, ratio)
        assert last[1] == intercept, case_id
        val = ShuffleSplit(test_size=p["validation_fraction"], random_state=p["random_state"])
        val_rows = np.sort(next(val.split(np.zeros((X.shape[0], 1))))[1])
        raw_score = r2_score(y[val_rows], X[val_rows] @ last[0] + intercept)
        assert abs(raw_score - captured[-1]) <= 1e-12, (raw_score, captured[-1])
        case["validationRows"] = [int(i) for i in val_rows]
        case["validationScores"] = captured
        case["lastEpochWeightScale"] = float(1.0 / ratio[0])
        case["validationR2Final"] = float(r2_score(y[val_rows], pred[val_rows]))
        case["hasValidationScoresAttr"] = hasattr(model, "validation_scores_")
    # Blown up (not merely slow): training MSE beyond 100 × the variance of y.
    case["diverged"] = bool(case["mse"] > 100 * float(np.var(y)))
    if not case["diverged"]:
        # One row order gives one sample of a noisy last iterate (a constant step ends at its noise
        # floor): the R² of random_state 0 … SEEDS−1 too, so that tests can compare means.
        r2s, test_r2s = [], []
        for rs in range(SEEDS):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                m = SGDRegressor(**{**p, "random_state": rs}).fit(X, y)
            r2s.append(float(r2_score(y, m.predict(X))))
            if X_test is not None:
                test_r2s.append(float(r2_score(y_test, m.predict(X_test))))
        case["r2Seeds"] = r2s
        if X_test is not None:
            case["testR2Seeds"] = test_r2s
    case["warning"] = warned
    if p["tol"] is None:
        assert model.n_iter_ == p["max_iter"], case_id
    # t_ counts every row of X per epoch, validation rows included.
    assert model.t_ == X.shape[0] * model.n_iter_ + 1, (case_id, model.t_)
    return case


def sgd_cases(diabetes, outliers):
    cases = []
    dia = ("diabetes", diabetes)
    out = ("outliers", outliers)

    def add(case_id, group, ds, **params):
        cases.append(sgd_case(case_id, group, ds[0], ds[1], **params))

    # Every learning-rate schedule (squared_error, l2, max_iter 200).
    add("schedule-constant", "schedule", dia, learning_rate="constant", eta0=0.01)
    add("schedule-invscaling", "schedule", dia, learning_rate="invscaling", eta0=0.1, power_t=0.25)
    add("schedule-optimal", "schedule", dia, learning_rate="optimal", alpha=1e-3)
    # adaptive needs a tolerance to adapt (with tol=None it is 'constant'): sklearn's default 1e-3.
    add("schedule-adaptive", "schedule", dia, learning_rate="adaptive", eta0=0.1, tol=1e-3, n_iter_no_change=5,
        max_iter=1000)
    # Extra: 'optimal' with alpha 1e-3 diverges on this unscaled target; 1e-2 stays finite.
    add("schedule-optimal-alpha0.01", "schedule", dia, learning_rate="optimal", alpha=1e-2)

    # Penalties (invscaling eta0 0.1).
    inv = {"learning_rate": "invscaling", "eta0": 0.1}
    add("penalty-l2-0.001", "penalty", dia, penalty="l2", alpha=1e-3, **inv)
    add("penalty-l1-0.001", "penalty", dia, penalty="l1", alpha=1e-3, **inv)
    add("penalty-l1-0.1", "penalty", dia, penalty="l1", alpha=0.1, **inv)
    add("penalty-elasticnet-0.01", "penalty", dia, penalty="elasticnet", alpha=1e-2, l1_ratio=0.5, **inv)
    add("penalty-none", "penalty", dia, penalty=None, **inv)

    # Losses (invscaling; eta0 0.1 on diabetes, 0.01 on outliers; l2 alpha 1e-4).
    add("loss-squared_error", "loss", dia, loss="squared_error", **inv)
    for eps in (0.1, 1.0, 10.0):
        add(f"loss-huber-{eps}", "loss", dia, loss="huber", epsilon=eps, **inv)
    for eps in (0.1, 10.0):
        add(f"loss-epsilon_insensitive-{eps}", "loss", dia, loss="epsilon_insensitive", epsilon=eps, **inv)
    inv_out = {"learning_rate": "invscaling", "eta0": 0.01}
    add("outliers-squared_error", "loss", out, loss="squared_error", **inv_out)
    add("outliers-huber-1.35", "loss", out, loss="huber", epsilon=1.35, **inv_out)
    add("outliers-epsilon_insensitive-0.1", "loss", out, loss="epsilon_insensitive", epsilon=0.1, **inv_out)

    # Averaging.
    add("average-constant", "average", dia, average=True, learning_rate="constant", eta0=0.01)
    add("average-invscaling", "average", dia, average=True, learning_rate="invscaling", eta0=0.1)

    # Adaptive with early stopping on a 10% validation split ("schedule-adaptive" watches the
    # training loss). With tol=None eta would never be reduced.
    stop = {"learning_rate": "adaptive", "eta0": 0.1, "tol": 1e-3, "n_iter_no_change": 5, "max_iter": 1000}
    add("adaptive-early-stopping", "earlyStopping", dia, early_stopping=True, validation_fraction=0.1, **stop)
    return cases


def lasso_cases(X, y):
    cases = []
    n = X.shape[0]
    for alpha in (0.1, 0.5, 1.0, 2.0):
        model = Lasso(alpha=alpha, fit_intercept=True, max_iter=100000, tol=1e-10)
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConvergenceWarning)
            model.fit(X, y)
        coef = model.coef_.astype(np.float64)
        intercept = float(model.intercept_)
        pred = model.predict(X)
        resid = y - pred
        cases.append(
            {
                "dataset": "diabetes",
                "alpha": alpha,
                "coef": floats(coef),
                "intercept": intercept,
                "zeroIndices": [int(i) for i in np.flatnonzero(coef == 0.0)],
                "r2": float(r2_score(y, pred)),
                "mse": float(mean_squared_error(y, pred)),
                "objective": float(resid @ resid / (2 * n) + alpha * np.sum(np.abs(coef))),
                "nIter": int(model.n_iter_),
            }
        )
    return cases


def fit1(X, y, **params):
    p = {"fit_intercept": False, "shuffle": False, "tol": None, "penalty": None, "random_state": 0, **params}
    model = SGDRegressor(**p).fit(np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64))
    return model


def schedule_checks():
    checks = {}

    # 1. 'optimal': first step eta_1 = 1/(alpha·(t0 + t − 1)) at t = 1 with t0 = 1/(alpha·typw),
    #    typw = sqrt(1/sqrt(alpha)), i.e. eta_1 = typw. One sample x = 1, y = 1, w0 = 0: the residual
    #    p − y = −1, so squared_error and huber with epsilon ≥ 1 give w1 = eta_1 and huber with
    #    epsilon = 0.1 gives w1 = 0.1·eta_1. A second epoch on the same sample checks eta_2.
    rows = []
    for loss, eps in (("squared_error", 0.1), ("huber", 1.35), ("huber", 0.1)):
        dloss = -1.0 if loss == "squared_error" or eps >= 1.0 else -eps
        for alpha in (1e-4, 1e-3, 1e-2, 0.1):
            typw = math.sqrt(1.0 / math.sqrt(alpha))
            t0 = 1.0 / (alpha * typw)
            eta1 = 1.0 / (alpha * (t0 + 1 - 1))
            eta2 = 1.0 / (alpha * (t0 + 2 - 1))
            m1 = fit1([[1.0]], [1.0], loss=loss, epsilon=eps, alpha=alpha, learning_rate="optimal", max_iter=1)
            m2 = fit1([[1.0]], [1.0], loss=loss, epsilon=eps, alpha=alpha, learning_rate="optimal", max_iter=2)
            w1 = -eta1 * dloss
            r = w1 - 1.0
            d2 = r if loss == "squared_error" or abs(r) <= eps else math.copysign(eps, r)
            w2 = w1 - eta2 * d2
            assert abs(m1.coef_[0] - w1) <= 1e-12 * abs(w1), (loss, eps, alpha, m1.coef_[0], w1)
            assert abs(m2.coef_[0] - w2) <= 1e-12 * max(1.0, abs(w2)), (loss, eps, alpha, m2.coef_[0], w2)
            rows.append(
                {
                    "loss": loss,
                    "epsilon": eps,
                    "alpha": alpha,
                    "typw": typw,
                    "eta1Formula": eta1,
                    "coefAfter1": float(m1.coef_[0]),
                    "eta1Implied": float(m1.coef_[0]) / -dloss,
                    "coefAfter2Expected": w2,
                    "coefAfter2": float(m2.coef_[0]),
                    "t": float(m1.t_),
                }
            )
    checks["optimalFirstStep"] = rows

    # 2. 'invscaling': eta_t = eta0 / t**power_t, t = 1 for the first sample, +1 after every sample
    #    (not per epoch); t_ after the fit = n_samples·n_iter + 1. Three samples, two epochs.
    xs, ys = [1.0, 2.0, -1.0], [1.0, -1.0, 2.0]
    eta0, power_t = 0.1, 0.25
    m = fit1([[x] for x in xs], ys, learning_rate="invscaling", eta0=eta0, power_t=power_t, max_iter=2)
    w, t, etas = 0.0, 1, []
    for _ in range(2):
        for x, yy in zip(xs, ys):
            eta = eta0 / t**power_t
            etas.append(eta)
            w -= eta * (w * x - yy) * x
            t += 1
    assert abs(m.coef_[0] - w) <= 1e-14 and m.t_ == 7.0, (m.coef_[0], w, m.t_)
    checks["invscaling"] = {
        "x": xs,
        "y": ys,
        "eta0": eta0,
        "power_t": power_t,
        "epochs": 2,
        "etas": etas,
        "coefReplay": w,
        "coef": float(m.coef_[0]),
        "t": float(m.t_),
    }

    # 3. average=True (with intercept, constant eta 0.1): coef_/intercept_ are the plain means of
    #    the iterates after each of the 6 updates. With penalty='l2' the update for a sample is
    #    w ← (1 − eta·alpha)·w − eta·dloss·x (dloss at the old w), b ← b − eta·dloss (b not shrunk).
    avg = {"x": xs, "y": ys, "eta0": 0.1, "epochs": 2}
    for penalty, alpha in ((None, 0.0), ("l2", 0.1)):
        m = fit1(
            [[x] for x in xs], ys, fit_intercept=True, learning_rate="constant", eta0=0.1,
            max_iter=2, average=True, penalty=penalty, alpha=alpha if alpha else 0.0001,
        )
        w = b = 0.0
        ws, bs = [], []
        for _ in range(2):
            for x, yy in zip(xs, ys):
                dl = w * x + b - yy
                w = (1.0 - 0.1 * alpha) * w - 0.1 * dl * x
                b -= 0.1 * dl
                ws.append(w)
                bs.append(b)
        assert abs(m.coef_[0] - np.mean(ws)) <= 1e-14 and abs(m.intercept_[0] - np.mean(bs)) <= 1e-14
        avg["none" if penalty is None else "l2"] = {
            "alpha": alpha,
            "iteratesW": ws,
            "iteratesB": bs,
            "meanW": float(np.mean(ws)),
            "meanB": float(np.mean(bs)),
            "coef": float(m.coef_[0]),
            "intercept": float(m.intercept_[0]),
            "lastW": ws[-1],
        }
    # With penalty='l1' the step is the gradient step followed by the cumulative l1 truncation
    # (u += eta·alpha; w ← max(0, w − (u + q)) if w > 0, min(0, w + (u − q)) if w < 0; q += Δw).
    # The non-averaged replay matches sklearn exactly, but the averaged coef_ is not the mean of
    # those iterates: sklearn averages lazily and the truncation is applied after the average update.
    alpha = 0.1
    common = {"fit_intercept": True, "learning_rate": "constant", "eta0": 0.1, "max_iter": 2, "penalty": "l1"}
    plain = fit1([[x] for x in xs], ys, alpha=alpha, **common)
    averaged = fit1([[x] for x in xs], ys, alpha=alpha, average=True, **common)
    w = b = u = q = 0.0
    ws, bs = [], []
    for _ in range(2):
        for x, yy in zip(xs, ys):
            dl = w * x + b - yy
            w -= 0.1 * dl * x
            b -= 0.1 * dl
            u += 0.1 * alpha
            z = w
            if w > 0:
                w = max(0.0, w - (u + q))
            elif w < 0:
                w = min(0.0, w + (u - q))
            q += w - z
            ws.append(w)
            bs.append(b)
    assert abs(plain.coef_[0] - w) <= 1e-14 and abs(plain.intercept_[0] - b) <= 1e-14
    assert abs(averaged.intercept_[0] - np.mean(bs)) <= 1e-14
    assert abs(averaged.coef_[0] - np.mean(ws)) > 1e-6
    avg["l1"] = {
        "alpha": alpha,
        "iteratesW": ws,
        "iteratesB": bs,
        "meanW": float(np.mean(ws)),
        "meanB": float(np.mean(bs)),
        "coef": float(averaged.coef_[0]),
        "intercept": float(averaged.intercept_[0]),
        "lastW": ws[-1],
        "coefNotAveraged": float(plain.coef_[0]),
    }
    checks["average"] = avg

    # 4. adaptive with tol=None never lowers eta: identical to 'constant' with the same eta0.
    X, y = load_diabetes()
    kw = {"tol": None, "random_state": 0, "max_iter": 20, "eta0": 0.1}
    a = SGDRegressor(learning_rate="adaptive", **kw).fit(X, y)
    c = SGDRegressor(learning_rate="constant", **kw).fit(X, y)
    same = bool(np.array_equal(a.coef_, c.coef_) and np.array_equal(a.intercept_, c.intercept_))
    assert same
    checks["adaptiveTolNoneEqualsConstant"] = same
    return checks


NOTES = (
    "sklearn 1.2.1, checked in scheduleChecks. optimal: eta_t = 1/(alpha*(t0 + t - 1)), t0 = 1/(alpha*typw), "
    "typw = sqrt(1/sqrt(alpha)), t = 1 at the first sample, so eta_1 = typw for squared_error and huber "
    "(alpha 1e-3: 5.62341325190349); on diabetes it blows up for alpha <= 1e-3. invscaling: eta_t = eta0/t**power_t, "
    "t = 1 at the first sample, +1 after every sample; t_ = n_samples*n_iter_ + 1. l2 step: "
    "w <- (1 - eta*alpha)*w - eta*dloss*x, b <- b - eta*dloss (dloss at the old w, b not shrunk). "
    "average=True (l2/None): coef_, intercept_ = mean of the iterates after every sample; with l1/elasticnet "
    "sklearn's lazy average is not that mean. adaptive with tol=None never lowers eta (= constant). "
    "No validation_scores_ in 1.2.1: validationScores are the per-epoch validation R^2 from the callback, which "
    "sklearn computes from coef/wscale (weights without the pending l2 shrink); the final weights are the last "
    "epoch's. r2/mse are on all training rows."
)


# ---- JSON output laid out as `biome format` does (lineWidth 120, indent 2) ----
WIDTH = 120


def _scalar(v):
    if isinstance(v, float):
        assert math.isfinite(v)
    return json.dumps(v, ensure_ascii=False)


def _is_scalar(v):
    return not isinstance(v, (dict, list))


def _fmt(v, ind, used):
    """Format v whose first character is at column ind + used (used = length of the key prefix);
    returns text without the trailing comma. `used` also counts that comma."""
    pad = " " * ind
    if isinstance(v, dict):
        if not v:
            return "{}"
        items = list(v.items())
        lines = []
        for i, (k, val) in enumerate(items):
            prefix = json.dumps(k, ensure_ascii=False) + ": "
            comma = 1 if i < len(items) - 1 else 0
            lines.append(pad + "  " + prefix + _fmt(val, ind + 2, len(prefix) + comma) + ("," if comma else ""))
        return "{\n" + "\n".join(lines) + "\n" + pad + "}"
    if isinstance(v, list):
        if not v:
            return "[]"
        if all(_is_scalar(x) for x in v):
            flat = "[" + ", ".join(_scalar(x) for x in v) + "]"
            if ind + used + len(flat) <= WIDTH:
                return flat
            parts = [_scalar(x) for x in v]
            if all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v):
                # fill: as many numbers per line as fit, each followed by its comma
                lines, cur = [], ""
                for i, s in enumerate(parts):
                    piece = s + ("," if i < len(parts) - 1 else "")
                    if cur and ind + 2 + len(cur) + 1 + len(piece) <= WIDTH:
                        cur += " " + piece
                    else:
                        if cur:
                            lines.append(cur)
                        cur = piece
                lines.append(cur)
                return "[\n" + "\n".join(pad + "  " + line for line in lines) + "\n" + pad + "]"
            return "[\n" + ",\n".join(pad + "  " + s for s in parts) + "\n" + pad + "]"
        # arrays of arrays/objects: one element per line
        parts = [_fmt(x, ind + 2, 1 if i < len(v) - 1 else 0) for i, x in enumerate(v)]
        return "[\n" + ",\n".join(pad + "  " + s for s in parts) + "\n" + pad + "]"
    return _scalar(v)


def dumps(obj):
    return _fmt(obj, 0, 0) + "\n"


def main():
    X_dia, y_dia = load_diabetes()
    X_out, y_out, X_test, y_test, outlier_rows = make_outliers()
    cases = sgd_cases((X_dia, y_dia, None, None), (X_out, y_out, X_test, y_test))
    out = {
        "generatedBy": "scripts/sklearn_sgd_fixtures.py",
        "sklearnVersion": sklearn.__version__,
        "numpyVersion": np.__version__,
        "pythonVersion": platform.python_version(),
        "notes": NOTES,
        "fixed": {k: v for k, v in BASE.items() if k != "average"},
        "datasets": {
            "diabetes": {"name": "diabetes", "file": "data/diabetes.csv", "nSamples": 442, "nFeatures": 10},
            "outliers": {
                "name": "outliers",
                "seed": SEED,
                "nSamples": 400,
                "nFeatures": 5,
                "noiseStd": 0.5,
                "outlierShift": 40.0,
                "trueCoef": TRUE_COEF,
                "trueIntercept": TRUE_INTERCEPT,
                "outlierRows": [int(i) for i in outlier_rows],
                "X": [floats(row) for row in X_out],
                "y": floats(y_out),
                "Xtest": [floats(row) for row in X_test],
                "ytest": floats(y_test),
            },
        },
        "cases": cases,
        "lasso": lasso_cases(X_dia, y_dia),
        "scheduleChecks": schedule_checks(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(dumps(out))
    print(f"wrote {len(cases)} SGD cases and {len(out['lasso'])} Lasso cases to {OUT.relative_to(ROOT)}")
    for c in cases:
        test = f"  test R² {c['testR2']:.6f}" if "testR2" in c else ""
        flags = (" diverged" if c["diverged"] else "") + (" ConvergenceWarning" if c["warning"] else "")
        print(f"  {c['id']:34s} R² {c['r2']:.6f}{test}  n_iter_ {c['nIter']}{flags}")
    for c in out["lasso"]:
        print(f"  lasso alpha {c['alpha']:<4}  R² {c['r2']:.6f}  zeros {c['zeroIndices']}")


if __name__ == "__main__":
    main()
