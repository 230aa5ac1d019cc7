"""Commands of the ``tactful parse`` group (filled in by the stage that owns it)."""

commands: list = []
