#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz targets (docs/reliability.md) into the committed corpus.

Seeds: every frame captured from the Python original (../shared/wire, copied under
src/test/resources/wire) and the bad inputs of reliability-security §2.7 (A: framing, B: MessagePack,
C: request semantics, E6: ZeroMQ layout). Re-running it rewrites the seed-* files only; inputs the
fuzzer added (hash-named) are kept. Usage: python3 zero-core/src/test/fuzz/seed-corpus.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
TEST = os.path.dirname(HERE)
WIRE = os.path.join(TEST, "resources", "wire")
RES = os.path.join(TEST, "resources", "io", "zeroapi")
TYPE_COUNT = 32  # MsgpackFuzzTest.TYPES.size()


def lines(name):
    with open(os.path.join(WIRE, name)) as f:
        return [bytes.fromhex(l.strip()) for l in f if l.strip() and not l.startswith("#")]


def zmtp_body(frame):
    flags = frame[0]
    return frame[9:] if flags & 0x02 else frame[2:]


def mp_str(s):
    b = s.encode() if isinstance(s, str) else s
    if len(b) < 32:
        return bytes([0xA0 | len(b)]) + b
    if len(b) < 256:
        return b"\xd9" + bytes([len(b)]) + b
    return b"\xda" + struct.pack(">H", len(b)) + b


def envelope(fn, data):
    return b"\x82" + mp_str("fn") + mp_str(fn) + mp_str("data") + data


def tcp_frame(payload, rid=1, flag=0):
    return struct.pack(">IIB", 5 + len(payload), rid, flag) + payload


