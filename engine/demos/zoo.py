"""The activation zoo: ten activations on one normal sample, and how many exact zeros each makes."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.activations import relu, thresholded
from engine.demos.demo import Demo
from engine.params import SAMPLES, SEED, Param
from engine.plotstyle import new_axes, palette, style_legend

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

ROW_WIDTH = 64  # top-k keeps the k largest of every row of this many values
LEAKY_SLOPE = 0.01
CURVE_RANGE = (-4.0, 4.0)
CURVE_POINTS = 801
CURVE_YLIM = (-2.2, 4.2)  # the shrinkages go on down to -4; the interesting part is near 0
EPS_CHOICES = (1e-6, 2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 1e-1)

FUNCTIONS = ("relu", "thresholded", "shifted", "hardshrink", "softshrink", "topk", "jumprelu", "gelu", "silu", "leaky")
NO_EXACT_ZEROS = ("gelu", "silu", "leaky")  # never 0 for x != 0, in exact arithmetic

PARAMS = (
    Param("mu", "float", 0.0, {"en": "Mean μ", "zh": "均值 μ"}, -3.0, 3.0, 0.1),
    Param("sigma", "float", 1.0, {"en": "Std. dev. σ", "zh": "标准差 σ"}, 0.1, 3.0, 0.1),
    SAMPLES,
    SEED,
    Param("t", "float", 0.5, {"en": "Threshold t", "zh": "阈值 t"}, -3.0, 3.0, 0.05),
    Param("lam", "float", 0.5, {"en": "Shrinkage λ", "zh": "收缩量 λ"}, 0.0, 3.0, 0.05),
    Param(
        "k", "int", 8, {"en": f"Top-k: k of every {ROW_WIDTH}", "zh": f"Top-k：每 {ROW_WIDTH} 个保留 k 个"}, 1, 64, 1
    ),
    Param(
        "eps",
        "float",
        1e-3,
        {"en": "Near-zero tolerance ε", "zh": "近零容差 ε"},
        EPS_CHOICES[0],
        EPS_CHOICES[-1],
        choices=EPS_CHOICES,
    ),
)
INPUT_PARAMS = ("mu", "sigma", "n", "seed")  # what the cached sample depends on

_erf = np.vectorize(math.erf, otypes=[float])


# --- the activations -------------------------------------------------------


def shifted_relu(x: np.ndarray, t: float) -> np.ndarray:
    """``max(x - t, 0)``: zero where x <= t, like the thresholded ReLU, but continuous."""
    return np.maximum(x - t, 0.0)


def hard_shrink(x: np.ndarray, lam: float) -> np.ndarray:
    """``x`` where ``|x| > lam``, else 0."""
    return np.where(np.abs(x) > lam, x, 0.0)


def soft_shrink(x: np.ndarray, lam: float) -> np.ndarray:
    """``sign(x) * max(|x| - lam, 0)``: zero where ``|x| <= lam``, the rest pulled towards 0."""
    return np.sign(x) * np.maximum(np.abs(x) - lam, 0.0)


def top_k_rows(x: np.ndarray, k: int, width: int = ROW_WIDTH) -> np.ndarray:
    """Keep the ``k`` largest values of every row of ``width``, write 0 elsewhere.

    The sample is cut into ``len(x) // width`` rows; a remainder shorter than a
    row is left out, so the output has ``(len(x) // width) * width`` values. Exactly
    ``k`` values survive per row (ties broken by position), so the fraction of
    zeros is exactly ``1 - k / width`` unless a kept value is itself 0.
    """
    rows = np.asarray(x, dtype=float)[: (x.size // width) * width].reshape(-1, width)
    keep = np.argpartition(rows, width - k, axis=1)[:, width - k :]
    out = np.zeros_like(rows)
    np.put_along_axis(out, keep, np.take_along_axis(rows, keep, axis=1), axis=1)
    return out.ravel()


def jump_relu(x: np.ndarray, t: float) -> np.ndarray:
    """JumpReLU's forward pass: exactly the thresholded ReLU ``x * 1[x > t]``.

    The difference is in training: a JumpReLU learns one threshold per unit,
    with a straight-through estimator for the threshold's gradient.
    """
    return thresholded(x, t)


def gelu(x: np.ndarray) -> np.ndarray:
    """Exact GELU, ``x * Phi(x)`` with ``Phi(x) = (1 + erf(x / sqrt 2)) / 2`` (PyTorch's default form)."""
    x = np.asarray(x, dtype=float)
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def silu(x: np.ndarray) -> np.ndarray:
    """SiLU (swish), ``x * sigmoid(x) = x / (1 + exp(-x))``."""
    x = np.asarray(x, dtype=float)
    with np.errstate(over="ignore"):  # exp(-x) = inf below x = -709.78 gives -0.0, as it should
        return x / (1.0 + np.exp(-x))


def leaky_relu(x: np.ndarray, slope: float = LEAKY_SLOPE) -> np.ndarray:
    """``x`` for x > 0, ``slope * x`` otherwise."""
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, x, slope * x)


def zero_cutoff(f) -> float:
    """The largest negative float64 x with ``f(x) == 0``, for a function that is 0 far enough left.

    Found by bisection over floats: ``f(cutoff) == 0`` and ``f(nextafter(cutoff, 0)) != 0``.
    """
    lo, hi = -1e4, -1.0  # f(lo) == 0 and f(hi) != 0 for the functions here
    while True:
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            return lo
        if f(np.array([mid]))[0] == 0:
            lo = mid
        else:
            hi = mid


GELU_CUTOFF = zero_cutoff(gelu)  # about -8.3744: 1 + erf(x / sqrt 2) rounds to 0 from here down
SILU_CUTOFF = zero_cutoff(silu)  # about -709.78: exp(-x) overflows to inf


# --- the model -------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """What depends only on the input: the sample and the costly GELU of it.

    Attributes:
        mu, sigma: the normal input's mean and standard deviation.
        x: the sample, in draw order (top-k reads it as rows of 64).
        gelu: ``gelu(x)``.
    """

    mu: float
    sigma: float
    x: np.ndarray
    gelu: np.ndarray


@dataclass(frozen=True)
class Row:
    """One activation's numbers on the sample.

    Attributes:
        key: one of ``FUNCTIONS``.
        outputs: how many outputs (n, or the whole rows of 64 for top-k).
        zeros: how many outputs are exactly 0 (``-0.0`` counts).
        near_zeros: how many have ``|y| < eps`` (the exact zeros included).
        closed_form: the exact-zero fraction in closed form for this input.
        zero_fraction: ``zeros / outputs``.
        near_fraction: ``near_zeros / outputs``.
    """

    key: str
    outputs: int
    zeros: int
    near_zeros: int
    closed_form: float

    @property
    def zero_fraction(self) -> float:
        return self.zeros / self.outputs

    @property
    def near_fraction(self) -> float:
        return self.near_zeros / self.outputs


@dataclass(frozen=True)
class Result:
    """Every activation's numbers at one setting.

    Attributes:
        t, lam, k, eps: the settings used.
        rows: one ``Row`` per activation, in ``FUNCTIONS`` order.
    """

    t: float
    lam: float
    k: int
    eps: float
    rows: tuple[Row, ...]

    def row(self, key: str) -> Row:
        """The row for activation ``key``."""
        return next(r for r in self.rows if r.key == key)


def prepare(values: Mapping[str, Any]) -> Prepared:
    """Draw the normal sample (same seed, same sample) and take its GELU."""
    values = DEMO.check(values)
    x = np.random.default_rng(values["seed"]).normal(values["mu"], values["sigma"], values["n"])
    return Prepared(values["mu"], values["sigma"], x, gelu(x))


def outputs(prepared: Prepared, t: float, lam: float, k: int) -> dict[str, np.ndarray]:
    """Every activation applied to the sample."""
    x = prepared.x
    thresh = thresholded(x, t)
    return {
        "relu": relu(x),
        "thresholded": thresh,
        "shifted": shifted_relu(x, t),
        "hardshrink": hard_shrink(x, lam),
        "softshrink": soft_shrink(x, lam),
        "topk": top_k_rows(x, k),
        "jumprelu": thresh,  # jump_relu(x, t) is the same array; not computed twice
        "gelu": prepared.gelu,
        "silu": silu(x),
        "leaky": leaky_relu(x),
    }


def closed_forms(mu: float, sigma: float, t: float, lam: float, k: int) -> dict[str, float]:
    """Each activation's exact-zero fraction on N(mu, sigma^2) inputs, in closed form.

    ReLU: P(x <= 0). Thresholded, shifted and JumpReLU: P(x <= t). Both
    shrinkages: P(|x| <= lam). Top-k: 1 - k/64 exactly. GELU: P(x <= c) with
    c = ``GELU_CUTOFF``, a float64 rounding effect (0 in exact arithmetic).
    SiLU: P(x <= ``SILU_CUTOFF``). Leaky ReLU: P(x = 0) = 0.
    """

    def phi(v: float) -> float:  # via erfc, so far lower tails keep their digits
        return 0.5 * math.erfc(-(v - mu) / (sigma * math.sqrt(2.0)))

    below_t = phi(t)
    band = phi(lam) - phi(-lam)
    return {
        "relu": phi(0.0),
        "thresholded": below_t,
        "shifted": below_t,
        "hardshrink": band,
        "softshrink": band,
        "topk": 1 - k / ROW_WIDTH,
        "jumprelu": below_t,
        "gelu": phi(GELU_CUTOFF),
        "silu": phi(SILU_CUTOFF),
        "leaky": 0.0,
    }


def measure(prepared: Prepared, t: float, lam: float, k: int, eps: float) -> Result:
    """Count exact and near zeros of every activation on the sample."""
    exact = closed_forms(prepared.mu, prepared.sigma, t, lam, k)
    rows = []
    for key, y in outputs(prepared, t, lam, k).items():
        magnitude = np.abs(y)
        rows.append(
            Row(
                key,
                y.size,
                int(np.count_nonzero(magnitude == 0)),
                int(np.count_nonzero(magnitude < eps)),
                exact[key],
            )
        )
    return Result(t, lam, k, eps, tuple(rows))


def percent(fraction: float) -> str:
    """A fraction as a percentage with four decimals (exact for counts out of up to a million)."""
    return f"{100 * fraction:.4f}%"


def short_percent(fraction: float) -> str:
    """A compact percentage for a bar label; exactly 0 shows as ``0``."""
    if fraction == 0:
        return "0"
    if fraction >= 0.001:
        return f"{fraction:.1%}"
    return f"{100 * fraction:.2g}%"


FORMULAS = {
    "relu": "max(x, 0)",
    "thresholded": "x · 1[x > t]",
    "shifted": "max(x − t, 0)",
    "hardshrink": "x · 1[|x| > λ]",
    "softshrink": "sign(x) · max(|x| − λ, 0)",
    "gelu": "x · Φ(x),  Φ = (1 + erf(x/√2)) / 2",
    "silu": "x · sigmoid(x)",
    "leaky": "max(x, 0.01x)",
}
CLOSED_FORMS = {
    "relu": "Φ(−μ/σ)",
    "thresholded": "Φ((t − μ)/σ)",
    "shifted": "Φ((t − μ)/σ)",
    "hardshrink": "Φ((λ − μ)/σ) − Φ((−λ − μ)/σ)",
    "softshrink": "Φ((λ − μ)/σ) − Φ((−λ − μ)/σ)",
    "topk": f"1 − k/{ROW_WIDTH}",
    "jumprelu": "Φ((t − μ)/σ)",
    "gelu": f"Φ((c − μ)/σ), c = {GELU_CUTOFF:.4f}",
    "silu": f"Φ((c − μ)/σ), c = {SILU_CUTOFF:.2f}",
    "leaky": "P(x = 0) = 0",
}

LABELS = {
    "en": {
        "fn.relu": "ReLU",
        "fn.thresholded": "thresholded ReLU (t)",
        "fn.shifted": "shifted ReLU (t)",
        "fn.hardshrink": "hard shrinkage (λ)",
        "fn.softshrink": "soft shrinkage (λ)",
        "fn.topk": "top-k per row (k)",
        "fn.jumprelu": "JumpReLU (θ = t)",
        "fn.gelu": "GELU",
        "fn.silu": "SiLU",
        "fn.leaky": "leaky ReLU (0.01)",
        "curve.thresholded": "thresholded ReLU = JumpReLU (t)",
        "fraction": "fraction of outputs",
        "exact": "exact zeros (y = 0)",
        "near": "near zeros (|y| < ε = {eps:g})",
        "x": "input x",
        "y": "output f(x)",
    },
    "zh": {
        "fn.relu": "ReLU",
        "fn.thresholded": "阈值 ReLU（t）",
        "fn.shifted": "平移 ReLU（t）",
        "fn.hardshrink": "硬收缩（λ）",
        "fn.softshrink": "软收缩（λ）",
        "fn.topk": "每行 top-k（k）",
        "fn.jumprelu": "JumpReLU（θ = t）",
        "fn.gelu": "GELU",
        "fn.silu": "SiLU",
        "fn.leaky": "Leaky ReLU（0.01）",
        "curve.thresholded": "阈值 ReLU = JumpReLU（t）",
        "fraction": "输出中的比例",
        "exact": "精确为零（y = 0）",
        "near": "接近零（|y| < ε = {eps:g}）",
        "x": "输入 x",
        "y": "输出 f(x)",
    },
}

TEXT = {
    "en": {
        "intro": (
            "Ten activations applied to the same sample $x \\sim \\mathcal{N}(\\mu, \\sigma^2)$. Only the "
            "ReLU family, the shrinkages and top-k write **exact zeros**; GELU, SiLU and leaky ReLU are "
            "non-zero for every $x \\neq 0$, so they give *small* values, not zeros. Zero-skipping kernels and "
            "sparse formats need exact zeros; widen ε to see how many outputs are merely close to zero."
        ),
        "jumprelu_note": (
            "JumpReLU's forward pass is the thresholded ReLU at θ = t, so its row repeats that one. "
            "The two differ in training: JumpReLU learns θ per unit, with a straight-through estimator "
            "for θ's gradient."
        ),
        "topk_note": (
            "Top-k reads the sample as rows of {width} and keeps the k largest of each row, so exactly "
            "1 − k/{width} of its outputs are zero; it uses {used:,} of the {n:,} values ({rows:,} whole rows)."
        ),
        "gelu_zeros": (
            "GELU wrote {zeros:,} exact zeros here. They are float64 rounding, not sparsity: GELU(x) = x·Φ(x) "
            "is never 0 for x ≠ 0, but once x ≤ {cut:.4f} the sum 1 + erf(x/√2) rounds to exactly 0 and the "
            "output becomes −0.0. Closed form Φ((c − μ)/σ) = {exact:.4%}. In float32 this starts already near "
            "x ≈ −5.54. SiLU would need x < {silu_cut:.2f} (exp overflows) and leaky ReLU needs x = 0 exactly."
        ),
        "gelu_none": (
            "GELU, SiLU and leaky ReLU wrote no exact zeros on this sample. In float64, GELU rounds to exactly "
            "0 only for x ≤ {cut:.4f} (where 1 + erf(x/√2) rounds to 0); move μ down and σ up to see it. "
            "SiLU needs x < {silu_cut:.2f}, leaky ReLU x = 0 exactly."
        ),
        "m.relu": "ReLU exact zeros",
        "m.thresholded": "Thresholded ReLU exact zeros",
        "m.topk": "Top-k exact zeros",
        "m.smooth": "Exact zeros: GELU · SiLU · leaky",
        "m.closed_help": "Closed form: {formula} = {value}",
        "m.smooth_help": "Counts of outputs exactly equal to 0, out of {n:,}.",
        "table": "Exact and near zeros of every activation",
        "bars": "Exact zeros and near zeros",
        "curves": "The activations on [−4, 4]",
        "curves_note": "Top-k is not drawn: it is not elementwise, each output depends on the other 63 in its row.",
        "col.function": "activation",
        "col.formula": "y = f(x)",
        "col.outputs": "outputs",
        "col.zeros": "exact zeros",
        "col.zero_fraction": "exact-zero share",
        "col.closed": "closed form",
        "col.closed_value": "closed-form share",
        "col.near_fraction": "near-zero share (|y| < ε)",
        "formula.topk": f"k largest of each {ROW_WIDTH} kept, rest 0",
        "formula.jumprelu": "x · 1[x > θ], θ = t (learned in training)",
    },
    "zh": {
        "intro": (
            "把十种激活函数作用在同一个样本 $x \\sim \\mathcal{N}(\\mu, \\sigma^2)$ 上。只有 ReLU 一族、两种收缩函数和 "
            "top-k 会写出**精确的零**；GELU、SiLU 和 Leaky ReLU 对所有 $x \\neq 0$ 都不为零，只会给出*很小*的值，"
            "而不是零。跳过零值的算子和稀疏存储格式都需要精确的零；调大 ε，可以看到有多少输出只是接近零。"
        ),
        "jumprelu_note": (
            "JumpReLU 的前向计算就是阈值取 θ = t 的阈值 ReLU，所以它这一行与阈值 ReLU 完全相同。"
            "两者的区别在训练：JumpReLU 为每个单元学习一个 θ，并用直通估计器（straight-through estimator）求 θ 的梯度。"
        ),
        "topk_note": (
            "Top-k 把样本按每行 {width} 个排成若干行，每行保留最大的 k 个，因此恰好有 1 − k/{width} 的输出为零；"
            "它使用了 {n:,} 个值中的 {used:,} 个（{rows:,} 个整行）。"
        ),
        "gelu_zeros": (
            "这里 GELU 写出了 {zeros:,} 个精确的零。这是 float64 的舍入，而不是稀疏：对任何 x ≠ 0，"
            "GELU(x) = x·Φ(x) 都不为零，但当 x ≤ {cut:.4f} 时，1 + erf(x/√2) 被舍入为 0，输出变成 −0.0。"
            "解析式 Φ((c − μ)/σ) = {exact:.4%}。在 float32 下，大约从 x ≈ −5.54 起就会如此。"
            "SiLU 要 x < {silu_cut:.2f}（exp 溢出）才会输出 0，Leaky ReLU 则只有 x 恰好为 0 时才会。"
        ),
        "gelu_none": (
            "在这个样本上，GELU、SiLU 和 Leaky ReLU 都没有写出精确的零。在 float64 下，GELU 只有当 x ≤ {cut:.4f} "
            "时才会舍入为 0（此时 1 + erf(x/√2) 被舍入为 0）；把 μ 调小、σ 调大就能看到。"
            "SiLU 要 x < {silu_cut:.2f}，Leaky ReLU 要 x 恰好为 0。"
        ),
        "m.relu": "ReLU 精确零",
        "m.thresholded": "阈值 ReLU 精确零",
        "m.topk": "Top-k 精确零",
        "m.smooth": "精确零个数：GELU · SiLU · Leaky",
        "m.closed_help": "解析式：{formula} = {value}",
        "m.smooth_help": "输出恰好等于 0 的个数（共 {n:,} 个）。",
        "table": "各激活函数的精确零与近零",
        "bars": "精确零与近零",
        "curves": "各激活函数在 [−4, 4] 上的曲线",
        "curves_note": "没有画 top-k：它不是逐元素函数，每个输出取决于同一行的其余 63 个值。",
        "col.function": "激活函数",
        "col.formula": "y = f(x)",
        "col.outputs": "输出个数",
        "col.zeros": "精确零个数",
        "col.zero_fraction": "精确零比例",
        "col.closed": "解析式",
        "col.closed_value": "解析值",
        "col.near_fraction": "近零比例（|y| < ε）",
        "formula.topk": f"每 {ROW_WIDTH} 个保留最大的 k 个，其余为 0",
        "formula.jumprelu": "x · 1[x > θ]，θ = t（训练中学习）",
    },
}


def formula(key: str, lang: str) -> str:
    """The activation's formula as the table shows it."""
    return FORMULAS.get(key) or TEXT[lang][f"formula.{key}"]


def table(result: Result, lang: str) -> pd.DataFrame:
    """One row per activation: formula, counts, measured and closed-form zero shares, near-zero share."""
    import pandas as pd

    text, names = TEXT[lang], LABELS[lang]
    return pd.DataFrame(
        {
            text["col.function"]: [names[f"fn.{r.key}"] for r in result.rows],
            text["col.formula"]: [formula(r.key, lang) for r in result.rows],
            text["col.outputs"]: [r.outputs for r in result.rows],
            text["col.zeros"]: [r.zeros for r in result.rows],
            text["col.zero_fraction"]: [r.zero_fraction for r in result.rows],
            text["col.closed"]: [CLOSED_FORMS[r.key] for r in result.rows],
            text["col.closed_value"]: [r.closed_form for r in result.rows],
            text["col.near_fraction"]: [r.near_fraction for r in result.rows],
        }
    )


FRACTION_COLUMNS = ("col.zero_fraction", "col.closed_value", "col.near_fraction")


def bars_figure(result: Result, labels: Mapping[str, str], dark: bool) -> Figure:
    """Horizontal bars: each activation's exact-zero and near-zero share, labelled with the value."""
    colours = palette(dark)
    fig, ax = new_axes(dark, (5.6, 5.0))
    rows = result.rows[::-1]  # first function on top
    ys = np.arange(len(rows))
    height = 0.38
    exact = [r.zero_fraction for r in rows]
    near = [r.near_fraction for r in rows]
    ax.barh(ys + height / 2, exact, height, color=colours.primary, label=labels["exact"])
    ax.barh(ys - height / 2, near, height, color=colours.secondary, label=labels["near"].format(eps=result.eps))
    for y, e, m in zip(ys, exact, near, strict=True):
        ax.text(e + 0.01, y + height / 2, short_percent(e), va="center", fontsize=7.5, color=colours.text)
        ax.text(m + 0.01, y - height / 2, short_percent(m), va="center", fontsize=7.5, color=colours.text)
    ax.set_yticks(ys, [labels[f"fn.{r.key}"] for r in rows])
    ax.set_xlim(0, 1.18)
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(labels["fraction"])
    ax.grid(False, axis="y")
    style_legend(ax, dark)
    ax.get_legend().set_loc("lower right")
    return fig


EXTRA_COLOURS = {  # beyond the palette's three series colours: tab10 on light, lighter tints on dark
    False: ("#FF7F0E", "#9467BD", "#8C564B", "#E377C2", "#17BECF"),
    True: ("#FFB366", "#C5A3E8", "#D4A58F", "#F5A3DA", "#6FDDEB"),
}


def _break_jumps(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Insert a gap where the curve jumps (every slope here is at most 1), so no vertical segment is drawn."""
    jumps = np.flatnonzero(np.abs(np.diff(y)) > 2 * np.diff(x)) + 1
    return np.insert(x, jumps, np.nan), np.insert(y, jumps, np.nan)


def curves_figure(result: Result, labels: Mapping[str, str], dark: bool) -> Figure:
    """Each elementwise activation's curve on [-4, 4] at the current t and λ (top-k is not elementwise)."""
    colours = palette(dark)
    orange, purple, brown, pink, cyan = EXTRA_COLOURS[dark]
    fig, ax = new_axes(dark, (5.6, 5.0))
    x = np.linspace(*CURVE_RANGE, CURVE_POINTS)
    t, lam = result.t, result.lam
    curves = (
        ("fn.relu", relu(x), colours.primary, "-", 3.2),
        ("curve.thresholded", thresholded(x, t), colours.accent, "-", 1.8),
        ("fn.shifted", shifted_relu(x, t), orange, "-", 1.5),
        ("fn.hardshrink", hard_shrink(x, lam), purple, "--", 1.5),
        ("fn.softshrink", soft_shrink(x, lam), brown, "--", 1.5),
        ("fn.gelu", gelu(x), colours.secondary, "-", 1.5),
        ("fn.silu", silu(x), cyan, "-.", 1.5),
        ("fn.leaky", leaky_relu(x), pink, ":", 1.8),
    )
    for key, y, colour, style, width in curves:
        ax.plot(*_break_jumps(x, y), color=colour, linestyle=style, linewidth=width, label=labels[key])
    ax.axhline(0, color=colours.text, linewidth=0.6)
    ax.set_xlim(*CURVE_RANGE)
    ax.set_ylim(*CURVE_YLIM)
    ax.set_xlabel(labels["x"])
    ax.set_ylabel(labels["y"])
    style_legend(ax, dark)
    ax.get_legend().set_loc("upper left")
    return fig


DEMO = Demo(
    name="zoo",
    title={"en": "Activation zoo: who writes exact zeros?", "zh": "激活函数大观：谁会写出精确的零？"},
    params=PARAMS,
)
