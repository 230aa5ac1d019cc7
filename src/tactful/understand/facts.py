"""READ-FACTS: pull order and tracking numbers, SKUs, sizes, body measurements, colours,
quantities, amounts, dates and countries out of a customer's text, in all served languages.

Extraction runs from the most specific kind to the least and each match claims its span, so one
string is never two facts: a tracking number is not also an order number or an amount, and a
phone number, e-mail address, URL or card number is not an order number at all. Cue words and
names are per-language data (``data/facts/<language>.yaml``); see :mod:`facts_data`.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from tactful.errors import ConfigError
from tactful.understand import facts_data
from tactful.understand.facts_dates import find_dates
from tactful.understand.facts_numbers import NUMBER, format_decimal, parse_cjk_int, parse_decimal
from tactful.understand.facts_spans import Spans as _Claims
from tactful.understand.facts_tracking import carrier_spans, find_tracking
from tactful.understand.secrets import find_secrets
from tactful.understand.types import Fact, Facts

__all__ = ["extract_facts"]

# Bounded and anchored at a token start, so a long run without "@" costs linear time.
_URL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)\d{1,3}[\s.-]?(?:\(0\)\s?)?\(?\d{1,5}\)?(?:[\s.-]?\d{2,5}){1,4}(?!\w)")
# Letters and digits of alphabetic scripts: a number glued to them is part of a word or code.
# CJK is left out on purpose: Chinese writes "身高178cm" with no space before the number.
_LATIN = "A-Za-z0-9_\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"


@lru_cache(maxsize=None)
def _res(language: str) -> dict[str, object]:
    """Every compiled pattern for one language setting (cached: the first call pays)."""
    w = lambda section: facts_data.words(section, language)  # noqa: E731
    alt = facts_data.alternation
    nums = alt(w("number_words"))
    assign: list[str] = []
    for lang in facts_data.languages_for(language):
        assign += (facts_data.lexicon(lang).get("secrets") or {}).get("assign") or ()
    gap = r"(?:\s*(?:[:：#№=.-]|" + nums + "|" + alt(assign) + r"))*?\s*"
    units = w("quantity_units")
    currencies: dict[str, str] = {}
    for code, names in facts_data.mapping("currency_words", language).items():
        for n in names:
            currencies.setdefault(n.lower(), code)
    symbols = {"US$": "USD", "USD$": "USD", "R$": "BRL", "A$": "AUD", "AU$": "AUD", "C$": "CAD",
               "CA$": "CAD", "HK$": "HKD", "NT$": "TWD", "€": "EUR", "$": "USD", "£": "GBP",
               "¥": "CNY", "￥": "CNY", "₽": "RUB", "₹": "INR", "₩": "KRW", "CHF": "CHF", "EUR": "EUR",
               "USD": "USD", "GBP": "GBP", "CNY": "CNY", "RMB": "CNY", "RUB": "RUB", "BRL": "BRL"}
    cur_alt = "(?:" + "|".join(re.escape(s) for s in sorted(symbols, key=len, reverse=True)) + ")"
    word_alt = alt(list(currencies))
    measure = facts_data.mapping("measure_cues", language)
    joiners = alt(w("connectors"))
    connector = r"\s*(?:,|/|&|\+|—|–|-|" + joiners + r")\s*"
    # Up to three words between a count and its noun ("40 linen wrap dresses", "40 чёрных льняных
    # платьев"), none of them a word that ends the phrase ("3 days for the dress": a preposition,
    # article, connector, pronoun or a counted non-product such as days or questions).
    breaks = alt(w("phrase_breaks") + w("articles") + w("connectors"))
    modifiers = r"(?:(?!" + breaks + r")[^\W\d]+(?:-[^\W\d]+)*\s+){0,3}"
    return {
        "connector": connector,
        "articles": alt(w("articles")),
        "article_word": r"(?:" + alt(w("articles")) + r"\s+)?",
        "article_before": r"(?:\s*" + alt(w("articles")) + r")?\s*$",
        "titles": re.compile(r"(?:\b[A-Z]\.|" + alt(w("titles")) + r")\s*$"),
        "not_goods": re.compile(alt(w("not_goods_after_measure_word"))),
        "order_cue": re.compile(alt(w("order_cues")) + gap +
                                r"(#?\s?[A-Za-z]{0,6}[-_]?\d[A-Za-z0-9_-]{2,29})(?![A-Za-z0-9])", re.IGNORECASE),
        "order_word": re.compile(alt(w("order_cues") + w("order_plurals")), re.IGNORECASE),
        "hash_not_order": re.compile(alt(w("hash_not_order")) + r"\W{0,3}$", re.IGNORECASE),
        "sku_cue": re.compile(alt(w("sku_cues")) + gap +
                              r"([A-Za-z0-9][A-Za-z0-9_/-]{2,24})(?![A-Za-z0-9])", re.IGNORECASE),
        "after_unit": re.compile(r"\s*(?:" + alt(units) + "|" + cur_alt + "|" + word_alt + r"|%|cm|kg|mm)",
                                 re.IGNORECASE),
        "qty": re.compile(r"(?<![\d.,])(\d{1,3}(?:[,.\u00a0 ]\d{3})+|\d{1,6})\s?(" + alt(units) + ")",
                          re.IGNORECASE),
        # "200 and 500 units", "240 und 480 Stück": the first number shares the unit.
        "qty_pair": re.compile(r"(?<![\d.,])(\d{1,6})\s*(?:&|\+|—|–|-|" + joiners + r")\s*(\d{1,6})\s?(" +
                               alt(units) + ")",
                               re.IGNORECASE),
        "qty_noun": re.compile(r"(?<![\d.,:/#-])(\d{1,5})\s+" + modifiers + _product_nouns(language),
                               re.IGNORECASE),
        "qty_word_noun": re.compile(alt(list(_number_words(language))) + r"\s+" + modifiers +
                                    _product_nouns(language), re.IGNORECASE),
        "instead": re.compile(alt(w("instead_words")), re.IGNORECASE),
        "qty_word": re.compile(alt(list(_number_words(language))) + r"\s+(" + alt(units) + ")",
                               re.IGNORECASE),
        "qty_cjk": re.compile(r"(?<![0-9一二两兩三四五六七八九十百千,])"
                              r"(\d{1,3}(?:,\d{3})+|[0-9一二两兩三四五六七八九十百千]{1,8})\s?(" +
                              alt([u for u in w("quantity_units") + w("dozen_words") if facts_data.is_cjk(u)]) + ")"),
        "generic_measure_words": set(w("generic_measure_words")),
        "dozen": re.compile(alt(w("dozen_words")), re.IGNORECASE),
        "dozen_per": re.compile(alt(w("dozen_per")) + r"\s*$", re.IGNORECASE),
        "dozen_count": re.compile(r"(?:(\d{1,3})|(" + alt(list(_number_words(language))) + r"))\s*$",
                                  re.IGNORECASE),
        "amount_pre": re.compile(r"(?<![A-Za-z])(" + cur_alt + r")\s?(" + NUMBER + r")(?![\d])"),
        "amount_post": re.compile(r"(?<![" + _LATIN + r".,/$%&])(" + NUMBER + r")\s?(" + cur_alt + "|" + word_alt +
                                  "|元|块|塊)", re.IGNORECASE),
        "symbols": symbols,
        "currencies": currencies,
        "measure_cues": [(kind, re.compile(alt(words), re.IGNORECASE)) for kind, words in measure.items()],
        "size_cue": re.compile(alt(w("size_cues") + w("size_cues_weak")) + r"[\s:：=]{0,3}", re.IGNORECASE),
        "size_cue_strong": re.compile(alt(w("size_cues")) + r"[\s:：=]{0,3}", re.IGNORECASE),
        # ASCII boundaries: "选L还是XL" has no spaces around its sizes.
        # Letters of Latin/Cyrillic words around a size make it a word ("São"); a case ending
        # after a hyphen does not ("S-i" in Estonian).
        "letter_sizes": re.compile(r"(?<![A-Za-z0-9\u00c0-\u024f\u0400-\u04ff-])(?:[2-6]XL|X{1,4}[SL]|[SML]" +
                                   "".join("|" + re.escape(x) for x in w("letter_sizes")) +
                                   r")(?![A-Za-z0-9\u00c0-\u024f\u0400-\u04ff]|-(?![a-zäöõüšžāēīū]{1,3}\b))"),
        "size_words": re.compile(alt([x for xs in facts_data.mapping("size_words", language).values() for x in xs]),
                                 re.IGNORECASE),
        "size_word_value": {re.sub(r"\s+", " ", x.lower()): size
                            for size, xs in facts_data.mapping("size_words", language).items() for x in xs},
        "colours": _colour_re(language),
        "colour_nouns_capitalised": any(facts_data.lexicon(lang).get("capitalised_colour_nouns")
                                        for lang in facts_data.languages_for(language)),
        "colour_exclude": re.compile(alt(w("colour_exclude")), re.IGNORECASE),
        "countries": _country_re(language),
        "cities": _city_re(language),
        "phone_cue": re.compile(alt(w("phone_cues")) + r"[\s:：.]*(\+?[\d\s()./-]{6,20}\d)", re.IGNORECASE),
    }


@lru_cache(maxsize=None)
def _product_nouns(language: str) -> str:
    """Product nouns (and compounds ending in one, for languages that glue nouns together)."""
    # After a number the noun is plural: let every product word take a short ending ("mugs").
    words = [x if x.endswith("*") else x + "*" for x in facts_data.words("product_words", language) if " " not in x]
    compounds = [x.rstrip("*") for lang in facts_data.languages_for(language)
                 if facts_data.lexicon(lang).get("compound_nouns")
                 for x in facts_data.lexicon(lang).get("product_words") or () if " " not in x]
    pattern = facts_data.alternation(words)
    if compounds:
        pattern = "(?:" + pattern + r"|\w+(?:" + "|".join(re.escape(c.lower()) for c in compounds) + r")\w{0,4}\b)"
    return pattern


@lru_cache(maxsize=None)
def _number_words(language: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for lang in facts_data.languages_for(language):
        for word, n in (facts_data.lexicon(lang).get("number_words_small") or {}).items():
            if int(n) > 1:          # "a box" or "one of them" is not a quantity worth recording
                out.setdefault(str(word).lower(), int(n))
    return out


def _colour_re(language: str) -> tuple[re.Pattern[str], dict[str, str]]:
    canon: dict[str, str] = {}
    names = _colour_names(language)
    for colour, words in names.items():
        for n in words:
            canon.setdefault(n.rstrip("*").lower(), colour)
    inflected = [n for words in names.values() for n in words if n.endswith("*")]
    return re.compile(facts_data.alternation(list(canon) + inflected), re.IGNORECASE), canon


def _colour_names(language: str) -> dict[str, list[str]]:
    """Colour words, plus colours named after a thing through the language's derivation
    ("champagne-coloured", "šampanjavärvi", "šampanieša krāsā", "цвета шампанского",
    "champagnerfarben", "couleur champagne"): each of a language's ``colour_patterns`` applied
    to each of its ``colour_nouns`` (the thing in the form the pattern needs)."""
    out = {colour: list(words) for colour, words in facts_data.mapping("colours", language).items()}
    for lang in facts_data.languages_for(language):
        lex = facts_data.lexicon(lang)
        for colour, nouns in (lex.get("colour_nouns") or {}).items():
            out.setdefault(str(colour), []).extend(
                pattern.replace("{}", noun) for pattern in lex.get("colour_patterns") or () for noun in nouns or ())
    return out


def _country_re(language: str) -> tuple[re.Pattern[str], list[tuple[str, str]]]:
    """Country names (CLDR) and hand-written short forms/adjectives, matched case-sensitively.

    Languages with case endings (ru, lv, et) get the name's stem plus a short ending, so
    "в Германию", "uz Vāciju" and "Saksamaale" all find their country.
    """
    table = facts_data.load("countries")
    entries: list[tuple[str, str]] = []
    for lang in facts_data.languages_for(language):
        lex = facts_data.lexicon(lang)
        skip = set(lex.get("countries_skip") or ())
        inflected = bool(lex.get("inflected"))
        for code, name in table[lang].items():
            if name in skip:
                continue
            if inflected and len(name) >= 5 and " " not in name:
                stem = name[:-1] if name[-1].lower() in "aeiouyаеёиоуыэюяьйāēīūāõäöü" else name
                entries.append((stem + "*", code))
            else:
                entries.append((name, code))
        for code, names in (lex.get("countries_extra") or {}).items():
            entries += [(n, str(code)) for n in names]
    names: list[str] = []
    for name, _code in entries:
        names.append(name)
        if name[:1].islower():              # a lower-case adjective may also open a sentence
            names.append(name[0].upper() + name[1:])
    return re.compile(facts_data.alternation(names)), entries


def _city_re(language: str) -> tuple[re.Pattern[str], list[tuple[str, str]], re.Pattern[str], tuple[str, ...]]:
    """Cities (data/facts/cities.yaml, case-sensitive) and the destination cues before them.

    A city counts only as a destination: after a cue ("nach Berlin", "в Москву", "寄到上海"), or in
    a language that marks the destination with a case ending ("Tallinnasse", "Berliini").
    """
    entries = [(str(name), str(code)) for code, names in facts_data.load("cities").items() for name in names]
    cues = facts_data.words("destination_cues", language)
    endings = tuple(facts_data.words("destination_endings", language))
    return (re.compile(facts_data.alternation([n for n, _ in entries])), entries,
            # "to Portland, Oregon": a town the table does not know, then the region after a comma.
            re.compile(r"(?i:" + facts_data.alternation(cues) + r")\s*(?:(?:[A-ZÀ-ÖØ-ÞА-ЯЁĀČĒĢĪĶĻŅŠŪŽ][\w.'-]*\s+){0,2}"
                       r"[A-ZÀ-ÖØ-ÞА-ЯЁĀČĒĢĪĶĻŅŠŪŽ][\w.'-]*\s*,\s*)?$"), endings)


def _country_code(found: str, entries: list[tuple[str, str]]) -> str | None:
    exact, stems = _country_lookup(tuple(entries))
    code = exact.get(found) or exact.get(found.lower())
    if code:
        return code
    return next((c for stem, c in stems if found.startswith(stem)), None)


@lru_cache(maxsize=None)
def _country_lookup(entries: tuple[tuple[str, str], ...]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Exact names -> code, and inflectable stems (longest first) -> code."""
    exact: dict[str, str] = {}
    for name, code in entries:
        if not name.endswith("*"):
            exact.setdefault(name, code)
            exact.setdefault(name.lower(), code)
    stems = sorted(((n.rstrip("*"), c) for n, c in entries if n.endswith("*")), key=lambda e: -len(e[0]))
    return exact, stems


