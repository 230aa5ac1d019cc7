"""Entry point of the ``tactful`` program: builds the click group from the command modules.

Each command module exposes ``commands`` (a list of click commands) and keeps heavy imports
inside the command functions so ``tactful --help`` stays fast.
"""

from __future__ import annotations

import importlib

import click

from tactful import __version__
from tactful.errors import InputError, TactfulError

# One module per command group; each owns its commands.
COMMAND_MODULES = (
    "tactful.cli.parse",      # parse                      (mail)
    "tactful.cli.analyze",    # analyze, train             (understand)
    "tactful.cli.draft",      # draft, notify              (compose)
    "tactful.cli.demo",       # demo: the whole desk on the sample shop and inbox
    "tactful.cli.check",      # check                      (review)
    "tactful.cli.desk",       # import, fetch, process, send, sla, handover, report, worker, db
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tactful")
def cli() -> None:
    """Tactful: read, answer and review customer email by the playbook, offline."""


for _name in COMMAND_MODULES:
    for _command in importlib.import_module(_name).commands:
        cli.add_command(_command)


def main() -> None:
    """Run the CLI, turning Tactful's own errors into a clear message and exit status 2."""
    try:
        code = cli(standalone_mode=False)
        # With standalone_mode off, click returns ctx.exit()'s code instead of exiting.
        if isinstance(code, int) and code:
            raise SystemExit(code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        raise SystemExit(1)
    except click.exceptions.ClickException as exc:
        exc.show()
        raise SystemExit(exc.exit_code)
    except click.exceptions.Exit as exc:
        raise SystemExit(exc.exit_code)
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2)
    except TactfulError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(3)
