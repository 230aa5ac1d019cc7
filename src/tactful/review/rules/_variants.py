"""Which catalogue variants a stock claim is about (GROUNDED); not a rule.

"The Silk midi slip dress in black, size M, is in stock; the champagne M is sold out" makes two
claims about two variants. Each stock cue is read with the product named last before it (or,
when none is, the products named after it) and the colour and size words of its own stretch of
the sentence: from the clause break, stock cue or other product before that mention, up to
the next clause break, stock cue or product mention. Only the product's own variants are candidates, so "zila" (blue)
inside "tumši zila" (navy) or "ziloņkaula" (ivory) cannot pick a colour the product lacks.

Colour words come from the review lexicons' ``colours`` (all languages in play) and the
catalogue's own English names; where they say nothing, the understand stage's fact extractor
(``extract_facts``, with its own per-language colour and size words) fills the gap. Sizes are
the product's sizes as written ("M", "EU 38" or just "38"), next to Han characters too ("M號").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A size or colour name is part of another word only next to a Latin/Cyrillic letter or a digit;
# Chinese writes "M號", "黑色M碼" with nothing between.
_LETTER = r"[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]"
_CLAUSE_BREAK = re.compile(r"[,;，；、]")
_SIZE_PREFIX = re.compile(r"^(?:EU|US|UK|FR|IT)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class StockClaim:
    start: int                 # span of the stock cue in the reply
    end: int
    text: str
    says_in_stock: bool
    variants: tuple            # the catalogue variants it is about (Product), never empty


def _word(text: str) -> str:
    return rf"(?<!{_LETTER}){re.escape(text)}(?!{_LETTER})"


def _size_pattern(size: str) -> re.Pattern:
    forms = {size}
    bare = _SIZE_PREFIX.sub("", size)
    if bare and bare != size:
        forms.add(bare)                                   # "EU 38" is also written "38"
    alts = "|".join(_word(f).replace(r"\ ", r"\s*") for f in sorted(forms, key=len, reverse=True))
    # A one-letter size is written in capitals ("M"); a lower-case "l" is "l'article".
    flags = 0 if size.isalpha() and len(size) <= 3 else re.IGNORECASE
    return re.compile(rf"(?<![\d][.,])(?:{alts})(?![.,]\d)", flags)


def _norm_size(size: str) -> str:
    return _SIZE_PREFIX.sub("", size).strip().upper()


def _colour_spans(ctx, start: int, end: int, candidates: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, canonical colour) named in ``reply[start:end]``; a longer name wins over
    a shorter one inside it ("rozā zelta" is rose gold, not pink and gold)."""
    found: list[tuple[int, int, str]] = []
    text = ctx.reply
    for colour in candidates:
        for m in re.finditer(_word(colour), text[start:end], re.IGNORECASE):
            found.append((start + m.start(), start + m.end(), colour))
        for lex in ctx.lexicons:
            rx = lex.group("colours").get(colour)
            if rx is not None:
                found += [(m.start(), m.end(), colour) for m in rx.finditer(text, start, end)]
    # Every lexicon's colours, not only the candidates', so a longer other colour shadows a
    # candidate's shorter word ("tumši zila" is navy, so its "zila" does not say blue).
    others: list[tuple[int, int]] = []
    for lex in ctx.lexicons:
        for colour, rx in lex.group("colours").items():
            if colour not in candidates:
                others += [(m.start(), m.end()) for m in rx.finditer(text, start, end)]
    spans = [(s, e) for s, e, _ in found] + others

    def shadowed(s: int, e: int) -> bool:
        return any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2 in spans)

    kept = [f for f in found if not shadowed(f[0], f[1])]
    if kept or any(not shadowed(s, e) for s, e in others):
        return kept
    # Nothing in the lexicons: the understand stage's colour words ("верблюжьего" = camel).
    from tactful.understand.facts import extract_facts
    facts = extract_facts(text[start:end], language=ctx.expected)
    return [(start + f.start, start + f.end, f.value) for f in facts.colours if f.value in candidates]


