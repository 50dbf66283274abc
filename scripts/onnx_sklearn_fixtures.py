"""Reference ONNX models and scikit-learn documents for test/interchange.test.ts, made by other tools.

Run with Debian's Python (apt-get install -y python3-onnx python3-sklearn):

    /usr/bin/python3 scripts/onnx_sklearn_fixtures.py

Writes test/fixtures/onnx/*.onnx — linear models written with onnx.helper (a LinearRegressor node of
ai.onnx.ml, MatMul + Add, MatMul alone, Gemm) and graphs linwasm must refuse — each checked by
onnx.checker, and test/fixtures/interchange.json: for every file, the weights and numpy's predictions
on the first rows of the diabetes data; scikit-learn documents dumped as docs/onnx.md shows, with
scikit-learn's own predictions.
"""

import json
import os

import numpy as np
import onnx
import sklearn
from onnx import TensorProto, checker, helper, numpy_helper
from sklearn.linear_model import LinearRegression, Ridge

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "onnx")
os.makedirs(OUT, exist_ok=True)

data = np.genfromtxt(os.path.join(ROOT, "data", "diabetes.csv"), delimiter=",", names=True)
names = list(data.dtype.names)
features = names[:-1]
X = np.column_stack([data[n] for n in features])
y = data[names[-1]]
rows = X[:20]
d = X.shape[1]

lr = LinearRegression().fit(X, y)
ridge = Ridge(alpha=0.5, fit_intercept=False).fit(X, y)


def dump(model, columns=None):
    """The snippet of docs/onnx.md: a scikit-learn linear estimator's fitted attributes as JSON."""
    doc = {
        "estimator": type(model).__name__,
        "coef_": np.ravel(model.coef_).tolist(),
        "intercept_": float(np.ravel(model.intercept_)[0]) if np.ndim(model.intercept_) else float(model.intercept_),
        "n_features_in_": int(model.n_features_in_),
        "fit_intercept": bool(model.fit_intercept),
    }
    if columns is not None:
        doc["feature_names_in_"] = list(columns)
    return doc


def save(name, graph, opsets, meta=None):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid(dom, v) for dom, v in opsets],
                              producer_name="onnx.helper")
    model.ir_version = 8
    for key, value in (meta or {}).items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    checker.check_model(model, full_check=True)
    onnx.save(model, os.path.join(OUT, f"{name}.onnx"))


def tensor_input(name, elem, dims):
    return helper.make_tensor_value_info(name, elem, dims)


accepted = {}
refused = {}

# 1. LinearRegressor (ai.onnx.ml), as sklearn-onnx writes LinearRegression: float32 throughout.
coef32 = lr.coef_.astype(np.float32)
b32 = np.float32(lr.intercept_)
node = helper.make_node("LinearRegressor", ["X"], ["variable"], domain="ai.onnx.ml",
                        coefficients=coef32.tolist(), intercepts=[float(b32)], targets=1)
graph = helper.make_graph([node], "linear_regressor", [tensor_input("X", TensorProto.FLOAT, ["N", d])],
                          [tensor_input("variable", TensorProto.FLOAT, ["N", 1])])
save("linear_regressor", graph, [("", 13), ("ai.onnx.ml", 1)], {"feature_names": ",".join(features)})
pred = (rows.astype(np.float32) @ coef32 + b32).astype(np.float32)
accepted["linear_regressor"] = {"form": "LinearRegressor", "dtype": "float32", "coef": coef32.astype(float).tolist(),
                                "intercept": float(b32), "hasIntercept": True, "featureNames": features,
                                "predictions": pred.astype(float).tolist()}

# 2. MatMul + Add in double, W of shape [d, 1] and the intercept of shape [1]: output [N, 1].
W = numpy_helper.from_array(lr.coef_.reshape(d, 1).astype(np.float64), "W")
B = numpy_helper.from_array(np.array([lr.intercept_], dtype=np.float64), "B")
graph = helper.make_graph(
    [helper.make_node("MatMul", ["input", "W"], ["XW"]),
     helper.make_node("Add", ["B", "XW"], ["output"])],
    "matmul_add", [tensor_input("input", TensorProto.DOUBLE, [None, d])],
    [tensor_input("output", TensorProto.DOUBLE, [None, 1])], initializer=[W, B])
save("matmul_add", graph, [("", 13)])
accepted["matmul_add"] = {"form": "MatMul+Add", "dtype": "float64", "coef": lr.coef_.tolist(),
                          "intercept": float(lr.intercept_), "hasIntercept": True, "featureNames": None,
                          "predictions": (rows @ lr.coef_ + lr.intercept_).tolist()}

# 3. MatMul alone (a model through the origin), float, W of shape [d].
Wr = numpy_helper.from_array(ridge.coef_.astype(np.float32), "w")
graph = helper.make_graph([helper.make_node("MatMul", ["X", "w"], ["y"])], "matmul",
                          [tensor_input("X", TensorProto.FLOAT, ["batch", d])],
                          [tensor_input("y", TensorProto.FLOAT, ["batch"])], initializer=[Wr])
