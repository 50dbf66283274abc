"""Generate test/fixtures/sklearn_selection.json: references for model selection and inference.

The independent reference values that linwasm's model-selection tools (trainTestSplit, kFold,
crossValidate, searchGrid, ridgeCV, learningCurve, validationCurve), summary(), the regression
metrics, polynomialFeatures and the t and F distributions are tested against. They come from
scikit-learn, statsmodels and scipy, on seeded synthetic data that this script writes into the
fixture (correlated features of different scales and offsets, with noise), so the tests need no
data file and run in Node and in Chromium alike.

Mappings to linwasm (README, "What is minimized"):
- linwasm's exact solver with l2 on m rows is Ridge(alpha = l2·m) (LinearRegression() for l2 = 0);
  standardize = true is make_pipeline(StandardScaler(with_mean=fit_intercept), model).
- crossValidate, searchGrid and the curves fit linwasm models on each fold's training rows, so the
  references for l2 > 0 fit Ridge(alpha = l2·len(train)) fold by fold; for l2 = 0 they call
  cross_val_score, GridSearchCV, learning_curve and validation_curve themselves.
- ridgeCV follows RidgeCV(alphas = l2s·n) with n all the rows: the same alpha in every fold, and
  for standardize = true the scaler fitted once on all rows (make_pipeline(StandardScaler(),
  RidgeCV(...))).
- Error scorings: scikit-learn returns neg_mean_squared_error etc. The fixture keeps scikit-learn's
  raw numbers ("sklearnScores") and the tests negate them: linwasm reports errors as positive
  numbers (lower is better).

Run with Debian's python3-sklearn and python3-statsmodels:

    /usr/bin/python3 scripts/sklearn_selection_fixtures.py

The output file is committed (formatted by `npx biome check --write`, as the other fixtures); rerun
only to regenerate it.
"""
import json
import platform
from pathlib import Path

import mpmath as mp
import numpy as np
import scipy
import sklearn
import statsmodels
import statsmodels.api as sm
from scipy import special, stats
from sklearn.linear_model import LinearRegression, Ridge, RidgeCV
from sklearn.metrics import (
    explained_variance_score,
    make_scorer,
    max_error,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    median_absolute_error,
    r2_score,
)
from sklearn.model_selection import (
    GridSearchCV,
    KFold,
    cross_val_score,
    learning_curve,
    train_test_split,
    validation_curve,
)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "sklearn_selection.json"

# linwasm scoring name -> (scikit-learn scoring name, sign that turns its score into linwasm's).
SCORINGS = {
    "r2": ("r2", 1.0),
    "mse": ("neg_mean_squared_error", -1.0),
    "rmse": ("neg_root_mean_squared_error", -1.0),
    "mae": ("neg_mean_absolute_error", -1.0),
}


def metric(name, y, p):
    if name == "r2":
        return r2_score(y, p)
    if name == "mse":
        return mean_squared_error(y, p)
    if name == "rmse":
        return mean_squared_error(y, p, squared=False)
    return mean_absolute_error(y, p)


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def matrix(a):
    return [floats(row) for row in np.asarray(a, dtype=np.float64)]


def correlated(n, d, seed, noise):
    """Features mixed through a random lower-triangular matrix (correlated), then scaled and shifted."""
    rng = np.random.default_rng(seed)
    mix = np.tril(rng.normal(size=(d, d))) + 2 * np.eye(d)
    Z = rng.normal(size=(n, d)) @ mix.T
    scale = np.array([1, 10, 0.1, 3, 1, 50, 2, 0.5][:d] + [1] * max(0, d - 8), dtype=np.float64)
    shift = np.array([0, 5, -1, 100, 2, 0, -3, 1][:d] + [0] * max(0, d - 8), dtype=np.float64)
    X = Z * scale + shift
    w = rng.normal(size=d) / scale
    y = X @ w + 4 + noise * rng.normal(size=n)
    return X, y


def model(l2, m, fit_intercept, standardize):
    est = LinearRegression(fit_intercept=fit_intercept) if l2 == 0 else Ridge(alpha=l2 * m, fit_intercept=fit_intercept)
    if standardize:
        return make_pipeline(StandardScaler(with_mean=fit_intercept), est)
    return est


