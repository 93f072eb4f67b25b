"""Browse the bank: filter, search, and open one question at a time."""

import streamlit as st

from engine.search import Filters
from ui import add_files, question_view, shell
from ui.filters import topic_and_difficulty
from ui.state import bank_warnings, current_bank, tr

shell.first_run()

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

shown = index.filter(Filters(text or "", topics, difficulties, kinds or (), tags))
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
    for question in shown:
        with st.container(border=True):
            st.markdown(f"**{question_view.text(question.question)}**")
            badges, link = st.columns([4, 1], vertical_alignment="center")
            badges.markdown(question_view.badges(question))
            link.page_link(
                "pages/browse.py",
                label=tr("browse.open"),
                icon=":material/arrow_forward:",
                query_params={"q": question.id},
            )
