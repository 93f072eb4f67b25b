"""Study progress (coming): for now, say what is coming."""

import streamlit as st

from ui.state import tr

st.title(tr("nav.progress"))
st.info(tr("progress.coming"), icon=":material/construction:")
