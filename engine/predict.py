"""Predict the number: generated problems with closed-form answers, graded with a tolerance.

Each template draws fresh parameters from a seed (the same template and seed give the same
problem on every machine), asks for one number in English and Chinese, and derives it step by
step in a worked solution. Answers are typed as text and read by :func:`parse_answer`:

- a **percentage** may be typed as ``84.1``, ``84.1%`` or the fraction ``0.841``: a bare number
  of at most 1 is read as a fraction, so half a percent is typed ``0.5%`` (every percentage
  asked here is above 1%, so the rule never turns a right answer wrong);
- a **count** (or a count in millions) is a whole number, exact;
- commas may only separate thousands (``1,024``); full-width digits, ``％`` and ``，`` are read
  like their ASCII forms; surrounding whitespace is ignored. Anything else is refused with
  an :class:`AnswerError` that says why, and nothing is graded.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum

from engine.i18n import t
from engine.schema import Localized


class Unit(StrEnum):
    """What the answer counts."""

    percent = "percent"
    count = "count"
    millions = "millions"


@dataclass(frozen=True)
class Problem:
    """One generated problem.

    Attributes:
        template: the template's id; the quiz history files attempts under ``predict:<template>``.
        seed: the seed its parameters were drawn from; ``generate(template, seed)`` gives it again.
        topic: the bank topic it practises.
        params: the drawn parameters, by name.
        prompt: the question, Markdown with LaTeX.
        answer: the exact answer, in ``unit`` (a percentage from 0 to 100 for :attr:`Unit.percent`).
        tolerance: the largest accepted distance from ``answer`` (0: exact).
        unit: what the answer counts.
        solution: the worked solution, Markdown with LaTeX.
    """

    template: str
    seed: int
    topic: str
    params: Mapping[str, float | int | str]
    prompt: Localized
    answer: float
    tolerance: float
    unit: Unit
    solution: Localized


_Built = tuple[dict[str, float | int | str], Localized, float, Localized]
"""What a template builds: the parameters, the prompt, the exact answer and the worked solution."""


@dataclass(frozen=True)
class Template:
    """A kind of problem: its id, topic, unit and tolerance, and how to build one from a generator."""

    id: str
    topic: str
    unit: Unit
    tolerance: float
    build: Callable[[random.Random], _Built]


# ---------------------------------------------------------------- numbers in text


def _dec(x: float, places: int = 2) -> str:
    """``x`` with at most ``places`` decimals, trailing zeros dropped."""
    text = f"{x:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _int(n: int) -> str:
    """A whole number with commas between thousands."""
    return f"{n:,}"


def _tex_int(n: int) -> str:
    """A whole number with commas between thousands, for LaTeX (``{,}`` keeps the comma unspaced)."""
    return _int(n).replace(",", "{,}")


def _eq(x: float, places: int = 4) -> str:
    """``= x``, or ``\\approx x`` when ``places`` decimals do not hold ``x`` exactly (for LaTeX)."""
    sign = "=" if abs(round(x, places) - x) < 1e-12 else r"\approx"
    return f"{sign} {_dec(x, places)}"


def _sub(a: float, b: float) -> str:
    """``a - b`` written out, with a negative ``b`` in parentheses."""
    return f"{_dec(a)} - ({_dec(b)})" if b < 0 else f"{_dec(a)} - {_dec(b)}"


def _phi(z: float) -> float:
    """The standard normal CDF."""
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def _tenths(rng: random.Random, low: float, high: float) -> float:
    """A multiple of 0.1 from ``low`` to ``high`` (inclusive)."""
    return rng.randint(round(low * 10), round(high * 10)) / 10


def _localized(en: str, zh: str) -> Localized:
    return Localized(en=en.strip(), zh=zh.strip())


# ---------------------------------------------------------------- templates


def _threshold_normal(rng: random.Random) -> _Built:
    while True:
        mu, sigma, thr = _tenths(rng, -1, 1), rng.choice((0.5, 0.8, 1.0, 1.2, 1.5, 2.0)), _tenths(rng, -1, 2)
        z = (thr - mu) / sigma
        if abs(z) <= 2:
            break
    p = _phi(z)
    prompt = _localized(
        rf"""
