"""``tactful train``: a seller's labelled history is validated, learned and used by analyze."""

import pytest
from click.testing import CliRunner

from tactful.cli.main import cli
from tactful.errors import TrainingDataError
from tactful.understand import classifier
from tactful.understand.classifier import Example, IntentModel, parse_examples
from tactful.understand.types import INTENTS


def test_builtin_examples_cover_every_intent_in_every_served_language():
    by_lang: dict[str, set[str]] = {}
    counts: dict[tuple[str, str], int] = {}
    for ex in classifier.builtin_examples():
        lang = ex.source.split("/")[1].removesuffix(".csv")
        by_lang.setdefault(lang, set()).add(ex.intent)
        counts[lang, ex.intent] = counts.get((lang, ex.intent), 0) + 1
    assert set(by_lang) == {"en", "zh", "zh-Hant", "es", "de", "fr", "ru", "pt", "et", "lv"}
    for lang, intents in by_lang.items():
        assert intents == set(INTENTS), lang
    assert min(counts.values()) >= 8


@pytest.mark.parametrize("content,line,field,words", [
    ("text,intent\nWhere is my parcel?,shipping.where\n", 2, "intent", "unknown intent 'shipping.where'"),
    ("text,intent\n,shipping.status\n", 2, "text", "empty text"),
    ("text,intent\nWhere is my parcel?\n", 2, "intent", "two columns"),
    ("text,intent\nHello, where is it?,shipping.status\n", 2, None, "quote texts with commas"),
])
def test_malformed_rows_name_line_and_field(content, line, field, words):
    with pytest.raises(TrainingDataError) as err:
        parse_examples(content, source="mine.csv")
    assert err.value.line == line and err.value.field == field and err.value.path == "mine.csv"
    assert words in str(err.value)


def test_unknown_intent_lists_the_valid_ones():
    with pytest.raises(TrainingDataError) as err:
        parse_examples("Where is it?,where\n")
    assert "shipping.status" in str(err.value)


def test_header_is_optional_and_quoted_commas_are_fine():
    examples = parse_examples('"Hello, where is my parcel?",shipping.status\n')
    assert examples == [Example("Hello, where is my parcel?", "shipping.status", "<csv>", 1)]


def test_seller_examples_change_what_the_model_predicts(tmp_path):
    # A shop-specific phrase the built-in model has never seen ("my Flexi box") becomes learnable.
    phrase = "Is my Flexi box on its way yet"
    before = classifier.get_model().predict([phrase])[0]
    seller = [Example(f"{phrase} {n}", "shipping.status") for n in ("?", "please", "now")] + \
             [Example("when does the Flexi box leave the warehouse", "shipping.status")]
    model = classifier.train_with_seller(seller)
    path = model.save(tmp_path / "m.pkl")
    loaded = IntentModel.load(path)
    assert loaded.predict([phrase])[0] == "shipping.status"
    assert loaded.info["seller_examples"] == 4
    assert before in INTENTS


def test_train_command_saves_model_used_by_analyze(tmp_path, monkeypatch):
    monkeypatch.setenv("TACTFUL_DATA_DIR", str(tmp_path))
    classifier.reset_cache()
    data = tmp_path / "history.csv"
    data.write_text("text,intent\nIs the Zorblax ready yet?,shipping.status\n"
                    "Zorblax status please,shipping.status\nhas my zorblax left,shipping.status\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["train", str(data)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / classifier.MODEL_FILENAME).exists()
    assert "3 of your examples" in result.output
    assert classifier.get_model().info["kind"] == "seller"
    classifier.reset_cache()


def test_train_command_reports_bad_csv(tmp_path):
    data = tmp_path / "bad.csv"
    data.write_text("text,intent\nhello,not.an.intent\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["train", str(data)])
    assert result.exit_code != 0
    assert isinstance(result.exception, TrainingDataError)
    assert "line 2" in str(result.exception) and "not.an.intent" in str(result.exception)


def test_unreadable_seller_model_falls_back_to_builtin_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("TACTFUL_DATA_DIR", str(tmp_path))
    (tmp_path / classifier.MODEL_FILENAME).write_bytes(b"not a model")
    classifier.reset_cache()
    with pytest.warns(UserWarning, match="tactful train"):
        model = classifier.get_model()
    assert model.info["kind"] == "builtin"
    classifier.reset_cache()