def extract_facts(text: str, *, received: datetime | None = None, order_pattern: str = "",
                  language: str = "") -> Facts:
    """All READ-FACTS in ``text``: each list in order of appearance, no span used twice."""
    res = _res(language if language in facts_data.SERVED_LANGUAGES else "")
    claims = _Claims()
    for m in _URL.finditer(text):
        claims.take(m.start(), m.end())
    for secret in find_secrets(text):          # a pasted card or password is no fact to repeat
        claims.take(secret.start, secret.end)
    tracking = _tracking(text, language, claims)
    for m in _PHONE.finditer(text):
        claims.take(m.start(), m.end())
    for m in res["phone_cue"].finditer(text):  # type: ignore[attr-defined]
        if sum(ch.isdigit() for ch in m.group(1)) >= 6:
            claims.take(m.start(1), m.end(1))
    orders = _orders(text, order_pattern, res, claims)
    skus = _skus(text, res, claims, orders)
    orders.sort(key=lambda f: f.start)
    dates = [Fact(d.value.isoformat(), d.start, d.end, "relative" if d.relative else "absolute")
             for d in find_dates(text, received, language, claims)]
    measurements = _measurements(text, res, claims, language)
    amounts = _amounts(text, res, claims)
    for span in carrier_spans(text):           # "Latvijas Pasts" names a carrier, not a country
        claims.take(*span)
    sizes = _sizes(text, res, claims)
    quantities = _quantities(text, res, claims)
    colours = _colours(text, res, claims)
    countries = _countries(text, res, claims)
    return Facts(
        order_numbers=tuple(orders), tracking_numbers=tuple(tracking), skus=tuple(skus),
        sizes=tuple(sizes), measurements=tuple(measurements), colours=tuple(colours),
        quantities=tuple(quantities), amounts=tuple(amounts), dates=tuple(_dedup(dates, key=lambda f: f.value)),
        countries=tuple(countries))


