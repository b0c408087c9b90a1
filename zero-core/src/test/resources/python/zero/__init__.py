"""A stand-in for the original's `zero` package (PyPI zeroapi), for the tests of the generated
Python client: the names the generated source imports, and a minimal ZeroMQ client.

ZeroClient speaks the original's ZeroMQ wire format over pyzmq (a DEALER socket, one frame each
way): the request is 16 random id bytes + the function name space-padded to 80 bytes + the msgpack
argument (nothing for None), the reply the 16-byte id + the msgpack result; a map with a
`__zerror__*` key raises ZeroError.
AsyncZeroClient only records its arguments (the tests import the async client, never call it).
"""

import os

import msgspec

__all__ = ["ZeroClient", "AsyncZeroClient", "ZeroError"]


class ZeroError(Exception):
    """A `__zerror__*` reply: key and message."""

    def __init__(self, key, message):
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


class ZeroClient:
    def __init__(self, host: str, port: int, default_timeout: int = 2000, encoder=None, decoder=None):
        self._address = f"tcp://{host}:{port}"
        self._timeout = default_timeout
        self._socket = None

    def _connect(self):
        import zmq

        if self._socket is None:
            self._context = zmq.Context.instance()
            self._socket = self._context.socket(zmq.DEALER)
            self._socket.setsockopt(zmq.LINGER, 0)
            self._socket.connect(self._address)
        return self._socket

    def call(self, rpc_func_name: str, msg, timeout=None, return_type=None):
        import zmq

        name = rpc_func_name.encode("utf-8")
        if len(name) > 80:
            raise ValueError("function name over 80 bytes")
        request_id = os.urandom(16)
        header = request_id + name.ljust(80, b" ")
        payload = b"" if msg is None else msgspec.msgpack.encode(msg)
        socket = self._connect()
        socket.send(header + payload)
        wait = self._timeout if timeout is None else timeout
        while True:
            if not socket.poll(wait):
                raise TimeoutError(f"no reply to {rpc_func_name} within {wait} ms")
            frame = socket.recv()
            if frame[:16] == request_id:  # a late reply to an earlier call is dropped
                break
        body = frame[16:]
        raw = msgspec.msgpack.decode(body)
        if isinstance(raw, dict):
            for key, value in raw.items():
                if isinstance(key, str) and key.startswith("__zerror__"):
                    raise ZeroError(key, value)
        if return_type is None:
            return raw
        return msgspec.msgpack.decode(body, type=return_type)

    def close(self):
        if self._socket is not None:
            self._socket.close(0)
            self._socket = None


class AsyncZeroClient:
    def __init__(self, host: str, port: int, default_timeout: int = 2000, encoder=None, decoder=None, protocol=None):
        self.host = host
        self.port = port
        self.protocol = protocol

    async def call(self, rpc_func_name: str, msg, timeout=None, return_type=None):
        raise NotImplementedError("the test stub's AsyncZeroClient does not call")
