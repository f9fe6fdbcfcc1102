"""Sending e-mail over SMTP (the standard library's smtplib), configured by environment variables.

    MAALSTYRING_SMTP_HOST       the mail server (required to send)
    MAALSTYRING_SMTP_PORT       default 25
    MAALSTYRING_SMTP_USER       optional; with MAALSTYRING_SMTP_PASSWORD
    MAALSTYRING_SMTP_STARTTLS   1/ja/true to upgrade the connection with STARTTLS before logging in
    MAALSTYRING_MAIL_FROM       the sender address (required to send)

Errors come back as Danish text per recipient; nothing here raises on a failed send.

Headers carry only the app's own words and addresses from the roles file and the environment (issue 28, point
8). Python 3.11 before 3.11.10 folds a long header holding an RFC 2047 encoded word by decoding it, so an encoded
CR/LF in a value became real header lines (CVE-2024-6923: an institution name added `Bcc:` and `Reply-To:`).
Whatever Python does, `Mail.message` refuses a header value that is not plain one-line text without "=?", and an
address that is not one plain address; every value from a workbook or a user goes in the body.
"""

from __future__ import annotations

import os
import re
import smtplib
import socket
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

TIMEOUT_SECONDS = 30  # a server that never answers must not hang the board or the timer


class MailConfigError(ValueError):
    """The mail settings are missing or wrong; the message says which variable, in Danish."""


class UnsafeHeaderError(ValueError):
    """A value that may not go into a mail header; the message says which, in Danish."""


# One address: no spaces, line breaks, quotes, commas or angle brackets (the same rule as reminding.recipients).
_ADDRESS = re.compile(r"[^@\s,;<>\"'()\\]+@[^@\s,;<>\"'()\\]+\.[^@\s,;<>\"'()\\]+")
# Printable text on one line; no control characters (C0, DEL, C1) and no Unicode line or paragraph separators.
_UNSAFE_TEXT = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MAX_SUBJECT = 120  # the app's own subjects are ~60 characters; longer would be folded, and folding is the risk


def header_address(address: str, what: str) -> str:
    if not _ADDRESS.fullmatch(address) or not address.isascii():
        raise UnsafeHeaderError(f"{what} '{address}' er ikke én gyldig e-mailadresse; mailen er ikke sendt.")
    return address


def header_text(text: str) -> str:
    if _UNSAFE_TEXT.search(text) or "=?" in text or len(text) > MAX_SUBJECT:
        raise UnsafeHeaderError("Emnet må kun være Målstyrings egen tekst på én linje; mailen er ikke sendt.")
    return text


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = False

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def settings_from_env(env: Mapping[str, str] | None = None) -> SmtpSettings:
    env = os.environ if env is None else env
    host = env.get("MAALSTYRING_SMTP_HOST", "").strip()
    sender = env.get("MAALSTYRING_MAIL_FROM", "").strip()
    missing = [
        name for name, value in (("MAALSTYRING_SMTP_HOST", host), ("MAALSTYRING_MAIL_FROM", sender)) if not value
    ]
    if missing:
        raise MailConfigError(
            f"Der er ikke sat en mailserver op: sæt {' og '.join(missing)} "
            "(se docs/DRIFT.md, afsnittet om påmindelser)."
        )
    port_text = env.get("MAALSTYRING_SMTP_PORT", "25").strip() or "25"
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise MailConfigError(f"MAALSTYRING_SMTP_PORT skal være et portnummer, fx 25 eller 587, ikke '{port_text}'.")
    user = env.get("MAALSTYRING_SMTP_USER", "").strip() or None
    password = env.get("MAALSTYRING_SMTP_PASSWORD") or None
    if user and not password:
        raise MailConfigError("MAALSTYRING_SMTP_USER er sat, men MAALSTYRING_SMTP_PASSWORD mangler.")
    starttls = env.get("MAALSTYRING_SMTP_STARTTLS", "").strip().casefold() in ("1", "ja", "true", "yes")
    return SmtpSettings(host, int(port_text), sender, user, password, starttls)


@dataclass(frozen=True)
class Mail:
    recipient: str  # from the roles file
    subject: str  # the app's own words only: names from workbooks go in the body
    body: str

    def message(self, sender: str) -> EmailMessage:
        """The mail to send. Raises UnsafeHeaderError for a header value that is not the app's own plain text."""
        message = EmailMessage()
        message["From"] = header_address(sender, "Afsenderen")
        message["To"] = header_address(self.recipient, "Modtageren")
        message["Subject"] = header_text(self.subject)
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain="maalstyring")
        message.set_content(self.body)  # UTF-8; the Danish letters survive any server
        return message


class Mailer:
    """One SMTP session for a batch of mails: `send` returns None, or why this recipient did not get it (Danish)."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None
        self._connect_error: str | None = None

    def __enter__(self) -> Mailer:
        s = self.settings
        try:
            smtp = smtplib.SMTP(s.host, s.port, timeout=TIMEOUT_SECONDS)
            if s.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if s.user:
                smtp.login(s.user, s.password or "")
            self._smtp = smtp
        except smtplib.SMTPAuthenticationError:
            self._connect_error = f"Mailserveren {s.where} afviste brugernavn eller adgangskode."
        except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
            self._connect_error = f"Mailserveren {s.where} kunne ikke nås: {_reason(exc)}"
        return self

    def __exit__(self, *exc_info) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                self._smtp.close()

    def send(self, mail: Mail) -> str | None:
        if self._smtp is None:
            return self._connect_error or "Der er ingen forbindelse til mailserveren."
        try:
            message = mail.message(self.settings.sender)
        except UnsafeHeaderError as exc:
            return str(exc)
        try:
            self._smtp.send_message(message)
            return None
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()), (None, b""))
            return f"Mailserveren afviste modtageren ({code} {_text(text)})."
        except smtplib.SMTPSenderRefused as exc:
            return f"Mailserveren afviste afsenderen {self.settings.sender} ({exc.smtp_code} {_text(exc.smtp_error)})."
        except smtplib.SMTPResponseException as exc:
            return f"Mailserveren afviste mailen ({exc.smtp_code} {_text(exc.smtp_error)})."
        except (OSError, smtplib.SMTPException) as exc:
            self._smtp = None  # the session is gone: the rest fail with this reason instead of hanging
            self._connect_error = f"Forbindelsen til mailserveren {self.settings.where} blev afbrudt: {_reason(exc)}"
            return self._connect_error


def _text(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return f"ingen svar inden for {TIMEOUT_SECONDS} sekunder."
    if isinstance(exc, ConnectionRefusedError):
        return "forbindelsen blev afvist (kører mailserveren, og er port og værtsnavn rigtige?)."
    if isinstance(exc, socket.gaierror):
        return "værtsnavnet kendes ikke."
    return str(exc) or type(exc).__name__