def _sizes_named(ctx, start: int, end: int, candidates: set[str]) -> set[str]:
    text = ctx.reply[start:end]
    named = {s for s in candidates if _size_pattern(s).search(text)}
    if named:
        return named
    from tactful.understand.facts import extract_facts
    said = {_norm_size(f.value) for f in extract_facts(text, language=ctx.expected).sizes}
    return {s for s in candidates if _norm_size(s) in said}


def _mentions(ctx, sent, names: list[str]) -> list[tuple[int, int, str]]:
    """Product names and SKUs in a sentence, longest first where they overlap."""
    out: list[tuple[int, int, str]] = []
    text = ctx.reply
    for key in names:
        for m in re.finditer(_word(key), text[sent.start:sent.end], re.IGNORECASE):
            s, e = sent.start + m.start(), sent.start + m.end()
            if not any(s2 <= s and e <= e2 for s2, e2, _ in out):
                out.append((s, e, key))
    return sorted(out)


def stock_claims(ctx) -> list[StockClaim]:
    """Every "in stock" / "sold out" cue of the reply about a catalogue product, with its variants."""
    shop = ctx.shop
    if shop is None or not shop.catalog:
        return []
    by_key: dict[str, list] = {}
    for p in shop.catalog:
        for key in (p.name, p.sku):
            if key:
                by_key.setdefault(key.lower(), []).append(p)
    names = sorted(by_key, key=len, reverse=True)
    both = [(m, True) for m in ctx.find("in_stock")] + [(m, False) for m in ctx.find("out_of_stock")]
    # A restatement lead-in ("About availability:", "关于是否有货：") names the customer's point;
    # a stock word in it claims nothing.
    both = [(m, k) for m, k in both if not ctx.in_restatement_head(m.start())]
    # "nav pieejams", "нет в наличии", "nicht auf Lager": the longer cue holds the shorter one
    # of the other kind, and only the longer one is said.
    cues = sorted([(m, k) for m, k in both
                   if not any(o.start() <= m.start() and m.end() <= o.end() and o.end() - o.start() > m.end() - m.start()
                              for o, _ in both)], key=lambda t: t[0].start())
    out: list[StockClaim] = []
    for n, (m, says_in) in enumerate(cues):
        sent = ctx.sentences[ctx.sentence_of(m.start())]
        mentions = _mentions(ctx, sent, names)
        if not mentions:
            continue
        prev_cue = max([c.end() for c, _ in cues[:n] if sent.start <= c.end() <= m.start()], default=sent.start)
        next_cue = min([c.start() for c, _ in cues[n + 1:] if m.end() <= c.start() < sent.end], default=sent.end)
        before = [x for x in mentions if x[0] < m.start()]
        if before:
            # The colour may come first ("der grüne Merino Sweater", "黑色的…"): the stretch
            # opens at the clause, cue or other product before the mention.
            mention = before[-1]
            opens = [prev_cue] + [x[1] for x in before[:-1]]
            opens += [b.end() for b in _CLAUSE_BREAK.finditer(ctx.reply, sent.start, mention[0])]
            lo = max(opens)         # after a cue about the same product: from that cue on
            brk = _CLAUSE_BREAK.search(ctx.reply, m.end(), sent.end)
            after = [x[0] for x in mentions if x[0] >= m.end()]
            hi = min([next_cue, brk.start() if brk else sent.end] + after)
            products = [before[-1][2]]
        else:
            lo, hi = prev_cue, next_cue
            products = [x[2] for x in mentions if lo <= x[0] < hi]
            if not products:
                continue
        variants = [p for key in dict.fromkeys(products) for p in by_key[key]]
        colours = {p.colour.lower() for p in variants if p.colour}
        said = {c for _, _, c in _colour_spans(ctx, lo, hi, colours)}
        if said:
            variants = [p for p in variants if p.colour.lower() in said]
        sizes = _sizes_named(ctx, lo, hi, {p.size for p in variants if p.size})
        if sizes:
            variants = [p for p in variants if p.size in sizes]
        out.append(StockClaim(m.start(), m.end(), m.group(0), says_in, tuple(variants)))
    return out