def _dedup(facts: list[Fact], key=lambda f: (f.value, f.kind)) -> list[Fact]:
    seen: set = set()
    out = []
    for f in sorted(facts, key=lambda f: f.start):
        if key(f) not in seen:
            seen.add(key(f))
            out.append(f)
    return out


def _tracking(text: str, language: str, claims: _Claims) -> list[Fact]:
    out = []
    for t in find_tracking(text, language):
        if claims.take(t.start, t.end):
            extra = (("country", t.country),) if t.country else ()
            out.append(Fact(t.value, t.start, t.end, t.carrier, extra))
    return out


def _orders(text: str, order_pattern: str, res: dict, claims: _Claims) -> list[Fact]:
    out: list[Fact] = []
    if order_pattern:
        try:
            # Customers type "ll-10242" for "LL-10242": the shop's ids are matched ignoring case.
            shop_re = re.compile(order_pattern, re.IGNORECASE)
        except re.error as exc:
            raise ConfigError(f"not a valid regular expression: {exc}", field="order_pattern") from exc
        for m in shop_re.finditer(text):
            if m.end() > m.start() and claims.take(m.start(), m.end()):
                out.append(Fact(m.group(0).lstrip("#").strip(), m.start(), m.end(), "shop"))
    for m in res["order_cue"].finditer(text):
        token = m.group(1).rstrip("-_")
        start = m.start(1)
        end = start + len(token)
        if sum(ch.isdigit() for ch in token) < 3 or re.fullmatch(r"\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?", token):
            continue
        if res["after_unit"].match(text, end):
            continue                                  # "order 200 pcs", "order 120 EUR"
        if claims.take(start, end):
            out.append(Fact(token.lstrip("#").strip(), start, end, "cue"))
    # "two orders (90201 and 90214)", "два заказа — 40301 и 40312": a cue, then within the
    # clause numbers of 5+ digits, joined by "and"/","/"или".
    for m in res["order_word"].finditer(text):
        clause = re.match(r"[^.!?\n。！？]{0,40}", text[m.end():]).group(0)
        first = re.search(r"(?<![A-Za-z0-9.,/-])#?((?:[A-Z]{1,6}-?)?\d{5,20})(?![A-Za-z0-9%]|[.,]\d)", clause)
        if not first:
            continue
        pos = m.end() + first.start()
        token = r"#?(?:[A-Z]{1,6}-?)?\d{5,20}(?![A-Za-z0-9%]|[.,]\d)"
        chain = re.compile(token + r"(?:(?:" + res["connector"] + res["article_word"] + r")" + token + r")*")
        cm = chain.match(text, pos)
        if not cm:
            continue
        for num in re.finditer(r"(?:[A-Z]{1,6}-?)?\d{5,20}", cm.group(0)):
            start, end = pos + num.start(), pos + num.end()
            if res["after_unit"].match(text, end):
                continue
            if claims.take(start, end):
                out.append(Fact(num.group(0), start, end, "cue"))
    for m in re.finditer(r"(?<![\w&#/])#\s?(\d{4,12})(?![\w-])", text):
        if res["hash_not_order"].search(text[max(0, m.start() - 24):m.start()]):
            continue                                  # "issue #2458", "ticket #12345"
        if claims.take(m.start(), m.end()):
            out.append(Fact(m.group(1), m.start(), m.end(), "hash"))
    return _dedup(out, key=lambda f: f.value.upper())


