"""Seed Q7 done right: a two-layer NumPy MLP with a thresholded hidden activation.

The threshold changes which hidden activations are zero, never how many
parameters there are; the zeros save multiply-adds only in a layer that skips
them (here the second one), and units that are off for the whole batch get no
gradient from it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.activations import thresholded
from engine.demos.demo import Demo
from engine.params import SEED, Param
from engine.plotstyle import legend_patch, new_axes, palette, style_legend
from engine.sparsity import SortedSample

if TYPE_CHECKING:
    from matplotlib.figure import Figure

THRESHOLD_RANGE = (-3.0, 3.0)
CURVE_POINTS = 241

PARAMS = (
    Param("d_in", "int", 784, {"en": "Input width d_in", "zh": "输入维度 d_in"}, 2, 1024, 1),
    Param("d_hidden", "int", 128, {"en": "Hidden width d_hidden", "zh": "隐藏层宽度 d_hidden"}, 2, 1024, 1),
    Param("d_out", "int", 10, {"en": "Output width d_out", "zh": "输出维度 d_out"}, 1, 256, 1),
    Param("batch", "int", 32, {"en": "Batch size", "zh": "批大小"}, 1, 256, 1),
    SEED,
    Param(
        "t",
        "float",
        0.5,
        {"en": "Threshold t", "zh": "阈值 t"},
        THRESHOLD_RANGE[0],
        THRESHOLD_RANGE[1],
        0.05,
    ),
)
NETWORK_PARAMS = ("d_in", "d_hidden", "d_out", "batch", "seed")  # what the cached network depends on


def parameter_count(d_in: int, d_hidden: int, d_out: int) -> int:
    """``d_in·d_h + d_h + d_h·d_out + d_out``: two weight matrices and two bias vectors."""
    return d_in * d_hidden + d_hidden + d_hidden * d_out + d_out


def second_layer_dense(h: np.ndarray, w2: np.ndarray, b2: np.ndarray) -> np.ndarray:
    """``h @ w2.T + b2`` summed in a fixed order: hidden unit 0, 1, 2, … for every output.

    Every one of the ``batch · d_hidden · d_out`` products is computed, zeros included.
    """
    acc = np.zeros((h.shape[0], w2.shape[0]))
    term = np.empty_like(acc)
    h_t, w2_t = np.ascontiguousarray(h.T), np.ascontiguousarray(w2.T)  # one contiguous row per hidden unit
    for j in range(h.shape[1]):
        np.multiply(h_t[j][:, None], w2_t[j], out=term)
        acc += term
    return acc + b2


def second_layer_skip(h: np.ndarray, w2: np.ndarray, b2: np.ndarray) -> tuple[np.ndarray, int]:
    """The same sum, in the same order, skipping every hidden activation that is 0.

    Returns the output and the multiply-adds done: ``d_out`` for every non-zero
    hidden activation. A skipped term is ``0 · w = ±0``, and adding ±0 leaves a
    sum unchanged, so the output equals ``second_layer_dense``'s exactly.
    """
    acc = np.zeros((h.shape[0], w2.shape[0]))
    h_t, w2_t = np.ascontiguousarray(h.T), np.ascontiguousarray(w2.T)
    macs = 0
    for j in range(h.shape[1]):
        rows = np.flatnonzero(h_t[j])  # the examples where hidden unit j is not 0
        if rows.size:
            acc[rows] += h_t[j, rows, None] * w2_t[j]
            macs += rows.size * w2.shape[0]
    return acc + b2, macs


@dataclass(frozen=True)
class Network:
    """The MLP, its batch and what does not depend on the threshold.

    Attributes:
        x: the inputs, ``(batch, d_in)``, standard normal.
        w1, b1: the first layer, ``(d_hidden, d_in)`` He-initialised (std sqrt(2/d_in)), zero bias.
        w2, b2: the second layer, ``(d_out, d_hidden)`` He-initialised (std sqrt(2/d_hidden)), zero bias.
        target: random regression targets ``(batch, d_out)`` for the gradient check.
        z: the hidden pre-activations ``x @ w1.T + b1``.
        parameters: the parameter count, from the arrays' sizes.
        grid: thresholds for the curves.
        sparsity_curve: the hidden activations' share of exact zeros at each grid t.
        dead_curve: the share of hidden units with z <= t for the whole batch at each grid t.
    """

    x: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray
    target: np.ndarray
    z: np.ndarray
    parameters: int
    grid: np.ndarray
    sparsity_curve: np.ndarray
    dead_curve: np.ndarray


@dataclass(frozen=True)
class Point:
    """The numbers at one threshold.

    Attributes:
        t: the threshold.
        h: the hidden activations ``np.where(z > t, z, 0)``.
        active: the mask ``z > t``, ``(batch, d_hidden)``: where the gradient passes.
        zeros: how many hidden activations are exactly 0.
        sparsity: ``zeros / (batch · d_hidden)``.
        dead: per hidden unit, whether ``z <= t`` for every example ("dead for this batch").
        macs_dense: the second layer's multiply-adds without skipping, ``batch · d_hidden · d_out``.
        macs_skip: with zero-skipping, ``(non-zero hidden activations) · d_out``.
        out_dense, out_skip: the second layer's output computed both ways.
        blas_difference: the largest ``|out_dense - (h @ w2.T + b2)|``: BLAS sums in another order.
        grad_w1, grad_b1: the gradient of the loss ``sum((out - target)^2) / (2 · batch)``.
        zero_gradient: per hidden unit, whether its rows of ``grad_w1`` and ``grad_b1`` are all 0.
    """

    t: float
    h: np.ndarray
    active: np.ndarray
    zeros: int
    sparsity: float
    dead: np.ndarray
    macs_dense: int
    macs_skip: int
    out_dense: np.ndarray
    out_skip: np.ndarray
    blas_difference: float
    grad_w1: np.ndarray
    grad_b1: np.ndarray
    zero_gradient: np.ndarray

    @property
    def dead_count(self) -> int:
        return int(np.count_nonzero(self.dead))

    @property
    def skip_ratio(self) -> float:
        """Zero-skip MACs over dense MACs; equals ``1 - sparsity``."""
        return self.macs_skip / self.macs_dense

    @property
    def outputs_equal(self) -> bool:
        return bool(np.array_equal(self.out_dense, self.out_skip))


def build(values: Mapping[str, Any]) -> Network:
    """Draw the weights and the batch (weights and data from separate streams of one seed)."""
    values = DEMO.check(values)
    d_in, d_h, d_out, batch = values["d_in"], values["d_hidden"], values["d_out"], values["batch"]
    weights_rng, data_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(values["seed"]).spawn(2))
    w1 = weights_rng.normal(0.0, math.sqrt(2.0 / d_in), (d_h, d_in))
    w2 = weights_rng.normal(0.0, math.sqrt(2.0 / d_h), (d_out, d_h))
    b1, b2 = np.zeros(d_h), np.zeros(d_out)
    x = data_rng.standard_normal((batch, d_in))
    target = data_rng.standard_normal((batch, d_out))
    z = x @ w1.T + b1
    grid = np.linspace(*THRESHOLD_RANGE, CURVE_POINTS)
    sparsity_curve = np.asarray(SortedSample(z).thresholded_sparsity(grid))
    column_max = np.sort(z.max(axis=0))
    dead_curve = np.searchsorted(column_max, grid, side="right") / d_h
    parameters = sum(a.size for a in (w1, b1, w2, b2))
    return Network(x, w1, b1, w2, b2, target, z, parameters, grid, sparsity_curve, dead_curve)


def backward(net: Network, active: np.ndarray, out: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The gradient of ``sum((out - target)^2) / (2 · batch)`` with respect to ``w1`` and ``b1``.

    The activation's derivative is ``1[z > t]``; the jump at ``z = t`` (for t > 0)
    contributes nothing, which is why a learned threshold needs a straight-through estimator.
    """
    d_out = (out - net.target) / net.x.shape[0]
    d_z = (d_out @ net.w2) * active
    return d_z.T @ net.x, d_z.sum(axis=0)


