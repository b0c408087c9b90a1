"""Calls a live Zero for Java ZeroMQ server through a generated (sync) rpc_client.py.

Usage: call_live.py RPC_CLIENT.py
Checks what the all-types fixture answers; prints "ok" at the end, raises on the first mismatch.
"""

import datetime
import decimal
import importlib.util
import sys
import uuid

spec = importlib.util.spec_from_file_location("rpc_client", sys.argv[1])
m = importlib.util.module_from_spec(spec)
sys.modules["rpc_client"] = m
spec.loader.exec_module(m)

client = m.RpcClient(m.zero_client)
try:
    everything = m.Everything(
        flag=True, tiny=-7, small=1234, i=42, big=9_000_000_000, huge=18446744073709551615, ratio=1.5, precise=2.25,
        letter="z", text="héllo", blob=b"\x00\x01\xff",
        at=datetime.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.timezone.utc),
        local=datetime.datetime(2024, 1, 2, 3, 4, 5), day=datetime.date(2024, 1, 2), time=datetime.time(3, 4, 5),
        id=uuid.UUID("12345678-1234-5678-1234-567812345678"), amount=decimal.Decimal("12.50"), note=None,
        tags=["a", "b"], ids={3}, scores={"x": 0.5}, names={7: "seven"}, color=m.Color.GREEN,
        priority=m.Priority.HIGH, home=m.Address("Main St 1"), history=[m.Address("Old Rd 2", "4B")],
        clock=datetime.time(10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2))))
    back = client.everything(everything)
    assert back == everything, (back, everything)
    assert client.colors() == [m.Color.RED, m.Color.GREEN, m.Color.BLUE], client.colors()
    assert client.escalate(m.Priority.LOW) is m.Priority.HIGH
    tree = m.Node("root", [m.Node("leaf", [])])
    assert client.tree(tree) == tree
    assert client.legacy(m.Legacy(name="x")) == m.Legacy(name="x", count=0), client.legacy(m.Legacy(name="x"))
    assert client.address_page(2) == m.Page_Address([m.Address("Main St 1", "2A")] * 2, 2)
    assert client.maybe(None) is None
    assert client.maybe(7).i == 7
    assert client.forget("x") is None
    try:
        client._zero_client.call("no_such_function", None)
        raise AssertionError("no error")
    except Exception as e:
        assert getattr(e, "key", None) == "__zerror__function_not_found", e
    print("ok")
finally:
    m.zero_client.close()
