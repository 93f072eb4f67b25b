"""The bank as an Anki deck (``.apkg``), both languages on every card.

Notes get guids derived from the question ids, and the note type and deck keep fixed ids, so
importing a newer export into Anki updates the notes instead of adding duplicates. The references
close every card (in the Chinese explanation's field, so the note type is unchanged). Bank Markdown
becomes HTML with :func:`markdown_html`, a small converter for what the bank uses (paragraphs,
fenced code, inline code, bold, italics, lists, pipe tables, ``$...$`` and ``$$...$$`` math):
every piece of bank text is HTML-escaped, so no bank file can put markup into Anki, and math
becomes MathJax's ``\\(...\\)`` and ``\\[...\\]``, which Anki renders.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence

import genanki

from engine.schema import Localized, Question, Reference
from engine.text import unwrap_cjk

MODEL_ID = 1_742_518_301
DECK_ID = 1_742_518_302
DECK_NAME = "SparseLab"

FIELDS = (
    "Id",
    "QuestionEn",
    "QuestionZh",
    "AnswerEn",
    "AnswerZh",
    "KeyPointsEn",
    "KeyPointsZh",
    "CorrectionEn",
    "CorrectionZh",
    "ExplanationEn",
    "ExplanationZh",
)


def _both(field: str) -> str:
    return f'<div class="en">{{{{{field}En}}}}</div>\n<div class="zh" lang="zh">{{{{{field}Zh}}}}</div>'


FRONT = _both("Question")
BACK = f"""{{{{FrontSide}}}}
<hr id="answer">
<h3>Answer · 答案</h3>
{_both("Answer")}
{{{{#CorrectionEn}}}}
<div class="correction">
<h3>Correction · 更正</h3>
{_both("Correction")}
</div>
{{{{/CorrectionEn}}}}
<h3>Key points · 要点</h3>
{_both("KeyPoints")}
<h3>Explanation · 解析</h3>
{_both("Explanation")}
<p class="id">{{{{Id}}}}</p>"""

CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; line-height: 1.5; }
.zh { margin-top: 0.6em; }
h3 { font-size: 1em; margin: 1.2em 0 0.4em; }
pre { background: rgba(127, 127, 127, 0.12); padding: 0.6em; overflow-x: auto; font-size: 0.85em; }
code { font-family: monospace; }
table { border-collapse: collapse; }
th, td { border: 1px solid rgba(127, 127, 127, 0.5); padding: 0.2em 0.5em; }
.correction { border-left: 4px solid #c0392b; padding-left: 0.8em; }
.id { color: gray; font-size: 0.75em; }
.refs { font-size: 0.85em; }
"""

MODEL = genanki.Model(
    MODEL_ID,
    "SparseLab question (English + 中文)",
    fields=[{"name": name} for name in FIELDS],
    templates=[{"name": "Question → answer", "qfmt": FRONT, "afmt": BACK}],
    css=CSS,
)


# ---------------------------------------------------------------- Markdown to HTML

_SPAN = re.compile(r"(`+)(.+?)\1|\$\$(.+?)\$\$|(?<!\\)\$((?:\\.|[^$\\])+?)\$", re.DOTALL)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL)
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])", re.DOTALL)
_ITEM = re.compile(r"^([-*+]|\d+[.)])\s+(.*)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$")


def inline_html(text: str) -> str:
    """One run of Markdown text as HTML: code spans and math kept verbatim (escaped), the rest
    escaped, then ``**bold**`` and ``*italics*`` marked up."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        code, display, math = match.group(2), match.group(3), match.group(4)
        if code is not None:
            kept.append(f"<code>{html.escape(code.strip() or code)}</code>")
        elif display is not None:
            kept.append(rf"\[{html.escape(display)}\]")
        else:
            kept.append(rf"\({html.escape(math)}\)")
        return f"\x00{len(kept) - 1}\x00"

    text = html.escape(_SPAN.sub(keep, text.replace("\x00", "")).replace(r"\$", "$"))
    text = _ITALIC.sub(r"<em>\1</em>", _BOLD.sub(r"<strong>\1</strong>", text))
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)


def _cells(row: str) -> list[str]:
    """A table row's cells; a ``|`` inside code or math does not split."""
    row = row.strip().removeprefix("|")
    row = row[:-1] if row.endswith("|") and not row.endswith(r"\|") else row
    cells, current, quote = [], "", ""
    for i, char in enumerate(row):
        escaped = i > 0 and row[i - 1] == "\\"
        if char in "`$" and not escaped:
            quote = "" if quote == char else (quote or char)
        if char == "|" and not quote and not escaped:
            cells.append(current)
            current = ""
        else:
            current += char
    return [c.strip() for c in [*cells, current]]


def _table(rows: list[str]) -> str:
    head, body = rows[0], [r for r in rows[1:] if not _TABLE_RULE.match(r.strip())]
    head_html = "".join(f"<th>{inline_html(c)}</th>" for c in _cells(head))
    body_html = "".join("<tr>" + "".join(f"<td>{inline_html(c)}</td>" for c in _cells(r)) + "</tr>" for r in body)
    return f"<table><thead><tr>{head_html}</tr></thead><tbody>{body_html}</tbody></table>"


def _list(items: list[tuple[str, str]]) -> str:
    marker = items[0][0]
    ordered = marker[0].isdigit()
    start = int(marker[:-1]) if ordered else 1
    tag = "ol" if ordered else "ul"
    opening = f'<ol start="{start}">' if ordered and start != 1 else f"<{tag}>"
    return opening + "".join(f"<li>{inline_html(text)}</li>" for _, text in items) + f"</{tag}>"


def markdown_html(markdown: str) -> str:
    """Bank Markdown (one language) as HTML for an Anki field.

    Blocks: fenced code (``<pre><code>``, the fence's indentation removed), pipe tables, bullet
    and numbered lists (an item goes on over indented lines), and paragraphs; ``$$`` math may
    span lines within a block. Inline: see :func:`inline_html`.
    """
    lines = unwrap_cjk(markdown).expandtabs(4).split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line, stripped = lines[i], lines[i].strip()
        if not stripped:
            i += 1
        elif stripped.startswith("```"):
            indent, language = len(line) - len(line.lstrip()), stripped[3:].strip()
            body: list[str] = []
            i += 1
            while i < len(lines) and lines[i].strip() != "```":
                body.append(lines[i].lstrip() if lines[i][:indent].strip() else lines[i][indent:])
                i += 1
            i += 1
            css = f' class="language-{html.escape(language)}"' if language else ""
            out.append(f"<pre><code{css}>{html.escape(chr(10).join(body))}</code></pre>")
        elif stripped.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(lines[i])
                i += 1
            out.append(_table(rows))
        elif _ITEM.match(stripped):
            items: list[tuple[str, str]] = []
            while i < len(lines):
                current = lines[i]
                if item := _ITEM.match(current.strip()):
                    items.append((item.group(1), item.group(2)))
                elif current.strip() and current[:1].isspace():
                    marker, text = items[-1]
                    items[-1] = (marker, f"{text}\n{current.strip()}")
                else:
                    break
                i += 1
            out.append(_list(items))
        else:
            paragraph = []
            while i < len(lines) and lines[i].strip() and not lines[i].strip().startswith("```"):
                paragraph.append(lines[i].strip())
                i += 1
            out.append(f"<p>{inline_html(chr(10).join(paragraph))}</p>")
    return "\n".join(out)


# ---------------------------------------------------------------- the deck


def references_html(references: Sequence[Reference]) -> str:
    """The references as an HTML list with links (every part escaped), or nothing."""
    if not references:
        return ""

    def item(ref: Reference) -> str:
        title = html.escape(ref.title)
        link = ref.link()
        if link:
            title = f'<a href="{html.escape(link, quote=True)}">{title}</a>'
        return f"<li>{html.escape(', '.join(ref.authors))} ({ref.year}). {title}. {html.escape(ref.where())}.</li>"

    return '<h4 class="refs">References · 参考文献</h4><ul class="refs">' + "".join(map(item, references)) + "</ul>"


def _fields(question: Question) -> list[str]:
    def both(text: Localized | None) -> list[str]:
        return [markdown_html(text.en), markdown_html(text.zh)] if text else ["", ""]

    cited = references_html(question.references)  # bilingual heading; the note type keeps its fields

    def points(lang: str) -> str:
        return "<ul>" + "".join(f"<li>{markdown_html(p.get(lang))}</li>" for p in question.key_points) + "</ul>"

    return [
        html.escape(question.id),
        *both(question.question),
        *both(question.answer),
        points("en"),
        points("zh"),
        *both(question.correction),
        markdown_html(question.explanation.en),
        markdown_html(question.explanation.zh) + cited,  # once, at the end of the card
    ]


def guid(question_id: str) -> str:
    """The Anki note guid of a question: the same for every export of that id."""
    return genanki.guid_for("sparselab", question_id)


def tags(question: Question) -> list[str]:
    """``sparselab``, ``topic::<topic>``, ``difficulty::<difficulty>`` and the question's own tags."""
    return ["sparselab", f"topic::{question.topic}", f"difficulty::{question.difficulty.value}", *question.tags]


def note(question: Question) -> genanki.Note:
    """One question as an Anki note."""
    return genanki.Note(model=MODEL, fields=_fields(question), guid=guid(question.id), tags=tags(question))


def deck(questions: Sequence[Question]) -> genanki.Deck:
    """The questions as the SparseLab deck, one note each."""
    built = genanki.Deck(DECK_ID, DECK_NAME, description="Interview questions on sparse activation · 稀疏激活面试题")
    for question in questions:
        built.add_note(note(question))
    return built


def deck_bytes(questions: Sequence[Question]) -> bytes:
    """The ``.apkg`` file of the questions, for a download button or a file."""
    buffer = io.BytesIO()
    genanki.Package(deck(questions)).write_to_file(buffer)
    return buffer.getvalue()