def evaluate(net: Network, t: float) -> Point:
    """The forward pass at threshold ``t``, both ways, and the backward pass."""
    h = thresholded(net.z, t)
    active = net.z > t
    zeros = int(np.count_nonzero(h == 0))
    out_dense = second_layer_dense(h, net.w2, net.b2)
    out_skip, macs_skip = second_layer_skip(h, net.w2, net.b2)
    blas = float(np.max(np.abs(out_dense - (h @ net.w2.T + net.b2))))
    grad_w1, grad_b1 = backward(net, active, out_dense)
    zero_gradient = ~(np.any(grad_w1 != 0, axis=1) | (grad_b1 != 0))
    return Point(
        t=t,
        h=h,
        active=active,
        zeros=zeros,
        sparsity=zeros / h.size,
        dead=~active.any(axis=0),
        macs_dense=h.size * net.w2.shape[0],
        macs_skip=macs_skip,
        out_dense=out_dense,
        out_skip=out_skip,
        blas_difference=blas,
        grad_w1=grad_w1,
        grad_b1=grad_b1,
        zero_gradient=zero_gradient,
    )


LABELS = {
    "en": {
        "t": "threshold t",
        "share": "share",
        "sparsity": "hidden activations = 0",
        "dead": "hidden units dead for this batch",
        "parameters": "parameters (right axis)",
        "count": "parameters",
        "now": "current t",
        "unit": "hidden unit",
        "example": "example in the batch",
        "active": "z > t: output z, gradient passes",
        "inactive": "z ≤ t: output 0, no gradient",
        "dead_column": "unit off for the whole batch",
    },
    "zh": {
        "t": "阈值 t",
        "share": "比例",
        "sparsity": "隐藏层激活为 0",
        "dead": "本批次中“死亡”的隐藏单元",
        "parameters": "参数数量（右轴）",
        "count": "参数数量",
        "now": "当前 t",
        "unit": "隐藏单元",
        "example": "批次中的样本",
        "active": "z > t：输出 z，梯度可以通过",
        "inactive": "z ≤ t：输出 0，没有梯度",
        "dead_column": "整个批次中都不激活的单元",
    },
}

