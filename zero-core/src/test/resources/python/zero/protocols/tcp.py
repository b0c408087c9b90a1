"""A stand-in for the original's raw-TCP client class: only its name is imported by the generated source."""


class AsyncTCPClient:
    pass
