"""Streamlit pieces shared by the pages: state, cached resources, renderers."""
