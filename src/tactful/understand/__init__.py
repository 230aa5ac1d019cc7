"""Understand a customer email: language, items and intents, mood, facts, gaps, secrets, duplicates."""

from tactful.understand.pipeline import analyze, analyze_many, analyze_text, load_model
from tactful.understand.types import (INTENTS, SERVED_LANGUAGES, Analysis, AnalysisContext, Fact,
                                      Facts, Item, Mood, Profile, Secret)

__all__ = ["INTENTS", "SERVED_LANGUAGES", "Analysis", "AnalysisContext", "Fact", "Facts", "Item",
           "Mood", "Profile", "Secret", "analyze", "analyze_many", "analyze_text", "load_model"]
