"""Imports a generated rpc_client.py and round-trips MessagePack values through its types.

Usage: roundtrip.py RPC_CLIENT.py MANIFEST.json
The manifest lists {"type": <a Python type expression over the module's names>, "in": path, "out": path}.
Each input is decoded with msgspec.msgpack.decode(b, type=T) and re-encoded to its output file; one
line "<index> <type of the decoded value>" is printed per case.
"""

import importlib.util
import json
import sys

import msgspec

path, manifest = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location("rpc_client", path)
module = importlib.util.module_from_spec(spec)
sys.modules["rpc_client"] = module
spec.loader.exec_module(module)
names = vars(module)

with open(manifest, encoding="utf-8") as f:
    cases = json.load(f)
for index, case in enumerate(cases):
    typ = eval(case["type"], names)
    with open(case["in"], "rb") as f:
        data = f.read()
    value = msgspec.msgpack.decode(data, type=typ)
    with open(case["out"], "wb") as f:
        f.write(msgspec.msgpack.encode(value))
    print(index, type(value).__name__, flush=True)
