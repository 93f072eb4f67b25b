"""Sparse convolution on a mostly empty grid: dense, ordinary sparse and submanifold multiply-adds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.demos.demo import Demo
from engine.params import SEED, Param
from engine.plotstyle import new_axes, new_figure, palette, style_legend

if TYPE_CHECKING:
    from matplotlib.figure import Figure

KERNEL = 3  # 3x3, stride 1, same (zero) padding
TAPS = KERNEL * KERNEL
OFFSETS = tuple((dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1))
# Bézier samples per cell of grid size: the curve is at most 3·√2·size long (its control polygon),
# so consecutive samples are < 0.14 cells apart and the rounded cells form an 8-connected path.
CURVE_SAMPLES_PER_CELL = 32

PARAMS = (
    Param("size", "int", 64, {"en": "Grid size H = W", "zh": "网格边长 H = W"}, 8, 128, 8),
    Param(
        "pattern",
        "choice",
        "line",
        {"en": "Active sites", "zh": "活跃位置"},
        choices=("line", "points"),
    ),
    Param(
        "density",
        "float",
        2.0,
        {"en": "Density of points", "zh": "点的密度"},
        0.1,
        20.0,
        0.1,
        unit="%",
        shown_for={"pattern": ("points",)},
    ),
    Param("c_in", "int", 16, {"en": "Input channels C_in", "zh": "输入通道数 C_in"}, 1, 128, 1),
    Param("c_out", "int", 32, {"en": "Output channels C_out", "zh": "输出通道数 C_out"}, 1, 128, 1),
    Param("layers", "int", 4, {"en": "Layers L", "zh": "层数 L"}, 1, 8, 1),
    SEED,
)


def curve(size: int, rng: np.random.Generator) -> np.ndarray:
    """A random cubic Bézier curve from the left fifth of the grid to the right fifth, as an 8-connected path."""
    control = rng.uniform(0, size - 1, size=(4, 2))  # (row, column) per control point
    control[0, 1] *= 0.2
    control[3, 1] = (size - 1) * (0.8 + 0.2 * control[3, 1] / (size - 1))
    t = np.linspace(0.0, 1.0, CURVE_SAMPLES_PER_CELL * size)[:, None]
    points = (
        (1 - t) ** 3 * control[0]
        + 3 * (1 - t) ** 2 * t * control[1]
        + 3 * (1 - t) * t**2 * control[2]
        + t**3 * control[3]
    )
    cells = np.clip(np.rint(points).astype(int), 0, size - 1)
    mask = np.zeros((size, size), dtype=bool)
    mask[cells[:, 0], cells[:, 1]] = True
    return mask


def points(size: int, density_percent: float, rng: np.random.Generator) -> np.ndarray:
    """``max(1, round(density·H·W))`` distinct sites drawn uniformly."""
    count = max(1, round(density_percent / 100 * size * size))
    mask = np.zeros(size * size, dtype=bool)
    mask[rng.choice(size * size, count, replace=False)] = True
    return mask.reshape(size, size)


def active_sites(values: Mapping[str, Any]) -> np.ndarray:
    """The input's active sites: an ``(H, W)`` boolean mask."""
    rng = np.random.default_rng(values["seed"])
    if values["pattern"] == "line":
        return curve(values["size"], rng)
    return points(values["size"], values["density"], rng)


def window_sum(mask: np.ndarray) -> np.ndarray:
    """For every site, how many of the (in-grid) sites in its 3x3 window are set."""
    padded = np.pad(mask.astype(np.int64), 1)
    h, w = mask.shape
    return sum(padded[1 + dy : 1 + dy + h, 1 + dx : 1 + dx + w] for dy, dx in OFFSETS)


def dilate(mask: np.ndarray) -> np.ndarray:
    """The sites within the kernel's reach of a set site: an ordinary sparse convolution's outputs."""
    return window_sum(mask) > 0


