"""A real SMTP server for tests (aiosmtpd on 127.0.0.1, a free port), scripted to misbehave."""

import asyncio
import email
import socket
import threading
from contextlib import contextmanager

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ScriptedHandler:
    """Refuses the first ``refuse`` messages with a 421 ("try again later"); with ``hold_first``
    keeps the first DATA waiting, without an answer, until ``release`` (a server that hangs
    while a worker is killed). ``accepted`` holds each accepted message's Message-ID."""

    def __init__(self, refuse: int = 0, hold_first: bool = False):
        self.refuse = refuse
        self.hold_first = hold_first
        self.accepted: list[str] = []
        self.refused = 0
        self.held = threading.Event()  # the first DATA has arrived and is being held
        self._release = threading.Event()
        self._lock = threading.Lock()

    def release(self) -> None:
        self._release.set()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            hold = self.hold_first and not self.held.is_set()
            if hold:
                self.held.set()
        if hold:
            await asyncio.get_running_loop().run_in_executor(None, self._release.wait, 60)
            return "451 4.3.0 Try again later"
        with self._lock:
            if self.refused < self.refuse:
                self.refused += 1
                return "421 4.3.2 Service not available, try again later"
            message = email.message_from_bytes(envelope.original_content or envelope.content)
            self.accepted.append(message["Message-ID"])
        return "250 2.0.0 Message accepted for delivery"


@contextmanager
def smtp_server(handler: ScriptedHandler):
    """Yields the port of a running server; stops it afterwards."""
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        handler.release()
        controller.stop()
