"""Commands of the ``tactful draft`` group (filled in by the stage that owns it)."""

commands: list = []
