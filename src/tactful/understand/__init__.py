"""Understand a customer email: language, items and intents, mood, facts, gaps, secrets, duplicates."""

from tactful.understand.types import (INTENTS, SERVED_LANGUAGES, Analysis, Fact, Facts, Item, Mood,
                                      Profile, Secret)

__all__ = ["INTENTS", "SERVED_LANGUAGES", "Analysis", "Fact", "Facts", "Item", "Mood", "Profile",
           "Secret"]
