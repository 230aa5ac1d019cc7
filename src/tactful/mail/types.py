"""Plain data produced by ``tactful.mail``: parsed messages, addresses and attachments.

These frozen dataclasses are the contract between the mail stage and every later stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Address:
    """A display name and an e-mail address (either may be empty)."""

    name: str = ""
    address: str = ""

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "address": self.address}


@dataclass(frozen=True)
class Attachment:
    """One attachment or inline part; ``payload`` keeps the decoded bytes retrievable."""

    filename: str
    content_type: str
    size: int
    inline: bool = False
    content_id: str | None = None
    payload: bytes = field(default=b"", repr=False, compare=False)

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    def to_json(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "content_type": self.content_type,
            "size": self.size,
            "inline": self.inline,
            "content_id": self.content_id,
        }


@dataclass(frozen=True)
class ParsedMessage:
    """One e-mail, decoded and split into new text, quoted history and signature.

    ``raw`` keeps the bytes exactly as received so nothing is ever lost; ``errors`` lists
    every defect met while parsing (the message is still returned).
    """

    source: str
    raw: bytes = field(default=b"", repr=False, compare=False)
    message_id: str = ""
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    thread_key: str = ""
    from_: Address = Address()
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    reply_to: tuple[Address, ...] = ()
    subject: str = ""
    date: datetime | None = None
    language_hint: str = ""
    text: str = ""
    new_text: str = ""
    quoted_text: str = ""
    signature: str = ""
    html_sanitized: str = ""
    attachments: tuple[Attachment, ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    is_auto_reply: bool = False
    errors: tuple[str, ...] = ()

    @property
    def sender(self) -> str:
        """The sender's address in lower case ("" when unknown)."""
        return self.from_.address.lower()

    def to_json(self) -> dict[str, Any]:
        """The JSON object of the ``tactful parse --json`` contract."""
        return {
            "source": self.source,
            "message_id": self.message_id,
            "in_reply_to": self.in_reply_to,
            "references": list(self.references),
            "thread_key": self.thread_key,
            "from": self.from_.to_json(),
            "to": [a.to_json() for a in self.to],
            "cc": [a.to_json() for a in self.cc],
            "subject": self.subject,
            "date": self.date.isoformat() if self.date else None,
            "language_hint": self.language_hint,
            "new_text": self.new_text,
            "quoted_text": self.quoted_text,
            "signature": self.signature,
            "html_sanitized": self.html_sanitized,
            "attachments": [a.to_json() for a in self.attachments],
            "is_auto_reply": self.is_auto_reply,
            "errors": list(self.errors),
        }


def message_from_text(text: str, *, subject: str = "", sender: str = "",
                      sender_name: str = "", date: datetime | None = None,
                      source: str = "<text>", message_id: str = "",
                      attachments: tuple[Attachment, ...] = ()) -> ParsedMessage:
    """Build a message from plain text that is already the customer's new text.

    Used by tests, the review command and anywhere a body arrives without MIME around it.
    """
    return ParsedMessage(
        source=source,
        raw=text.encode("utf-8"),
        message_id=message_id,
        from_=Address(sender_name, sender),
        subject=subject,
        date=date,
        text=text,
        new_text=text,
        attachments=attachments,
    )