# ---- MessagePack values: §2.7 B ----------------------------------------------------------------
values = {
    "b1-str32-4gib": bytes.fromhex("dbffffffff61"),
    "b2-bin32": bytes.fromhex("c67fffffff00"),
    "b2-ext32": bytes.fromhex("c97fffffff0100"),
    "b3-array32-empty": bytes.fromhex("dd00010000"),
    "b4-map32-40000000": bytes.fromhex("df40000000"),
    "b4-map32-ffffffff": bytes.fromhex("dfffffffff"),
    "b5-deep-arrays": b"\x91" * 1100 + b"\xc0",
    "b5-deep-maps": b"\x81\xa1a" * 1100 + b"\xc0",
    "b6-depth-1000": b"\x91" * 999 + b"\xc0",
    "b7-ext-0": bytes.fromhex("c70005"),
    "b7-ext-1": bytes.fromhex("d40507"),
    "b7-ext-255": b"\xc7\xff\x05" + b"\x01" * 255,
    "b7-fixext16": b"\xd8\x05" + b"\x02" * 16,
    "b8-timestamp-1": bytes.fromhex("c701ff00"),
    "b8-timestamp-5": bytes.fromhex("c705ff0000000000"),
    "b8-timestamp-13": bytes.fromhex("c70dff") + b"\x00" * 13,
    "b8-timestamp-nanos-1e9": bytes.fromhex("d7ff") + struct.pack(">Q", (1_000_000_000 << 34) | 5),
    "b8-timestamp-96": bytes.fromhex("c70cff") + struct.pack(">Iq", 5, -1),
    "b8-timestamp-32": bytes.fromhex("d6ff5f5e1000"),
    "b9-invalid-utf8": bytes.fromhex("a2c328"),
    "b9-surrogate": bytes.fromhex("a3eda080"),
    "b10-c1": bytes.fromhex("c1"),
    "b11-truncated-u32": bytes.fromhex("ce0001"),
    "b11-truncated-f64": bytes.fromhex("cb3ff0"),
    "b12-trailing": bytes.fromhex("c0c0"),
    "b13-uint64-max": bytes.fromhex("cfffffffffffffffff"),
    "b13-int64-min": bytes.fromhex("d38000000000000000"),
    "b14-nan": bytes.fromhex("cb7ff8000000000000"),
    "b14-inf": bytes.fromhex("cb7ff0000000000000"),
    "b14-neg-zero": bytes.fromhex("cb8000000000000000"),
    "b14-float32": bytes.fromhex("ca3fc00000"),
    "b15-nils": b"\xdc\x03\xe8" + b"\xc0" * 1000,
    "b15-empty-strings": b"\xdc\x03\xe8" + b"\xa0" * 1000,
    "b15-uint32-keys": b"\xde\x01\x00" + b"".join(b"\xce" + struct.pack(">I", i) + b"\xc0" for i in range(256)),
    "b16-string-keys": b"\x84\xa2Aa\x01\xa2BB\x02\xa2AB\x03\xa2Ba\x04",
    "scalars": b"\x95\x00\xff\xcc\xc8\xd0\x80\xc3",
    "strings": mp_str("hello") + b"",
    "uuid-string": mp_str("123e4567-e89b-12d3-a456-426614174000"),
    "date-string": mp_str("2024-01-02"),
    "datetime-string": mp_str("2024-01-02T03:04:05.123456+02:00"),
    "local-datetime-string": mp_str("2024-01-02T03:04:05"),
    "time-string": mp_str("03:04:05.5"),
    "offset-time-string": mp_str("03:04:05+01:00"),
    "decimal-string": mp_str("12345.678900"),
    "iso-nanos-z": mp_str("2024-01-02T03:04:05.123456789Z"),
    "iso-offset-half-hour": mp_str("2024-01-02T03:04:05-05:30"),
    "iso-offset-14": mp_str("2024-01-02T03:04:05+14:00"),
    "iso-offset-25": mp_str("2024-01-02T03:04:05+25:00"),
    "iso-big-year": mp_str("+12024-01-02T00:00:00Z"),
    "iso-negative-year": mp_str("-0001-01-01"),
    "iso-month-13": mp_str("2024-13-01"),
    "iso-feb-30": mp_str("2024-02-30"),
    "iso-24h": mp_str("24:00:00"),
    "iso-minutes-only": mp_str("03:04"),
    "iso-ten-fraction-digits": mp_str("03:04:05.1234567891"),
    "iso-space": mp_str("2024-01-02 03:04:05"),
    "iso-trailing-t": mp_str("2024-01-02T"),
    "iso-lowercase": mp_str("2024-01-02t03:04:05z"),
    "iso-empty": mp_str(""),
    "char": mp_str("x"),
    "two-chars": mp_str("xy"),
    "bool-array": b"\x93\xc3\xc2\xc3",
    "float-map": b"\x82" + mp_str("b") + bytes.fromhex("cb3ff8000000000000") + mp_str("a") + b"\x01",
    "person": b"\x82" + mp_str("baseId") + b"\x07" + mp_str("name") + mp_str("p"),
    "big-int": bytes.fromhex("cfffffffffffffffff"),
    "bin": b"\xc4\x03abc",
    "int-array": b"\x93\x01\x02\x03",
    "enum-names": b"\x92" + mp_str("RED") + mp_str("GREEN"),
    "enum-codes": b"\x92\x01\xcc\xc8",
    "map-of-lists": b"\x82" + mp_str("a") + b"\x92\x01\x02" + mp_str("b") + b"\x90",
    "map-enum-keys": b"\x82" + mp_str("a") + b"\x91\x01" + mp_str("b") + b"\x90",
    "box": b"\x82" + mp_str("value") + mp_str("RED") + mp_str("values") + b"\x92" + mp_str("GREEN") + b"\xc0",
    "node": b"\x83" + mp_str("name") + mp_str("n") + mp_str("children") + b"\x91\x83" + mp_str("name")
    + mp_str("c") + mp_str("children") + b"\x90" + mp_str("byName") + b"\x80" + mp_str("byName") + b"\x80",
    "with-optional": b"\x84" + mp_str("name") + mp_str("x") + mp_str("nickname") + b"\xc0" + mp_str("age")
    + b"\x05" + mp_str("at") + bytes.fromhex("d6ff5f5e1000"),
    "times": b"\x86" + mp_str("date") + mp_str("2024-01-02") + mp_str("dateTime") + mp_str("2024-01-02T03:04:05")
    + mp_str("time") + mp_str("03:04:05") + mp_str("offsetDateTime") + bytes.fromhex("d6ff5f5e1000")
    + mp_str("zoned") + mp_str("2024-01-02T03:04:05Z") + mp_str("offsetTime") + mp_str("03:04:05+01:00"),
    "numbers": b"\x87" + mp_str("big") + b"\xcf" + b"\x7f" + b"\xff" * 7 + mp_str("small") + b"\xd1\x80\x00"
    + mp_str("tiny") + b"\x7f" + mp_str("single") + bytes.fromhex("ca3fc00000") + mp_str("huge")
    + b"\xcf" + b"\xff" * 8 + mp_str("exact") + mp_str("1.5") + mp_str("letter") + mp_str("x"),
}

# ---- request payloads: captures and §2.7 B/C ---------------------------------------------------
requests = {}
for name in sorted(os.listdir(WIRE)):
    if name.startswith("tcp_") and name.endswith(".hex"):
        for i, frame in enumerate(lines(name)):
            if len(frame) >= 9:
                requests[f"{name[:-4]}-{i}"] = frame[9:]
for key, value in list(values.items()):
    requests["data-" + key] = envelope("echo", value)
requests.update({
    "b9-invalid-utf8-fn": b"\x82" + mp_str("fn") + bytes.fromhex("a2c328") + mp_str("data") + b"\xc0",
    "b17-fn-twice": bytes.fromhex("83a2666ea161a2666ea162a464617461c0"),
    "c1-not-a-map": bytes.fromhex("91c0"),
    "c1-nil": bytes.fromhex("c0"),
    "c2-no-fn": bytes.fromhex("81a464617461c0"),
    "c2-empty-fn": bytes.fromhex("81a2666ea0"),
    "c2-int-fn": bytes.fromhex("81a2666e05"),
    "c3-long-fn": b"\x81" + mp_str("fn") + mp_str("f" * 3000),
    "c4-connect": envelope("connect", b"\xc0"),
    "c4-contract": envelope("get_rpc_contract", b"\xc0"),
    "unknown-key-deep": b"\x83" + mp_str("x") + b"\x91" * 2000 + b"\xc0" + mp_str("fn") + mp_str("a") + mp_str("data") + b"\xc3",
    "map16": bytes.fromhex("de0001a2666ed90161"),
    "map32": bytes.fromhex("df00000001a2666ea161"),
    "non-str-key": bytes.fromhex("8205c0a2666ea161"),
})