_SKU_SHAPE = re.compile(r"(?<![A-Za-z0-9-])[A-Z]{2,5}-\d{3,6}(?:-[A-Z0-9]{1,6})*(?![A-Za-z0-9-])")


def _order_prefixes(orders: list[Fact]) -> set[str]:
    """"LL-" of "LL-10242": the shop's order ids share a prefix."""
    return {m.group(0) for o in orders if (m := re.match(r"[A-Z]{1,6}-", o.value))}


def _skus(text: str, res: dict, claims: _Claims, orders: list[Fact] | None = None) -> list[Fact]:
    out: list[Fact] = []
    prefixes = _order_prefixes(orders or [])
    for m in res["sku_cue"].finditer(text):
        token = m.group(1).rstrip("-_/")
        digits = sum(ch.isdigit() for ch in token)
        letters = sum(ch.isalpha() for ch in token)
        if digits == 0 or (letters == 0 and digits < 4):
            continue
        if digits < 2 and not re.fullmatch(r"[A-Z0-9_/-]+", token):
            continue                                  # "Ref: server-9" is a host name, not a SKU
        if claims.take(m.start(1), m.start(1) + len(token)):
            out.append(Fact(token, m.start(1), m.start(1) + len(token)))
    for m in _SKU_SHAPE.finditer(text):
        if any(m.group(0).startswith(p) for p in prefixes):
            if orders is not None and claims.take(m.start(), m.end()):
                orders.append(Fact(m.group(0), m.start(), m.end(), "prefix"))
            continue
        if claims.take(m.start(), m.end()):
            out.append(Fact(m.group(0), m.start(), m.end()))
    return _dedup(out, key=lambda f: f.value.upper())


