"""READ-FACTS / READ-SECRET never fail on arbitrary text, and their spans always fit it."""

from __future__ import annotations

import re
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from tactful.understand.facts import extract_facts
from tactful.understand.secrets import find_secrets, mask_secrets
from tactful.understand.types import SERVED_LANGUAGES

# Text built from the pieces facts are made of, so the extractors are really exercised.
PIECES = st.sampled_from([
    " ", "\n", ",", ".", "#", "-", "/", ":", "€", "$", "¥", "元", "码", "件", "cm", "kg", "'", '"',
    "order", "Bestellung", "заказ", "订单号", "tracking", "size", "Größe", "размер", "card", "password",
    "PIN", "IBAN", "DE", "RR", "CN", "1Z", "XL", "M", "S", "tomorrow", "明天", "Friday", "пятницы",
    "black", "schwarz", "Germany", "Германию", "dozen", "一打", "pcs", "шт", "by the", "instead of",
    "4242", "4242 4242 4242 4242", "09/27", "123", "170", "1,70", "12,50", "2026-03-10", "15.", "38",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=TEXT, language=st.sampled_from(("",) + SERVED_LANGUAGES))
def test_extract_facts_never_fails_and_spans_fit(text, language):
    facts = extract_facts(text, received=datetime(2026, 3, 9, 10, 0), language=language)
    spans = []
    for name in facts.FIELDS:
        for fact in getattr(facts, name):
            assert fact.value
            assert 0 <= fact.start < fact.end <= len(text)
            spans.append((fact.start, fact.end))
    # READ-FACTS: no stretch of text is two facts.
    spans.sort()
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))


@settings(max_examples=150, deadline=None)
@given(text=TEXT)
def test_secrets_spans_fit_do_not_overlap_and_masking_removes_them(text):
    secrets = find_secrets(text)
    for a, b in zip(secrets, secrets[1:]):
        assert a.end <= b.start
    for s in secrets:
        assert 0 <= s.start < s.end <= len(text)
    masked = mask_secrets(text, secrets)
    markers = len(re.findall(r"\*{4} \*{4} \*{4} |\[[a-zA-Z ]+ removed[^\]]*\]", masked))
    before = len(re.findall(r"\*{4} \*{4} \*{4} |\[[a-zA-Z ]+ removed[^\]]*\]", text))
    assert markers == before + len(secrets)
