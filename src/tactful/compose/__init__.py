"""Compose a reply by the playbook (PLAYBOOK §3, §6): plan, phrasebooks and shop data -> draft."""

from tactful.compose.composer import compose, context_for
from tactful.compose.types import Draft, PlanSection

__all__ = ["Draft", "PlanSection", "compose", "context_for"]
