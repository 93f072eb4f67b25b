"""SparseLab: study sparse activation for machine-learning interviews."""

import streamlit as st

from ui import shell
from ui.sidebar import language_picker

st.set_page_config(page_title="SparseLab", page_icon="assets/icon.png", layout="wide")
shell.first_run()
language_picker()
st.navigation(shell.pages()).run()
