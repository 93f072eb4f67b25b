"""Mixture-of-Experts routing: top-k gating, expert load, capacity and the Switch balancing loss."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.demos.demo import Demo
from engine.params import SEED, Param
from engine.plotstyle import new_axes, palette, style_legend

if TYPE_CHECKING:
    from matplotlib.figure import Figure

BALANCING = {"balance": ("on",)}

PARAMS = (
    Param("experts", "int", 8, {"en": "Experts E", "zh": "专家数 E"}, 2, 64, 1),
    Param("k", "int", 2, {"en": "Experts per token k", "zh": "每个词元的专家数 k"}, 1, 8, 1),
    Param(
        "tokens",
        "int",
        4_096,
        {"en": "Tokens T", "zh": "词元数 T"},
        256,
        16_384,
        choices=(256, 1_024, 4_096, 16_384),
    ),
    Param("d_model", "int", 64, {"en": "Model width d_model", "zh": "模型宽度 d_model"}, 16, 256, 16),
    Param("skew", "float", 1.5, {"en": "Router skew", "zh": "路由偏斜"}, 0.0, 3.0, 0.1),
    Param("capacity_factor", "float", 1.25, {"en": "Capacity factor", "zh": "容量因子"}, 1.0, 2.0, 0.05),
    Param("alpha", "float", 0.01, {"en": "Aux-loss weight α", "zh": "辅助损失权重 α"}, 0.001, 0.1, 0.001),
    Param(
        "balance",
        "choice",
        "on",
        {"en": "Balance the router with the aux loss", "zh": "用辅助损失平衡路由器"},
        choices=("off", "on"),
    ),
    Param("steps", "int", 10, {"en": "Gradient steps", "zh": "梯度步数"}, 1, 100, 1, shown_for=BALANCING),
    Param("lr", "float", 1.0, {"en": "Step size η", "zh": "步长 η"}, 0.05, 5.0, 0.05, shown_for=BALANCING),
    SEED,
)


def _k_at_most_e(values: Mapping[str, Any]) -> list[str]:
    if values["k"] > values["experts"]:
        return [f"k ({values['k']}) must not exceed the number of experts E ({values['experts']})"]
    return []


def skewed_experts(experts: int) -> int:
    """How many experts (the first ones) get the skew added to their logits: ⌈E/4⌉."""
    return -(-experts // 4)


@dataclass(frozen=True)
class Router:
    """A linear router: logits = x @ weight + bias.

    Attributes:
        weight: ``(d_model, E)``.
        bias: ``(E,)``; starts at the skew on the first ⌈E/4⌉ experts and 0 elsewhere.
    """

    weight: np.ndarray
    bias: np.ndarray

    def logits(self, x: np.ndarray) -> np.ndarray:
        """The ``(T, E)`` router logits for tokens ``x``."""
        return x @ self.weight + self.bias


def draw(values: Mapping[str, Any]) -> tuple[np.ndarray, Router]:
    """Tokens x ~ N(0, I) of shape ``(T, d_model)`` and a random skewed router.

    The weights are N(0, 1/d_model), so each logit has unit variance before the skew.
    """
    rng = np.random.default_rng(values["seed"])
    t, d, e = values["tokens"], values["d_model"], values["experts"]
    x = rng.standard_normal((t, d))
    weight = rng.standard_normal((d, e)) / math.sqrt(d)
    bias = np.zeros(e)
    bias[: skewed_experts(e)] = values["skew"]
    return x, Router(weight, bias)


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    z = np.exp(logits - logits.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def top_k(logits: np.ndarray, k: int) -> np.ndarray:
    """Each row's k largest-logit experts, highest first: ``(T, k)``."""
    part = np.argpartition(-logits, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(logits, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


@dataclass(frozen=True)
class Routing:
    """Where the tokens go under one router.

    Attributes:
        chosen: ``(T, k)`` expert indices per token, highest logit first.
        load: ``(E,)`` assignments per expert (sums to T·k).
        mean_prob: ``(E,)`` P_i, the router's softmax probability for expert i averaged over tokens.
    """

    chosen: np.ndarray
    load: np.ndarray
    mean_prob: np.ndarray

    @property
    def fraction(self) -> np.ndarray:
        """f_i: the share of all T·k assignments that go to expert i."""
        return self.load / self.load.sum()

    @property
    def balance_factor(self) -> float:
        """E·Σ f_i·P_i: the aux loss divided by α (1 when both are uniform)."""
        return float(len(self.load) * np.dot(self.fraction, self.mean_prob))

    @property
    def cv(self) -> float:
        """Coefficient of variation of the load: population std / mean."""
        return float(self.load.std() / self.load.mean())


def _route(logits: np.ndarray, k: int, ordered: bool = True) -> tuple[Routing, np.ndarray]:
    p = softmax(logits)
    # unordered: the same set per token, in no particular order (enough for the load)
    chosen = top_k(logits, k) if ordered else np.argpartition(-logits, k - 1, axis=1)[:, :k]
    return Routing(chosen, np.bincount(chosen.ravel(), minlength=logits.shape[1]), p.mean(axis=0)), p


def route(x: np.ndarray, router: Router, k: int) -> Routing:
    """Top-k routing of tokens ``x``."""
    return _route(router.logits(x), k)[0]


def _gradient(x: np.ndarray, p: np.ndarray, f: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    t, e = p.shape
    g = (e / t) * p * (f[None, :] - (p @ f)[:, None])
    return x.T @ g, g.sum(axis=0)


def balance_gradient(x: np.ndarray, router: Router, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The gradient of E·Σ f_i·P_i with respect to the router's weight and bias.

    f is a count, so it is held constant (as in the Switch Transformer); the gradient
    flows through P only: ∂/∂z_tj = (E/T)·p_tj·(f_j − Σ_i f_i·p_ti).
    """
    routing, p = _route(router.logits(x), k)
    return _gradient(x, p, routing.fraction)


@dataclass(frozen=True)
class Balanced:
    """The outcome of gradient descent on the router.

    Attributes:
        router: the router after the last step.
        routing: the routing under it.
        factor: E·Σ f_i·P_i before the first step and after every step (``steps + 1`` values).
        cv: the load's coefficient of variation at the same points.
    """

    router: Router
    routing: Routing
    factor: np.ndarray
    cv: np.ndarray


def balance(x: np.ndarray, router: Router, k: int, steps: int, lr: float) -> Balanced:
    """Plain gradient descent with step size ``lr`` on E·Σ f_i·P_i (the aux loss divided by α)."""
    factor, cv = [], []
    for step in range(steps + 1):
        routing, p = _route(router.logits(x), k, ordered=step == steps)
        factor.append(routing.balance_factor)
        cv.append(routing.cv)
        if step == steps:
            break
        g_weight, g_bias = _gradient(x, p, routing.fraction)
        router = Router(router.weight - lr * g_weight, router.bias - lr * g_bias)
    return Balanced(router, routing, np.array(factor), np.array(cv))


@dataclass(frozen=True)
class Prepared:
    """The routing, before and (if balancing) after; independent of capacity and α.

    Attributes:
        experts, k, tokens: E, k, T.
        before: the routing under the random skewed router.
        after: the routing after balancing, or None when balancing is off.
        factor, cv: E·Σ f_i·P_i and the load's coefficient of variation at every
            gradient step (one value, the ``before`` one, when balancing is off).
    """

    experts: int
    k: int
    tokens: int
    before: Routing
    after: Routing | None
    factor: np.ndarray
    cv: np.ndarray

    @property
    def final(self) -> Routing:
        """The routing the page reports: after balancing if it ran."""
        return self.before if self.after is None else self.after


def prepare(values: Mapping[str, Any]) -> Prepared:
    """Draw tokens and router, route them and, if asked, balance the router."""
    values = DEMO.check(values)
    x, router = draw(values)
    k, e, t = values["k"], values["experts"], values["tokens"]
    before = route(x, router, k)
    if values["balance"] == "off":
        return Prepared(e, k, t, before, None, np.array([before.balance_factor]), np.array([before.cv]))
    done = balance(x, router, k, values["steps"], values["lr"])
    return Prepared(e, k, t, before, done.routing, done.factor, done.cv)


def capacity(tokens: int, k: int, experts: int, capacity_factor: float) -> int:
    """Expert capacity C = ⌊capacity_factor·T·k/E⌋ assignments (rounded to 9 decimals first)."""
    return math.floor(round(capacity_factor * tokens * k / experts, 9))


def dropped(load: np.ndarray, cap: int) -> int:
    """Assignments beyond each expert's capacity: Σ_i max(0, load_i − C)."""
    return int(np.maximum(load - cap, 0).sum())


@dataclass(frozen=True)
class Measures:
    """The numbers the page shows.

    Attributes:
        active_share: k/E, the share of expert parameters each token uses (exact fraction).
        ideal: T·k/E, the load of a perfectly balanced expert.
        capacity: C, the assignments one expert can take.
        assignments: T·k.
        dropped_before, dropped_after: over-capacity assignments (``after`` is None when not balancing).
        aux_before, aux_after: α·E·Σ f_i·P_i.
        cv_before, cv_after: coefficient of variation of the load.
    """

    active_share: Fraction
    ideal: float
    capacity: int
    assignments: int
    dropped_before: int
    dropped_after: int | None
    aux_before: float
    aux_after: float | None
    cv_before: float
    cv_after: float | None


def measure(prepared: Prepared, capacity_factor: float, alpha: float) -> Measures:
    """Capacity, dropped assignments, aux loss and load spread for the prepared routing."""
    e, k, t = prepared.experts, prepared.k, prepared.tokens
    cap = capacity(t, k, e, capacity_factor)
    before, after = prepared.before, prepared.after
    return Measures(
        active_share=Fraction(k, e),
        ideal=t * k / e,
        capacity=cap,
        assignments=t * k,
        dropped_before=dropped(before.load, cap),
        dropped_after=None if after is None else dropped(after.load, cap),
        aux_before=alpha * before.balance_factor,
        aux_after=None if after is None else alpha * after.balance_factor,
        cv_before=before.cv,
        cv_after=None if after is None else after.cv,
    )


LABELS = {
    "en": {
        "expert": "expert",
        "tokens": "assignments (tokens)",
        "before": "before balancing",
        "after": "after balancing",
        "load": "load",
        "over": "over capacity (dropped)",
        "ideal": "ideal T·k/E",
        "capacity": "capacity C",
        "share": "share",
        "f": "f_i (share of assignments)",
        "p": "P_i (mean router probability)",
        "step": "gradient step",
        "value": "value",
        "factor": "E·Σ f_i·P_i (aux loss / α)",
        "cv": "coefficient of variation of the load",
    },
    "zh": {
        "expert": "专家",
        "tokens": "分配数（词元）",
        "before": "平衡前",
        "after": "平衡后",
        "load": "负载",
        "over": "超出容量（被丢弃）",
        "ideal": "理想值 T·k/E",
        "capacity": "容量 C",
        "share": "比例",
        "f": "f_i（分配占比）",
        "p": "P_i（路由概率均值）",
        "step": "梯度步",
        "value": "数值",
        "factor": "E·Σ f_i·P_i（辅助损失 / α）",
        "cv": "负载变异系数",
    },
}

TEXT = {
    "en": {
        "intro": (
            "A router scores every token against $E$ experts and sends it to the $k$ best (top-$k$ gating), "
            "so each token uses only $k/E$ of the expert parameters. A random router with a *skew* (a bias "
            "added to the logits of the first $\\lceil E/4\\rceil$ experts) overloads a few experts; each expert "
            "holds at most $C = \\lfloor \\text{capacity factor}\\cdot Tk/E\\rfloor$ assignments and the rest are "
            "dropped. The Switch Transformer's auxiliary loss $\\alpha E\\sum_i f_i P_i$ penalises the imbalance: "
            "$f_i$ is the share of all $Tk$ assignments that go to expert $i$ (all $k$ choices counted, divided by "
            "$k$; for $k=1$ this is the paper's top-1 fraction) and $P_i$ is the router's softmax probability for "
            "expert $i$ averaged over tokens. It equals $\\alpha$ when both are uniform. With balancing on, plain "
            "gradient descent on $E\\sum_i f_i P_i$ (i.e. the loss divided by $\\alpha$, so $\\alpha$ does not change "
            "the step) updates the router's weights and bias; $f$ is a count, so the gradient flows through $P$ only."
        ),
        "active": "Active expert parameters per token",
        "active_help": "k/E: each token runs k of the E equally sized experts.",
        "dropped": "Dropped assignments",
        "dropped_help": "Σ max(0, load_i − C): assignments beyond an expert's capacity C.",
        "aux": "Aux loss α·E·Σ f_i·P_i",
        "aux_help": "Equals α when the routing is perfectly uniform (f_i = P_i = 1/E).",
        "cv": "Load coefficient of variation",
        "cv_help": "Population standard deviation of the per-expert load divided by its mean T·k/E.",
        "delta": "change from before balancing",
        "capacity": (
            "Capacity C = ⌊{cf:g} · {t:,} · {k} / {e}⌋ = {cap:,} assignments per expert; "
            "ideal load T·k/E = {ideal:,.2f}."
        ),
        "load_plot": "Assignments per expert",
        "share_plot": "The two factors of the aux loss, per expert",
        "history_plot": "Balancing, step by step",
    },
    "zh": {
        "intro": (
            "路由器为每个词元给 $E$ 个专家打分，并把它发送给得分最高的 $k$ 个（top-$k$ 门控），"
            "因此每个词元只用到专家参数的 $k/E$。带*偏斜*的随机路由器"
            "（在前 $\\lceil E/4\\rceil$ 个专家的 logit 上加一个偏置）会让少数专家过载；"
            "每个专家最多接收 $C = \\lfloor \\text{容量因子}\\cdot Tk/E\\rfloor$ 个分配，其余被丢弃。"
            "Switch Transformer 的辅助损失 $\\alpha E\\sum_i f_i P_i$ 惩罚这种不均衡："
            "$f_i$ 是全部 $Tk$ 个分配中发往专家 $i$ 的比例（$k$ 个选择全部计入再除以 $k$；"
            "$k=1$ 时即论文中的 top-1 比例），$P_i$ 是路由器对专家 $i$ 的 softmax 概率"
            "在所有词元上的平均。两者都均匀时，损失恰好等于 $\\alpha$。开启平衡后，对 $E\\sum_i f_i P_i$"
            "（即损失除以 $\\alpha$，因此 $\\alpha$ 不影响步长）做普通梯度下降，更新路由器的权重和偏置；"
            "$f$ 是计数，梯度只经过 $P$ 传播。"
        ),
        "active": "每个词元激活的专家参数比例",
        "active_help": "k/E：每个词元只运行 E 个同样大小的专家中的 k 个。",
        "dropped": "被丢弃的分配",
        "dropped_help": "Σ max(0, load_i − C)：超出专家容量 C 的分配数。",
        "aux": "辅助损失 α·E·Σ f_i·P_i",
        "aux_help": "路由完全均匀（f_i = P_i = 1/E）时恰好等于 α。",
        "cv": "负载变异系数",
        "cv_help": "各专家负载的总体标准差除以其均值 T·k/E。",
        "delta": "相对平衡前的变化",
        "capacity": "每个专家的容量 C = ⌊{cf:g} · {t:,} · {k} / {e}⌋ = {cap:,} 个分配；理想负载 T·k/E = {ideal:,.2f}。",
        "load_plot": "每个专家的分配数",
        "share_plot": "辅助损失的两个因子（按专家）",
        "history_plot": "逐步平衡的过程",
    },
}


def _expert_axis(ax: Any, experts: int, labels: Mapping[str, str], dark: bool) -> None:
    """Experts along x (a tick per expert when there are few) and the legend."""
    ax.set_xlabel(labels["expert"])
    if experts <= 16:
        ax.set_xticks(np.arange(experts))
    style_legend(ax, dark)


def load_figure(prepared: Prepared, cap: int, labels: Mapping[str, str], dark: bool) -> Figure:
    """Bars of assignments per expert (before and, if balanced, after), the ideal and the capacity lines."""
    colours = palette(dark)
    fig, ax = new_axes(dark)
    e = prepared.experts
    idx = np.arange(e)
    series = [(prepared.before, colours.muted if prepared.after is not None else colours.primary, labels["before"])]
    if prepared.after is not None:
        series.append((prepared.after, colours.primary, labels["after"]))
    width = 0.8 / len(series)
    for i, (routing, colour, name) in enumerate(series):
        pos = idx - 0.4 + width * (i + 0.5)
        kept = np.minimum(routing.load, cap)
        over = routing.load - kept
        ax.bar(pos, kept, width, color=colour, label=name)
        ax.bar(
            pos, over, width, bottom=kept, color=colours.accent, alpha=0.55, label=labels["over"] if i == 0 else None
        )
    ax.axhline(
        prepared.tokens * prepared.k / e, color=colours.secondary, linestyle="--", linewidth=1.5, label=labels["ideal"]
    )
    ax.axhline(cap, color=colours.accent, linestyle=":", linewidth=1.5, label=labels["capacity"])
    ax.set_ylabel(labels["tokens"])
    _expert_axis(ax, e, labels, dark)
    return fig


def share_figure(prepared: Prepared, labels: Mapping[str, str], dark: bool) -> Figure:
    """f_i and P_i per expert for the final routing, with the uniform 1/E line."""
    colours = palette(dark)
    fig, ax = new_axes(dark)
    routing = prepared.final
    e = prepared.experts
    idx = np.arange(e)
    ax.bar(idx - 0.2, routing.fraction, 0.4, color=colours.primary, label=labels["f"])
    ax.bar(idx + 0.2, routing.mean_prob, 0.4, color=colours.secondary, label=labels["p"])
    ax.axhline(1 / e, color=colours.accent, linestyle="--", linewidth=1.2, label="1/E")
    ax.set_ylabel(labels["share"])
    _expert_axis(ax, e, labels, dark)
    return fig


def history_figure(prepared: Prepared, labels: Mapping[str, str], dark: bool) -> Figure:
    """E·Σ f_i·P_i and the load's coefficient of variation at every gradient step."""
    colours = palette(dark)
    fig, ax = new_axes(dark)
    steps = np.arange(len(prepared.factor))
    ax.plot(steps, prepared.factor, color=colours.primary, marker=".", label=labels["factor"])
    ax.plot(steps, prepared.cv, color=colours.secondary, marker=".", label=labels["cv"])
    ax.axhline(1.0, color=colours.muted, linestyle="--", linewidth=1.0)
    ax.set_xlabel(labels["step"])
    ax.set_ylabel(labels["value"])
    ax.set_ylim(bottom=0)
    style_legend(ax, dark)
    return fig


DEMO = Demo(
    name="moe",
    title={"en": "Mixture-of-Experts routing", "zh": "专家混合路由"},
    params=PARAMS,
    constraints=(_k_at_most_e,),
)
