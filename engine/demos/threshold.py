"""Seed Q6's demo: a thresholded activation on random inputs, and its sparsity."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from engine import raster
from engine.demos.demo import Demo
from engine.distributions import Distribution, Empirical
from engine.params import SAMPLES, SEED, Param
from engine.plotstyle import legend_line, legend_patch, new_axes, palette, style_legend
from engine.raster import Raster
from engine.sparsity import SortedSample

if TYPE_CHECKING:
    from matplotlib.figure import Figure

THRESHOLD_RANGE = (-5.0, 5.0)
CURVE_POINTS = 501
HIST_BINS = 80
MARKER_PT = 8

NORMAL, UNIFORM, LAPLACE = ({"dist": (name,)} for name in ("normal", "uniform", "laplace"))
NORMAL_OR_LAPLACE = {"dist": ("normal", "laplace")}

PARAMS = (
    Param(
        "dist",
        "choice",
        "normal",
        {"en": "Input distribution", "zh": "输入分布"},
        choices=("normal", "uniform", "laplace", "mlp"),
    ),
    Param(
        "threshold",
        "float",
        0.5,
        {"en": "Threshold t", "zh": "阈值 t"},
        min=THRESHOLD_RANGE[0],
        max=THRESHOLD_RANGE[1],
        step=0.01,
    ),
    Param(
        "mu", "float", 0.0, {"en": "Mean μ", "zh": "均值 μ"}, -3.0, 3.0, 0.1, shown_for={"dist": ("normal", "laplace")}
    ),
    Param(
        "sigma", "float", 1.0, {"en": "Std. dev. σ", "zh": "标准差 σ"}, 0.1, 3.0, 0.1, shown_for={"dist": ("normal",)}
    ),
    Param("b", "float", 1.0, {"en": "Scale b", "zh": "尺度 b"}, 0.1, 3.0, 0.1, shown_for={"dist": ("laplace",)}),
    Param(
        "low", "float", -1.0, {"en": "Lower bound a", "zh": "下界 a"}, -5.0, 5.0, 0.1, shown_for={"dist": ("uniform",)}
    ),
    Param(
        "high", "float", 1.0, {"en": "Upper bound b", "zh": "上界 b"}, -5.0, 5.0, 0.1, shown_for={"dist": ("uniform",)}
    ),
    SAMPLES,
    SEED,
)


def _uniform_bounds(values: Mapping[str, Any]) -> list[str]:
    if values["dist"] == "uniform" and not values["low"] < values["high"]:
        return [f"low ({values['low']:g}) must be below high ({values['high']:g})"]
    return []


def distribution(values: Mapping[str, Any]) -> Distribution | Empirical:
    """The input distribution the values describe."""
    if values["dist"] == "mlp":
        return Empirical("mlp", mlp_preactivations())
    return Distribution(
        values["dist"], mu=values["mu"], sigma=values["sigma"], low=values["low"], high=values["high"], b=values["b"]
    )


@functools.cache
def mlp_preactivations() -> np.ndarray:
    """Real pre-activations: the first hidden layer of the training demo's default ReLU network
    (trained without a penalty) on its held-out points, sorted."""
    from engine.demos import training

    values = {**training.check({}), "l1": 0.0, "activation": "relu"}
    data = training.make_data(values)
    trained = training.train(values, data)
    z = data.x_test @ trained.net.weights[0] + trained.net.biases[0]
    return np.sort(z.ravel())


@dataclass(frozen=True)
class Prepared:
    """What does not depend on the threshold: computed once per input.

    Attributes:
        dist: the input distribution.
        sample: the drawn inputs, sorted.
        edges, counts: the input histogram.
        grid: thresholds for the sparsity curve.
        measured: the sample's sparsity at each grid threshold.
        exact: the closed form P(x <= t) at each grid threshold.
    """

    dist: Distribution
    sample: SortedSample
    edges: np.ndarray
    counts: np.ndarray
    grid: np.ndarray
    measured: np.ndarray
    exact: np.ndarray


@dataclass(frozen=True)
class Point:
    """The numbers at one threshold.

    Attributes:
        threshold: t.
        sparsity: the measured fraction of exact zeros after the activation.
        exact: the closed-form fraction, P(x <= t).
        zeros: how many outputs are exactly zero.
        n: how many inputs.
    """

    threshold: float
    sparsity: float
    exact: float
    zeros: int
    n: int


def prepare(values: Mapping[str, Any]) -> Prepared:
    """Draw the inputs, sort them and build the histogram and the curves."""
    values = DEMO.check(values)
    dist = distribution(values)
    sample = SortedSample(dist.sample(values["n"], values["seed"]))
    lo, hi = sample.values[0], sample.values[-1]
    edges = np.linspace(lo, hi, HIST_BINS + 1)
    counts = np.diff(np.searchsorted(sample.values, edges, side="right"))
    counts[0] += np.count_nonzero(sample.values == lo)
    grid = np.linspace(*THRESHOLD_RANGE, CURVE_POINTS)
    return Prepared(dist, sample, edges, counts, grid, sample.thresholded_sparsity(grid), np.asarray(dist.cdf(grid)))


def measure(prepared: Prepared, threshold: float) -> Point:
    """The sparsity at ``threshold``, measured on the sample and in closed form."""
    sparsity = prepared.sample.thresholded_sparsity(threshold)
    n = len(prepared.sample)
    return Point(threshold, sparsity, prepared.dist.cdf(threshold), round(sparsity * n), n)


LABELS = {
    "en": {
        "x": "pre-activation x",
        "density": "density",
        "zeroed": "set to 0 (x ≤ t)",
        "kept": "kept (x > t)",
        "pdf": "density (closed form)",
        "t": "threshold t",
        "sparsity": "sparsity (fraction of zeros)",
        "measured": "measured on the sample",
        "exact": "closed form P(x ≤ t)",
        "pool": "whole pool P(x ≤ t)",
        "now": "current t",
        "y": "output y",
        "share": "share of outputs that are exactly 0",
        "kept_out": "kept: y = x (x > t)",
        "spike": "exact zeros: y = 0",
    },
    "zh": {
        "x": "激活前的值 x",
        "density": "密度",
        "zeroed": "置为 0 (x ≤ t)",
        "kept": "保留 (x > t)",
        "pdf": "密度（解析式）",
        "t": "阈值 t",
        "sparsity": "稀疏度（零的比例）",
        "measured": "样本实测",
        "exact": "解析式 P(x ≤ t)",
        "pool": "整个样本池 P(x ≤ t)",
        "now": "当前 t",
        "y": "输出 y",
        "share": "精确为 0 的输出占比",
        "kept_out": "保留：y = x（x > t）",
        "spike": "精确的零：y = 0",
    },
}


def _input_axes(prepared: Prepared, labels: Mapping[str, str], dark: bool) -> tuple[Figure, Any, np.ndarray]:
    """The input plot without its fills: density curve, labels, legend. Returns the density too."""
    colours = palette(dark)
    fig, ax = new_axes(dark)
    edges = prepared.edges
    density = prepared.counts / (prepared.counts.sum() * np.diff(edges))
    top = density.max()
    if prepared.dist.has_pdf:
        xs = np.linspace(edges[0], edges[-1], 400)
        ax.plot(xs, prepared.dist.pdf(xs), color=colours.secondary, linewidth=1.5, zorder=3)
        top = max(top, prepared.dist.pdf(xs).max())
    ax.set_xlim(edges[0] - 0.02 * (edges[-1] - edges[0]), edges[-1] + 0.02 * (edges[-1] - edges[0]))
    ax.set_ylim(0, top * 1.08)
    ax.set_xlabel(labels["x"])
    ax.set_ylabel(labels["density"])
    handles = [legend_patch(colours.muted, labels["zeroed"]), legend_patch(colours.primary, labels["kept"])]
    if prepared.dist.has_pdf:
        handles.append(legend_line(colours.secondary, labels["pdf"], linewidth=1.5))
    style_legend(ax, dark, handles)
    return fig, ax, density


def input_figure(prepared: Prepared, threshold: float, labels: Mapping[str, str], dark: bool) -> Figure:
    """The input histogram, split at the threshold into the zeroed and the kept part."""
    colours = palette(dark)
    fig, ax, density = _input_axes(prepared, labels, dark)
    edges = prepared.edges
    cut = int(np.clip(np.searchsorted(edges, threshold), 1, len(edges) - 1))  # bin holding t
    t = float(np.clip(threshold, edges[0], edges[-1]))
    ax.stairs(density[:cut], np.append(edges[:cut], t), fill=True, color=colours.muted)
    ax.stairs(density[cut - 1 :], np.insert(edges[cut:], 0, t), fill=True, color=colours.primary)
    ax.axvline(threshold, color=colours.accent, linewidth=1.5, linestyle="--")
    return fig


def _curve_axes(prepared: Prepared, labels: Mapping[str, str], dark: bool) -> tuple[Figure, Any]:
    """The sparsity curves without the current point (its legend entry included)."""
    colours = palette(dark)
    fig, ax = new_axes(dark)
    ax.plot(prepared.grid, prepared.exact, color=colours.secondary, linewidth=3, alpha=0.6)
    ax.plot(prepared.grid, prepared.measured, color=colours.primary, linewidth=1.2)
    ax.set_xlim(THRESHOLD_RANGE[0] - 0.25, THRESHOLD_RANGE[1] + 0.25)
    ax.set_xlabel(labels["t"])
    ax.set_ylabel(labels["sparsity"])
    ax.set_ylim(-0.02, 1.02)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    handles = [
        legend_line(
            colours.secondary, labels["exact"] if prepared.dist.has_pdf else labels["pool"], linewidth=3, alpha=0.6
        ),
        legend_line(colours.primary, labels["measured"], linewidth=1.2),
        legend_line(colours.accent, labels["now"], marker="o", linestyle="", markersize=MARKER_PT),
    ]
    style_legend(ax, dark, handles)
    return fig, ax


def curve_figure(prepared: Prepared, point: Point, labels: Mapping[str, str], dark: bool) -> Figure:
    """The sparsity against the threshold: sample, closed form and the current point."""
    fig, ax = _curve_axes(prepared, labels, dark)
    ax.plot([point.threshold], [point.sparsity], "o", color=palette(dark).accent, markersize=MARKER_PT)
    return fig


def _output_axes(
    prepared: Prepared, labels: Mapping[str, str], dark: bool, bars: bool
) -> tuple[Figure, Any, Any, np.ndarray]:
    """The output plot's frame: the kept outputs' density (left axis, all bars if ``bars``)
    and a right axis for the share of exact zeros, drawn as a spike at y = 0."""
    colours = palette(dark)
    fig, ax, density = _input_axes(prepared, labels, dark)
    for line in list(ax.lines):  # no input density curve on the output plot
        line.remove()
    ax.get_legend().remove()
    if bars:
        ax.stairs(density, prepared.edges, fill=True, color=colours.primary)
    ax.set_xlabel(labels["y"])
    share = ax.twinx()
    share.set_ylim(0, 1.02)
    share.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    share.tick_params(colors=colours.text, labelsize=10)
    share.set_ylabel(labels["share"], color=colours.text)
    for side in ("top", "left", "bottom"):
        share.spines[side].set_visible(False)
    share.spines["right"].set_color(colours.text)
    handles = [
        legend_patch(colours.primary, labels["kept_out"]),
        legend_patch(colours.muted, labels["spike"]),
    ]
    style_legend(ax, dark, handles)
    return fig, ax, share, density


def output_figure(prepared: Prepared, point: Point, labels: Mapping[str, str], dark: bool) -> Figure:
    """The outputs: the kept inputs unchanged, and every zeroed one piled into a spike at 0."""
    colours = palette(dark)
    fig, ax, share, density = _output_axes(prepared, labels, dark, bars=False)
    edges = prepared.edges
    cut = int(np.clip(np.searchsorted(edges, point.threshold), 1, len(edges) - 1))
    t = float(np.clip(point.threshold, edges[0], edges[-1]))
    ax.stairs(density[cut - 1 :], np.insert(edges[cut:], 0, t), fill=True, color=colours.primary)
    width = (edges[-1] - edges[0]) / 100
    share.bar([0.0], [point.sparsity], width=width, color=colours.muted)
    return fig


@dataclass(frozen=True)
class Frames:
    """Both plots drawn once per input, language and theme; a threshold only composites.

    Attributes:
        zeroed: the input plot with every bar in the "set to 0" colour.
        kept: the same with every bar in the "kept" colour.
        curve: the sparsity plot without the current point.
        output: the output plot with every input kept (no spike).
        output_empty: the output plot's frame with no bars.
        colours: the table all five index into.
        muted: the entry of the spike's colour.
        accent: the entry of the threshold line's and the current point's colour.
        dpi: the resolution of all five.
    """

    zeroed: Raster
    kept: Raster
    curve: Raster
    output: Raster
    output_empty: Raster
    colours: raster.ColourTable
    muted: int
    accent: int
    dpi: int


def frames(prepared: Prepared, labels: Mapping[str, str], dark: bool, dpi: int) -> Frames:
    """Render the static layers of both plots."""
    colours = palette(dark)
    layers = []
    for colour in (colours.muted, colours.primary):
        fig, ax, density = _input_axes(prepared, labels, dark)
        ax.stairs(density, prepared.edges, fill=True, color=colour)
        layers.append(raster.render(fig, dpi))
    layers.append(raster.render(_curve_axes(prepared, labels, dark)[0], dpi))
    layers.extend(raster.render(_output_axes(prepared, labels, dark, bars)[0], dpi) for bars in (True, False))
    table, indexed = raster.indexed(layers, exact=(colours.muted, colours.accent))
    return Frames(*indexed, table, table.index(colours.muted), table.index(colours.accent), dpi)


def input_png(f: Frames, threshold: float) -> bytes:
    """The input plot at ``threshold``: zeroed colour left of t, kept colour right of it."""
    left, top, right, bottom = f.kept.box
    column = f.kept.column(threshold)
    split = round(float(np.clip(column, left, right)))
    pixels = f.kept.pixels.copy()
    rows = slice(int(top), int(bottom) + 1)
    pixels[rows, int(left) : split] = f.zeroed.pixels[rows, int(left) : split]
    if left <= column <= right:
        raster.vline(pixels, column, top, bottom, f.accent, width=1.5 * f.dpi / 72, dash=4 * f.dpi / 72)
    return f.colours.png(pixels)


def output_png(f: Frames, point: Point) -> bytes:
    """The output plot at ``point``: kept outputs right of t, and a spike at 0 as tall as
    the share of exact zeros (read on the right axis, 0 to 1.02)."""
    left, top, right, bottom = f.output.box
    split = round(float(np.clip(f.output.column(point.threshold), left, right)))
    pixels = f.output.pixels.copy()
    rows = slice(int(top), int(bottom) + 1)
    pixels[rows, int(left) : split] = f.output_empty.pixels[rows, int(left) : split]
    spike_top = top + (1.02 - point.sparsity) / 1.02 * (bottom - top)
    half = 3 * f.dpi / 72
    zero = f.output.column(0.0)
    columns = slice(max(round(zero - half), int(left)), min(round(zero + half), int(right)))
    pixels[round(spike_top) : int(bottom), columns] = f.muted
    return f.colours.png(pixels)


def curve_png(f: Frames, point: Point) -> bytes:
    """The sparsity plot with the current point."""
    pixels = f.curve.pixels.copy()
    radius = MARKER_PT / 2 * f.dpi / 72
    raster.disc(pixels, f.curve.column(point.threshold), f.curve.row(point.sparsity), radius, f.accent)
    return f.colours.png(pixels)


DEMO = Demo(
    name="threshold",
    title={"en": "Thresholded activation", "zh": "阈值激活"},
    params=PARAMS,
    constraints=(_uniform_bounds,),
)
