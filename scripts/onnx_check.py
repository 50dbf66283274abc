"""Checks ONNX files with onnx.checker (full_check: shapes and types inferred too); used by
test/interchange.test.ts on linwasm's own exports when Debian's python3-onnx is installed.

    /usr/bin/python3 scripts/onnx_check.py model.onnx [more.onnx …]

Prints one JSON line per file: its IR version, opsets, input and output element types and shapes.
"""

import json
import sys

import onnx
from onnx import checker, shape_inference

for path in sys.argv[1:]:
    model = onnx.load(path)
    checker.check_model(model, full_check=True)
    inferred = shape_inference.infer_shapes(model, strict_mode=True)

    def describe(values):
        out = []
        for v in values:
            t = v.type.tensor_type
            dims = [d.dim_param or d.dim_value for d in t.shape.dim]
            out.append({"name": v.name, "elem_type": t.elem_type, "shape": dims})
        return out

    print(json.dumps({
        "path": path,
        "ir_version": model.ir_version,
        "opsets": {o.domain: o.version for o in model.opset_import},
        "inputs": describe(inferred.graph.input),
        "outputs": describe(inferred.graph.output),
        "metadata": {p.key: p.value for p in model.metadata_props},
    }))
