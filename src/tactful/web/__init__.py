"""The web interface over the desk (read-only ticket views for now)."""