def original_units(pipe_or_model, fit_intercept, standardize):
    """Coefficients and intercept in the units of X (as linwasm reports them)."""
    if not standardize:
        m = pipe_or_model
        return m.coef_.astype(np.float64), float(m.intercept_) if fit_intercept else 0.0
    scaler, m = pipe_or_model[0], pipe_or_model[-1]
    coef = m.coef_ / scaler.scale_
    intercept = float(m.intercept_) - (float(np.dot(scaler.mean_, coef)) if fit_intercept else 0.0)
    return coef, intercept


def fold_scores(X, y, folds, l2, fit_intercept, standardize, scoring, train_scores=False):
    """Each fold's score of linwasm's exact fit with l2 on the fold's training rows."""
    test, train = [], []
    for tr, te in folds:
        m = model(l2, len(tr), fit_intercept, standardize).fit(X[tr], y[tr])
        test.append(metric(scoring, y[te], m.predict(X[te])))
        train.append(metric(scoring, y[tr], m.predict(X[tr])))
    return (test, train) if train_scores else test


# mpmath at 40 digits is the reference for the distributions: scipy 1.10's t.ppf and f.ppf
# (Cephes' stdtrit and fdtri) are off by up to 6e-10 relative for the 97.5% t quantile (df = 57)
# and by orders of magnitude in far tails (f.ppf(1 − 1e-9, 2, 1e5) = 3333.8, where the true
# quantile is 20.73); scipy's values are kept beside mpmath's to show it.
mp.mp.dps = 40
HALF = mp.mpf(1) / 2


def beta_tails(a, b, x, y=None):
    """I_x(a, b) and 1 − I_x(a, b) = I_y(b, a) in 40 digits (x the exact value of the double; y = 1 − x
    computed in mpmath unless given), each tail computed on its own so neither cancels."""
    a, b, x = mp.mpf(a), mp.mpf(b), mp.mpf(x)
    y = 1 - x if y is None else y

    def tail(a, b, x, y):
        # I_x(a, b) = x^a·y^b·₂F₁(a + b, 1; a + 1; x) / (a·B(a, b)): a series of positive terms.
        return x**a * y**b * mp.hyp2f1(a + b, 1, a + 1, x, maxterms=10**6) / (a * mp.beta(a, b))

    # The series converges fast for the variable ≤ 1/2; the other tail is 1 minus it unless that
    # leaves too few of the 40 digits.
    if x <= y:
        p = tail(a, b, x, y)
        q = 1 - p if 1 - p > mp.mpf(10) ** -20 else tail(b, a, y, x)
    else:
        q = tail(b, a, y, x)
        p = 1 - q if 1 - q > mp.mpf(10) ** -20 else tail(a, b, x, y)
    return p, q


def t_two_sided(t, df):
    t, df = mp.mpf(t), mp.mpf(df)
    return beta_tails(df / 2, HALF, df / (df + t * t), t * t / (df + t * t))[0]


def f_tails(f, d1, d2):
    f, d1, d2 = mp.mpf(f), mp.mpf(d1), mp.mpf(d2)
    return beta_tails(d1 / 2, d2 / 2, d1 * f / (d1 * f + d2), d2 / (d1 * f + d2))


def log_root(g):
    """e^u at the root u of the increasing function g: a scan in steps of 4, then bisection to 2⁻¹²⁰."""
    lo, hi = mp.mpf(-300), mp.mpf(-296)
    while g(hi) < 0:
        lo, hi = hi, hi + 4
    for _ in range(120):
        mid = (lo + hi) / 2
        if g(mid) < 0:
            lo = mid
        else:
            hi = mid
    return mp.e ** ((lo + hi) / 2)


def t_quantile(p, df):
    p, df = mp.mpf(p), mp.mpf(df)
    if p == HALF:
        return mp.mpf(0)
    alpha = 2 * min(p, 1 - p)
    # The two-sided tail decreases in u = ln t².
    t2 = log_root(lambda u: alpha - t_two_sided(mp.sqrt(mp.e**u), df))
    return (-1 if p < HALF else 1) * mp.sqrt(t2)


def f_quantile(p, d1, d2):
    p = mp.mpf(p)
    if p < HALF:
        return log_root(lambda lf: f_tails(mp.e**lf, d1, d2)[0] - p)
    return log_root(lambda lf: (1 - p) - f_tails(mp.e**lf, d1, d2)[1])