Pre-activations $x \sim \mathcal{{N}}(\mu, \sigma^2)$ with $\mu = {_dec(mu)}$ and $\sigma = {_dec(sigma)}$ go
through a thresholded ReLU with threshold $t = {_dec(thr)}$: the output is $x$ where $x > t$ and $0$ elsewhere.
What percentage of the outputs is exactly zero?
""",
        rf"""
激活前的值 $x \sim \mathcal{{N}}(\mu, \sigma^2)$，其中 $\mu = {_dec(mu)}$，$\sigma = {_dec(sigma)}$，经过阈值
$t = {_dec(thr)}$ 的阈值 ReLU：$x > t$ 处输出 $x$，其余输出 $0$。输出中恰好为零的比例是百分之多少？
""",
    )
    steps = rf"$z = \dfrac{{t - \mu}}{{\sigma}} = \dfrac{{{_sub(thr, mu)}}}{{{_dec(sigma)}}} {_eq(z)}$"
    value = rf"$P(x \le t) = \Phi(z) = \tfrac12\left(1 + \operatorname{{erf}}(z / \sqrt 2)\right) {_eq(p)}$"
    solution = _localized(
        f"""
1. The output is 0 exactly where $x \\le t$, so the share of zeros is $P(x \\le t)$.
2. Standardise: {steps}.
3. {value}.
4. So **{100 * p:.2f}%** of the outputs are zero.
""",
        f"""
1. 输出恰在 $x \\le t$ 处为 0，所以零的比例就是 $P(x \\le t)$。
2. 标准化：{steps}。
3. {value}。
4. 所以 **{100 * p:.2f}%** 的输出为零。
""",
    )
    return {"mu": mu, "sigma": sigma, "t": thr}, prompt, 100 * p, solution


def _threshold_uniform(rng: random.Random) -> _Built:
    low, high = rng.choice((-2.0, -1.5, -1.0, -0.5, 0.0)), rng.choice((0.5, 1.0, 1.5, 2.0, 3.0))
    thr = _tenths(rng, low + 0.1, high - 0.1)
    p = (thr - low) / (high - low)
    prompt = _localized(
        rf"""
Pre-activations are uniform on $[a, b] = [{_dec(low)}, {_dec(high)}]$. A thresholded ReLU with $t = {_dec(thr)}$
keeps $x$ where $x > t$ and writes $0$ elsewhere. What percentage of the outputs is exactly zero?
""",
        rf"""
激活前的值在 $[a, b] = [{_dec(low)}, {_dec(high)}]$ 上均匀分布。阈值 $t = {_dec(thr)}$ 的阈值 ReLU 在 $x > t$
处保留 $x$，其余输出 $0$。输出中恰好为零的比例是百分之多少？
""",
    )
    ratio = rf"$\dfrac{{t - a}}{{b - a}} = \dfrac{{{_sub(thr, low)}}}{{{_sub(high, low)}}} {_eq(p)}$"
    solution = _localized(
        f"""
1. The output is 0 exactly where $x \\le t$, so the share of zeros is $P(x \\le t)$.
2. A uniform density is flat: the share below $t$ is the length of $[a, t]$ over the length of $[a, b]$:
   {ratio}.
3. So **{100 * p:.2f}%** of the outputs are zero.
""",
        f"""
1. 输出恰在 $x \\le t$ 处为 0，所以零的比例就是 $P(x \\le t)$。
2. 均匀分布的密度处处相同：$t$ 以下的比例等于 $[a, t]$ 的长度除以 $[a, b]$ 的长度：{ratio}。
3. 所以 **{100 * p:.2f}%** 的输出为零。
""",
    )
    return {"a": low, "b": high, "t": thr}, prompt, 100 * p, solution


def _threshold_laplace(rng: random.Random) -> _Built:
    scale, thr = rng.choice((0.5, 1.0, 1.5, 2.0)), _tenths(rng, 0, 3)
    p = 1 - 0.5 * math.exp(-thr / scale)
    prompt = _localized(
        rf"""
