"""Builds the bundled samples from compact specs: ``python -m tactful.samples.generate``."""
