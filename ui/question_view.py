"""Rendering one question: question first, the rest on demand."""

from __future__ import annotations

import streamlit as st

from engine.demos import DEMOS
from engine.schema import Localized, Question, Reference
from engine.text import unwrap_cjk
from ui.state import lang, tr


def badges(question: Question) -> str:
    """The question's topic, difficulty and kind as Markdown badges."""
    colour = {"easy": "green", "medium": "orange", "hard": "red"}[question.difficulty]
    parts = [
        f":{colour}-badge[{tr('difficulty.' + question.difficulty)}]",
        f":blue-badge[{tr('topic.' + question.topic)}]",
    ]
    if question.topic != question.kind:  # "coding" topic already says it
        parts.append(f":gray-badge[{tr('kind.' + question.kind)}]")
    if question.source == "seed":
        parts.append(f":violet-badge[{tr('q.source_seed')}]")
    return " ".join(parts)


def reference_markdown(ref: Reference) -> str:
    """One reference as a Markdown list item."""
    link = ref.link()
    title = f"[{ref.title}]({link})" if link else f"*{ref.title}*"
    return f"- {', '.join(ref.authors)} ({ref.year}). {title}. {ref.where()}."


def text(value: Localized) -> str:
    """Bank Markdown in the current language, ready to display."""
    return unwrap_cjk(value.get(lang()))


def one_line(question: Question) -> str:
    """The question in the current language on one line, for lists and links."""
    return " ".join(text(question.question).split())


def render_answer(question: Question) -> None:
    """The answer, and right after it the correction where the answer is wrong."""
    st.markdown(f"#### {tr('q.seed_answer') if question.correction else tr('q.answer')}")
    st.markdown(text(question.answer))
    if question.correction:
        with st.container(border=True):
            st.markdown(f"#### :red[:material/error: {tr('q.correction')}]")
            st.markdown(text(question.correction))


def render(question: Question) -> None:
    """The question, a reveal button, then answer, correction, key points,
    explanation, demo link, references and follow-ups."""
    language = lang()
    st.markdown(badges(question))
    st.markdown(f"### {text(question.question)}")
    revealed = st.session_state.setdefault("revealed", set())
    shown = question.id in revealed
    if not shown:
        st.caption(tr("q.think"))
    st.button(
        tr("q.hide") if shown else tr("q.reveal"),
        key="reveal",
        type="secondary" if shown else "primary",
        on_click=revealed.symmetric_difference_update,
        args=({question.id},),
    )
    if not shown:
        return

    render_answer(question)
    st.markdown(f"#### {tr('q.key_points')}")
    st.markdown("\n".join(f"- {text(point)}" for point in question.key_points))
    st.markdown(f"#### {tr('q.explanation')}")
    st.markdown(text(question.explanation))
    if question.demo:
        link = {**DEMOS[question.demo.name].link(question.demo.params), "lang": language}
        st.page_link("pages/demos.py", label=tr("q.open_demo"), icon=":material/science:", query_params=link)
    if question.references:
        st.markdown(f"#### {tr('q.references')}")
        st.markdown("\n".join(reference_markdown(ref) for ref in question.references))
    if question.follow_ups:
        with st.expander(tr("q.follow_ups")):
            st.markdown("\n".join(f"- {text(f)}" for f in question.follow_ups))
