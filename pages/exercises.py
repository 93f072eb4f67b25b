"""Coding exercises: write the function, run the examples, submit for the hidden tests."""

import streamlit as st

from engine.search import DIFFICULTY_ORDER
from ui import exercise_view, shell
from ui.profile import profile_picker, progress_store
from ui.state import bank_warnings, current_bank, tr

shell.first_run()

loaded, index = current_bank()
bank_warnings(loaded)
store = progress_store()
profile = profile_picker(store)
st.title(tr("ex.nav"))
exercises = [q for q in index.questions if q.exercise is not None]  # in study order: easy first, then by topic
exercise_view.render(sorted(exercises, key=lambda q: DIFFICULTY_ORDER.index(q.difficulty)), store, profile)
