"""The pages, driven by Streamlit's AppTest (no browser)."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from engine import bank
from engine.demos import DEMOS, threshold
from tests.pages import session

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = ["pages/browse.py", "pages/demos.py", "pages/quiz.py", "pages/progress.py"]
Q6 = "seed-q6-implement-sparse-activation"


def app(**query: str) -> AppTest:
    """A started session pointed at ``/?<query>`` (see :func:`tests.pages.session`); run it next."""
    return session(**query)


def listed(at: AppTest) -> set[str]:
    """The question texts the list shows (each in bold, its badges in the paragraph below)."""
    return {m.value.split("\n\n")[0].strip("*") for m in at.markdown if m.value.startswith("**")}


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.main.get("caption")]
    parts += [link.proto.label for link in at.main.get("page_link")]
    return "\n".join(parts)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_opens_without_an_exception(page, lang):
    at = app(lang=lang)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert not at.error


def open_links(at: AppTest) -> list:
    return [link for link in at.main.get("page_link") if link.proto.label == "Open"]


def show_all(at: AppTest) -> set[str]:
    """Press "Show more" until every matching question is listed; the questions listed."""
    total = int(re.search(r"(\d+) of \d+ questions", texts(at)).group(1))
    while len(open_links(at)) < total:
        shown = len(open_links(at))
        more = at.button(key="more")
        assert more.label == f"Show {min(20, total - shown)} more ({total - shown} not shown yet)"
        more.click().run()
        assert len(open_links(at)) == min(shown + 20, total)
    assert not [b for b in at.main.button if b.key == "more"]  # nothing left to show
    return listed(at)


def test_home_lists_twenty_questions_then_more_until_every_one():
    at = app()
    at.run()
    every = {q.question.en for q in bank.load().questions}
    assert f"{len(every)} of {len(every)} questions" in texts(at)
    assert len(open_links(at)) == 20 and listed(at) < every
    assert show_all(at) == every
    at.sidebar.text_input(key="search").input("ReLU").run()  # new filters: the first part again
    assert len(open_links(at)) == 20 < int(re.search(r"(\d+) of", texts(at)).group(1))


def test_deep_link_opens_the_question_in_chinese():
    at = app(q=Q6, lang="zh")
    at.run()
    assert not at.exception
    assert "### 实现一个稀疏激活函数。" in texts(at)
    assert at.button(key="reveal").label == "显示答案"
    assert "np.where" not in texts(at)  # the answer waits until asked for


def test_reveal_shows_answer_correction_key_points_and_references_in_order():
    at = app(q=Q6)
    at.run()
    at.button(key="reveal").click().run()
    body = texts(at)
    order = [
        "The article's answer",
        "np.where(x > threshold, x, 0)",
        "Correction",
        "Key points",
        "Explanation",
        "References",
    ]
    positions = [body.index(part) for part in order]
    assert positions == sorted(positions)
    assert "Open the live demo" in body
    demo_link = next(link for link in at.main.get("page_link") if link.proto.label == "Open the live demo")
    assert demo_link.proto.page == "demos"


def test_switching_language_changes_interface_and_content():
    at = app(q=Q6)
    at.run()
    assert "### Implement a sparse activation function." in texts(at)
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert "### 实现一个稀疏激活函数。" in texts(at)
    assert at.button(key="reveal").label == "显示答案"
    assert at.query_params["lang"] == "zh"
    at.run()  # the choice survives further reruns
    assert "### 实现一个稀疏激活函数。" in texts(at)


def test_unknown_question_id_says_so():
    at = app(q="no-such-question")
    at.run()
    assert not at.exception
    assert "There is no question with id `no-such-question`." in [w.value for w in at.warning]


def test_search_matches_english_and_chinese():
    at = app()
    at.run()
    at.sidebar.text_input(key="search").input("阈值").run()
    zh_hits = show_all(at)
    assert "Implement a sparse activation function." in zh_hits
    at.sidebar.text_input(key="search").input("recurrent").run()
    en_hits = show_all(at)
    assert "Explain the role of sparse activation in recurrent neural networks (RNNs)." in en_hits
    assert len(en_hits) < len(bank.load().questions)


def test_filters_narrow_the_list():
    at = app()
    at.run()
    at.sidebar.multiselect(key="topics").set_value(["coding"]).run()
    at.sidebar.pills(key="difficulties").set_value(["easy"]).run()
    expected = {q.question.en for q in bank.load().questions if q.topic == "coding" and q.difficulty == "easy"}
    assert listed(at) == expected
    at.sidebar.pills(key="kinds").set_value(["concept"]).run()
    assert "No question matches these filters." in [i.value for i in at.info]


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label))


def test_threshold_demo_slider_moves_the_sparsity_metric():
    at = app(demo="threshold", dist="normal", threshold="0.8")
    at.run()
    at.switch_page("pages/demos.py").run()
    assert at.slider(key="threshold").value == pytest.approx(0.8)
    assert at.selectbox(key="dist").value == "normal"
    at.slider(key="threshold").set_value(1.0).run()
    values, _ = threshold.DEMO.resolve({"dist": "normal", "threshold": 1.0})
    expected = threshold.measure(threshold.prepare(values), 1.0)
    assert metric(at, "Sparsity") == f"{expected.sparsity:.2%}"
    assert abs(float(metric(at, "Sparsity").rstrip("%")) / 100 - 0.8413) < 0.005
    assert at.query_params["threshold"] == "1"
    assert len(at.main.get("image")) == 3  # before, after, sparsity curve


def plot_pixels(at: AppTest) -> list[np.ndarray]:
    """The threshold demo's plots, decoded from the PNG data URLs they arrive in (no request each)."""
    urls = [image.proto.imgs[0].url for image in at.main.get("image")]
    assert all(url.startswith("data:image/png;base64,") for url in urls)
    return [np.asarray(Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))) for url in urls]


