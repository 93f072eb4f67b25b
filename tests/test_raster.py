"""Composited threshold plots: the pixels a slider move changes, and only those."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from engine import raster
from engine.demos import threshold
from engine.plotstyle import new_axes

DPI = 80


@pytest.fixture(scope="module")
def layers():
    values, _ = threshold.DEMO.resolve({"n": 10_000})
    prepared = threshold.prepare(values)
    return prepared, threshold.frames(prepared, threshold.LABELS["en"], dark=False, dpi=DPI)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def rgba(f: threshold.Frames, layer: raster.Raster) -> np.ndarray:
    """A layer's colours."""
    return f.colours.rgba[layer.pixels]


def test_shared_colour_table_keeps_the_drawing_colours_and_stays_close_to_the_drawn_pixels():
    figures = []
    for colour in ("#1f77b4", "#d62728"):
        fig, ax = new_axes(dark=False)
        ax.fill_between([0, 1, 2], [0, 1, 0.5], color=colour)
        ax.plot([0, 2], [1, 0], color="#2ca02c", linewidth=1.3)
        figures.append(raster.render(fig, DPI))
    table, layers = raster.indexed(figures, exact=("#ff7f0e", "#7f7f7f"))
    assert len(table.rgba) <= 256
    assert (table.rgba[table.index("#ff7f0e")] == raster.rgba_of("#ff7f0e")).all()
    assert (table.rgba[table.index("#7f7f7f")] == raster.rgba_of("#7f7f7f")).all()
    for drawn, layer in zip(figures, layers, strict=True):
        error = np.abs(table.rgba[layer.pixels].astype(int) - drawn.pixels.astype(int))
        assert error.mean() < 1.0  # anti-aliased edges move by a few levels, flat areas not at all
        assert (error.max(axis=-1) == 0).mean() > 0.95
        assert layer.box == drawn.box


def test_raster_mapping_agrees_with_matplotlib_transform():
    fig, ax = new_axes(dark=False)
    ax.plot([0, 10], [0, 1])
    ax.set_xlim(-2, 12)
    ax.set_ylim(-0.5, 1.5)
    drawn = raster.render(fig, DPI)
    for x, y in [(-2, -0.5), (3.3, 0.25), (12, 1.5)]:
        px, py = ax.transData.transform((x, y))
        assert drawn.column(x) == pytest.approx(px, abs=0.01)
        assert drawn.row(y) == pytest.approx(drawn.pixels.shape[0] - py, abs=0.01)


def test_left_of_the_threshold_comes_from_the_zeroed_layer_and_right_from_the_kept(layers):
    _, f = layers
    t = 0.3
    image = pixels(threshold.input_png(f, t))
    left, top, right, bottom = f.kept.box
    split = round(f.kept.column(t))
    line = range(split - 3, split + 4)
    rows = slice(int(top), int(bottom) + 1)
    before = [c for c in range(int(left), split - 3)]
    after = [c for c in range(split + 4, int(right))]
    np.testing.assert_array_equal(image[rows, before], rgba(f, f.zeroed)[rows, before])
    np.testing.assert_array_equal(image[rows, after], rgba(f, f.kept)[rows, after])
    outside = np.ones(image.shape[:2], bool)
    outside[rows, int(left) : int(right) + 1] = False
    np.testing.assert_array_equal(image[outside], rgba(f, f.kept)[outside])  # labels, ticks, legend untouched
    accent = f.colours.rgba[f.accent]
    assert any((image[rows, c] == accent).all(axis=-1).any() for c in line)


def test_a_threshold_beyond_the_data_shows_one_layer_without_a_line(layers):
    _, f = layers
    np.testing.assert_array_equal(pixels(threshold.input_png(f, 1e9)), rgba(f, f.zeroed))
    np.testing.assert_array_equal(pixels(threshold.input_png(f, -1e9)), rgba(f, f.kept))


def test_the_current_point_is_drawn_where_the_curve_says(layers):
    prepared, f = layers
    point = threshold.measure(prepared, 0.5)
    image = pixels(threshold.curve_png(f, point))
    column, row = round(f.curve.column(point.threshold)), round(f.curve.row(point.sparsity))
    assert (image[row, column] == f.colours.rgba[f.accent]).all()
    changed = np.argwhere((image != rgba(f, f.curve)).any(axis=-1))
    radius = threshold.MARKER_PT / 2 * DPI / 72
    assert np.abs(changed - [row, column]).max() <= radius + 2


def test_frames_match_the_figure_builders_labels(layers):
    prepared, _ = layers
    fig = threshold.input_figure(prepared, 0.5, threshold.LABELS["zh"], dark=True)
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == [
        threshold.LABELS["zh"][k] for k in ("zeroed", "kept", "pdf")
    ]


def test_output_plot_moves_the_zeroed_mass_into_a_spike_at_zero(layers):
    prepared, f = layers
    point = threshold.measure(prepared, 0.8)
    image = pixels(threshold.output_png(f, point))
    left, top, right, bottom = f.output.box
    rows = slice(int(top), int(bottom) + 1)
    split = round(f.output.column(0.8))
    zero = round(f.output.column(0.0))
    away_from_spike = [c for c in range(int(left), split) if abs(c - zero) > 6]
    np.testing.assert_array_equal(image[rows, away_from_spike], rgba(f, f.output_empty)[rows, away_from_spike])
    np.testing.assert_array_equal(image[rows, split + 1 : int(right)], rgba(f, f.output)[rows, split + 1 : int(right)])
    muted = f.colours.rgba[f.muted]
    column = image[:, zero]
    spike_rows = np.flatnonzero((column == muted).all(axis=-1))
    spike_top = top + (1.02 - point.sparsity) / 1.02 * (bottom - top)
    assert abs(spike_rows.min() - spike_top) <= 1  # height reads as the share of zeros on the right axis


def test_output_figure_spike_height_is_the_sparsity(layers):
    prepared, _ = layers
    point = threshold.measure(prepared, -0.3)
    fig = threshold.output_figure(prepared, point, threshold.LABELS["en"], dark=False)
    share_axis = fig.axes[1]
    assert share_axis.patches[0].get_height() == pytest.approx(point.sparsity)
