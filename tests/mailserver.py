"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives and can refuse chosen recipients."""

from __future__ import annotations

import asyncio
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.browser import free_port


@dataclass
class Received:
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        return self.message.get_content()


@dataclass
class Inbox:
    """What the server accepted, and the addresses it answers 550 to (change it between runs)."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    # A slow mail server: while `gate` is set to a cleared Event, each message waits at DATA until it is set.
    gate: threading.Event | None = None
    arrived: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))  # one per DATA begun

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.recipients]

    def addresses(self) -> list[str]:
        return sorted(a for r in self.received for a in r.recipients)

    # aiosmtpd handler hooks
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.casefold() in self.refuse:
            return "550 5.1.1 Postkassen findes ikke"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.arrived.release()
        if self.gate is not None:
            await asyncio.get_running_loop().run_in_executor(None, self.gate.wait, 60)
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.received.append(Received(list(envelope.rcpt_tos), message))
        return "250 Modtaget"


@contextmanager
def smtp_server():
    """Yield (inbox, port) for an SMTP server on 127.0.0.1 that lives for the `with` block."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
