"""The search index answers exactly as reading every question's text would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engine import bank
from engine.search import Filters, Index, Signatures

QUESTIONS = bank.load().questions
INDEX = Index(QUESTIONS)
BLOBS = [q.text_blob().casefold() for q in INDEX.questions]


def by_reading(filters: Filters) -> list[str]:
    words = filters.text.casefold().split()
    return [
        q.id
        for q, blob in zip(INDEX.questions, BLOBS, strict=True)
        if all(word in blob for word in words)
        and (not filters.topics or q.topic in filters.topics)
        and (not filters.difficulties or q.difficulty in filters.difficulties)
    ]


@st.composite
def queries(draw) -> str:
    """Pieces of real question text (found somewhere) mixed with made-up words (mostly found nowhere)."""
    words = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            blob = draw(st.sampled_from(BLOBS))
            start = draw(st.integers(0, len(blob) - 1))
            words.append(blob[start : start + draw(st.integers(1, 12))])
        else:
            words.append(draw(st.text(alphabet="abcdexyz()阈值稀疏 ", min_size=1, max_size=6)))
    return " ".join(words)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(queries(), st.sampled_from([(), ("fundamentals",), ("speed", "coding")]), st.sampled_from([(), ("hard",)]))
def test_the_index_finds_what_reading_finds(text, topics, difficulties):
    filters = Filters(text, topics, difficulties)
    assert [q.id for q in INDEX.filter(filters)] == by_reading(filters)


def test_signatures_keep_every_text_holding_a_word():
    texts = ["relu(x) = max(0, x)", "稀疏激活", "", "x", "sparse\nactivation"] * 7
    signatures = Signatures(texts)
    for word in ("relu(x)", "稀疏", "x", "ax", "n\na", "activation", "zz"):
        holding = {i for i, text in enumerate(texts) if word in text}
        assert holding <= set(signatures.candidates([word]).tolist()), word
    assert signatures.candidates(["zz"]).tolist() == []  # no text has the pair "zz": nothing to read


def test_a_word_found_nowhere_reads_no_text():
    assert INDEX._signatures.candidates(["qqzzqqzz"]).size == 0
    assert INDEX.filter(Filters("qqzzqqzz")) == []
