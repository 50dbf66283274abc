"""Inference requests exactly as Triton's official Python HTTP client (tritonclient.http) builds them.

The client's own request builder (tritonclient.http._utils._get_inference_request) and InferInput /
InferRequestedOutput make the bytes and headers of each case, so that server/test/triton-wire.test.ts
can send them byte for byte to the server and decode the answers as the client does.

The client is not on PyPI here: point TRITON_CLIENT at its source (src/python/library of
github.com/triton-inference-server/client), for example

    git clone https://github.com/triton-inference-server/client /tmp/triton-client
    TRITON_CLIENT=/tmp/triton-client/src/python/library /usr/bin/python3 server/scripts/triton_fixtures.py

It needs numpy, python-rapidjson and geventhttpclient (Debian: python3-numpy python3-rapidjson
python3-geventhttpclient). Writes server/test/fixtures/triton_http.json.
"""

import base64
import gzip
import json
import os
import sys
import zlib
from pathlib import Path

sys.path.insert(0, os.environ.get("TRITON_CLIENT", "/tmp/triton-client/src/python/library"))

import numpy as np  # noqa: E402
import tritonclient.http as httpclient  # noqa: E402
from tritonclient.http._utils import _get_inference_request  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "triton_http.json"  # ROOT is the server package

# Rows for a model with three features (the server tests' `lin` model: y = 2a − 3b + 0.5c + 1).
X = np.array(
    [[1.0, 1.0, 1.0], [0.5, -2.0, 4.0], [-3.0, 0.25, 0.0], [1e-3, 123.456, -7.5]],
    dtype=np.float64,
)


def case(name, inputs, outputs=None, request_id="", parameters=None, compression=None):
    body, json_size = _get_inference_request(
        inputs=inputs,
        request_id=request_id,
        outputs=outputs,
        sequence_id=0,
        sequence_start=False,
        sequence_end=False,
        priority=0,
        timeout=None,
        custom_parameters=parameters,
    )
    if isinstance(body, str):
        body = body.encode()
    headers = {}
    # What InferenceServerClient.infer adds to the request, in the same order.
    if compression == "gzip":
        headers["Content-Encoding"] = "gzip"
        body = gzip.compress(body, mtime=0)
    elif compression == "deflate":
        headers["Content-Encoding"] = "deflate"
        body = zlib.compress(body)
    if json_size is not None:
        headers["Inference-Header-Content-Length"] = str(json_size)
    return {
        "name": name,
        "headers": headers,
        "body": base64.b64encode(body).decode(),
        "rows": inputs[0]._get_tensor()["shape"][0],
        "x": X[: inputs[0]._get_tensor()["shape"][0]].tolist(),
    }


def inp(dtype, binary, rows=4, name="input-0"):
    data = X[:rows].astype(dtype)
    t = httpclient.InferInput(name, list(data.shape), {np.float32: "FP32", np.float64: "FP64", np.int32: "INT32", np.int64: "INT64", np.uint8: "UINT8"}[dtype])
    t.set_data_from_numpy(data, binary_data=binary)
    return t


def out(binary):
    return [httpclient.InferRequestedOutput("output-0", binary_data=binary)]


def main():
    global X
    cases = [
        # No outputs named: the client asks for every output as binary data (binary_data_output).
        case("fp64 binary in, default outputs (binary)", [inp(np.float64, True)]),
        case("fp32 binary in, binary out", [inp(np.float32, True)], out(True)),
        case("fp64 json in, json out", [inp(np.float64, False)], out(False), request_id="req-42"),
        case("fp64 binary in, json out", [inp(np.float64, True)], out(False)),
        case("fp32 json in, binary out", [inp(np.float32, False)], out(True)),
        case("fp64 binary in, custom parameters", [inp(np.float64, True)], out(True), parameters={"tenant": "a", "n": 3}),
        case("fp64 binary in, gzip", [inp(np.float64, True)], out(True), compression="gzip"),
        case("fp64 json in, deflate", [inp(np.float64, False)], out(False), compression="deflate"),
    ]
    # Integer inputs need integer data.
    X = np.array([[1, 1, 1], [2, -2, 4], [-3, 0, 0], [7, 12, -7]], dtype=np.float64)
    cases.append(case("int32 binary in, binary out", [inp(np.int32, True)], out(True)))
    cases.append(case("int64 json in, json out", [inp(np.int64, False)], out(False)))
    X = np.abs(X)
    cases.append(case("uint8 binary in, json out", [inp(np.uint8, True)], out(False)))

    OUT.write_text(
        json.dumps(
            {
                "generator": "scripts/triton_fixtures.py with tritonclient.http (Triton's Python HTTP client)",
                "cases": cases,
            },
            indent=1,
        )
        + "\n"
    )
    print(f"wrote {len(cases)} cases to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
