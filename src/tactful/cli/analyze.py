"""``tactful analyze`` and ``tactful train``: read customer email (PLAYBOOK §1) and adapt the
intent classifier to a seller's own labelled history."""

from __future__ import annotations

import json
import sys

import click


@click.command("analyze")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object per message (JSON Lines) instead of a table.")
@click.option("--model", "model_path", type=click.Path(exists=True, dir_okay=False, path_type=str),
              help="Intent model file written by 'tactful train' (default: your trained model "
                   "if there is one, else the built-in model).")
@click.option("--shop", "shop_dir", type=click.Path(exists=True, file_okay=False, path_type=str),
              help="Shop folder: its order-number pattern and known customers' orders are used.")
def analyze_command(paths: tuple[str, ...], as_json: bool, model_path: str | None,
                    shop_dir: str | None) -> None:
    """Analyse customer emails: language, items and intents, mood, clarity, facts, gaps, secrets.

    PATHS are .eml files, mbox files, Maildir folders or folders of .eml files. All messages
    are analysed together in date order, so duplicates and repeats (READ-DUP) are linked.
    """
    from tactful.mail import iter_messages
    from tactful.understand import analyze_many
    from tactful.understand.classifier import get_model

    context = None
    if shop_dir:
        from tactful.compose import context_for
        from tactful.shop import load_shop

        context = context_for(load_shop(shop_dir))
    model = get_model(model_path)
    analyses = analyze_many(iter_messages(list(paths)), context, model=model)
    if as_json:
        out = sys.stdout
        for analysis in analyses:
            out.write(json.dumps(analysis.to_json(), ensure_ascii=False) + "\n")
        return
    _table(analyses)


def _table(analyses) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(analyses)} message(s) analysed", show_lines=True)
    for name in ("source", "lang", "items (intent / sort)", "mood", "clarity", "missing", "notes"):
        table.add_column(name, overflow="fold")
    for a in analyses:
        items = "\n".join(f"{i.intent} / {i.sort}" + (f" (by {i.deadline})" if i.deadline else
                                                     " (urgent)" if i.time_sensitive else "")
                          for i in a.items) or "-"
        mood = f"{a.mood.kind}" + (" negative" if a.mood.negative else "") + \
            (f" anger {a.mood.anger:.2f}" if a.mood.anger else "")
        notes = []
        if a.secrets:
            notes.append(f"{len(a.secrets)} secret(s) masked")
        if a.duplicate_of:
            notes.append(f"duplicate of {a.duplicate_of}")
        if a.repeat_of:
            notes.append(f"repeat of {a.repeat_of}")
        if a.profile.business:
            notes.append("business buyer")
        if a.profile.seeks_compensation:
            notes.append("seeks compensation")
        table.add_row(a.source, a.language, items, mood, a.clarity, ", ".join(a.missing) or "-",
                      "; ".join(notes) or "-")
    Console().print(table)


@click.command("train")
@click.argument("csv_path", required=False, type=click.Path(path_type=str))
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=str),
              help="Where to save the model (default: your user data folder, used automatically "
                   "by 'tactful analyze').")
@click.option("--builtin", is_flag=True,
              help="Rebuild the model shipped with the package from the built-in examples.")
def train_command(csv_path: str | None, out_path: str | None, builtin: bool) -> None:
    """Adapt the intent classifier with your own labelled emails (CSV with columns text,intent).

    Your examples are added to the built-in ones and weigh more. Every intent must be one of
    the PLAYBOOK §2 catalogue; a malformed row is reported with its file, line and field.
    """
    from tactful.understand import classifier

    if builtin:
        if csv_path:
            raise click.UsageError("--builtin takes no CSV file")
        model = classifier.train_builtin()
        target = model.save(out_path or classifier.BUILTIN_MODEL)
        click.echo(f"built-in model: {model.info['examples']} examples -> {target}")
        return
    if not csv_path:
        raise click.UsageError("give a CSV file with columns text,intent (or --builtin)")
    examples = classifier.read_examples(csv_path)  # TrainingDataError names file/line/field
    model = classifier.train_with_seller(examples)
    target = model.save(out_path or classifier.user_model_path())
    classifier.reset_cache()
    counts: dict[str, int] = {}
    for ex in examples:
        counts[ex.intent] = counts.get(ex.intent, 0) + 1
    click.echo(f"trained on {len(examples)} of your examples "
               f"({len(counts)} intents) plus the built-in ones -> {target}")
    if not out_path:
        click.echo("'tactful analyze' will use this model from now on.")


commands = [analyze_command, train_command]
