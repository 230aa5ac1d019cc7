"""Tactful: an offline-first customer-service email desk for cross-border e-commerce sellers.

The pipeline is ``mail`` (parse) -> ``understand`` (analyse) -> ``compose`` (draft) ->
``review`` (check against the playbook) -> ``desk`` (storage, tickets, mailbox, jobs), with
``cli`` and ``web`` on top. The first four are pure; only ``desk``, ``web`` and ``cli`` do I/O.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
