"""TRACK: every change to desk data is written to the audit log, in the same transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from tactful.desk.models import AuditLog


def audit(session: Session, *, at: datetime, entity: str, entity_id: int, action: str,
          actor: str = "tactful", **detail: Any) -> None:
    session.add(AuditLog(at=at, actor=actor, entity=entity, entity_id=entity_id, action=action,
                         detail={k: _plain(v) for k, v in detail.items()}))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