def sparse_pairs(mask: np.ndarray) -> int:
    """(active input, output) pairs of an ordinary sparse convolution: Σ over active inputs of in-grid window size."""
    return int(window_sum(np.ones_like(mask))[mask].sum())


def submanifold_pairs(mask: np.ndarray) -> int:
    """(active input, active output) neighbour pairs, each site paired with itself too."""
    return int(window_sum(mask)[mask].sum())


def dense_macs(size: int, c_in: int, c_out: int) -> int:
    """A dense 3x3 same-padding convolution: H·W·9·C_in·C_out."""
    return size * size * TAPS * c_in * c_out


@dataclass(frozen=True)
class Layers:
    """L stacked 3x3 convolutions over the same input, counted three ways.

    Layer 1 maps C_in to C_out channels; layers 2..L map C_out to C_out.

    Attributes:
        size: H = W.
        c_in, c_out: the channel counts.
        grids: the ordinary sparse convolution's active sites: the input, then after each layer (L + 1 masks).
        active: how many sites ``grids`` holds (L + 1 values).
        sub_active: the submanifold convolution's active sites, the input's at every layer.
        dense, sparse, submanifold: multiply-adds per layer (L values each).
        sparse_pairs, submanifold_pairs: the (input, output) pairs behind them, per layer.
    """

    size: int
    c_in: int
    c_out: int
    grids: tuple[np.ndarray, ...]
    active: np.ndarray
    sub_active: int
    dense: np.ndarray
    sparse: np.ndarray
    submanifold: np.ndarray
    sparse_pairs: np.ndarray
    submanifold_pairs: np.ndarray

    @property
    def layers(self) -> int:
        """L."""
        return len(self.dense)

    @property
    def channels(self) -> np.ndarray:
        """C_in·C_out of each layer."""
        return channel_products(self.layers, self.c_in, self.c_out)


def channel_products(layers: int, c_in: int, c_out: int) -> np.ndarray:
    """Each layer's input channels times output channels: C_in·C_out, then C_out·C_out."""
    return np.array([c_in * c_out] + [c_out * c_out] * (layers - 1), dtype=np.int64)


def run(mask: np.ndarray, layers: int, c_in: int, c_out: int) -> Layers:
    """Count active sites and multiply-adds through ``layers`` convolutions of ``mask``."""
    size = mask.shape[0]
    grids = [mask]
    pairs = []
    for _ in range(layers):
        pairs.append(sparse_pairs(grids[-1]))
        grids.append(dilate(grids[-1]))
    sub = submanifold_pairs(mask)
    channels = channel_products(layers, c_in, c_out)
    sparse = np.array(pairs, dtype=np.int64)
    subs = np.full(layers, sub, dtype=np.int64)
    return Layers(
        size=size,
        c_in=c_in,
        c_out=c_out,
        grids=tuple(grids),
        active=np.array([int(g.sum()) for g in grids], dtype=np.int64),
        sub_active=int(mask.sum()),
        dense=size * size * TAPS * channels,
        sparse=sparse * channels,
        submanifold=subs * channels,
        sparse_pairs=sparse,
        submanifold_pairs=subs,
    )


def compute(values: Mapping[str, Any]) -> Layers:
    """The demo's numbers for one set of parameter values."""
    values = DEMO.check(values)
    return run(active_sites(values), values["layers"], values["c_in"], values["c_out"])


LABELS = {
    "en": {
        "ordinary": "ordinary sparse",
        "submanifold": "submanifold",
        "dense": "dense",
        "input": "input",
        "layer": "layer {n}",
        "layers": "layer",
        "sites": "active sites",
        "grid": "whole grid H·W",
        "macs": "multiply-adds (log scale)",
    },
    "zh": {
        "ordinary": "普通稀疏",
        "submanifold": "子流形",
        "dense": "稠密",
        "input": "输入",
        "layer": "第 {n} 层",
        "layers": "层",
        "sites": "活跃位置数",
        "grid": "整个网格 H·W",
        "macs": "乘加次数（对数坐标）",
    },
}

