"""Browse the bank: filter, search, and open one question at a time."""

import streamlit as st

from engine.search import Filters
from ui import add_files, question_view, shell
from ui.filters import topic_and_difficulty
from ui.state import bank_warnings, current_bank, tr

shell.first_run()

PART = 20  # questions listed at first, and added by each "show more"
LISTED, LISTED_FOR = "browse_listed", "browse_listed_for"

loaded, index = current_bank()
bank_warnings(loaded)

with st.sidebar:
    text = st.text_input(tr("browse.search"), key="search", help=tr("browse.search_help"), type="search", live=True)
topics, difficulties = topic_and_difficulty(index)
with st.sidebar:
    kinds = st.pills(
        tr("browse.kind"),
        ["concept", "coding"],
        selection_mode="multi",
        key="kinds",
        format_func=lambda v: tr("kind." + v),
    )
    tags = st.multiselect(tr("browse.tags"), index.tags(), key="tags", placeholder=tr("browse.any_tag"))
    add_files.render()

filters = Filters(text or "", topics, difficulties, kinds or (), tags)
shown = index.filter(filters)
selected = st.query_params.get("q")

if selected:
    question = index.by_id.get(selected)
    if question is None:
        st.warning(tr("browse.not_found", id=selected))
        st.page_link("pages/browse.py", label=tr("browse.back"), icon=":material/arrow_back:")
        st.stop()
    order = [q.id for q in shown] if selected in {q.id for q in shown} else [q.id for q in index.questions]
    at = order.index(selected)
    with st.container(horizontal=True, vertical_alignment="center"):
        st.page_link("pages/browse.py", label=tr("browse.back"), icon=":material/arrow_back:")
        if at > 0:
            link = {"q": order[at - 1]}
            st.page_link("pages/browse.py", label=tr("browse.prev"), icon=":material/chevron_left:", query_params=link)
        if at + 1 < len(order):
            link = {"q": order[at + 1]}
            st.page_link("pages/browse.py", label=tr("browse.next"), icon=":material/chevron_right:", query_params=link)
    question_view.render(question)
    if question.exercise:
        link = {"exercise": question.id}
        st.page_link("pages/exercises.py", label=tr("ex.try"), icon=":material/code:", query_params=link)
else:
    st.title(tr("app.title"))
    st.caption(tr("app.tagline"))
    st.caption(tr("browse.count", shown=len(shown), total=len(loaded.questions)))
    if not shown:
        st.info(tr("browse.none"))
    if st.session_state.get(LISTED_FOR) != repr(filters):  # new filters: back to the first part
        st.session_state[LISTED_FOR], st.session_state[LISTED] = repr(filters), PART
    listed = st.session_state[LISTED]
    for question in shown[:listed]:  # three elements a question, PART at a time: a page opens quickly
        with st.container(border=True):
            st.markdown(f"**{question_view.text(question.question)}**\n\n{question_view.badges(question)}")
            st.page_link(
                "pages/browse.py",
                label=tr("browse.open"),
                icon=":material/arrow_forward:",
                query_params={"q": question.id},
            )
    if len(shown) > listed:
        st.button(
            tr("browse.more", n=min(PART, len(shown) - listed), left=len(shown) - listed),
            key="more",
            icon=":material/expand_more:",
            on_click=lambda: st.session_state.update({LISTED: listed + PART}),
        )