# ---- TCP streams: captures and §2.7 A ----------------------------------------------------------
streams = {}
for name in sorted(os.listdir(WIRE)):
    if name.startswith("tcp_") and name.endswith(".hex"):
        frames = lines(name)
        streams[name[:-4]] = b"".join(frames)
        streams[name[:-4] + "-first"] = frames[0]
streams.update({
    "a1-length-0": bytes.fromhex("00000000"),
    "a2-length-4": bytes.fromhex("00000004deadbeef"),
    "a3-length-5": bytes.fromhex("00000005deadbeef00"),
    "a4-ffffffff": bytes.fromhex("ffffffff00000001"),
    "a5-max-plus-1": bytes.fromhex("00000401") + b"\x00" * 1025,
    "a5-max": bytes.fromhex("00000400") + b"\x00" * 1024,
    "a6-http": b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
    "a6-tls": bytes.fromhex("160301002e0100002a0303") + b"\x00" * 32,
    "a6-zmtp": bytes.fromhex("ff00000000000000017f03"),
    "a6-zmtp-partial": bytes.fromhex("ff0000000000"),
    "a7-header-only": bytes.fromhex("00000010"),
    "a8-partial": bytes.fromhex("00000064deadbeef00"),
    "a12-flag-ff": tcp_frame(envelope("echo", mp_str("x")), 7, 0xFF),
    "a13-ids": tcp_frame(envelope("echo", b"\xc0"), 0xFFFFFFFF) + tcp_frame(envelope("echo", b"\xc0"), 0),
    "good-then-bad": tcp_frame(envelope("echo", b"\xc0")) + bytes.fromhex("00000000"),
    "good-then-zmtp": tcp_frame(envelope("echo", b"\xc0")) + bytes.fromhex("ff00000000000000017f"),
})

# ---- ZeroMQ messages: captures and §2.7 E6 -----------------------------------------------------
zmq = {}
for name in sorted(os.listdir(WIRE)):
    if name.startswith("zmq_") and "client_to_server" in name or name in ("zmq_request.hex", "zmq_hello_world_request.hex", "zmq_struct_request.hex", "zmq_error_request.hex", "zmq_connect_handshake.hex"):
        for i, frame in enumerate(lines(name)):
            body = zmtp_body(frame)
            if len(body) >= 16:
                zmq[f"{name[:-4]}-{i}"] = body
rid = bytes(range(16))
zmq.update({
    "e6-short": rid[:10],
    "e6-id-only": rid,
    "e6-no-room-for-a-name": rid + b"abc",
    "e6-bad-name": rid + bytes.fromhex("c328") + b" " * 78 + b"\xc0",
    "e6-unpadded": rid + b"connect",
    "e6-name-80": rid + b"f" * 80 + mp_str("x"),
    "e6-nul-padded": rid + b"echo" + b"\x00" * 76 + mp_str("x"),
    "e6-utf8-name": rid + "grüße".encode() + b" " * (80 - len("grüße".encode())) + b"\xc0",
})
for key, value in values.items():
    zmq["data-" + key] = rid + b"echo" + b" " * 76 + value


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "seed-" + name), "wb") as f:
        f.write(data)


def corpus(path):
    return os.path.join(RES, *path.split("/"))


for key, value in streams.items():
    for chunk in (0, 1, 7):
        write(corpus("internal/tcp/TcpFuzzTestInputs/frames"), f"{key}-chunk{chunk}", bytes([chunk]) + value)
for key, value in requests.items():
    write(corpus("internal/tcp/TcpFuzzTestInputs/envelope"), key, value)
untyped = dict(values)
for key, value in requests.items():
    untyped["request-" + key] = value
for key, value in untyped.items():
    write(corpus("codec/MsgpackFuzzTestInputs/untyped"), key, value)
# each value as 8 of the types (spread so that every type gets every kind of value from some seed);
# the fuzzer's own inputs fill in the rest
for k, (key, value) in enumerate(values.items()):
    for j in range(8):
        t = (k + j * 4) % TYPE_COUNT
        write(corpus("codec/MsgpackFuzzTestInputs/typed"), f"{key}-type{t}", bytes([t]) + value)
for key, value in requests.items():
    if key.startswith("tcp_struct") or key.startswith("tcp_request"):
        write(corpus("codec/MsgpackFuzzTestInputs/typed"), f"{key}-type0", bytes([0]) + value)
for key, value in zmq.items():
    write(corpus("internal/zmq/ZmqFuzzTestInputs/requestFrame"), key, value)
