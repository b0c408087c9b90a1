"""A server that handles requests the way the original Zero (zeroapi) does, with pyzmq and msgspec.

Usage: original_server.py zmq|tcp
Prints its port on the first line, then serves until stdin closes. Its request handling follows the
original's code (spec 2.2 and 2.3): on ZeroMQ a worker takes recv_multipart() and drops any message
that is not [identity, data] ("invalid message received"); the name is bytes 16..96 stripped; on raw
TCP the envelope is decoded untyped and read with .get("fn") / .get("data"). Functions: connect ->
"connected" (whatever the argument, as execute_common_rpc does), echo -> its argument, seen -> the hex
of every request payload received before it (TCP: envelopes; ZeroMQ: frames), dropped -> how many
ZeroMQ messages were dropped.
"""

import asyncio
import struct
import sys
import threading

import msgspec
import zmq

seen = []
dropped = [0]


def handle(name, msg):
    if name == "connect":
        return "connected"
    if name == "echo":
        return msg
    if name == "seen":
        return list(seen)
    if name == "dropped":
        return dropped[0]
    return {"__zerror__function_not_found": f"Function `{name}` not found!"}


def serve_zmq():
    context = zmq.Context()
    router = context.socket(zmq.ROUTER)
    port = router.bind_to_random_port("tcp://127.0.0.1")
    print(port, flush=True)
    while True:
        frames = router.recv_multipart()
        if len(frames) != 2:
            dropped[0] += 1  # the original's worker: "invalid message received", no reply
            continue
        identity, data = frames
        req_id, name, payload = data[:16], data[16:96].strip().decode(), data[96:]
        msg = msgspec.msgpack.decode(payload) if payload else ""
        if name not in ("seen", "dropped"):
            seen.append(data[16:].hex())
        router.send_multipart([identity, req_id + msgspec.msgpack.encode(handle(name, msg))])


async def tcp_connection(reader, writer):
    try:
        while True:
            length, req_id = struct.unpack(">II", await reader.readexactly(8))
            await reader.readexactly(1)  # the request flag, ignored
            payload = await reader.readexactly(length - 5)
            request = msgspec.msgpack.decode(payload)
            name, data = request.get("fn"), request.get("data")
            if name not in ("seen", "dropped"):
                seen.append(payload.hex())
            reply = handle(name, data)
            body = msgspec.msgpack.encode(reply)
            flag = 1 if isinstance(reply, dict) and any(str(k).startswith("__zerror__") for k in reply) else 0
            writer.write(struct.pack(">IIB", len(body) + 5, req_id, flag) + body)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()


async def serve_tcp():
    server = await asyncio.start_server(tcp_connection, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


def main():
    threading.Thread(target=lambda: (sys.stdin.read(), __import__("os")._exit(0)), daemon=True).start()
    if sys.argv[1] == "zmq":
        serve_zmq()
    else:
        asyncio.run(serve_tcp())


main()
