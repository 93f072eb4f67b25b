"""The mock-interview mode of the quiz page: questions against the clock, a self-grade for
each, then a summary with the time per question and the weakest topics."""

from __future__ import annotations

import secrets
import time
from collections.abc import Sequence
from functools import partial

import streamlit as st

from engine import mock
from engine.scheduling import RATINGS, Rating
from engine.schema import Question
from engine.search import Index
from engine.store import Profile, Store
from ui import question_view
from ui.profile import saved
from ui.state import tr

STATE = "mock"


def render(pool: Sequence[Question], index: Index, store: Store, profile: Profile) -> None:
    """Set up, run or sum up the profile's mock interview (kept in the session)."""
    state = st.session_state.get(STATE)
    if state is None or state["profile"] != profile.id:
        _setup(pool, store, profile)
    elif state["summary"] is None:
        _ask(state, index, store, profile)
    else:
        _summary(state, index)


def _setup(pool: Sequence[Question], store: Store, profile: Profile) -> None:
    st.markdown(tr("mock.intro"))
    if not pool:
        st.info(tr("quiz.no_match"))
        return
    most = min(mock.MAX_QUESTIONS, len(pool))
    n = st.number_input(tr("mock.n"), 1, most, min(5, most), key="mock_n", help=tr("mock.pool", n=len(pool)))
    st.button(
        tr("mock.start"),
        type="primary",
        key="mock_start",
        icon=":material/timer:",
        on_click=_start,
        args=(pool, n, store, profile),
    )


def _start(pool: Sequence[Question], n: int, store: Store, profile: Profile) -> None:
    ids = mock.draw(pool, n, secrets.randbits(64))
    interview = saved(lambda: store.start_mock_interview(profile))
    if interview is None:
        return
    st.session_state[STATE] = {
        "id": interview,
        "profile": profile.id,
        "ids": ids,
        "at": 0,
        "shown": time.time(),
        "seconds": None,
        "answers": [],
        "summary": None,
    }


@st.fragment(run_every=1.0)
def _running_clock(shown: float) -> None:
    st.metric(tr("mock.clock"), mock.clock(time.time() - shown))


def _ask(state: dict, index: Index, store: Store, profile: Profile) -> None:
    n, at = len(state["ids"]), state["at"]
    question = index.by_id.get(state["ids"][at])
    if question is None:  # removed from the bank since the interview started
        _grade(state, store, profile, None, None)
        st.rerun()
    st.progress(at / n, text=tr("mock.progress", i=at + 1, n=n))
    if state["seconds"] is None:
        _running_clock(state["shown"])
    else:
        st.metric(tr("mock.clock"), mock.clock(state["seconds"]))
    st.markdown(question_view.badges(question))
    st.markdown(f"### {question_view.text(question.question)}")
    st.text_area(tr("quiz.notes"), key=f"mock-notes-{state['id']}-{at}", placeholder=tr("mock.notes_hint"))
    if state["seconds"] is None:
        st.button(
            tr("mock.done"), type="primary", shortcut="Space", key="mock_done", on_click=_stop_clock, args=(state,)
        )
    else:
        question_view.render_answer(question)
        st.markdown(f"#### {tr('mock.grade')}")
        for place, rating, key in zip(st.columns(4), RATINGS, "1234", strict=True):
            place.button(
                f"{key} · {tr(f'rating.{rating.name.lower()}')}",
                key=f"mock-{rating.name.lower()}",
                shortcut=key,
                on_click=_grade,
                args=(state, store, profile, question, rating),
                width="stretch",
            )
    st.button(tr("mock.end"), key="mock_end", on_click=_finish, args=(state, store), icon=":material/stop_circle:")


def _stop_clock(state: dict) -> None:
    state["seconds"] = round(time.time() - state["shown"], 1)


def _grade(state: dict, store: Store, profile: Profile, question: Question | None, rating: Rating | None) -> None:
    """Save the self-grade as a review at once, then show the next question (or the summary)."""
    if question is not None and rating is not None:
        seconds = state["seconds"]
        review = partial(
            store.record_review, profile, question.id, rating, mode="mock", duration_ms=int(seconds * 1000)
        )
        if saved(review) is None:
            return
        state["answers"].append(mock.Answer(question.id, question.topic, seconds, rating))
    state.update(at=state["at"] + 1, shown=time.time(), seconds=None)
    if state["at"] >= len(state["ids"]):
        _finish(state, store)


def _finish(state: dict, store: Store) -> None:
    state["summary"] = mock.summary(state["answers"])
    saved(lambda: store.finish_mock_interview(state["id"], state["summary"]))


def _summary(state: dict, index: Index) -> None:
    summary = state["summary"]
    answers = summary["answers"]
    st.success(tr("mock.finished", n=len(answers), total=mock.clock(summary["total_seconds"])), icon=":material/flag:")
    if answers:
        header = [tr(f"mock.col.{c}") for c in ("question", "topic", "time", "grade")]
        rows = [
            [
                _title(index, a["question_id"]),
                tr(f"topic.{a['topic']}"),
                mock.clock(a["seconds"]),
                tr(f"rating.{Rating(a['grade']).name.lower()}"),
            ]
            for a in answers
        ]
        st.markdown(_markdown_table(header, rows))  # Markdown, so the questions' LaTeX renders
        st.markdown(f"#### {tr('mock.weakest')}")
        for score in summary["weakest_topics"][:3]:
            st.markdown(
                "- "
                + tr(
                    "mock.topic_line",
                    topic=tr(f"topic.{score['topic']}"),
                    grade=f"{score['mean_grade']:.1f}",
                    n=score["questions"],
                    time=mock.clock(score["mean_seconds"]),
                )
            )
    st.button(tr("mock.again"), type="primary", key="mock_again", on_click=st.session_state.pop, args=(STATE, None))


def _markdown_table(header: list[str], rows: list[list[str]]) -> str:
    def cells(values: list[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|").replace("\n", " ") for v in values) + " |"

    return "\n".join([cells(header), cells(["---"] * len(header)), *(cells(r) for r in rows)])


def _title(index: Index, question_id: str) -> str:
    question = index.by_id.get(question_id)
    return question_view.one_line(question) if question else question_id