Pre-activations follow a Laplace distribution centred at 0 with scale $b = {_dec(scale)}$ (density
$\frac{{1}}{{2b}} e^{{-|x| / b}}$). A thresholded ReLU with $t = {_dec(thr)}$ keeps $x$ where $x > t$ and writes $0$
elsewhere. What percentage of the outputs is exactly zero?
""",
        rf"""
激活前的值服从中心为 0、尺度 $b = {_dec(scale)}$ 的拉普拉斯分布（密度 $\frac{{1}}{{2b}} e^{{-|x| / b}}$）。
阈值 $t = {_dec(thr)}$ 的阈值 ReLU 在 $x > t$ 处保留 $x$，其余输出 $0$。输出中恰好为零的比例是百分之多少？
""",
    )
    tail = r"$P(x > t) = \int_t^\infty \frac{1}{2b} e^{-x/b}\,dx = \tfrac12 e^{-t/b}$"
    value = rf"$P(x \le t) = 1 - \tfrac12 e^{{-{_dec(thr)} / {_dec(scale)}}} {_eq(p)}$"
    solution = _localized(
        f"""
1. The output is 0 exactly where $x \\le t$, so the share of zeros is $P(x \\le t)$.
2. For $t \\ge 0$ the tail above $t$ is {tail}.
3. {value}.
4. So **{100 * p:.2f}%** of the outputs are zero (at $t = 0$ it would be 50%: plain ReLU).
""",
        f"""
1. 输出恰在 $x \\le t$ 处为 0，所以零的比例就是 $P(x \\le t)$。
2. 当 $t \\ge 0$ 时，$t$ 以上的尾部为 {tail}。
3. {value}。
4. 所以 **{100 * p:.2f}%** 的输出为零（$t = 0$ 时为 50%，即普通 ReLU）。
""",
    )
    return {"b": scale, "t": thr}, prompt, 100 * p, solution


def _shrinkage(rng: random.Random) -> _Built:
    hard = rng.random() < 0.5
    while True:
        sigma, lam = rng.choice((0.5, 1.0, 2.0)), _tenths(rng, 0.1, 2)
        if lam / sigma <= 2.5:
            break
    z = lam / sigma
    p = 2 * _phi(z) - 1
    soft = r"$y = \operatorname{sign}(x)\max(|x| - \lambda, 0)$"
    rule_en = r"$y = x$ where $|x| > \lambda$, else $0$" if hard else soft
    rule_zh = r"$|x| > \lambda$ 处 $y = x$，其余 $y = 0$" if hard else soft
    name_en, name_zh = ("hard", "硬") if hard else ("soft", "软")
    prompt = _localized(
        rf"""
Inputs $x \sim \mathcal{{N}}(0, \sigma^2)$ with $\sigma = {_dec(sigma)}$ go through {name_en} shrinkage with
$\lambda = {_dec(lam)}$: {rule_en}. What percentage of the outputs is exactly zero?
""",
        rf"""
输入 $x \sim \mathcal{{N}}(0, \sigma^2)$，$\sigma = {_dec(sigma)}$，经过 $\lambda = {_dec(lam)}$ 的{name_zh}收缩：
{rule_zh}。输出中恰好为零的比例是百分之多少？
""",
    )
    both = r"$P(|x| \le \lambda) = \Phi(\lambda / \sigma) - \Phi(-\lambda / \sigma) = 2\,\Phi(\lambda / \sigma) - 1$"
    value = rf"$2\,\Phi({_dec(lam)} / {_dec(sigma)}) - 1 = 2\,\Phi({_dec(z, 4)}) - 1 {_eq(p)}$"
    solution = _localized(
        f"""
