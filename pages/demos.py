"""Live demos: each declared in engine.demos, drawn from its declaration."""

import streamlit as st

from engine.demos import DEMOS
from engine.params import Param
from ui import dense_layer_view, moe_view, shell, sparse_conv_view, speed_view, threshold_view, training_view, zoo_view
from ui.params import adopt_url, publish, widget
from ui.state import lang, tr

shell.first_run()

VIEWS = {
    "threshold": threshold_view.render,
    "zoo": zoo_view.render,
    "dense_layer": dense_layer_view.render,
    "training": training_view.render,
    "speed": speed_view.render,
    "moe": moe_view.render,
    "sparse_conv": sparse_conv_view.render,
}
KEEP = {"demo", "lang"}
CHOOSER = Param(
    "demo",
    "choice",
    "threshold",
    {"en": "Demo", "zh": "演示"},
    choices=tuple(DEMOS),
    choice_labels={name: demo.title for name, demo in DEMOS.items()},
)

problems = adopt_url([CHOOSER])
name = widget(CHOOSER, st.sidebar)
publish({"demo": name})
demo = DEMOS[name]
st.title(demo.title.get(lang()))
problems += adopt_url(demo.params)
if problems:
    st.warning(tr("demos.bad_link", problems="; ".join(problems)), icon=":material/link_off:")
VIEWS[name](demo)
# Parameters of the other demos do not belong in this demo's link.
publish({}, drop=[key for key in st.query_params if key not in KEEP and key not in {p.name for p in demo.params}])
