"""The Anki export: a valid package, one note per question, stable ids, both languages, escaped
text and MathJax math."""

from __future__ import annotations

import html
import io
import sqlite3
import zipfile
from pathlib import Path

import pytest

from engine import anki, bank
from engine.schema import Localized, Question, Reference

QUESTIONS = bank.load().questions


def collection(data: bytes, copy: Path) -> sqlite3.Connection:
    """The package's SQLite collection, opened from a copy at ``copy``."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert "collection.anki2" in package.namelist()
        copy.write_bytes(package.read("collection.anki2"))
    return sqlite3.connect(copy)


def notes(data: bytes, copy: Path) -> dict[str, list[str]]:
    """Each note's fields, by guid."""
    with collection(data, copy) as conn:
        return {guid: flds.split("\x1f") for guid, flds in conn.execute("SELECT guid, flds FROM notes")}


def edited(original: Question, **texts: str) -> Question:
    """``original`` with some fields replaced by the same text in both languages."""
    return original.model_copy(update={k: Localized(en=v, zh=v + " 中文") for k, v in texts.items()})


def test_the_package_is_a_collection_with_one_note_and_one_card_per_question(tmp_path):
    data = anki.deck_bytes(QUESTIONS)
    with collection(data, tmp_path / "c.anki2") as conn:
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == len(QUESTIONS)
        assert conn.execute("SELECT count(*) FROM cards").fetchone()[0] == len(QUESTIONS)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        models, decks = conn.execute("SELECT models, decks FROM col").fetchone()
    assert str(anki.MODEL_ID) in models
    assert str(anki.DECK_ID) in decks and anki.DECK_NAME in decks


def test_guids_are_stable_across_exports_and_unique(tmp_path):
    first = notes(anki.deck_bytes(QUESTIONS), tmp_path / "first.anki2")
    second = notes(anki.deck_bytes(list(reversed(QUESTIONS))), tmp_path / "second.anki2")
    assert set(first) == set(second) == {anki.guid(q.id) for q in QUESTIONS}
    assert len(first) == len(QUESTIONS)
    assert {fields[0] for fields in first.values()} == {q.id for q in QUESTIONS}


def test_each_note_holds_both_languages_of_every_part(tmp_path):
    by_guid = notes(anki.deck_bytes(QUESTIONS), tmp_path / "c.anki2")
    corrected = next(q for q in QUESTIONS if q.correction)
    fields = dict(zip(anki.FIELDS, by_guid[anki.guid(corrected.id)], strict=True))
    cited = anki.references_html(corrected.references)
    for name, text, after in (
        ("Question", corrected.question, ""),
        ("Answer", corrected.answer, ""),
        ("Correction", corrected.correction, ""),
        ("Explanation", corrected.explanation, cited),  # the references close the card, once
    ):
        assert fields[f"{name}En"] == anki.markdown_html(text.en)
        assert fields[f"{name}Zh"] == anki.markdown_html(text.zh) + after
        assert fields[f"{name}En"] and fields[f"{name}Zh"] != fields[f"{name}En"]
    for ref in corrected.references:
        assert html.escape(ref.title) in cited
        assert ref.link() is None or f'<a href="{html.escape(ref.link(), quote=True)}">' in cited
    assert fields["KeyPointsEn"].count("<li>") == fields["KeyPointsZh"].count("<li>") == len(corrected.key_points)
    plain = next(q for q in QUESTIONS if not q.correction)
    assert dict(zip(anki.FIELDS, by_guid[anki.guid(plain.id)], strict=True))["CorrectionEn"] == ""


def test_the_card_templates_show_both_languages():
    for field in ("QuestionEn", "QuestionZh"):
        assert "{{" + field + "}}" in anki.FRONT
    for field in anki.FIELDS[3:]:
        assert "{{" + field + "}}" in anki.BACK


def test_tags_come_from_topic_difficulty_and_tags(tmp_path):
    question = next(q for q in QUESTIONS if q.tags)
    with collection(anki.deck_bytes([question]), tmp_path / "c.anki2") as conn:
        [tags] = conn.execute("SELECT tags FROM notes").fetchone()
    expected = {"sparselab", f"topic::{question.topic}", f"difficulty::{question.difficulty}", *question.tags}
    assert set(tags.split()) == expected