TEXT = {
    "en": {
        "intro": (
            "A sparse input — a random curve or scattered points on an $H\\times W$ grid — goes through $L$ "
            "3×3 convolutions (stride 1, same zero padding, no bias). Layer 1 maps $C_{in}$ to $C_{out}$ channels, "
            "later layers $C_{out}$ to $C_{out}$. A **dense** convolution computes every output: "
            "$HW\\cdot 9\\cdot C_{in}C_{out}$ multiply-adds. An **ordinary sparse** convolution skips zero inputs "
            "but writes an output wherever the kernel reaches an active input, so its cost is the number of "
            "(active input, output) pairs times $C_{in}C_{out}$ and the active set dilates by one cell on each side "
            "per layer. A **submanifold** sparse convolution (Graham & van der Maaten, 2017) computes outputs only "
            "at the active input sites: it counts (active input, active output) neighbour pairs and the set stays "
            "the same however deep the network."
        ),
        "one_layer": "Layer 1",
        "all_layers": "The whole network (L = {n})",
        "active_in": "Active input sites",
        "active_help": "Active sites / H·W.",
        "dense": "Dense MACs",
        "dense_help": "H·W·9·C_in·C_out (and H·W·9·C_out·C_out for layers after the first).",
        "sparse": "Ordinary sparse MACs",
        "sparse_help": "(active input, output) pairs within the 3x3 kernel's reach, times the layer's C_in·C_out.",
        "submanifold": "Submanifold MACs",
        "submanifold_help": "(active input, active output) neighbour pairs, times the layer's C_in·C_out.",
        "active_out": "Active sites after layer {n}",
        "active_out_help": "Under ordinary sparse convolution; the submanifold set stays at the input's {m:,}.",
        "ratio": "{value:.2%} of dense",
        "grids_plot": "Active sites layer by layer: ordinary sparse (top, new sites highlighted) and submanifold "
        "(bottom)",
        "sites_plot": "Active sites per layer",
        "macs_plot": "Multiply-adds per layer",
    },
    "zh": {
        "intro": (
            "稀疏输入（$H\\times W$ 网格上的一条随机曲线或散点）依次经过 $L$ 层 3×3 卷积"
            "（步长 1，零填充保持尺寸，无偏置）。"
            "第 1 层把 $C_{in}$ 个通道映射到 $C_{out}$ 个，之后各层从 $C_{out}$ 到 $C_{out}$。"
            "**稠密**卷积计算所有输出：$HW\\cdot 9\\cdot C_{in}C_{out}$ 次乘加。"
            "**普通稀疏**卷积跳过为零的输入，但只要卷积核覆盖到活跃输入就产生输出，"
            "因此其代价是（活跃输入，输出）对的数目乘以 $C_{in}C_{out}$，而且活跃集合每过一层就向四周膨胀一格。"
            "**子流形**稀疏卷积（Graham 与 van der Maaten，2017）只在活跃输入位置计算输出："
            "它统计（活跃输入，活跃输出）相邻对，网络再深，活跃集合也保持不变。"
        ),
        "one_layer": "第 1 层",
        "all_layers": "整个网络（L = {n}）",
        "active_in": "活跃输入位置",
        "active_help": "活跃位置数 / H·W。",
        "dense": "稠密卷积乘加次数",
        "dense_help": "H·W·9·C_in·C_out（第一层之后的各层为 H·W·9·C_out·C_out）。",
        "sparse": "普通稀疏卷积乘加次数",
        "sparse_help": "3x3 卷积核覆盖范围内的（活跃输入，输出）对数，乘以该层的 C_in·C_out。",
        "submanifold": "子流形卷积乘加次数",
        "submanifold_help": "（活跃输入，活跃输出）相邻对数，乘以该层的 C_in·C_out。",
        "active_out": "第 {n} 层之后的活跃位置",
        "active_out_help": "普通稀疏卷积下的数目；子流形卷积的活跃集合始终是输入的 {m:,} 个位置。",
        "ratio": "为稠密的 {value:.2%}",
        "grids_plot": "逐层的活跃位置：普通稀疏卷积（上，新增位置高亮）与子流形卷积（下）",
        "sites_plot": "每层的活跃位置数",
        "macs_plot": "每层的乘加次数",
    },
}