def distributions():
    """I_x(a, b), Student's t and F over a grid that includes far tails: mpmath, and scipy beside it."""
    out = {"incompleteBeta": [], "studentT": [], "studentTQuantile": [], "f": [], "fQuantile": []}
    for a, b in [(0.5, 0.5), (1, 1), (2.5, 0.5), (0.5, 20), (5, 3), (30, 0.5), (50, 50), (500, 0.5), (2000, 3.5)]:
        for x in [1e-12, 1e-4, 0.01, 0.2, 0.5, 0.77, 0.95, 0.999, 1 - 1e-9]:
            p, q = beta_tails(a, b, x)
            out["incompleteBeta"].append({"a": a, "b": b, "x": x, "p": float(p), "q": float(q)})
    for df in [1, 2, 3.5, 10, 57, 143, 1000, 1e5]:
        for t in [0, 1e-3, 0.5, -1.3, 2.0, -4.7, 12.0, 40.0, -300.0]:
            two = t_two_sided(t, df)
            out["studentT"].append(
                {
                    "t": t,
                    "df": df,
                    "cdf": float(two / 2 if t < 0 else 1 - two / 2),
                    "twoSided": float(two),
                    "scipyTwoSided": float(2 * stats.t.sf(abs(t), df)),
                }
            )
        for p in [1e-12, 1e-6, 0.005, 0.025, 0.05, 0.3, 0.5, 0.6, 0.95, 0.975, 0.995, 1 - 1e-9]:
            out["studentTQuantile"].append(
                {"p": p, "df": df, "t": float(t_quantile(p, df)), "scipyT": float(stats.t.ppf(p, df))}
            )
    for d1, d2 in [(1, 1), (1, 30), (3, 10), (5, 143), (6, 144), (20, 2), (60, 1000), (2, 1e5)]:
        for f in [0, 1e-6, 0.1, 0.9, 1.0, 2.5, 7.0, 50.0, 1e4]:
            cdf, sf = f_tails(f, d1, d2) if f > 0 else (mp.mpf(0), mp.mpf(1))
            out["f"].append(
                {"f": f, "d1": d1, "d2": d2, "cdf": float(cdf), "sf": float(sf), "scipySf": float(stats.f.sf(f, d1, d2))}
            )
        for p in [1e-9, 0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 1 - 1e-9]:
            out["fQuantile"].append(
                {"p": p, "d1": d1, "d2": d2, "f": float(f_quantile(p, d1, d2)), "scipyF": float(stats.f.ppf(p, d1, d2))}
            )
    return out


def metrics_cases():
    rng = np.random.default_rng(5)
    pairs = {
        "random odd": (rng.normal(3, 2, size=41), rng.normal(3, 2, size=41)),
        "random even": (rng.normal(-1, 5, size=40), rng.normal(-1, 5, size=40)),
        "sklearn docs": ([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]),
        "y with zeros (MAPE divides by eps)": ([0.0, 1.0, -2.0, 0.0], [0.5, 1.0, -1.0, 0.0]),
        "constant y, perfect": ([-2.0, -2.0, -2.0], [-2.0, -2.0, -2.0]),
        "constant y, constant offset": ([-2.0, -2.0, -2.0], [-1.0, -1.0, -1.0]),
        "constant y, imperfect": ([-2.0, -2.0, -2.0], [-2.0, -2.0, -2.0 + 1e-8]),
        "offset prediction": ([1.0, 2.0, 3.0, 4.0], [2.0, 3.0, 4.0, 5.0]),
        "one value": ([2.5], [1.0]),
    }
    cases = []
    for name, (y, p) in pairs.items():
        y, p = np.asarray(y, dtype=np.float64), np.asarray(p, dtype=np.float64)
        cases.append(
            {
                "name": name,
                "y": floats(y),
                "yPred": floats(p),
                "meanSquaredError": float(mean_squared_error(y, p)),
                "rootMeanSquaredError": float(mean_squared_error(y, p, squared=False)),
                "meanAbsoluteError": float(mean_absolute_error(y, p)),
                "meanAbsolutePercentageError": float(mean_absolute_percentage_error(y, p)),
                "explainedVariance": float(explained_variance_score(y, p)),
                "medianAbsoluteError": float(median_absolute_error(y, p)),
                "maxError": float(max_error(y, p)),
                # scikit-learn's R² of one sample is NaN (undefined); linwasm's follows its constant-y rule.
                "r2Score": float(r2_score(y, p)) if len(y) > 1 else None,
            }
        )
    return cases


