"""Live demos: each declared in engine.demos, drawn from its declaration."""

import streamlit as st

from engine.demos import DEMOS
from engine.params import Param
from ui import threshold_view
from ui.params import adopt_url, publish, widget
from ui.state import lang, tr

VIEWS = {"threshold": threshold_view.render}
CHOOSER = Param("demo", "choice", "threshold", {"en": "Demo", "zh": "演示"}, choices=tuple(DEMOS))

problems = adopt_url([CHOOSER])
name = widget(CHOOSER, st.sidebar)
publish({"demo": name})
demo = DEMOS[name]
st.title(demo.title.get(lang()))
problems += adopt_url(demo.params)
if problems:
    st.warning(tr("demos.bad_link", problems="; ".join(problems)), icon=":material/link_off:")
VIEWS[name](demo)
