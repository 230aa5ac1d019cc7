"""Understand tests: a seller's trained model in the user's data folder must not change results."""

from __future__ import annotations

import os
import tempfile

# Set before any test imports the classifier: analyze() picks a seller model up from here.
os.environ.setdefault("TACTFUL_DATA_DIR", tempfile.mkdtemp(prefix="tactful-understand-data-"))