def test_bank_text_cannot_inject_html(tmp_path):
    evil = edited(
        QUESTIONS[0],
        question='<script>alert("x")</script> and <img src=x onerror=alert(1)>',
        answer="`<b>code</b>` and $a < b$ and **<i>bold</i>**",
    )
    hostile = Reference(
        title="<img src=x onerror=alert(1)>",
        authors=["<b>M</b>"],
        year=2024,
        venue="<i>v</i>",
        url='https://e.org/?a="b"',
    )
    evil = evil.model_copy(update={"references": [hostile]})
    [fields] = notes(anki.deck_bytes([evil]), tmp_path / "c.anki2").values()
    joined = "\n".join(fields)
    assert "<script" not in joined and "<img" not in joined and "<b>" not in joined and "<i>" not in joined
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in fields[1]
    assert "<code>&lt;b&gt;code&lt;/b&gt;</code>" in fields[3]
    assert r"\(a &lt; b\)" in fields[3]
    assert "<strong>&lt;i&gt;bold&lt;/i&gt;</strong>" in fields[3]
    assert '<a href="https://e.org/?a=&quot;b&quot;">&lt;img src=x onerror=alert(1)&gt;</a>' in fields[10]


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("Zeros: $P(x \\le t)$.", "<p>Zeros: \\(P(x \\le t)\\).</p>"),
        ("$$\n\\Phi(z) = \\tfrac12\n$$", "<p>\\[\n\\Phi(z) = \\tfrac12\n\\]</p>"),
        ("$$y = \\sum_i x_i,$$", "<p>\\[y = \\sum_i x_i,\\]</p>"),
        ("`np.where(x > t, x, 0)` costs $x$", "<p><code>np.where(x &gt; t, x, 0)</code> costs \\(x\\)</p>"),
        ("`$HOME` is not math", "<p><code>$HOME</code> is not math</p>"),
        ("a *b* **c** 2 * 3 * 4", "<p>a <em>b</em> <strong>c</strong> 2 * 3 * 4</p>"),
        ("$x_i$ and $y_j$ keep _underscores_", "<p>\\(x_i\\) and \\(y_j\\) keep _underscores_</p>"),
        ("costs \\$5", "<p>costs $5</p>"),
        ("- one $a$\n- two\n  still two", "<ul><li>one \\(a\\)</li><li>two\nstill two</li></ul>"),
        ("2. second\n3. third", '<ol start="2"><li>second</li><li>third</li></ol>'),
        (
            "| a | $|x|$ |\n|---|---|\n| `p|q` | 2 |",
            "<table><thead><tr><th>a</th><th>\\(|x|\\)</th></tr></thead>"
            "<tbody><tr><td><code>p|q</code></td><td>2</td></tr></tbody></table>",
        ),
        ("中文第一行\n第二行", "<p>中文第一行第二行</p>"),
    ],
)
def test_markdown_becomes_anki_html(markdown, html):
    assert anki.markdown_html(markdown) == html


def test_code_blocks_stay_verbatim_with_math_and_markup_untouched():
    markdown = "Code:\n\n```python\ndef f(x):\n    return x * 2  # $not math$ **not bold** <tag>\n```\n\nAfter."
    assert anki.markdown_html(markdown) == (
        "<p>Code:</p>\n"
        '<pre><code class="language-python">def f(x):\n    return x * 2  # $not math$ **not bold** &lt;tag&gt;'
        "</code></pre>\n<p>After.</p>"
    )


def test_every_bank_field_converts_with_balanced_math_and_no_stray_dollars(tmp_path):
    by_guid = notes(anki.deck_bytes(QUESTIONS), tmp_path / "c.anki2")
    for fields in by_guid.values():
        for field in fields:
            prose = field
            for block in field.split("<pre>")[1:]:
                prose = prose.replace(block.split("</pre>")[0], "")
            for code in prose.split("<code>")[1:]:
                prose = prose.replace(code.split("</code>")[0], "")
            assert "$" not in prose, field
            assert prose.count(r"\(") == prose.count(r"\)") and prose.count(r"\[") == prose.count(r"\]")