def _amounts(text: str, res: dict, claims: _Claims) -> list[Fact]:
    out: list[Fact] = []
    symbols, currencies = res["symbols"], res["currencies"]
    for m in res["amount_pre"].finditer(text):
        value = parse_decimal(m.group(2))
        if value is not None and claims.take(m.start(), m.end()):
            out.append(Fact(_money(value), m.start(), m.end(), symbols[m.group(1)]))
    for m in res["amount_post"].finditer(text):
        word = m.group(2)
        code = symbols.get(word) or symbols.get(word.upper()) or currencies.get(word.lower()) \
            or {"元": "CNY", "块": "CNY", "塊": "CNY"}.get(word)
        value = parse_decimal(m.group(1))
        if code and value is not None and claims.take(m.start(), m.end()):
            out.append(Fact(_money(value), m.start(), m.end(), code))
    return sorted(out, key=lambda f: f.start)


def _money(value: Decimal) -> str:
    return format_decimal(value, 2) if value != value.to_integral_value() else format_decimal(value)


@lru_cache(maxsize=None)
def _units() -> tuple[dict[str, tuple[str, Decimal]], re.Pattern[str], frozenset[str], frozenset[str]]:
    """Unit spellings (data/facts/units.yaml) -> (canonical unit, factor), and the measure pattern."""
    data = facts_data.load("units")
    units = {str(k).lower(): (v[0], Decimal(str(v[1]))) for k, v in data["units"].items()}
    alt_units = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    pattern = re.compile(r"(?<![" + _LATIN + r".,/=-])(\d{1,3}(?:[.,]\d{1,2})?)\s?(" + alt_units +
                         r")(?![^\W\d_]|[/=\d])", re.IGNORECASE)
    return (units, pattern, frozenset(x.lower() for x in data["weight_or_money"]),
            frozenset(x.lower() for x in data["metres"]))


_FEET = re.compile(r"(?<![\d.,])([4-7])\s?(?:'|′|’|ft\.?|feet|foot)\s?(\d{1,2})"
                   r"(?:\s?(?:\"|″|”|''|in\.?|inches))?(?!\d)")
_METRE_CM = re.compile(r"(?<![\d.,])([12])\s?(?:m|м|米)\s?(\d{2})(?!\d)")


def _measure_kind(text: str, start: int, res: dict, unit: str, cm_value: Decimal | None) -> str:
    """The nearest body-measure cue before the number on the same line, else a plausible guess."""
    line_start = max(text.rfind("\n", 0, start) + 1, start - 32)
    window = text[line_start:start]
    best, best_end = "", -1
    for kind, pat in res["measure_cues"]:
        for m in pat.finditer(window):
            if m.end() > best_end or (m.end() == best_end and kind != "length"):
                best, best_end = kind, m.end()
    if unit in ("kg", "lb"):
        return "weight"
    # The cue must belong to this number: no other number between them, and not a weight cue.
    if best and best != "weight" and not re.search(r"\d", window[best_end:]):
        return best
    if unit == "cm" and cm_value is not None and 140 <= cm_value <= 215:
        return "height"
    return "length"