1. Hard and soft shrinkage both write 0 exactly where $|x| \\le \\lambda$ (they differ only in what the
   survivors become), so the share of zeros is {both}.
2. Here {value}.
3. So **{100 * p:.2f}%** of the outputs are zero.
""",
        f"""
1. 硬收缩和软收缩都恰在 $|x| \\le \\lambda$ 处输出 0（区别只在于幸存值变成什么），所以零的比例为 {both}。
2. 代入得 {value}。
3. 所以 **{100 * p:.2f}%** 的输出为零。
""",
    )
    return {"kind": "hard" if hard else "soft", "sigma": sigma, "lambda": lam}, prompt, 100 * p, solution


def _top_k(rng: random.Random) -> _Built:
    n = rng.choice((256, 512, 768, 1024, 2048, 3072, 4096, 8192))
    k = rng.choice([k for k in (4, 8, 16, 32, 64, 128) if 2 * k <= n])
    p = 1 - k / n
    prompt = _localized(
        rf"""
A top-$k$ activation keeps the $k = {k}$ largest of $n = {_tex_int(n)}$ hidden activities and sets the others to 0
(as k-sparse autoencoders do; Makhzani & Frey, 2013). Assume no ties. What percentage of the units is zero for
each input?
""",
        rf"""
top-$k$ 激活在 $n = {_tex_int(n)}$ 个隐藏单元中只保留最大的 $k = {k}$ 个，其余置为 0（k-稀疏自编码器就是这样做的；
Makhzani 与 Frey，2013）。假设没有并列值。对每个输入，有百分之多少的单元为零？
""",
    )
    ratio = rf"$\dfrac{{n - k}}{{n}} = 1 - \dfrac{{{k}}}{{{n}}} {_eq(p, 6)}$"
    solution = _localized(
        f"""
1. Exactly $k$ units survive for every input, whatever the input's distribution.
2. The share of zeros is {ratio}.
3. So **{100 * p:.3f}%** of the units are zero: the sparsity is fixed by $k$ and $n$, not by a threshold.
""",
        f"""
1. 对每个输入都恰好有 $k$ 个单元保留，与输入的分布无关。
2. 零的比例为 {ratio}。
3. 所以 **{100 * p:.3f}%** 的单元为零：稀疏度由 $k$ 和 $n$ 决定，而不是由阈值决定。
""",
    )
    return {"k": k, "n": n}, prompt, 100 * p, solution


def _moe_share(rng: random.Random) -> _Built:
    experts = rng.choice((8, 16, 32, 64))
    k = rng.choice([k for k in (1, 2, 4, 8) if k < experts])
    p = k / experts
    prompt = _localized(
        rf"""
A Mixture-of-Experts layer has $E = {experts}$ experts of equal size, and its router sends each token to the top
$k = {k}$ of them. What percentage of the layer's expert parameters does one token use?
""",
        rf"""
一个专家混合（MoE）层有 $E = {experts}$ 个同样大小的专家，路由器把每个 token 发给得分最高的 $k = {k}$ 个专家。
一个 token 用到该层专家参数的百分之多少？
""",
    )
    ratio = rf"$k / E = {k} / {experts} {_eq(p, 6)}$"
    solution = _localized(
        f"""
1. A token runs $k$ whole experts and skips the other $E - k$; all experts have the same size.
2. The share used is {ratio}, so **{100 * p:.3f}%**.
3. The layer still stores all $E$ experts: an MoE has more parameters than a dense layer that costs the same
   per token. Mixtral 8x7B, for example, has $E = 8$ and $k = 2$ (Jiang et al., 2024).
""",
        f"""
1. 一个 token 完整地运行 $k$ 个专家，跳过其余 $E - k$ 个；所有专家大小相同。
2. 用到的比例为 {ratio}，即 **{100 * p:.3f}%**。
3. 该层仍然存储全部 $E$ 个专家：MoE 的参数比每个 token 计算量相同的稠密层更多。例如 Mixtral 8x7B 的
   $E = 8$，$k = 2$（Jiang 等，2024）。
