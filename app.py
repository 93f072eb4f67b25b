"""SparseLab: study sparse activation for machine-learning interviews."""

import streamlit as st

from ui.sidebar import language_picker
from ui.state import tr

st.set_page_config(page_title="SparseLab", page_icon=":material/grain:", layout="wide")
language_picker()

pages = [
    st.Page("pages/browse.py", title=tr("nav.browse"), icon=":material/menu_book:", url_path="browse", default=True),
    st.Page("pages/demos.py", title=tr("nav.demos"), icon=":material/science:", url_path="demos"),
    st.Page("pages/quiz.py", title=tr("nav.quiz"), icon=":material/school:", url_path="quiz"),
    st.Page("pages/progress.py", title=tr("nav.progress"), icon=":material/insights:", url_path="progress"),
]
st.navigation(pages).run()
