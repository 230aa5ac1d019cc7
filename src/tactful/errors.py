"""The exception tree of Tactful: one root, user-caused errors apart from system errors.

    TactfulError                      root of every error Tactful raises on purpose
    ├── InputError                    the user's input is wrong (file, line, field named)
    │   ├── MailInputError            a mailbox path or message that cannot be read
    │   ├── ShopDataError             a shop folder that does not validate
    │   ├── ConfigError               a setting that is missing or malformed
    │   └── TrainingDataError         a labelled CSV for ``tactful train`` that is malformed
    └── SystemFault                   something outside the user's input failed
        ├── StorageError              the database refused or is unreachable
        ├── MailTransportError        IMAP/SMTP failures after retries
        └── ModelEndpointError        the optional LLM endpoint failed

Third-party errors are translated at the boundary with ``raise ... from exc``.
"""

from __future__ import annotations


class TactfulError(Exception):
    """Root of every error Tactful raises on purpose."""


class InputError(TactfulError):
    """The user's input is wrong; the message names what and where."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.path = path
        self.line = line
        self.field = field
        where = ", ".join(
            part for part in (
                path,
                f"line {line}" if line is not None else None,
                f"field {field!r}" if field else None,
            ) if part
        )
        super().__init__(f"{where}: {message}" if where else message)


class MailInputError(InputError):
    """A mailbox path or message that cannot be read."""


class ShopDataError(InputError):
    """A shop data folder that does not validate."""


class ConfigError(InputError):
    """A setting that is missing or malformed."""


class TrainingDataError(InputError):
    """A labelled CSV given to ``tactful train`` is malformed."""


class SystemFault(TactfulError):
    """Something outside the user's input failed."""


class StorageError(SystemFault):
    """The database refused an operation or cannot be reached."""


class MailTransportError(SystemFault):
    """An IMAP or SMTP operation failed after its retries."""


class ModelEndpointError(SystemFault):
    """The optional model endpoint failed, timed out or answered nonsense."""