TEXT = {
    "en": {
        "intro": (
            "Seed question Q7 claims that a sparse activation *reduces the number of parameters*. It does not. "
            "This NumPy MLP $d_{in} \\to d_{hidden} \\to d_{out}$ (Gaussian inputs, He-initialised weights, "
            "zero biases) puts the seed's activation `np.where(z > t, z, 0)` on the hidden layer. Move $t$: "
            "the parameter count stays put, the hidden layer gets sparser, and the zeros become fewer "
            "multiply-adds only in a layer that skips them (the second one). The first layer is dense at "
            "every $t$: $batch \\cdot d_{in} \\cdot d_{hidden}$ multiply-adds. Sparsity is counted, not "
            "predicted: the pre-activations are not i.i.d. normal (each unit has its own weight norm, each "
            "example its own input norm), so $\\Phi((t - \\text{mean})/\\text{std})$ is no closed form here."
        ),
        "m.parameters": "Parameters",
        "m.parameters_help": "d_in·d_h + d_h + d_h·d_out + d_out = {formula} = {count:,}, at every threshold.",
        "m.sparsity": "Hidden sparsity",
        "m.sparsity_help": "Hidden activations exactly 0: {zeros:,} of {total:,} (batch × d_hidden).",
        "m.dead": "Dead for this batch",
        "m.dead_help": (
            "Hidden units with z ≤ t for every example in the batch: this batch gives them an exactly zero "
            "gradient. They may still fire on other inputs, so this is not a permanently dead unit."
        ),
        "m.dense": "Layer-2 multiply-adds, dense",
        "m.dense_help": "batch · d_hidden · d_out = {batch} · {d_hidden} · {d_out}.",
        "m.skip": "Layer-2 multiply-adds, zero-skipping",
        "m.skip_help": "Non-zero hidden activations × d_out = {nonzero:,} · {d_out}.",
        "m.ratio": "Zero-skip / dense",
        "m.ratio_help": "Equals 1 − sparsity. Fewer multiply-adds is a speed-up only with a kernel that skips zeros.",
        "ratio_value": "{ratio:.2%} ({factor})",
        "fewer": "{factor:.2f}× fewer",
        "no_work": "no work left",
        "equal": (
            "The zero-skipping output equals the dense output exactly (all {n:,} values; both sum over the "
            "hidden units in the same order, and a skipped term 0·w adds nothing). A BLAS matmul `h @ W2.T` "
            "sums in another order and differs by up to {blas:.1e}."
        ),
        "not_equal": "The zero-skipping output differs from the dense output by up to {diff:.3g}.",
        "gradient": (
            "Backpropagating a mean-squared error to random targets: {zero:,} hidden units get an all-zero "
            "gradient row in W1 and b1, {verdict}. The activation's derivative is 1[z > t]; the jump at z = t "
            "adds nothing, which is why JumpReLU needs a straight-through estimator to learn t."
        ),
        "same_units": "exactly the units dead for this batch",
        "other_units": "which is not the same set as the units dead for this batch",
        "curve_plot": "Parameters and sparsity against the threshold",
        "mask_plot": "Which hidden units fire: batch × hidden units",
    },
    "zh": {
        "intro": (
            "原文第 7 题声称稀疏激活“可以减少参数数量”。并不会。这个 NumPy 两层 MLP "
            "$d_{in} \\to d_{hidden} \\to d_{out}$（高斯输入、He 初始化权重、偏置为零）在隐藏层使用原文的激活函数 "
            "`np.where(z > t, z, 0)`。拖动 $t$：参数数量不变，隐藏层变得更稀疏，而只有在跳过零值的层（第二层）中，"
            "这些零才会变成更少的乘加运算。第一层在任何 $t$ 下都是稠密的："
            "$batch \\cdot d_{in} \\cdot d_{hidden}$ 次乘加。"
            "稀疏度是数出来的，而不是预测出来的：激活前的值并不是独立同分布的正态变量（每个单元的权重范数不同，"
            "每个样本的输入范数也不同），所以 $\\Phi((t - \\text{mean})/\\text{std})$ 在这里不是解析解。"
        ),
        "m.parameters": "参数数量",
        "m.parameters_help": "d_in·d_h + d_h + d_h·d_out + d_out = {formula} = {count:,}，与阈值无关。",
        "m.sparsity": "隐藏层稀疏度",
        "m.sparsity_help": "隐藏层激活中精确为 0 的个数：{zeros:,} / {total:,}（batch × d_hidden）。",
        "m.dead": "本批次中“死亡”",
        "m.dead_help": (
            "对批次中每个样本都有 z ≤ t 的隐藏单元：这个批次给它们的梯度恰好为零。"
            "它们在其他输入上仍可能激活，所以并不是永久死亡的单元。"
        ),
        "m.dense": "第二层乘加次数（稠密）",
        "m.dense_help": "batch · d_hidden · d_out = {batch} · {d_hidden} · {d_out}。",
        "m.skip": "第二层乘加次数（跳过零）",
        "m.skip_help": "非零隐藏激活个数 × d_out = {nonzero:,} · {d_out}。",
        "m.ratio": "跳过零 / 稠密",
        "m.ratio_help": "等于 1 − 稀疏度。只有使用跳过零值的算子，更少的乘加才会变成加速。",
        "ratio_value": "{ratio:.2%}（{factor}）",
        "fewer": "约为稠密的 1/{factor:.2f}",
        "no_work": "无需计算",
        "equal": (
            "跳过零的输出与稠密输出完全相等（全部 {n:,} 个值；两者按相同顺序对隐藏单元求和，被跳过的项 0·w 不改变和）。"
            "BLAS 矩阵乘法 `h @ W2.T` 的求和顺序不同，最多相差 {blas:.1e}。"
        ),
        "not_equal": "跳过零的输出与稠密输出最多相差 {diff:.3g}。",
        "gradient": (
            "对随机目标的均方误差做反向传播：有 {zero:,} 个隐藏单元在 W1 和 b1 中的梯度行全为零，{verdict}。"
            "激活函数的导数是 1[z > t]；z = t 处的跳跃对梯度没有贡献，所以 JumpReLU 需要用直通估计器来学习 t。"
        ),
        "same_units": "恰好就是本批次中“死亡”的那些单元",
        "other_units": "与本批次中“死亡”的单元并不相同",
        "curve_plot": "参数数量与稀疏度随阈值的变化",
        "mask_plot": "哪些隐藏单元被激活：批次 × 隐藏单元",
    },
}