def polynomial_cases(X):
    cases = []
    for degree, interaction_only, include_bias, names in [
        (2, False, True, None),
        (3, False, True, None),
        (2, True, True, None),
        (3, True, False, ["a", "b", "c"]),
        (2, False, False, ["age", "bmi", "bp"]),
        ((2, 3), False, False, None),
        ((0, 2), False, True, None),
        (0, False, True, None),
        (1, False, False, None),
        (4, True, True, None),
    ]:
        pf = PolynomialFeatures(degree=degree, interaction_only=interaction_only, include_bias=include_bias)
        out = pf.fit_transform(X)
        cases.append(
            {
                "degree": list(degree) if isinstance(degree, tuple) else degree,
                "interactionOnly": interaction_only,
                "includeBias": include_bias,
                "inputNames": names,
                "X": matrix(out),
                "names": [str(s) for s in pf.get_feature_names_out(names)],
            }
        )
    return cases


def kfold_cases():
    cases = []
    for n, k in [(10, 3), (11, 4), (150, 5), (7, 7), (5, 2), (23, 10)]:
        folds = [{"train": [int(i) for i in tr], "test": [int(i) for i in te]} for tr, te in KFold(k).split(np.zeros(n))]
        cases.append({"n": n, "folds": k, "splits": folds})
    return cases


def split_cases():
    cases = []
    for n, fraction in [(10, 0.25), (7, 0.3), (150, 0.2), (4, 0.5), (101, 0.1), (3, 0.34)]:
        tr, te = train_test_split(np.arange(n), test_size=fraction, shuffle=False)
        cases.append({"n": n, "testFraction": fraction, "train": [int(i) for i in tr], "test": [int(i) for i in te]})
    return cases


def cross_validate_cases(datasets):
    cases = []
    for name in ["correlated", "small"]:
        X, y = datasets[name]
        for l2, fit_intercept, standardize in [
            (0, True, False),
            (0, True, True),
            (0, False, False),
            (0, False, True),
            (0.01, True, True),
            (0.05, False, False),
        ]:
            for folds in [5, 3]:
                kf = KFold(folds)
                for scoring, (sk_name, sign) in SCORINGS.items():
                    if l2 == 0:
                        est = model(0, 0, fit_intercept, standardize)
                        raw = cross_val_score(est, X, y, cv=kf, scoring=sk_name)
                        source = f"cross_val_score(scoring='{sk_name}')"
                    else:
                        raw = np.array(fold_scores(X, y, kf.split(X), l2, fit_intercept, standardize, scoring)) * sign
                        source = f"Ridge(alpha = l2·len(train)) per fold, scored with '{sk_name}'"
                    cases.append(
                        {
                            "dataset": name,
                            "l2": l2,
                            "fitIntercept": fit_intercept,
                            "standardize": standardize,
                            "folds": folds,
                            "scoring": scoring,
                            "source": source,
                            "sklearnScores": floats(raw),
                            "sign": sign,
                        }
                    )
    return cases


def search_grid_cases(datasets):
    X, y = datasets["correlated"]
    kf = KFold(5)
    cases = []
    # A grid GridSearchCV runs itself: fit_intercept × standardize (l2 = 0).
    for scoring, (sk_name, sign) in SCORINGS.items():
        gs = GridSearchCV(
            make_pipeline(StandardScaler(), LinearRegression()),
            [
                {"linearregression__fit_intercept": [True, False], "standardscaler": [StandardScaler()]},
                {"linearregression__fit_intercept": [True, False], "standardscaler": ["passthrough"]},
            ],
            cv=kf,
            scoring=sk_name,
        ).fit(X, y)
        # GridSearchCV's scaler for fit_intercept False must not center (linwasm's rule): refit the
        # scores of those candidates by hand with with_mean=False.
        candidates = []
        for params, mean in zip(gs.cv_results_["params"], gs.cv_results_["mean_test_score"]):
            fit_intercept = params["linearregression__fit_intercept"]
            standardize = params["standardscaler"] != "passthrough"
            scores = np.array(fold_scores(X, y, kf.split(X), 0, fit_intercept, standardize, scoring)) * sign
            if fit_intercept or not standardize:
                # With centering allowed (or no scaler) GridSearchCV's own numbers are linwasm's.
                assert np.allclose(scores.mean(), mean, rtol=1e-12, atol=0), (params, scores.mean(), mean)
            candidates.append(
                {"fitIntercept": fit_intercept, "standardize": standardize, "sklearnMean": float(scores.mean())}
            )
        cases.append({"kind": "fitIntercept×standardize", "scoring": scoring, "sign": sign, "candidates": candidates})
    # A grid over l2 (each fold's fit is Ridge(alpha = l2·len(train))).
    l2s = [0, 1e-4, 1e-3, 0.01, 0.1, 1.0]
    for scoring, (sk_name, sign) in SCORINGS.items():
        candidates = []
        for l2 in l2s:
            scores = np.array(fold_scores(X, y, kf.split(X), l2, True, True, scoring)) * sign
            candidates.append({"l2": l2, "sklearnScores": floats(scores), "sklearnMean": float(scores.mean())})
        cases.append({"kind": "l2", "scoring": scoring, "sign": sign, "candidates": candidates})
    return cases


