"""The sparse convolution demo: every count against a naive nested loop or a closed form."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine.demos import sparse_conv as sc
from tests.pages import open_demo

ROOT = Path(__file__).resolve().parent.parent


def values(**overrides):
    resolved, problems = sc.DEMO.resolve(overrides)
    assert problems == []
    return resolved


def naive_layer(mask: list[list[bool]], c_in: int, c_out: int) -> tuple[int, int, int, list[list[bool]]]:
    """Dense, ordinary sparse and submanifold multiply-adds of one 3x3 layer, and the ordinary outputs."""
    h, w = len(mask), len(mask[0])
    dense = sparse = sub = 0
    out = [[False] * w for _ in range(h)]
    for oy in range(h):
        for ox in range(w):
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    dense += c_in * c_out  # every tap, padding included
                    iy, ix = oy + dy, ox + dx
                    if 0 <= iy < h and 0 <= ix < w and mask[iy][ix]:
                        sparse += c_in * c_out
                        out[oy][ox] = True
                        if mask[oy][ox]:
                            sub += c_in * c_out
    return dense, sparse, sub, out


def random_mask(size: int, density: float, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).random((size, size)) < density


def test_params_are_bounded_and_defaults_are_valid():
    for param in sc.PARAMS:
        assert param.coerce(param.default) == param.default
    by_name = {p.name: p for p in sc.PARAMS}
    assert (by_name["size"].min, by_name["size"].max, by_name["size"].default) == (8, 128, 64)
    assert (by_name["density"].min, by_name["density"].max) == (0.1, 20.0)
    assert (by_name["c_in"].min, by_name["c_in"].max, by_name["c_out"].min, by_name["c_out"].max) == (1, 128, 1, 128)
    assert (by_name["layers"].min, by_name["layers"].max) == (1, 8)
    assert by_name["pattern"].choices == ("line", "points")
    assert sc.DEMO.resolve({"size": 129})[1] == ["size: 129 is outside [8, 128]"]
    assert sc.DEMO.resolve({"layers": 0})[1] == ["layers: 0 is outside [1, 8]"]


@pytest.mark.parametrize(
    ("size", "density", "seed"), [(8, 0.2, 0), (9, 0.05, 1), (12, 0.3, 2), (10, 0.0, 3), (8, 1.0, 4)]
)
@pytest.mark.parametrize(("c_in", "c_out"), [(1, 1), (3, 5), (128, 7)])
def test_every_mac_count_matches_a_naive_loop_layer_by_layer(size, density, seed, c_in, c_out):
    mask = random_mask(size, density, seed)
    result = sc.run(mask, 4, c_in, c_out)
    current = mask.tolist()
    for layer in range(4):
        ci = c_in if layer == 0 else c_out
        dense, sparse, _, out = naive_layer(current, ci, c_out)
        _, _, sub, _ = naive_layer(mask.tolist(), ci, c_out)  # submanifold: always the input's set
        assert result.dense[layer] == dense
        assert result.sparse[layer] == sparse
        assert result.submanifold[layer] == sub
        assert result.grids[layer + 1].tolist() == out
        assert result.active[layer + 1] == sum(map(sum, out))
        current = out
    assert result.sub_active == int(mask.sum())


def test_counts_are_the_work_a_real_scatter_convolution_does():
    """Run the convolutions for real on tiny channels: outputs match the dense result, MACs match the counts."""
    rng = np.random.default_rng(7)
    size, c_in, c_out = 8, 2, 3
    mask = random_mask(size, 0.15, 7)
    x = rng.standard_normal((size, size, c_in)) * mask[..., None]
    kernel = rng.standard_normal((3, 3, c_in, c_out))
    padded = np.pad(x, ((1, 1), (1, 1), (0, 0)))
    dense = np.zeros((size, size, c_out))
    for oy in range(size):
        for ox in range(size):
            dense[oy, ox] = np.einsum("abi,abio->o", padded[oy : oy + 3, ox : ox + 3], kernel)
    ordinary, submanifold = np.zeros_like(dense), np.zeros_like(dense)
    ordinary_set = np.zeros((size, size), dtype=bool)
    macs_ordinary = macs_sub = 0
    for iy, ix in zip(*np.nonzero(mask), strict=True):
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                oy, ox = iy - dy, ix - dx  # output (oy, ox) sees input (iy, ix) through tap (dy, dx)
                if not (0 <= oy < size and 0 <= ox < size):
                    continue
                contribution = x[iy, ix] @ kernel[dy + 1, dx + 1]
                ordinary[oy, ox] += contribution
                ordinary_set[oy, ox] = True
                macs_ordinary += c_in * c_out
                if mask[oy, ox]:
                    submanifold[oy, ox] += contribution
                    macs_sub += c_in * c_out
    np.testing.assert_allclose(ordinary, dense, atol=1e-12)
    np.testing.assert_allclose(submanifold[mask], dense[mask], atol=1e-12)
    result = sc.run(mask, 1, c_in, c_out)
    assert (result.sparse[0], result.submanifold[0]) == (macs_ordinary, macs_sub)
    np.testing.assert_array_equal(result.grids[1], ordinary_set)


def test_a_single_site_dilates_to_nine_then_twenty_five():
    mask = np.zeros((16, 16), dtype=bool)
    mask[8, 7] = True
    result = sc.run(mask, 3, 4, 5)
    assert result.active.tolist() == [1, 9, 25, 49]
    assert result.sparse_pairs.tolist() == [9, 81, 225]
    assert result.submanifold_pairs.tolist() == [1, 1, 1]
    assert result.sub_active == 1
    for layer in range(4):
        rows, cols = np.nonzero(result.grids[layer])
        assert (rows.min(), rows.max(), cols.min(), cols.max()) == (8 - layer, 8 + layer, 7 - layer, 7 + layer)


def test_borders_clip_the_dilation_and_the_pairs():
    mask = np.zeros((8, 8), dtype=bool)
    mask[0, 0] = True
    result = sc.run(mask, 2, 1, 1)
    assert result.active.tolist() == [1, 4, 9]
    assert result.sparse_pairs.tolist() == [4, 4 + 6 + 6 + 9]
    mask[0, 1] = True
    assert sc.submanifold_pairs(mask) == 4
    assert sc.sparse_pairs(mask) == 4 + 6


def test_a_full_grid_costs_as_much_as_dense_except_the_padding():
    for size in (8, 13):
        full = np.ones((size, size), dtype=bool)
        result = sc.run(full, 2, 3, 4)
        padding_taps = 9 * size * size - (3 * size - 2) ** 2
        assert result.sparse_pairs.tolist() == [9 * size * size - padding_taps] * 2
        assert result.submanifold_pairs.tolist() == result.sparse_pairs.tolist()
        assert result.active.tolist() == [size * size] * 3


@pytest.mark.parametrize("pattern", ["line", "points"])
def test_submanifold_keeps_the_active_set_identical(pattern):
    v = values(pattern=pattern, density=3.0, size=24, layers=8, seed=5)
    mask = sc.active_sites(v)
    result = sc.compute(v)
    current = mask.tolist()
    for _ in range(8):
        # a submanifold layer writes an output only at an active input site (which always sees itself)
        current = [
            [
                current[y][x]
                and any(
                    current[y + dy][x + dx]
                    for dy in (-1, 0, 1)
                    for dx in (-1, 0, 1)
                    if 0 <= y + dy < 24 and 0 <= x + dx < 24
                )
                for x in range(24)
            ]
            for y in range(24)
        ]
        assert current == mask.tolist()
    bottom = sc.grids_figure(result, sc.LABELS["en"], False).axes[9:]
    assert [ax.get_xlabel() for ax in bottom] == [f"{mask.sum():,}"] * 9
    assert result.sub_active == int(mask.sum())
    assert len(set(result.submanifold_pairs.tolist())) == 1
    assert result.submanifold_pairs[0] == sc.submanifold_pairs(mask)
    assert np.all(np.diff(result.active) >= 0)
    assert result.active[-1] > result.active[0]


@pytest.mark.parametrize(("size", "c_in", "c_out", "layers"), [(8, 1, 1, 1), (64, 16, 32, 4), (128, 128, 128, 8)])
def test_dense_count_is_h_w_nine_c_in_c_out(size, c_in, c_out, layers):
    result = sc.compute(values(size=size, c_in=c_in, c_out=c_out, layers=layers))
    assert sc.dense_macs(size, c_in, c_out) == size * size * 9 * c_in * c_out
    assert result.dense[0] == size * size * 9 * c_in * c_out
    assert result.dense[1:].tolist() == [size * size * 9 * c_out * c_out] * (layers - 1)
    assert int(result.dense.sum()) == size * size * 9 * (c_in * c_out + (layers - 1) * c_out * c_out)
    assert result.channels.tolist() == [c_in * c_out] + [c_out * c_out] * (layers - 1)
    assert np.all(result.sparse <= result.dense)
    assert np.all(result.submanifold <= result.sparse)


@pytest.mark.parametrize(("size", "density"), [(8, 0.1), (8, 20.0), (64, 2.0), (100, 0.1), (128, 7.3)])
def test_points_are_distinct_and_their_number_is_exact(size, density):
    mask = sc.active_sites(values(pattern="points", size=size, density=density, seed=3))
    assert mask.shape == (size, size)
    assert mask.sum() == max(1, round(density / 100 * size * size))
    np.testing.assert_array_equal(mask, sc.active_sites(values(pattern="points", size=size, density=density, seed=3)))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("size", [8, 37, 128])
def test_the_line_is_one_8_connected_curve_across_the_grid(seed, size):
    mask = sc.active_sites(values(size=size, seed=seed))
    cells = set(zip(*np.nonzero(mask), strict=True))
    start = next(iter(cells))
    seen, todo = {start}, [start]
    while todo:
        y, x = todo.pop()
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                if (y + dy, x + dx) in cells and (y + dy, x + dx) not in seen:
                    seen.add((y + dy, x + dx))
                    todo.append((y + dy, x + dx))
    assert seen == cells
    cols = [x for _, x in cells]
    assert min(cols) <= 0.2 * (size - 1) + 0.5
    assert max(cols) >= 0.8 * (size - 1) - 0.5


def test_window_sum_matches_a_loop():
    mask = random_mask(11, 0.3, 9)
    expected = [
        [
            sum(mask[y + dy, x + dx] for dy in (-1, 0, 1) for dx in (-1, 0, 1) if 0 <= y + dy < 11 and 0 <= x + dx < 11)
            for x in range(11)
        ]
        for y in range(11)
    ]
    assert sc.window_sum(mask).tolist() == expected


def test_figures_in_both_languages_and_themes():
    assert sc.LABELS["en"].keys() == sc.LABELS["zh"].keys()
    assert sc.TEXT["en"].keys() == sc.TEXT["zh"].keys()
    result = sc.compute(values(size=16, layers=3))
    for lang in ("en", "zh"):
        labels = sc.LABELS[lang]
        for dark in (False, True):
            fig = sc.grids_figure(result, labels, dark)
            assert len(fig.axes) == 2 * 4
            assert [ax.get_title() for ax in fig.axes[:4]] == [labels["input"]] + [
                labels["layer"].format(n=n) for n in (1, 2, 3)
            ]
            assert fig.axes[4].get_xlabel() == f"{result.sub_active:,}"
            assert fig.axes[3].get_xlabel() == f"{result.active[3]:,}"
            assert sc.sites_figure(result, labels, dark).axes[0].get_ylabel() == labels["sites"]
            ax = sc.macs_figure(result, labels, dark).axes[0]
            assert ax.get_yscale() == "log"
            assert ax.get_lines()[1].get_ydata().tolist() == result.sparse.tolist()


def page(tmp_path, lang: str = "en", **query: str) -> AppTest:
    return open_demo("sparse_conv", lang=lang, **query)


@pytest.mark.parametrize(("lang", "query"), [("en", {}), ("zh", {"pattern": "points", "density": "5", "layers": "2"})])
def test_page_metrics_match_the_engine(tmp_path, lang, query):
    at = page(tmp_path, lang=lang, **query)
    result = sc.compute(values(**query))
    text = sc.TEXT[lang]
    got = [(m.label, m.value) for m in at.metric]
    assert got == [
        (text["active_in"], f"{result.sub_active:,} / {result.size**2:,}"),
        (text["dense"], f"{result.dense[0]:,}"),
        (text["sparse"], f"{result.sparse[0]:,}"),
        (text["submanifold"], f"{result.submanifold[0]:,}"),
        (text["active_out"].format(n=result.layers), f"{result.active[-1]:,}"),
        (text["dense"], f"{result.dense.sum():,}"),
        (text["sparse"], f"{result.sparse.sum():,}"),
        (text["submanifold"], f"{result.submanifold.sum():,}"),
    ]
    assert at.metric[2].proto.delta == text["ratio"].format(value=result.sparse[0] / result.dense[0])
