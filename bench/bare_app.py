"""The smallest Streamlit page a slider can drive: the baseline for the browser benchmarks.

Run from the repository root:  .venv/bin/streamlit run bench/bare_app.py
"""

import streamlit as st

t = st.slider("Threshold t", -5.0, 5.0, 0.5, 0.01, key="threshold")
st.metric("Value", f"{t:.2f}")
