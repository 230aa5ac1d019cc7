"""Commands of the ``tactful check`` group (filled in by the stage that owns it)."""

commands: list = []