def _measurements(text: str, res: dict, claims: _Claims, language: str) -> list[Fact]:
    out: list[Fact] = []

    def add(start: int, end: int, value: Decimal, unit: str, kind: str) -> None:
        if claims.take(start, end):
            out.append(Fact(format_decimal(value.quantize(Decimal("0.1")) if value % 1 else value),
                            start, end, kind, (("unit", unit),)))

    for m in _FEET.finditer(text):
        inches = int(m.group(1)) * 12 + int(m.group(2))
        if int(m.group(2)) < 12:
            add(m.start(), m.end(), Decimal(inches), "in", "height")
    for m in _METRE_CM.finditer(text):
        add(m.start(), m.end(), Decimal(int(m.group(1)) * 100 + int(m.group(2))), "cm", "height")
    units, measure_re, weight_or_money, metres = _units()
    for m in measure_re.finditer(text):
        raw_unit = m.group(2)
        unit, factor = units.get(raw_unit.lower(), ("", Decimal(1)))
        if not unit:
            continue
        if raw_unit.lower() == "in" and re.match(r"\s+[^\W\d_]", text[m.end():]):
            continue                                  # "size 8 in black" is not 8 inches
        number = parse_decimal(m.group(1))
        if number is None:
            continue
        value = number * factor
        if raw_unit.lower() in metres and not (Decimal("1.2") <= number <= Decimal("2.3")):
            continue
        kind = _measure_kind(text, m.start(), res, unit, value if unit == "cm" else None)
        if raw_unit.lower() in weight_or_money and kind != "weight":
            continue
        add(m.start(), m.end(), value, unit, kind)
    # Number, then "de"/"of", then the cue: "90 de pecho y 70 de cintura", "92 cm of chest".
    for m in re.finditer(r"(?<![\d.,])(\d{2,3}(?:[.,]\d)?)\s*(cm\s+)?(?:de|of|d'|do|da)\s+", text):
        for kind, pat in res["measure_cues"]:
            if pat.match(text, m.end()):
                number = parse_decimal(m.group(1))
                guess = ("cm", number) if m.group(2) else _bare_unit(kind, number, language) if number else None
                if guess:
                    add(m.start(1), m.end(1), guess[1], guess[0], kind)
                break
    # Cue directly followed by a bare number: "身高170 体重60", "рост 170", "Taille 68".
    for kind, pat in res["measure_cues"]:
        for m in pat.finditer(text):
            nm = re.compile(r"[\s:：=是为約约大概около примерно]{0,4}(\d{2,3}(?:[.,]\d{1,2})?)(?!\d|[.,]\d)"
                            ).match(text, m.end())
            if not nm:
                continue
            number = parse_decimal(nm.group(1))
            if number is None or res["after_unit"].match(text, nm.end()):
                continue
            guess = _bare_unit(kind, number, language)
            if guess:
                unit, value = guess
                add(nm.start(1), nm.end(1), value, unit, kind)
    return sorted(out, key=lambda f: f.start)


def _bare_unit(kind: str, number: Decimal, language: str) -> tuple[str, Decimal] | None:
    """The unit a customer meant when they wrote none, from the plausible range."""
    if kind == "height":
        if 100 <= number <= 230:
            return "cm", number
        if Decimal("1.2") <= number <= Decimal("2.3"):
            return "cm", number * 100
        return None
    if kind == "weight":
        if language == "en" and 90 <= number <= 350:
            return "lb", number
        return ("kg", number) if 25 <= number <= 200 else None
    if kind in ("chest", "waist", "hips"):
        if 45 <= number <= 170:
            return "cm", number
        if language == "en" and 20 <= number < 45:
            return "in", number
        return None
    if kind == "foot":
        return ("cm", number) if 12 <= number <= 35 else None
    return None


_SYSTEM_SIZE = re.compile(r"(?<![A-Za-z0-9])(EU|EUR|US|UK|FR|IT|CN|JP|RU|BR)\s?(\d{1,2}(?:[.,]5)?)"
                          r"(?![\d.,]*\s?(?:cm|kg|mm|€|\$))")
_CJK_SIZE = re.compile(r"(?<![\dA-Za-z])(\d{2}(?:\.5)?|[2-6]XL|X{0,4}[SML]|X{1,4}L)\s?([码碼号號])")
_NUM_SIZE = re.compile(r"(?<![\w.,#€$£¥/-])(\d{1,2}(?:[.,]5)?)(?![\w%/-]|[.,]\d)")
_SENTENCE = re.compile(r"[^.!?\n。！？]+")


def _sentence(text: str, pos: int, reach: int = 300) -> tuple[int, int]:
    """The sentence around ``pos`` (at most ``reach`` characters either way)."""
    low, high = max(0, pos - reach), min(len(text), pos + reach)
    start = max(max(text.rfind(ch, low, pos) for ch in ".!?\n。！？") + 1, low)
    ends = [i for i in (text.find(ch, pos, high) for ch in ".!?\n。！？") if i >= 0]
    return start, min(ends) if ends else high