""",
    )
    return {"E": experts, "k": k}, prompt, 100 * p, solution


def _moe_params(rng: random.Random) -> _Built:
    layers, experts = rng.choice((8, 12, 16, 24, 32)), rng.choice((8, 16, 32, 64))
    k = rng.choice([k for k in (1, 2, 4) if k < experts])
    size, shared = rng.choice((4, 8, 16, 24, 32, 48, 64, 96, 128)), 50 * rng.randint(2, 40)
    active = rng.random() < 0.5
    used = k if active else experts
    total = shared + layers * used * size
    ask_en = "does one token use (active parameters)" if active else "does the model store (total parameters)"
    ask_zh = "一个 token 用到多少参数（激活参数）" if active else "模型一共存储多少参数（总参数）"
    prompt = _localized(
        rf"""
A model has $L = {layers}$ MoE layers. Each has $E = {experts}$ experts of {size} million parameters, and each
token is routed to $k = {k}$ experts per layer. Everything outside the experts (attention, embeddings, routers)
holds {_int(shared)} million parameters, all used by every token. How many parameters, in millions, {ask_en}?
""",
        rf"""
一个模型有 $L = {layers}$ 个 MoE 层。每层有 $E = {experts}$ 个专家，每个专家 {size} 百万参数；每个 token 在每层被路由到
$k = {k}$ 个专家。专家以外的部分（注意力、嵌入、路由器）共有 {_int(shared)} 百万参数，每个 token 都会用到。{ask_zh}？
以百万为单位作答。
""",
    )
    experts_en = "the $k$ routed experts" if active else "all $E$ experts"
    experts_zh = "被路由到的 $k$ 个专家" if active else "全部 $E$ 个专家"
    sum_ = rf"${_tex_int(shared)} + {layers} \times {used} \times {size} = {_tex_int(total)}$"
    solution = _localized(
        f"""
1. Count the shared part once, then {experts_en} in each of the $L$ layers.
2. {sum_} million.
3. So **{_int(total)} million** parameters.
""",
        f"""
1. 共享部分计一次，再加上 $L$ 层中每层{experts_zh}。
2. {sum_} 百万。
3. 所以共 **{_int(total)} 百万** 参数。
""",
    )
    return (
        {
            "L": layers,
            "E": experts,
            "k": k,
            "expert_millions": size,
            "shared_millions": shared,
            "ask": "active" if active else "total",
        },
        prompt,
        float(total),
        solution,
    )


def _two_four(rng: random.Random) -> _Built:
    rows, cols = rng.choice((64, 128, 256, 512, 768, 1024)), rng.choice((256, 512, 768, 1024))
    nonzero = rows * cols // 2
    prompt = _localized(
        rf"""
A weight matrix of shape ${rows} \times {cols}$ is pruned to 2:4 structured sparsity, the pattern NVIDIA's sparse
Tensor Cores accelerate (Mishra et al., 2021): in every group of 4 consecutive weights of a row, the 2 of largest
magnitude are kept and the other 2 set to zero. How many weights are non-zero after pruning?
""",
        rf"""
把形状为 ${rows} \times {cols}$ 的权重矩阵剪枝成 2:4 结构化稀疏，即 NVIDIA 稀疏张量核心能加速的模式（Mishra 等，2021）：
每行中每 4 个相邻权重里保留绝对值最大的 2 个，另外 2 个置零。剪枝后有多少个非零权重？
""",
    )
    groups = rows * cols // 4
    count = rf"${rows} \times {cols} / 4 = {_tex_int(groups)}$"
    kept = rf"$2 \times {_tex_int(groups)} = {_tex_int(nonzero)}$"
    solution = _localized(
        f"""
