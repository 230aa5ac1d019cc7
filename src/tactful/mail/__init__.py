"""Read mail: parse .eml, mbox, Maildir and raw bytes into clean, threaded ``ParsedMessage``s."""

from tactful.mail.types import Address, Attachment, ParsedMessage, message_from_text

__all__ = ["Address", "Attachment", "ParsedMessage", "message_from_text"]