def _sizes(text: str, res: dict, claims: _Claims) -> list[Fact]:
    """Sizes: "EU 38", "XL", "size M", "S or M", "38码", "размер 42 или 44", "a large".

    A lone letter or a bare number is a size only in a sentence that talks about sizes
    (a size cue word) or right beside another size, so "M. Müller" and "2 days" stay out.
    """
    out: list[Fact] = []

    def add(start: int, end: int, value: str) -> bool:
        if claims.take(start, end):
            out.append(Fact(value, start, end))
            return True
        return False

    def cue_in_sentence(pos: int) -> bool:
        s, e = _sentence(text, pos)
        return bool(res["size_cue_strong"].search(text, s, e))

    def cue_before(pos: int) -> bool:
        window = text[max(0, pos - 32):pos]
        article = re.search(res["article_before"], window)
        head = window[:article.start()] if article else window
        return any(c.end() >= len(head) - 3 for c in res["size_cue"].finditer(head)) and bool(head.strip())

    for m in _SYSTEM_SIZE.finditer(text):
        system = m.group(1).replace("EUR", "EU")
        add(m.start(), m.end(), f"{system} {m.group(2).replace(',', '.')}")
        # "usually a UK 12 - should I go up to a 14?": later sizes in the sentence share the system.
        end = _sentence(text, m.end())[1]
        for n in re.finditer(res["articles"] + r"\s+(\d{1,2}(?:[.,]5)?)(?!\d|[.,]\d)",
                             text[m.end():end], re.IGNORECASE):
            after = text[m.end() + n.end():m.end() + n.end() + 3]
            if re.match(r"\s*(?:$|[,.;:!?)])", after):
                add(m.end() + n.start(1), m.end() + n.end(1), f"{system} {n.group(1).replace(',', '.')}")
    for m in _CJK_SIZE.finditer(text):
        value = m.group(1)
        if m.group(2) in "号號" and value[0].isdigit() and not cue_in_sentence(m.start()):
            continue                                     # "15号" is a day of the month
        add(m.start(), m.end() - 1 if m.group(2) in "号號" else m.end(), value)
    letters = res["letter_sizes"]
    for m in letters.finditer(text):
        size = m.group(0)
        multi = len(size) > 1 and (size.startswith("X") or size.endswith("XL")) and size != "XG"
        if not multi:
            joined = re.match(res["connector"] + r"(?:" + letters.pattern + r")", text[m.end():]) or \
                re.search(r"(?:" + letters.pattern + r")" + res["connector"] + r"$",
                          text[max(0, m.start() - 12):m.start()])
            if not (cue_before(m.start()) or cue_in_sentence(m.start()) or joined):
                continue
        add(m.start(), m.end(), size)
    for m in res["size_words"].finditer(text):
        if cue_in_sentence(m.start()):
            add(m.start(), m.end(), res["size_word_value"][re.sub(r"\s+", " ", m.group(0).lower())])
    for cue in res["size_cue_strong"].finditer(text):
        nm = re.compile(r"(\d{1,2}(?:[.,]5)?)(?![\w]|[.,]\d)").match(text, cue.end())
        if nm and not res["after_unit"].match(text, nm.end()) and 1 <= float(nm.group(1).replace(",", ".")) <= 60:
            add(nm.start(1), nm.end(1), nm.group(1).replace(",", "."))
    # A number just before the cue: "38 размера", "38. izmērs", "Größe" after "40er".
    for m in re.finditer(r"(?<![\w.,])(\d{2}(?:[.,]5)?)\.?\s*(?=" + res["size_cue_strong"].pattern + ")", text,
                         re.IGNORECASE):
        if 16 <= float(m.group(1).replace(",", ".")) <= 60:
            add(m.start(1), m.end(1), m.group(1).replace(",", "."))
    # Bare numbers in a size sentence: "Quelle taille, 38 ou 40 ?", "38 размера, а нужен 39".
    for m in _NUM_SIZE.finditer(text):
        value = float(m.group(1).replace(",", "."))
        if not 16 <= value <= 60 or not cue_in_sentence(m.start()):
            continue
        after = text[m.end():m.end() + 24]
        if res["after_unit"].match(after) or not re.match(
                r"\s*(?:$|[,.;:!?)\]。，！？]|" + res["connector"] + r"\d|" + res["size_cue"].pattern + ")", after,
                re.IGNORECASE):
            continue
        add(m.start(1), m.end(1), m.group(1).replace(",", "."))
    return _dedup(out, key=lambda f: f.value)