def ridge_cv_cases(datasets):
    cases = []
    for name, l2s in [
        ("correlated", list(np.logspace(-5, 1, 13))),
        ("wide", list(np.logspace(-3, 2, 11))),
        ("small", [1e-4, 1e-3, 1e-2, 0.1, 1.0]),
    ]:
        X, y = datasets[name]
        n = X.shape[0]
        alphas = np.array(l2s) * n
        for fit_intercept in (True, False):
            for standardize in (True, False):
                scaler = StandardScaler(with_mean=fit_intercept) if standardize else None
                Xs = scaler.fit_transform(X) if standardize else X
                for cv in ["loo", 5]:
                    for scoring in [None, "r2", "mae"]:
                        if cv == 5 and scoring == "mae":
                            continue
                        sk_scoring = None if scoring is None else SCORINGS[scoring][0]
                        kw = {"alphas": alphas, "fit_intercept": fit_intercept, "scoring": sk_scoring}
                        if cv == "loo":
                            rcv = RidgeCV(**kw, store_cv_values=True).fit(Xs, y)
                            values = rcv.cv_values_
                            if scoring is None:
                                per_alpha = values.mean(axis=0)  # LOO squared errors -> MSE
                            else:
                                # cv_values_ are LOO predictions of the centered y when fitting an intercept.
                                yc = y - y.mean() if fit_intercept else y
                                per_alpha = [metric(scoring, yc, values[:, i]) for i in range(len(alphas))]
                        else:
                            kf = KFold(cv)
                            rcv = RidgeCV(**kw, cv=kf).fit(Xs, y)
                            gs = GridSearchCV(
                                Ridge(fit_intercept=fit_intercept),
                                {"alpha": alphas},
                                cv=kf,
                                scoring=sk_scoring,
                            ).fit(Xs, y)
                            per_alpha = gs.cv_results_["mean_test_score"]
                            assert gs.best_params_["alpha"] == rcv.alpha_
                        # The best is the first alpha of the highest score (lowest error).
                        effective = scoring or ("mse" if cv == "loo" else "r2")
                        signed = np.asarray(per_alpha) * (1 if effective == "r2" else -1)
                        assert alphas[int(np.argmax(signed))] == rcv.alpha_, (name, cv, scoring)
                        coef = rcv.coef_ / scaler.scale_ if standardize else rcv.coef_
                        intercept = float(rcv.intercept_) if fit_intercept else 0.0
                        if standardize and fit_intercept:
                            intercept -= float(np.dot(scaler.mean_, coef))
                        cases.append(
                            {
                                "dataset": name,
                                "fitIntercept": fit_intercept,
                                "standardize": standardize,
                                "cv": cv,
                                "scoring": scoring or ("mse" if cv == "loo" else "r2"),
                                "l2s": floats(l2s),
                                "alphas": floats(alphas),
                                "alpha": float(rcv.alpha_),
                                "l2": float(rcv.alpha_) / n,
                                "coef": floats(coef),
                                "intercept": intercept,
                                "scores": floats(per_alpha),
                            }
                        )
    return cases


def learning_curve_cases(datasets):
    X, y = datasets["correlated"]
    cases = []
    for sizes in [[0.2, 0.5, 0.75, 1.0], [0.1, 0.1, 0.3], [15, 40, 80, 120]]:
        for scoring, (sk_name, sign) in SCORINGS.items():
            for standardize in (False, True):
                est = model(0, 0, True, standardize)
                abs_sizes, train, test = learning_curve(
                    est, X, y, train_sizes=np.array(sizes), cv=KFold(5), scoring=sk_name
                )
                cases.append(
                    {
                        "sizes": sizes,
                        "scoring": scoring,
                        "standardize": standardize,
                        "sign": sign,
                        "absoluteSizes": [int(s) for s in abs_sizes],
                        "sklearnTrain": matrix(train),
                        "sklearnValidation": matrix(test),
                    }
                )
    return cases