def _grid_image(mask: np.ndarray, new: np.ndarray, dark: bool) -> np.ndarray:
    from matplotlib.colors import to_rgba

    colours = palette(dark)
    image = np.empty((*mask.shape, 4))
    image[:] = to_rgba(colours.grid, 0.25)
    image[mask] = to_rgba(colours.primary)
    image[new] = to_rgba(colours.accent)
    return image


def grids_figure(result: Layers, labels: Mapping[str, str], dark: bool) -> Figure:
    """Two rows of small grids, input then one per layer: ordinary sparse on top, submanifold below."""
    colours = palette(dark)
    columns = result.layers + 1
    fig = new_figure((1.6 * columns + 0.4, 3.6))
    axes = fig.subplots(2, columns, squeeze=False)
    base = result.grids[0]
    for col in range(columns):
        grid = result.grids[col]
        new = grid & ~result.grids[col - 1] if col else np.zeros_like(grid)
        for row, (mask, fresh) in enumerate(((grid, new), (base, np.zeros_like(base)))):
            ax = axes[row, col]
            ax.imshow(_grid_image(mask, fresh, dark), interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
            for spine in ax.spines.values():
                spine.set_color(colours.grid)
            count = int(mask.sum())
            ax.set_xlabel(f"{count:,}", color=colours.text, fontsize=8)
        title = labels["input"] if col == 0 else labels["layer"].format(n=col)
        axes[0, col].set_title(title, color=colours.text, fontsize=9)
    axes[0, 0].set_ylabel(labels["ordinary"], color=colours.text, fontsize=9)
    axes[1, 0].set_ylabel(labels["submanifold"], color=colours.text, fontsize=9)
    return fig


def sites_figure(result: Layers, labels: Mapping[str, str], dark: bool) -> Figure:
    """Active sites after each layer (0 = the input) for both kinds of sparse convolution."""
    colours = palette(dark)
    fig, ax = new_axes(dark)
    x = np.arange(result.layers + 1)
    ax.plot(x, result.active, color=colours.primary, marker="o", label=labels["ordinary"])
    ax.plot(x, np.full(x.size, result.sub_active), color=colours.secondary, marker="s", label=labels["submanifold"])
    ax.axhline(result.size**2, color=colours.muted, linestyle="--", linewidth=1.2, label=labels["grid"])
    ax.set_xlabel(labels["layers"])
    ax.set_ylabel(labels["sites"])
    ax.set_xticks(x, [labels["input"]] + [str(n) for n in x[1:]])
    ax.set_ylim(bottom=0)
    style_legend(ax, dark)
    return fig


def macs_figure(result: Layers, labels: Mapping[str, str], dark: bool) -> Figure:
    """Multiply-adds of each layer: dense, ordinary sparse and submanifold (log scale)."""
    colours = palette(dark)
    fig, ax = new_axes(dark)
    x = np.arange(1, result.layers + 1)
    ax.plot(x, result.dense, color=colours.muted, marker="^", linestyle="--", label=labels["dense"])
    ax.plot(x, result.sparse, color=colours.primary, marker="o", label=labels["ordinary"])
    ax.plot(x, result.submanifold, color=colours.secondary, marker="s", label=labels["submanifold"])
    ax.set_yscale("log")
    ax.set_xlabel(labels["layers"])
    ax.set_ylabel(labels["macs"])
    ax.set_xticks(x)
    style_legend(ax, dark)
    return fig


DEMO = Demo(
    name="sparse_conv",
    title={"en": "Sparse and submanifold convolution", "zh": "稀疏卷积与子流形卷积"},
    params=PARAMS,
)
