"""The speed demo: gathers equal the dense product, the ideal curve, break-even, bounds, figures, page.

No assertion here depends on how fast anything runs: timings are checked for shape only, and
the numbers the page derives from them are checked on synthetic timings.
"""

import re
import statistics
import string

import numpy as np
import pytest

from engine.demos import speed
from engine.demos.speed import Sample
from tests.pages import open_demo
from tests.text_checks import ascii_punctuation

DEFAULTS = {p.name: p.default for p in speed.PARAMS}


def brute_force_matvec(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    """y = sum over the non-zero x_j of x_j times column j of W, in float64, one column at a time."""
    y = np.zeros(w.shape[0])
    for j in range(w.shape[1]):
        if x[j] != 0:
            y += float(x[j]) * w[:, j].astype(np.float64)
    return y


# --- the three matvecs agree --------------------------------------------------------------------


@pytest.mark.parametrize("k", [0, 1, 5, 51, 256, 511, 512])
def test_both_gathers_equal_the_dense_product(k):
    d_in, d_out = 512, 384  # not square, so a transposition mistake cannot pass
    rng = np.random.default_rng(k)
    w = rng.standard_normal((d_out, d_in), dtype=np.float32)
    w_t = speed.transpose(w)
    x = speed.sparse_input(rng, d_in, k) if k else np.zeros(d_in, dtype=np.float32)
    assert np.count_nonzero(x) == k
    exact = brute_force_matvec(w, x)
    for y in (speed.dense_matvec(w, x), speed.gather_columns(w, x), speed.gather_rows(w_t, x)):
        assert y.dtype == np.float32
        assert y.shape == (d_out,)
        np.testing.assert_allclose(y, exact, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(speed.gather_columns(w, x), speed.dense_matvec(w, x), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(speed.gather_rows(w_t, x), speed.dense_matvec(w, x), rtol=1e-5, atol=1e-5)
    if k == 0:
        assert not speed.gather_columns(w, x).any()
        assert not speed.gather_rows(w_t, x).any()


@pytest.mark.parametrize("density", speed.DENSITIES)
def test_gathers_equal_dense_on_the_workspace_weights_at_every_grid_density(density):
    ws = speed.workspace(256, 512, seed=7, cache=speed.CacheInfo(2**20, 3, 64))
    rng = np.random.default_rng(1)
    x = speed.sparse_input(rng, 256, speed.active_count(density, 256))
    dense = speed.dense_matvec(ws.w, x)
    np.testing.assert_allclose(speed.gather_columns(ws.w, x), dense, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(speed.gather_rows(ws.w_t, x), dense, rtol=1e-5, atol=1e-5)


def test_workspace_holds_one_float32_matrix_in_two_layouts_and_a_flush_buffer():
    ws = speed.workspace(256, 512, seed=3, cache=speed.CacheInfo(2**20, 3, 64))
    assert ws.w.shape == (512, 256)
    assert ws.w_t.shape == (256, 512)
    assert ws.w.dtype == ws.w_t.dtype == np.float32
    assert ws.w.flags.c_contiguous and ws.w_t.flags.c_contiguous
    assert np.array_equal(ws.w_t, ws.w.T)
    assert ws.w.min() >= -1 and ws.w.max() < 1
    assert ws.flush.nbytes == 2 * 2**20
    again = speed.workspace(256, 512, seed=3, cache=speed.CacheInfo(2**20, 3, 64))
    assert np.array_equal(again.w, ws.w)


@pytest.mark.parametrize("shape", [(300, 517), (256, 256), (1, 700)])
def test_tiled_transpose_is_the_transpose(shape):
    w = np.arange(shape[0] * shape[1], dtype=np.float32).reshape(shape)
    out = speed.transpose(w)
    assert out.flags.c_contiguous
    assert np.array_equal(out, w.T)


@pytest.mark.parametrize("k", [1, 7, 100, 256])
def test_sparse_input_has_exactly_k_nonzeros_in_0_1(k):
    x = speed.sparse_input(np.random.default_rng(0), 256, k)
    assert x.dtype == np.float32
    assert np.count_nonzero(x) == k
    nz = x[x != 0]
    assert nz.min() > 0 and nz.max() <= 1


def test_active_count_is_the_rounded_share_of_inputs():
    for d_in in speed.SIZES:
        for density in speed.DENSITIES:
            k = speed.active_count(density, d_in)
            assert k == max(1, round(density * d_in))
            assert 1 <= k <= d_in
        assert speed.active_count(1.0, d_in) == d_in
    assert speed.active_count(0.01, 8192) == 82
    assert speed.active_count(0.01, 256) == 3


# --- summarising --------------------------------------------------------------------------------

D_IN, D_OUT = 8192, 4096
DENSE = 0.010
ROWS_SPEEDUP = (20.0, 10.0, 4.0, 2.0, 1.25, 0.8, 0.5, 0.3, 0.2)
COLUMNS_SPEEDUP = (1.5, 0.9, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1)


def synthetic(d_in=D_IN, rows=ROWS_SPEEDUP, columns=COLUMNS_SPEEDUP, dense=DENSE):
    """Samples whose medians give exactly these speed-ups (with outliers the median must ignore)."""
    samples = []
    for i, density in enumerate(speed.DENSITIES):
        k = speed.active_count(density, d_in)
        samples.append(
            Sample(
                density,
                k,
                (0.9 * dense, 50 * dense, dense),
                (dense / columns[i], 1e-9, 9.0),
                (9.0, dense / rows[i], 1e-9),
            )
        )
    return tuple(samples)


def test_medians_speedups_and_ideal_on_synthetic_timings():
    samples = synthetic()
    s = speed.summarize(samples, D_IN, D_OUT)
    for i, sample in enumerate(samples):
        assert s.dense[i] == statistics.median(sample.dense)
        assert s.columns[i] == statistics.median(sample.columns)
        assert s.rows[i] == statistics.median(sample.rows)
        assert s.speedup_rows[i] == pytest.approx(ROWS_SPEEDUP[i], rel=1e-12)
        assert s.speedup_columns[i] == pytest.approx(COLUMNS_SPEEDUP[i], rel=1e-12)
        assert s.density[i] == sample.active / D_IN
        assert s.ideal[i] == pytest.approx(D_IN / sample.active, rel=1e-15)
    assert np.array_equal(s.ideal, 1 / s.density)  # exactly 1/density
    assert s.ideal[-1] == 1.0
    assert s.weight_bytes == D_IN * D_OUT * 4 == 128 * 2**20
    all_dense = [t for sample in samples for t in sample.dense]
    assert s.dense_all == statistics.median(all_dense)
    assert s.bandwidth == s.weight_bytes / statistics.median(all_dense)
    assert s.rows_faster == sum(1 for i in range(len(samples)) if s.rows[i] < s.columns[i])


def interpolated_crossing(density, speedup):
    """Brute force: scan each grid interval for a fall through 1 and invert the line with np.interp."""
    for i in range(len(speedup) - 1):
        if speedup[i] >= 1 > speedup[i + 1]:
            return float(np.interp(1.0, [speedup[i + 1], speedup[i]], [density[i + 1], density[i]]))
    return None


def test_break_even_is_the_interpolated_crossing_of_the_synthetic_timings():
    s = speed.summarize(synthetic(), D_IN, D_OUT)
    rows = s.break_even_rows
    assert rows.kind == "crossed" and rows.crossings == 1
    assert rows.density == pytest.approx(interpolated_crossing(s.density, ROWS_SPEEDUP), rel=1e-12)
    # by hand: between 20% (1638/8192, speed-up 1.25) and 30% (2458/8192, 0.8): 0.25 / 0.45 of the way
    assert rows.density == pytest.approx((1638 + 0.25 / 0.45 * 820) / 8192, rel=1e-12)
    columns = s.break_even_columns
    assert columns.kind == "crossed"
    assert columns.density == pytest.approx((82 + 0.5 / 0.6 * 82) / 8192, rel=1e-12)


@pytest.mark.parametrize(
    ("speedup", "kind", "density", "crossings"),
    [
        ((4.0, 2.0, 0.5), "crossed", 0.2 + 1 / 1.5 * 0.1, 1),
        ((3.0, 1.0, 0.5), "crossed", 0.2, 1),  # exactly 1 on a grid point
        ((0.9, 0.5, 0.1), "never", None, 0),
        ((0.9, 1.5, 0.5), "never", None, 2),
        ((5.0, 2.0, 1.0), "always", None, 0),
        ((2.0, 0.5, 1.5), "crossed", 0.1 + 1 / 1.5 * 0.1, 2),  # noisy: the first crossing, counted
    ],
)
def test_break_even_on_hand_made_curves(speedup, kind, density, crossings):
    even = speed.break_even(np.array([0.1, 0.2, 0.3]), np.array(speedup))
    assert even.kind == kind
    assert even.crossings == crossings
    if density is None:
        assert even.density is None
    else:
        assert even.density == pytest.approx(density, rel=1e-12)
        assert even.density == pytest.approx(interpolated_crossing([0.1, 0.2, 0.3], speedup), rel=1e-12)


# --- bounds -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d_in", "d_out", "message"),
    [(128, 256, "d_in: 128 is not one of"), (16384, 256, "d_in"), (256, 300, "d_out: 300 is not one of")],
)
def test_the_engine_rejects_out_of_range_sizes(d_in, d_out, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        speed.workspace(d_in, d_out, 0, speed.CacheInfo(2**20, 3, 64))
    with pytest.raises(ValueError, match=re.escape(message)):
        speed.measure({"d_in": d_in, "d_out": d_out, "repeats": 3, "seed": 0})


@pytest.mark.parametrize("repeats", [0, 2, 51, 3.5])
def test_the_engine_rejects_out_of_range_repeats(repeats):
    ws = speed.workspace(256, 256, 0, speed.CacheInfo(2**20, 3, 64))
    with pytest.raises(ValueError, match="repeats"):
        speed.measure_density(ws, 0, repeats, 0)
    with pytest.raises(ValueError, match="repeats"):
        speed.check({"repeats": repeats})


def test_declared_ranges_and_defaults():
    assert speed.DEMO.resolve({})[1] == []
    by_name = {p.name: p for p in speed.PARAMS}
    assert (by_name["d_in"].min, by_name["d_in"].max) == (256, 8192)
    assert (by_name["d_out"].min, by_name["d_out"].max) == (256, 8192)
    assert (by_name["repeats"].min, by_name["repeats"].max) == (3, 50)
    for p in speed.PARAMS:
        assert p.coerce(p.default) == p.default
    # the default weights are 4x a 32 MiB last-level cache; the largest are 256 MiB
    assert speed.weight_bytes(DEFAULTS["d_in"], DEFAULTS["d_out"]) == 4 * 32 * 2**20
    assert speed.weight_bytes(8192, 8192) == 256 * 2**20


# --- the machine's caches -----------------------------------------------------------------------


def fake_sysfs(root, entries):
    for i, (level, kind, size, line) in enumerate(entries):
        d = root / f"index{i}"
        d.mkdir(parents=True)
        (d / "level").write_text(f"{level}\n")
        (d / "type").write_text(f"{kind}\n")
        (d / "size").write_text(f"{size}\n")
        if line is not None:
            (d / "coherency_line_size").write_text(f"{line}\n")


def test_cache_info_reads_the_highest_data_or_unified_level(tmp_path):
    fake_sysfs(
        tmp_path,
        [
            (1, "Data", "32K", 64),
            (1, "Instruction", "32K", 64),
            (2, "Unified", "1024K", 64),
            (3, "Unified", "32768K", 64),
        ],
    )
    assert speed.cache_info(tmp_path) == speed.CacheInfo(32 * 2**20, 3, 64)


def test_cache_info_ignores_instruction_caches_and_copes_with_nothing(tmp_path):
    fake_sysfs(tmp_path / "a", [(2, "Unified", "2M", None), (4, "Instruction", "64M", 64)])
    assert speed.cache_info(tmp_path / "a") == speed.CacheInfo(2 * 2**20, 2, None)
    assert speed.cache_info(tmp_path / "missing") == speed.CacheInfo(None, None, None)


@pytest.mark.parametrize(("text", "nbytes"), [("32768K", 32 * 2**20), ("1M", 2**20), ("512", 512), ("2G", 2**31)])
def test_parse_size(text, nbytes):
    assert speed.parse_size(text) == nbytes


def test_flush_buffer_is_twice_the_llc_within_bounds():
    assert speed.flush_bytes(speed.CacheInfo(32 * 2**20, 3, 64)) == 64 * 2**20
    assert speed.flush_bytes(speed.CacheInfo(None, None, None)) == speed.FLUSH_FALLBACK_BYTES
    assert speed.flush_bytes(speed.CacheInfo(2**30, 3, 64)) == speed.FLUSH_MAX_BYTES
    assert speed.llc_ratio(8192, 4096, speed.CacheInfo(32 * 2**20, 3, 64)) == 4.0
    assert speed.llc_ratio(8192, 4096, speed.CacheInfo(None, None, None)) is None
    assert speed.min_weight_bytes(speed.CacheInfo(32 * 2**20, 3, 64)) == 128 * 2**20


# --- measuring (shape only, never speed) --------------------------------------------------------


def test_measure_times_every_density_and_reports_progress():
    calls = []
    samples = speed.measure({"d_in": 256, "d_out": 256, "repeats": 3, "seed": 0}, lambda *a: calls.append(a))
    assert calls == [(i, len(speed.DENSITIES)) for i in range(1, len(speed.DENSITIES) + 1)]
    assert [s.density for s in samples] == list(speed.DENSITIES)
    for s in samples:
        assert s.active == speed.active_count(s.density, 256)
        for times in (s.dense, s.columns, s.rows):
            assert len(times) == 3
            assert all(t > 0 for t in times)


# --- text, labels and figures -------------------------------------------------------------------


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_text_and_labels_have_the_same_keys_and_placeholders_in_both_languages():
    assert speed.TEXT["en"].keys() == speed.TEXT["zh"].keys()
    assert speed.LABELS["en"].keys() == speed.LABELS["zh"].keys()
    for table in (speed.TEXT, speed.LABELS):
        for key in table["en"]:
            assert placeholders(table["en"][key]) == placeholders(table["zh"][key]), key


def test_chinese_text_uses_full_width_punctuation():
    assert ascii_punctuation({**speed.TEXT["zh"], **speed.LABELS["zh"]}, anywhere=True) == []


def test_llm_text_cites_only_the_given_figures():
    for lang in ("en", "zh"):
        text = speed.TEXT[lang]["llm"]
        for fact in ("Deja Vu", "ICML 2023", "OPT-175B", "PowerInfer", "SOSP 2024", "2312.12456", "11.69", "4090"):
            assert fact in text
        numbers = set(re.findall(r"\d+(?:\.\d+)?", text))
        assert numbers <= {"1", "2", "2023", "175", "2024", "2312.12456", "11.69", "4090"}, numbers


def lines_by_label(fig):
    return {line.get_label(): line for line in fig.axes[0].get_lines()}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("dark", [False, True])
def test_speedup_figure_shows_ideal_measured_and_break_even(lang, dark):
    labels = speed.LABELS[lang]
    s = speed.summarize(synthetic(), D_IN, D_OUT)
    fig = speed.speedup_figure(s, labels, dark)
    ax = fig.axes[0]
    assert ax.get_xlabel() == labels["density"]
    assert ax.get_ylabel() == labels["speedup"]
    lines = lines_by_label(fig)
    ideal = lines[labels["ideal"]]
    assert np.array_equal(ideal.get_ydata(), 1 / ideal.get_xdata())
    assert ideal.get_xdata()[0] == s.density[0] and ideal.get_xdata()[-1] == 1.0
    assert np.array_equal(lines[labels["rows"]].get_ydata(), s.speedup_rows)
    assert np.array_equal(lines[labels["columns"]].get_ydata(), s.speedup_columns)
    assert np.array_equal(lines[labels["rows"]].get_xdata(), s.density)
    for even in (s.break_even_rows, s.break_even_columns):
        marker = lines[labels["break_even"].format(density=speed.percent(even.density))]
        assert list(marker.get_xdata()) == [even.density]
        assert list(marker.get_ydata()) == [1.0]


def test_speedup_figure_has_no_break_even_marker_when_there_is_no_crossing():
    s = speed.summarize(synthetic(rows=(9.0,) * 9, columns=(0.5,) * 9), D_IN, D_OUT)
    assert (s.break_even_rows.kind, s.break_even_columns.kind) == ("always", "never")
    lines = lines_by_label(speed.speedup_figure(s, speed.LABELS["en"], False))
    assert not [label for label in lines if label.startswith("break-even")]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("dark", [False, True])
def test_time_figure_shows_medians_in_milliseconds(lang, dark):
    labels = speed.LABELS[lang]
    s = speed.summarize(synthetic(), D_IN, D_OUT)
    fig = speed.time_figure(s, labels, dark)
    assert fig.axes[0].get_xlabel() == labels["density"]
    assert fig.axes[0].get_ylabel() == labels["time"]
    lines = lines_by_label(fig)
    for name in ("dense", "columns", "rows"):
        np.testing.assert_allclose(lines[labels[name]].get_ydata(), 1e3 * getattr(s, name), rtol=1e-15)


@pytest.mark.parametrize(("value", "text"), [(0.01, "1%"), (0.2362, "23.6%"), (1.0, "100%"), (3 / 256, "1.2%")])
def test_percent(value, text):
    assert speed.percent(value) == text


# --- the page -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_shows_the_numbers_of_the_timings_it_measured(tmp_path, monkeypatch, lang):
    import ui.speed_view as view

    calls = []

    def fake_measure(ws, index, repeats, seed):
        calls.append((ws.w.shape, index, repeats, seed))
        return synthetic(d_in=256)[index]

    monkeypatch.setattr(speed, "measure_density", fake_measure)
    view._sample.clear()
    view._pngs.clear()
    at = open_demo("speed", lang=lang, d_in="256", d_out="512")

    text = speed.TEXT[lang]
    density = np.array([speed.active_count(d, 256) / 256 for d in speed.DENSITIES])
    rows_even = interpolated_crossing(density, ROWS_SPEEDUP)
    columns_even = interpolated_crossing(density, COLUMNS_SPEEDUP)
    metrics = {m.label: m for m in at.metric}
    assert metrics[text["break_even_rows"]].value == speed.percent(rows_even)
    assert metrics[text["break_even_columns"]].value == speed.percent(columns_even)
    low = metrics[text["speedup_low"].format(density="1.2%")]
    assert low.value == "20.0×"
    assert "85.3×" in low.help  # 256 / 3
    dense = metrics[text["dense_time"]]
    assert dense.value == "10.00 ms"
    assert "0.0524" in dense.help  # 256 · 512 · 4 bytes / 10 ms = 0.0524 GB/s
    llc = speed.cache_info()
    size = "0.5 MiB"
    if llc.llc_bytes is None:
        assert [c.value for c in at.caption] == [text["size_unknown"].format(size=size)]
    elif 4 * llc.llc_bytes > 2**19:
        expected = text["size_small"].format(
            size=size,
            ratio=2**19 / llc.llc_bytes,
            level=llc.level,
            llc=speed.mib(llc.llc_bytes),
            need=speed.mib(4 * llc.llc_bytes),
        )
        assert [w.value for w in at.warning] == [expected]
    table = at.table[0].value
    assert list(table[text["col_speedup_rows"]]) == [f"{s:.2f}×" for s in ROWS_SPEEDUP]
    assert list(table[text["col_ideal"]]) == [f"{1 / d:.2f}×" for d in density]
    assert len(at.main.get("image")) == 2
    assert at.query_params["d_in"] == "256"
    assert at.query_params["d_out"] == "512"

    # one measurement per density, cached by the parameters; "measure again" discards them
    assert calls == [((512, 256), i, 3, 0) for i in range(len(speed.DENSITIES))]
    at.run()
    assert len(calls) == len(speed.DENSITIES)
    at.button[0].click().run()
    assert not at.exception
    assert len(calls) == 2 * len(speed.DENSITIES)
