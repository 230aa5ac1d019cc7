"""Commands of the ``tactful analyze`` group (filled in by the stage that owns it)."""

commands: list = []
