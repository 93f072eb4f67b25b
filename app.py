"""SparseLab: study sparse activation for machine-learning interviews."""

import streamlit as st

from ui.sidebar import language_picker
from ui.state import tr

st.set_page_config(page_title="SparseLab", page_icon="assets/icon.png", layout="wide")
language_picker()

# Each url_path differs from its file's name: Streamlit also registers files under
# pages/ by name, and a clash would run the page without this entry script.
pages = [
    st.Page("pages/browse.py", title=tr("nav.browse"), icon=":material/menu_book:", url_path="questions", default=True),
    st.Page("pages/demos.py", title=tr("nav.demos"), icon=":material/science:", url_path="demo"),
    st.Page("pages/quiz.py", title=tr("nav.quiz"), icon=":material/school:", url_path="self-quiz"),
    st.Page("pages/progress.py", title=tr("nav.progress"), icon=":material/insights:", url_path="study-progress"),
]
st.navigation(pages).run()
