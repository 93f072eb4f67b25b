"""Self-quiz (coming): for now, say what is coming."""

import streamlit as st

from ui.state import tr

st.title(tr("nav.quiz"))
st.info(tr("quiz.coming"), icon=":material/construction:")
st.page_link("pages/browse.py", label=tr("nav.browse"), icon=":material/menu_book:")