def _quantities(text: str, res: dict, claims: _Claims) -> list[Fact]:
    out: list[Fact] = []
    words = _number_words("")

    def add(start: int, end: int, n: int | None) -> None:
        if n and 0 < n <= 1_000_000 and claims.take(start, end):
            out.append(Fact(str(n), start, end))

    for m in res["dozen"].finditer(text):
        if facts_data.is_cjk(m.group(0)):
            continue                                                    # 打 needs a numeral: see qty_cjk
        count = res["dozen_count"].search(text, max(0, m.start() - 16), m.start())
        if not count and res["dozen_per"].search(text, max(0, m.start() - 12), m.start()):
            continue                                                    # "sold by the dozen"
        if count and count.group(1):                                    # "2 dozen"
            add(count.start(), m.end(), int(count.group(1)) * 12)
        elif count and count.group(2):                                  # "two dozen"
            add(count.start(), m.end(), words.get(count.group(2).lower(), 1) * 12)
        else:                                                           # "a dozen", "ein Dutzend"
            add(m.start(), m.end(), 12)
    for m in res["qty_pair"].finditer(text):
        add(m.start(1), m.end(1), int(m.group(1)))
        add(m.start(2), m.end(), int(m.group(2)))
    for m in res["qty_cjk"].finditer(text):
        n = parse_cjk_int(m.group(1).replace(",", ""))
        if m.group(2) == "打":
            add(m.start(), m.end(), n * 12 if n else None)
        elif m.group(2) in res["generic_measure_words"] and not m.group(1)[0].isdigit() and (n or 0) < 2:
            continue                                                    # "一个问题": a question, not a quantity
        elif res["not_goods"].match(text, m.end()):
            continue                                                    # "三个礼拜", "两张订单"
        else:
            add(m.start(), m.end(), n)
    for m in res["qty"].finditer(text):
        if facts_data.is_cjk(m.group(2)) and res["not_goods"].match(text, m.end()):
            continue                                                    # "2 个月": two months
        add(m.start(), m.end(), int(re.sub(r"\D", "", m.group(1))))
    for m in res["qty_noun"].finditer(text):                          # "5 tazas", "2 чехла"
        add(m.start(1), m.end(1), int(m.group(1)))
    for m in res["instead"].finditer(text):                           # "2 instead of 3", "4 asemel"
        before = re.search(r"(?<![\d.,-])(\d{1,5})(?:\s+[^\W\d]+){0,2}\s*$", text[max(0, m.start() - 40):m.start()])
        after = re.match(r"\s*(\d{1,5})(?!\d|[.,]\d)", text[m.end():m.end() + 12])
        if before and after:
            base = max(0, m.start() - 40)
            add(base + before.start(1), base + before.end(1), int(before.group(1)))
            add(m.end() + after.start(1), m.end() + after.end(1), int(after.group(1)))
        elif before and not after:                                   # postposition: "4 asemel", "3 vietā"
            base = max(0, m.start() - 40)
            inner = re.search(r"(?<![\d.,])(\d{1,5})\s*$", text[base:m.start()])
            first = re.search(r"(?<![\d.,])(\d{1,5})(?![\d.,])", text[base:m.start()])
            if inner:
                add(base + inner.start(1), base + inner.end(1), int(inner.group(1)))
            if first and inner and first.start() != inner.start():
                add(base + first.start(1), base + first.end(1), int(first.group(1)))
    for m in res["qty_word_noun"].finditer(text):                     # "quatre tasses", "two mugs"
        word = re.match(r"\S+", m.group(0)).group(0).lower()
        add(m.start(), m.start() + len(word), words.get(word))
    for m in res["qty_word"].finditer(text):
        word = m.group(0)[:m.start(1) - m.start()].strip().lower()
        add(m.start(), m.end(), words.get(word))
    return sorted(out, key=lambda f: f.start)


def _colours(text: str, res: dict, claims: _Claims) -> list[Fact]:
    pattern, canon = res["colours"]
    out: list[Fact] = []
    for m in pattern.finditer(text):
        word = m.group(0).lower()
        colour = canon.get(word) or next((c for w, c in canon.items() if word.startswith(w)), None)
        if colour and _looks_like_name(text, m.start(), m.end(), res):
            continue
        if colour and any(e.start() <= m.start() and m.end() <= e.end()
                          for e in res["colour_exclude"].finditer(text, max(0, m.start() - 16), m.end() + 16)):
            continue                                  # "ich weiß" is "I know", not white
        if colour and claims.take(m.start(), m.end()):
            out.append(Fact(colour, m.start(), m.end(), extra=(("written", m.group(0)),)))
    return _dedup(out, key=lambda f: f.value)


def _looks_like_name(text: str, start: int, end: int, res: dict) -> bool:
    """"Bordeaux", "Mr. Brown", "Rose Black", "Black Friday": a capitalised colour word inside a
    sentence is a name (German capitalises colour nouns, "in Schwarz", so only an initial or a
    title before it counts there)."""
    word = text[start:end]
    if not word[:1].isupper() or facts_data.is_cjk(word):
        return False
    before = text[max(0, start - 12):start]
    if res["titles"].search(before):
        return True
    if re.match(r"\s+[A-Z][a-z]", text[end:end + 3]) or re.search(r"[A-Z][a-z]+\s+$", before):
        return True                                   # part of a capitalised run: "Rose Black", "Black Friday"
    if res.get("colour_nouns_capitalised"):
        return False
    return not re.search(r"(?:^|[.!?¡¿:\n]\s*|[\"'«“]\s*)$", before)


def _countries(text: str, res: dict, claims: _Claims) -> list[Fact]:
    pattern, entries = res["countries"]
    out: list[Fact] = []
    for m in pattern.finditer(text):
        code = _country_code(m.group(0), entries)
        if code and claims.take(m.start(), m.end()):
            out.append(Fact(code, m.start(), m.end(), extra=(("written", m.group(0)),)))
    pattern, entries, cue, endings = res["cities"]
    for m in pattern.finditer(text):
        word = m.group(0)
        ends = bool(endings) and word not in dict(entries) and word.endswith(endings)
        if not (ends or cue.search(text, max(0, m.start() - 48), m.start())):
            continue
        code = _country_code(word, entries)
        if code and claims.take(m.start(), m.end()):
            out.append(Fact(code, m.start(), m.end(), "city", (("written", word),)))
    return _dedup(out, key=lambda f: f.value)