def curve_figure(net: Network, point: Point, labels: Mapping[str, str], dark: bool) -> Figure:
    """Sparsity and dead-unit share against t (left axis); the parameter count, flat, on the right axis."""
    colours = palette(dark)
    fig, ax = new_axes(dark)
    ax.plot(net.grid, net.sparsity_curve, color=colours.primary, linewidth=1.8, label=labels["sparsity"])
    ax.plot(net.grid, net.dead_curve, color=colours.accent, linewidth=1.4, linestyle="--", label=labels["dead"])
    ax.plot([], [], color=colours.secondary, linewidth=2.5, label=labels["parameters"])  # legend entry only
    ax.axvline(point.t, color=colours.muted, linewidth=1.2, linestyle=":")
    ax.plot([point.t], [point.sparsity], "o", color=colours.primary, markersize=7, label=labels["now"])
    ax.set_xlabel(labels["t"])
    ax.set_ylabel(labels["share"])
    ax.set_ylim(-0.02, 1.02)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    right = ax.twinx()
    right.plot(net.grid, np.full(net.grid.shape, net.parameters), color=colours.secondary, linewidth=2.5)
    right.set_ylim(0, net.parameters * 1.25)
    right.set_ylabel(labels["count"], color=colours.text)
    right.tick_params(colors=colours.text, labelsize=10)
    right.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    for spine in ("top", "left", "bottom"):
        right.spines[spine].set_visible(False)
    right.spines["right"].set_color(colours.text)
    style_legend(ax, dark)
    ax.get_legend().set_loc("center left")
    return fig


def mask_figure(net: Network, point: Point, labels: Mapping[str, str], dark: bool) -> Figure:
    """The batch × hidden-unit activity: firing, not firing, and columns that never fire in the batch."""
    from matplotlib.colors import ListedColormap

    colours = palette(dark)
    fig, ax = new_axes(dark)
    state = point.active.astype(int)
    state[:, point.dead] = 2
    cmap = ListedColormap([colours.grid, colours.primary, colours.accent])
    ax.imshow(state, cmap=cmap, vmin=0, vmax=2, aspect="auto", interpolation="nearest")
    ax.grid(False)
    ax.set_xlabel(labels["unit"])
    ax.set_ylabel(labels["example"])
    handles = [
        legend_patch(colours.primary, labels["active"]),
        legend_patch(colours.grid, labels["inactive"]),
        legend_patch(colours.accent, labels["dead_column"]),
    ]
    legend = ax.legend(
        handles=handles, frameon=False, fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2
    )
    for text in legend.get_texts():
        text.set_color(colours.text)
    return fig


DEMO = Demo(
    name="dense_layer",
    title={"en": "A dense layer with a thresholded activation", "zh": "带阈值激活的全连接层"},
    params=PARAMS,
)