1. Each row of {cols} weights splits into {cols // 4} groups of 4; the whole matrix has {count} groups.
2. Each group keeps 2 weights: {kept}.
3. So **{_int(nonzero)}** weights are non-zero: 50% sparsity for any shape. This is weight sparsity, fixed after
   pruning; activation sparsity changes with every input.
""",
        f"""
1. 每行 {cols} 个权重分成 {cols // 4} 组、每组 4 个；整个矩阵共 {count} 组。
2. 每组保留 2 个权重：{kept}。
3. 所以有 **{_int(nonzero)}** 个非零权重：任何形状都是 50% 稀疏。这是权重稀疏，剪枝后就固定了；
   激活稀疏则随每个输入而变。
""",
    )
    return {"rows": rows, "cols": cols}, prompt, float(nonzero), solution


def _dense_params(rng: random.Random) -> _Built:
    inputs, hidden = rng.choice((10, 16, 32, 64, 128, 256, 784)), rng.choice((8, 16, 32, 64, 128, 256, 512))
    outputs, thr = rng.choice((1, 2, 10, 100)), rng.choice((0.1, 0.2, 0.5, 1.0))
    first, second = inputs * hidden + hidden, hidden * outputs + outputs
    total = first + second
    prompt = _localized(
        rf"""
A network is Dense({inputs} → {hidden}), then a thresholded ReLU with $t = {_dec(thr)}$ (outputs $x$ where $x > t$,
else $0$), then Dense({hidden} → {outputs}). Both Dense layers have biases. How many trainable parameters does it have?
""",
        rf"""
一个网络依次为 Dense({inputs} → {hidden})、阈值 $t = {_dec(thr)}$ 的阈值 ReLU（$x > t$ 处输出 $x$，其余输出 $0$）、
Dense({hidden} → {outputs})。两个 Dense 层都有偏置。它有多少个可训练参数？
""",
    )
    sums = (
        rf"${inputs} \times {hidden} + {hidden} = {_tex_int(first)}$",
        rf"${hidden} \times {outputs} + {outputs} = {_tex_int(second)}$",
        rf"${_tex_int(first)} + {_tex_int(second)} = {_tex_int(total)}$",
    )
    solution = _localized(
        f"""
1. A Dense layer from $m$ to $n$ units has $m \\times n$ weights and $n$ biases.
2. First layer: {sums[0]}. Second layer: {sums[1]}.
3. Total: {sums[2]}, so **{_int(total)}**.
4. The threshold is a fixed constant of the activation, not a weight: without it the count is the same. Zeroed
   activations differ from input to input; the weights do not go away.
""",
        f"""
1. 从 $m$ 个单元到 $n$ 个单元的 Dense 层有 $m \\times n$ 个权重和 $n$ 个偏置。
2. 第一层：{sums[0]}。第二层：{sums[1]}。
3. 合计：{sums[2]}，即 **{_int(total)}**。
4. 阈值是激活函数里的固定常数，不是权重：去掉阈值，参数量不变。被置零的激活随输入而变，权重并没有减少。
""",
    )
    return {"inputs": inputs, "hidden": hidden, "outputs": outputs, "t": thr}, prompt, float(total), solution


TEMPLATES: dict[str, Template] = {
    t.id: t
    for t in (
        Template("threshold-normal", "activation-functions", Unit.percent, 1.0, _threshold_normal),
        Template("threshold-uniform", "activation-functions", Unit.percent, 1.0, _threshold_uniform),
        Template("threshold-laplace", "activation-functions", Unit.percent, 1.0, _threshold_laplace),
        Template("shrinkage", "encouraging-sparsity", Unit.percent, 1.0, _shrinkage),
        Template("top-k", "encouraging-sparsity", Unit.percent, 0.1, _top_k),
        Template("moe-share", "conditional-computation", Unit.percent, 0.1, _moe_share),
        Template("moe-params", "conditional-computation", Unit.millions, 0.0, _moe_params),
        Template("two-four", "weight-sparsity", Unit.count, 0.0, _two_four),
        Template("dense-params", "fundamentals", Unit.count, 0.0, _dense_params),
    )
}
"""Every template by id, in the order they are offered."""


def templates_for(topics: Collection[str] = ()) -> list[Template]:
    """The templates of the given topics (all of them if ``topics`` is empty)."""
    return [t for t in TEMPLATES.values() if not topics or t.topic in topics]


def generate(template_id: str, seed: int) -> Problem:
    """The problem of template ``template_id`` drawn from ``seed``; the same on every call and machine.

    Raises:
        KeyError: no template has that id.
    """
    template = TEMPLATES[template_id]
    params, prompt, answer, solution = template.build(random.Random(f"{template_id}:{seed}"))
    return Problem(
        template.id, seed, template.topic, params, prompt, answer, template.tolerance, template.unit, solution
    )


# ---------------------------------------------------------------- reading and grading answers


class AnswerError(ValueError):
    """The typed answer is not a number of the kind asked for; nothing was graded.

    Attributes:
        reason: the key of the explanation, ``predict.error.<reason>`` in the interface strings.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(t(f"predict.error.{reason}", "en"))

    def message(self, lang: str) -> str:
        """Why the answer was refused, in ``lang``."""
        return t(f"predict.error.{self.reason}", lang)


_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?", re.IGNORECASE)
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:e[+-]?\d+)?", re.IGNORECASE)


def parse_answer(text: str, unit: Unit) -> float:
    """The number ``text`` means, in ``unit`` (see the module's docstring for what is accepted).

    Raises:
        AnswerError: empty, not a number, a comma that does not separate thousands, a percentage
            outside 0-100, a negative count, or too large to be finite.
    """
    s = unicodedata.normalize("NFKC", text).strip()
    percent = unit is Unit.percent and s.endswith("%")
    if percent or (unit is Unit.millions and s[-1:] in ("M", "m")):
        s = s[:-1].rstrip()
    if not s:
        raise AnswerError("empty")
    if not _NUMBER.fullmatch(s):
        raise AnswerError("not_number")
    if "," in s and not _GROUPED.fullmatch(s):
        raise AnswerError("comma")
    value = float(s.replace(",", ""))
    if not math.isfinite(value):
        raise AnswerError("too_large")
    if unit is not Unit.percent:
        if value < 0:
            raise AnswerError("negative")
        return value
    if not percent and 0 <= value <= 1:
        value *= 100
    if not 0 <= value <= 100:
        raise AnswerError("percent_range")
    return value


@dataclass(frozen=True)
class Graded:
    """A graded answer.

    Attributes:
        value: the number the answer was read as, in the problem's unit.
        correct: within the tolerance of the exact answer.
    """

    value: float
    correct: bool


def grade(problem: Problem, text: str) -> Graded:
    """Read ``text`` with :func:`parse_answer` and compare it with the exact answer; ends of the
    tolerance count as right.

    Raises:
        AnswerError: the text is not an answer (nothing graded).
    """
    value = parse_answer(text, problem.unit)
    slack = 1e-9 * max(1.0, abs(problem.answer))
    return Graded(value, abs(value - problem.answer) <= problem.tolerance + slack)


def format_value(value: float, unit: Unit, lang: str) -> str:
    """A number for display: ``84.13%``, ``131,072`` or ``4,196 million``."""
    if unit is Unit.percent:
        return f"{_dec(value, 3)}%"
    text = _int(int(value)) if value == int(value) else f"{value:,.3f}".rstrip("0").rstrip(".")
    return t("predict.unit.millions", lang, n=text) if unit is Unit.millions else text


def rule(problem: Problem, lang: str) -> str:
    """How to type the answer to ``problem`` and how close it must be, in ``lang``."""
    if problem.unit is Unit.percent:
        return t("predict.rule.percent", lang, tol=_dec(problem.tolerance))
    return t(f"predict.rule.{problem.unit.value}", lang)