def test_threshold_demo_plots_arrive_inline_and_a_move_changes_only_what_depends_on_t():
    at = app(demo="threshold", dist="normal", n="10000", threshold="0.5")
    at.run()
    at.switch_page("pages/demos.py").run()
    before = plot_pixels(at)
    at.slider(key="threshold").set_value(1.5).run()
    after = plot_pixels(at)
    assert [a.shape for a in after] == [b.shape for b in before]
    assert all((a != b).any() for a, b in zip(after, before, strict=True))  # line, spike, point moved
    assert all((a == b).mean() > 0.9 for a, b in zip(after, before, strict=True))  # the frame did not


def test_threshold_demo_follows_a_shared_link_for_another_distribution():
    at = app(demo="threshold", dist="uniform", low="-1", high="3", threshold="0")
    at.run()
    at.switch_page("pages/demos.py").run()
    assert metric(at, "Closed form") == "25.00%"
    assert abs(float(metric(at, "Sparsity").rstrip("%")) - 25.0) < 1.0


def test_a_bad_link_parameter_is_reported_and_defaults_are_used():
    at = app(demo="threshold", threshold="42")
    at.run()
    at.switch_page("pages/demos.py").run()
    assert not at.exception
    assert any("threshold: 42 is outside [-5, 5]" in w.value for w in at.warning)
    assert at.slider(key="threshold").value == pytest.approx(0.5)


def test_a_broken_user_bank_file_is_reported_and_the_rest_still_serves(tmp_path, monkeypatch):
    (tmp_path / "mine.yaml").write_text("- id: [broken\n", encoding="utf-8")
    monkeypatch.setenv("SPARSELAB_BANKS", str(tmp_path))
    at = app()
    at.run()
    assert not at.exception
    assert any("1 bank file(s) could not be loaded" in e.label for e in at.expander)
    assert f"{len(bank.load().questions)} of" in texts(at)
    assert any("mine.yaml:2: invalid YAML" in c.value or "mine.yaml:1: invalid YAML" in c.value for c in at.code)


SMALL = {"speed": {"d_in": "256", "d_out": "256", "repeats": "3"}}


@pytest.mark.parametrize("name", list(DEMOS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_demo_opens_from_the_demos_page(name, lang):
    at = app(demo=name, lang=lang, **SMALL.get(name, {}))
    at.run()
    at.switch_page("pages/demos.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == DEMOS[name].title[lang]
    assert at.metric, "every demo shows its numbers as metrics"
    assert at.main.get("image"), "every demo draws at least one plot"


def test_switching_demo_drops_the_old_demos_link_parameters():
    at = app(demo="threshold", threshold="0.8")
    at.run()
    at.switch_page("pages/demos.py").run()
    at.sidebar.selectbox(key="demo").set_value("moe").run()
    assert not at.exception
    assert at.query_params["demo"] == "moe"
    assert "threshold" not in at.query_params
    assert "experts" in at.query_params


PRESETS = sorted(
    {(q.demo.name, tuple(sorted(q.demo.params.items()))) for q in bank.load().questions if q.demo},
    key=repr,
)


@pytest.mark.parametrize(("name", "params"), PRESETS, ids=lambda v: v if isinstance(v, str) else None)
def test_every_preset_in_the_bank_opens_its_demo_cleanly(name, params):
    link = DEMOS[name].link(dict(params))
    at = app(**link)
    at.run()
    at.switch_page("pages/demos.py").run()
    assert not at.exception, at.exception
    # Allowed: the speed demo's notes on this machine's cache size and on timings made noisy by
    # other programs; any other warning (such as a bad preset value) fails.
    allowed = ("last-level cache", "the timings are noisy")
    assert all(any(a in w.value for a in allowed) for w in at.warning), [w.value for w in at.warning]
    for key, value in link.items():
        widget = at.get_by_key(key) if key != "demo" else None
        if widget is not None and hasattr(widget, "value") and isinstance(widget.value, float):
            assert widget.value == pytest.approx(float(value))


def test_threshold_demo_on_real_pre_activations():
    at = app(demo="threshold", dist="mlp", threshold="0")
    at.run()
    at.switch_page("pages/demos.py").run()
    assert not at.exception
    pool = threshold.mlp_preactivations()
    assert metric(at, "Pool share ≤ t") == f"{(pool <= 0).mean():.2%}"
    assert "mu" not in at.query_params and "sigma" not in at.query_params
