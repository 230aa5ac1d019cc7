"""Commands of the ``tactful desk`` group (filled in by the stage that owns it)."""

commands: list = []