save("matmul", graph, [("", 13)])
accepted["matmul"] = {"form": "MatMul", "dtype": "float32", "coef": ridge.coef_.astype(np.float32).astype(float).tolist(),
                      "intercept": 0.0, "hasIntercept": False, "featureNames": None,
                      "predictions": (rows.astype(np.float32) @ ridge.coef_.astype(np.float32)).astype(float).tolist()}

# 4. Gemm(X, W, C) in double with transB = 1 (W of shape [1, d]) and alpha, beta ≠ 1.
alpha, beta = 0.5, 2.0
Wg = numpy_helper.from_array((lr.coef_ / alpha).reshape(1, d), "Wg")
Cg = numpy_helper.from_array(np.array([lr.intercept_ / beta]), "Cg")
graph = helper.make_graph([helper.make_node("Gemm", ["X", "Wg", "Cg"], ["y"], alpha=alpha, beta=beta, transB=1)], "gemm",
                          [tensor_input("X", TensorProto.DOUBLE, ["N", d])],
                          [tensor_input("y", TensorProto.DOUBLE, ["N", 1])], initializer=[Wg, Cg])
save("gemm", graph, [("", 13)])
coef_g = alpha * (lr.coef_ / alpha)
b_g = beta * (lr.intercept_ / beta)
accepted["gemm"] = {"form": "Gemm", "dtype": "float64", "coef": coef_g.tolist(), "intercept": float(b_g),
                    "hasIntercept": True, "featureNames": None, "predictions": (rows @ coef_g + b_g).tolist()}

# Graphs that are not a linear regression linwasm can serve exactly.
W = numpy_helper.from_array(lr.coef_.astype(np.float32), "W")
B = numpy_helper.from_array(np.array([lr.intercept_], dtype=np.float32), "B")
graph = helper.make_graph([helper.make_node("MatMul", ["X", "W"], ["XW"]), helper.make_node("Add", ["XW", "B"], ["Z"]),
                           helper.make_node("Relu", ["Z"], ["y"])], "relu",
                          [tensor_input("X", TensorProto.FLOAT, ["N", d])], [tensor_input("y", TensorProto.FLOAT, ["N"])],
                          initializer=[W, B])
save("refuse_relu", graph, [("", 13)])
refused["refuse_relu"] = "MatMul, Add, Relu"

node = helper.make_node("LinearRegressor", ["X"], ["y"], domain="ai.onnx.ml",
                        coefficients=np.concatenate([coef32, coef32]).tolist(), intercepts=[1.0, 2.0], targets=2)
graph = helper.make_graph([node], "two_targets", [tensor_input("X", TensorProto.FLOAT, ["N", d])],
                          [tensor_input("y", TensorProto.FLOAT, ["N", 2])])
save("refuse_two_targets", graph, [("", 13), ("ai.onnx.ml", 1)])
refused["refuse_two_targets"] = "2 targets"

W2 = numpy_helper.from_array(np.ones((d, 2), dtype=np.float32), "W2")
graph = helper.make_graph([helper.make_node("MatMul", ["X", "W2"], ["y"])], "two_outputs",
                          [tensor_input("X", TensorProto.FLOAT, ["N", d])], [tensor_input("y", TensorProto.FLOAT, ["N", 2])],
                          initializer=[W2])
save("refuse_two_outputs", graph, [("", 13)])
refused["refuse_two_outputs"] = "2 outputs"

graph = helper.make_graph([helper.make_node("MatMul", ["X", "V"], ["y"])], "variable_weights",
                          [tensor_input("X", TensorProto.FLOAT, ["N", d]), tensor_input("V", TensorProto.FLOAT, [d])],
                          [tensor_input("y", TensorProto.FLOAT, ["N"])])
save("refuse_two_inputs", graph, [("", 13)])
refused["refuse_two_inputs"] = "2 inputs"

node = helper.make_node("LinearClassifier", ["X"], ["label", "scores"], domain="ai.onnx.ml",
                        coefficients=np.concatenate([coef32, -coef32]).tolist(), intercepts=[0.0, 0.0], classlabels_ints=[0, 1])
graph = helper.make_graph([node], "classifier", [tensor_input("X", TensorProto.FLOAT, ["N", d])],
                          [tensor_input("label", TensorProto.INT64, ["N"]), tensor_input("scores", TensorProto.FLOAT, ["N", 2])])
save("refuse_classifier", graph, [("", 13), ("ai.onnx.ml", 1)])
refused["refuse_classifier"] = "LinearClassifier"

fixtures = {
    "generator": "scripts/onnx_sklearn_fixtures.py",
    "onnx": onnx.__version__,
    "sklearn": sklearn.__version__,
    "rows": rows.tolist(),
    "features": features,
    "accepted": accepted,
    "refused": refused,
    "sklearn_documents": {
        "linear_regression": {"document": dump(lr, features), "predictions": lr.predict(rows).tolist()},
        "ridge_no_intercept": {"document": dump(ridge), "predictions": ridge.predict(rows).tolist()},
    },
}
with open(os.path.join(ROOT, "test", "fixtures", "interchange.json"), "w") as f:
    json.dump(fixtures, f, indent=1)
    f.write("\n")
print(f"wrote {len(accepted) + len(refused)} ONNX models to {OUT} and test/fixtures/interchange.json")
