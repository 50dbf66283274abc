"""Calls a running `linwasm serve` with Triton's official Python clients and checks every answer.

    linwasm serve --models ./models --port 8000 --grpc-port 8001      # a model 'diabetes' (10 features)
    TRITON_CLIENT=/path/to/client/src/python/library /usr/bin/python3 server/scripts/triton_client_check.py \\
        --url localhost:8000 --model diabetes --expect expected.json

tritonclient.http (HTTP/REST): live, ready, server and model metadata, model readiness, inference with
JSON and binary tensors in and out in FP32 and FP64, statistics and the repository index. With
--grpc-url, tritonclient.grpc too, when its generated stubs are importable (they come from
triton-inference-server/common's protos: see docs/server.md).

--expect names a JSON file {"X": [[...]], "y": [...]}: the rows to send and the predictions that
linwasm's own `predict` gives for them; the answers must match (FP64 to 1e-12 relative, FP32 to
1e-5). server/test/triton-client.test.ts runs this script when the client is present.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.environ.get("TRITON_CLIENT", "/tmp/triton-client/src/python/library"))

import numpy as np  # noqa: E402
import tritonclient.http as httpclient  # noqa: E402

checks = []


def check(name, ok, detail=""):
    checks.append((name, bool(ok), detail))
    print(f"{'ok  ' if ok else 'FAIL'} {name}{(' — ' + detail) if detail else ''}")


def close(a, b, rel):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b)) / max(1e-12, float(np.max(np.abs(b))))) <= rel


def http_checks(url, model, X, y):
    c = httpclient.InferenceServerClient(url=url)
    check("http: is_server_live", c.is_server_live())
    check("http: is_server_ready", c.is_server_ready())
    meta = c.get_server_metadata()
    check("http: server metadata lists binary_tensor_data and statistics",
          {"binary_tensor_data", "statistics"} <= set(meta["extensions"]), str(meta["extensions"]))
    mm = c.get_model_metadata(model)
    check("http: model metadata", mm["name"] == model and mm["inputs"][0]["shape"][1] == X.shape[1], json.dumps(mm["inputs"]))
    check("http: is_model_ready", c.is_model_ready(model))
    check("http: is_model_ready of an unknown model is False", not c.is_model_ready("no-such-model"))
    for dtype, name, rel in ((np.float64, "FP64", 1e-12), (np.float32, "FP32", 1e-5)):
        want = y if name == "FP64" else None
        for binary_in in (False, True):
            for binary_out in (None, False, True):
                inp = httpclient.InferInput("input-0", list(X.shape), name)
                inp.set_data_from_numpy(X.astype(dtype), binary_data=binary_in)
                outputs = None if binary_out is None else [httpclient.InferRequestedOutput("output-0", binary_data=binary_out)]
                r = c.infer(model, [inp], outputs=outputs, request_id="check-1")
                got = r.as_numpy("output-0")
                label = f"http: infer {name} {'binary' if binary_in else 'json'} in, {'default' if binary_out is None else ('binary' if binary_out else 'json')} out"
                if want is None:
                    # FP32 is computed in float32: compare with float64 predictions at float32 accuracy.
                    ok = got.dtype == np.float32 and close(got, y, rel)
                else:
                    ok = got.dtype == np.float64 and close(got, want, rel)
                check(label, ok and got.shape == (X.shape[0],) and r.get_response()["id"] == "check-1")
    # Compressed requests, as the client offers them.
    for algo in ("gzip", "deflate"):
        inp = httpclient.InferInput("input-0", list(X.shape), "FP64")
        inp.set_data_from_numpy(X, binary_data=True)
        r = c.infer(model, [inp], request_compression_algorithm=algo)
        check(f"http: infer with {algo} request compression", close(r.as_numpy("output-0"), y, 1e-12))
    # Errors come back as InferenceServerException with the server's message.
    try:
        bad = httpclient.InferInput("input-0", [1, X.shape[1] + 1], "FP64")
        bad.set_data_from_numpy(np.zeros((1, X.shape[1] + 1)), binary_data=True)
        c.infer(model, [bad])
        check("http: a wrong shape is refused", False)
    except httpclient.InferenceServerException as e:
        check("http: a wrong shape is refused with the server's message", "does not match the model" in e.message(), e.message())
    stats = c.get_inference_statistics(model)
    s = stats["model_stats"][-1]
    check("http: statistics", s["name"] == model and s["inference_count"] >= X.shape[0] and s["execution_count"] >= 1
          and s["inference_stats"]["success"]["count"] >= 1 and s["inference_stats"]["fail"]["count"] >= 1,
          json.dumps({k: s[k] for k in ("inference_count", "execution_count")}))
    all_stats = c.get_inference_statistics()
    check("http: statistics of every model", any(m["name"] == model for m in all_stats["model_stats"]))
    index = c.get_model_repository_index()
    check("http: repository index", any(m["name"] == model and m["state"] == "READY" for m in index), json.dumps(index)[:200])


def grpc_checks(url, model, X, y):
    try:
        import tritonclient.grpc as grpcclient
    except ImportError as e:
        print(f"skip gRPC: tritonclient.grpc is not importable ({e})")
        return
    c = grpcclient.InferenceServerClient(url=url)
    check("grpc: is_server_live", c.is_server_live())
    check("grpc: is_server_ready", c.is_server_ready())
    check("grpc: is_model_ready", c.is_model_ready(model))
    md = c.get_model_metadata(model, as_json=True)
    check("grpc: model metadata", md["name"] == model, json.dumps(md)[:200])
    sm = c.get_server_metadata(as_json=True)
    check("grpc: server metadata", sm["name"] == "linwasm")
    for dtype, name, rel in ((np.float64, "FP64", 1e-12), (np.float32, "FP32", 1e-5)):
        inp = grpcclient.InferInput("input-0", list(X.shape), name)
        inp.set_data_from_numpy(X.astype(dtype))
        r = c.infer(model, [inp], outputs=[grpcclient.InferRequestedOutput("output-0")], request_id="g-1")
        got = r.as_numpy("output-0")
        check(f"grpc: infer {name} (raw contents)", close(got, y, rel) and r.get_response().id == "g-1")
    try:
        c.infer("no-such-model", [inp])
        check("grpc: an unknown model is refused", False)
    except grpcclient.InferenceServerException as e:
        check("grpc: an unknown model is NOT_FOUND", "NOT_FOUND" in str(e.status()), str(e.status()))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--grpc-url")
    p.add_argument("--model", required=True)
    p.add_argument("--expect", required=True)
    a = p.parse_args()
    with open(a.expect) as f:
        e = json.load(f)
    X = np.asarray(e["X"], dtype=np.float64)
    y = np.asarray(e["y"], dtype=np.float64)
    http_checks(a.url, a.model, X, y)
    if a.grpc_url:
        grpc_checks(a.grpc_url, a.model, X, y)
    failed = [c for c in checks if not c[1]]
    print(f"{len(checks) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
