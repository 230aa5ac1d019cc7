"""Read mail: parse .eml, mbox, Maildir and raw bytes into clean, threaded ``ParsedMessage``s.

    parse_bytes(raw, source)   one message from bytes (never raises for malformed mail)
    parse_file(path)           one .eml file
    iter_messages(paths)       files, mbox files (streamed), Maildir folders, folders of .eml
    thread_messages(messages)  fill ``thread_key`` (Message-ID links, then subject + address)
    thread_keys(paths)         the same keys from headers only, for mailboxes too big to hold
    split_reply(text)          new text / quoted history / signature of a plain-text reply
"""

from tactful.mail.autoreply import is_auto_reply
from tactful.mail.htmltext import html_to_text, sanitize_html
from tactful.mail.parse import parse_bytes, parse_file, parse_headers
from tactful.mail.quotes import Split, split_reply
from tactful.mail.sources import iter_mbox, iter_messages, iter_raw, thread_keys
from tactful.mail.threads import normalize_subject, thread_messages
from tactful.mail.types import Address, Attachment, ParsedMessage, message_from_text

__all__ = [
    "Address", "Attachment", "ParsedMessage", "Split", "html_to_text", "is_auto_reply",
    "iter_mbox", "iter_messages", "iter_raw", "message_from_text", "normalize_subject", "parse_bytes",
    "parse_file", "parse_headers", "sanitize_html", "split_reply", "thread_keys", "thread_messages",
]