def validation_curve_cases(datasets):
    X, y = datasets["correlated"]
    cases = []
    for scoring, (sk_name, sign) in SCORINGS.items():
        train, test = validation_curve(
            LinearRegression(), X, y, param_name="fit_intercept", param_range=[True, False], cv=KFold(5), scoring=sk_name
        )
        cases.append(
            {
                "param": "fitIntercept",
                "values": [True, False],
                "scoring": scoring,
                "sign": sign,
                "source": "validation_curve(LinearRegression(), param_name='fit_intercept')",
                "sklearnTrain": matrix(train),
                "sklearnValidation": matrix(test),
            }
        )
        l2s = [1e-4, 0.01, 0.1, 1.0, 10.0]
        train, test = [], []
        for l2 in l2s:
            te, tr = fold_scores(X, y, KFold(5).split(X), l2, True, True, scoring, train_scores=True)
            train.append(np.array(tr) * sign)
            test.append(np.array(te) * sign)
        cases.append(
            {
                "param": "l2",
                "values": l2s,
                "scoring": scoring,
                "sign": sign,
                "source": "make_pipeline(StandardScaler(), Ridge(alpha = l2·len(train))) per fold",
                "sklearnTrain": matrix(train),
                "sklearnValidation": matrix(test),
            }
        )
    return cases


def summary_cases(datasets):
    cases = []
    for name in ["correlated", "small", "tiny"]:
        X, y = datasets[name]
        for constant in (True, False):
            design = sm.add_constant(X, has_constant="add") if constant else X
            res = sm.OLS(y, design).fit()
            ci95 = res.conf_int(alpha=0.05)
            ci90 = res.conf_int(alpha=0.10)
            cases.append(
                {
                    "dataset": name,
                    "fitIntercept": constant,
                    "names": (["const"] if constant else []) + [f"x{j}" for j in range(X.shape[1])],
                    "params": floats(res.params),
                    "bse": floats(res.bse),
                    "tvalues": floats(res.tvalues),
                    "pvalues": floats(res.pvalues),
                    "confInt95": matrix(ci95),
                    "confInt90": matrix(ci90),
                    "rsquared": float(res.rsquared),
                    "rsquaredAdj": float(res.rsquared_adj),
                    "fvalue": float(res.fvalue),
                    "fPvalue": float(res.f_pvalue),
                    "dfResid": float(res.df_resid),
                    "dfModel": float(res.df_model),
                    "nobs": float(res.nobs),
                    "ssr": float(res.ssr),
                    "scale": float(res.scale),
                    "llf": float(res.llf),
                    "aic": float(res.aic),
                    "bic": float(res.bic),
                }
            )
    return cases


def main():
    X, y = correlated(150, 6, seed=12, noise=3.0)
    Xw, yw = correlated(30, 45, seed=7, noise=0.5)
    Xs, ys = correlated(40, 3, seed=3, noise=1.0)
    # Few rows and a weak signal: moderate p-values and a small residual df.
    Xt, yt = correlated(12, 2, seed=21, noise=4.0)
    datasets = {"correlated": (X, y), "wide": (Xw, yw), "small": (Xs, ys), "tiny": (Xt, yt)}
    poly_X = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-2.0, 3.0, 1.0], [0.0, -0.75, 4.0], [1.0, 1.0, 1.0]])

    out = {
        "generatedBy": "scripts/sklearn_selection_fixtures.py",
        "sklearnVersion": sklearn.__version__,
        "statsmodelsVersion": statsmodels.__version__,
        "scipyVersion": scipy.__version__,
        "numpyVersion": np.__version__,
        "mpmathVersion": mp.__version__,
        "pythonVersion": platform.python_version(),
        "datasets": {k: {"X": matrix(v[0]), "y": floats(v[1])} for k, v in datasets.items()},
        "distributions": distributions(),
        "metrics": metrics_cases(),
        "polynomial": {"X": matrix(poly_X), "cases": polynomial_cases(poly_X)},
        "kFold": kfold_cases(),
        "trainTestSplit": split_cases(),
        "crossValidate": cross_validate_cases(datasets),
        "searchGrid": search_grid_cases(datasets),
        "ridgeCV": ridge_cv_cases(datasets),
        "learningCurve": learning_curve_cases(datasets),
        "validationCurve": validation_curve_cases(datasets),
        "summary": summary_cases(datasets),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w") as f:
        json.dump(out, f, indent=1, allow_nan=False)
        f.write("\n")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
