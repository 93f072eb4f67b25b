"""Skipping zero activations for speed: a dense matvec against gathers of the active weights.

For an activation vector ``x`` with only ``k`` of its ``d_in`` entries non-zero, ``W @ x``
needs only the ``k`` columns of ``W`` that meet a non-zero. Two ways to gather them:

* ``W[:, nz] @ x[nz]`` with ``W`` stored ``(d_out, d_in)``: the columns are strided;
* ``W_T[nz].T @ x[nz]`` with ``W_T = W.T`` stored ``(d_in, d_out)``: the same weights are
  contiguous rows.

The gathers use ``np.take``, which gives the same values as the fancy indexing above; NumPy's
fancy indexing of a column slice is several times slower than ``np.take``, which would measure
NumPy's indexing machinery instead of the memory layout.

Timing is honest about caches: every timed call gets a fresh random active set, the weights
are sized to exceed the last-level cache (LLC), the LLC is flushed before every timed call by
reading a buffer twice its size, and the figure per density and method is the median over
the repeats.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.demos.demo import Demo
from engine.params import SEED, Param
from engine.plotstyle import new_axes, palette, style_legend

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DENSITIES = (0.01, 0.02, 0.05, 0.10, 0.20, 0.30, 0.50, 0.70, 1.00)
TICKS = (0.01, 0.02, 0.05, 0.10, 0.20, 0.50, 1.00)  # labelled on the density axis
SIZES = (256, 512, 1024, 2048, 4096, 8192)
DTYPE = np.float32
ITEM_BYTES = np.dtype(DTYPE).itemsize
METHODS = ("dense", "columns", "rows")
CACHE_ROOT = Path("/sys/devices/system/cpu/cpu0/cache")
LLC_MULTIPLE = 4  # the weights should be at least this many times the LLC
FLUSH_FALLBACK_BYTES = 64 * 2**20  # when the LLC size cannot be read
FLUSH_MAX_BYTES = 1024 * 2**20
TRANSPOSE_TILE = 256
IDEAL_POINTS = 200

PARAMS = (
    Param(
        "d_in",
        "int",
        8192,
        {"en": "Inputs d_in (activations)", "zh": "输入维度 d_in（激活数）"},
        SIZES[0],
        SIZES[-1],
        choices=SIZES,
    ),
    Param(
        "d_out",
        "int",
        4096,
        {"en": "Outputs d_out", "zh": "输出维度 d_out"},
        SIZES[0],
        SIZES[-1],
        choices=SIZES,
    ),
    Param("repeats", "int", 3, {"en": "Repeats per density", "zh": "每个密度的重复次数"}, 3, 50, 1),
    SEED,
)
_BY_NAME = {p.name: p for p in PARAMS}


def check(values: Mapping[str, Any]) -> dict[str, Any]:
    """The declared parameters' values, each checked against its range; raise ValueError if one is bad."""
    return {p.name: p.coerce(values.get(p.name, p.default)) for p in PARAMS}


# --- the machine's caches ------------------------------------------------------------------------


@dataclass(frozen=True)
class CacheInfo:
    """The CPU's last-level cache, as the kernel reports it.

    Attributes:
        llc_bytes: the size of the last-level cache in bytes, or None if unknown.
        level: its level (e.g. 3), or None.
        line_bytes: its cache-line size in bytes, or None.
    """

    llc_bytes: int | None
    level: int | None
    line_bytes: int | None


def parse_size(text: str) -> int:
    """A sysfs cache size such as ``32768K``, ``1M`` or ``512`` in bytes."""
    text = text.strip().upper()
    scale = {"K": 2**10, "M": 2**20, "G": 2**30}
    if text and text[-1] in scale:
        return int(text[:-1]) * scale[text[-1]]
    return int(text)


def cache_info(root: Path = CACHE_ROOT) -> CacheInfo:
    """The highest-level data or unified cache under ``root`` (``.../cpu0/cache``)."""
    best: tuple[int, int, int | None] | None = None
    for index in sorted(root.glob("index*")):
        try:
            kind = (index / "type").read_text().strip()
            level = int((index / "level").read_text())
            size = parse_size((index / "size").read_text())
        except (OSError, ValueError):
            continue
        if kind == "Instruction":
            continue
        try:
            line = int((index / "coherency_line_size").read_text())
        except (OSError, ValueError):
            line = None
        if best is None or level > best[0]:
            best = (level, size, line)
    if best is None:
        return CacheInfo(None, None, None)
    return CacheInfo(best[1], best[0], best[2])


def weight_bytes(d_in: int, d_out: int) -> int:
    """The bytes of one float32 weight matrix ``d_out × d_in``."""
    return d_in * d_out * ITEM_BYTES


def flush_bytes(cache: CacheInfo) -> int:
    """The size of the buffer read before each timed call: twice the LLC (bounded)."""
    if cache.llc_bytes is None:
        return FLUSH_FALLBACK_BYTES
    return min(2 * cache.llc_bytes, FLUSH_MAX_BYTES)


# --- the three matvecs ---------------------------------------------------------------------------


def dense_matvec(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``W @ x`` over every weight, zeros included; ``w`` is ``(d_out, d_in)``."""
    return w @ x


def gather_columns(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``W[:, nz] @ x[nz]``: the columns of ``w`` (``(d_out, d_in)``) that meet a non-zero input."""
    nz = np.flatnonzero(x)
    return np.take(w, nz, axis=1) @ x[nz]


def gather_rows(w_t: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``W_T[nz].T @ x[nz]``: the same weights read as contiguous rows of ``w_t`` (``(d_in, d_out)``)."""
    nz = np.flatnonzero(x)
    return np.take(w_t, nz, axis=0).T @ x[nz]


def active_count(density: float, d_in: int) -> int:
    """How many inputs are active at ``density``: ``round(density · d_in)``, at least 1."""
    return max(1, round(density * d_in))


def sparse_input(rng: np.random.Generator, d_in: int, k: int) -> np.ndarray:
    """A float32 vector with ``k`` non-zeros at random places, each in (0, 1] like a ReLU output."""
    x = np.zeros(d_in, dtype=DTYPE)
    nz = rng.choice(d_in, size=k, replace=False)
    x[nz] = 1 - rng.random(k, dtype=DTYPE)  # 1 - [0, 1) is in (0, 1]: never exactly 0
    return x


# --- measuring -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Workspace:
    """What the timings run on.

    Attributes:
        w: the weights, ``(d_out, d_in)`` float32, uniform in [-1, 1).
        w_t: the same weights transposed and stored contiguously, ``(d_in, d_out)``.
        flush: a buffer twice the LLC, read before each timed call to evict the weights.
    """

    w: np.ndarray
    w_t: np.ndarray
    flush: np.ndarray


def transpose(w: np.ndarray) -> np.ndarray:
    """A C-contiguous copy of ``w.T``, copied in tiles (much faster than one strided copy)."""
    rows, cols = w.shape
    out = np.empty((cols, rows), dtype=w.dtype)
    step = TRANSPOSE_TILE
    for i in range(0, rows, step):
        for j in range(0, cols, step):
            out[j : j + step, i : i + step] = w[i : i + step, j : j + step].T
    return out


def workspace(d_in: int, d_out: int, seed: int, cache: CacheInfo | None = None) -> Workspace:
    """Random weights in both layouts and the flush buffer; sizes are checked against the params."""
    d_in, d_out = _BY_NAME["d_in"].coerce(d_in), _BY_NAME["d_out"].coerce(d_out)
    rng = np.random.default_rng([seed, 0])
    w = np.empty((d_out, d_in), dtype=DTYPE)
    rng.random(out=w, dtype=DTYPE)
    w *= 2
    w -= 1
    flush = np.ones(flush_bytes(cache or cache_info()) // ITEM_BYTES, dtype=DTYPE)
    return Workspace(w, transpose(w), flush)


@dataclass(frozen=True)
class Sample:
    """The timings at one density.

    Attributes:
        density: the nominal density on the grid (e.g. 0.05).
        active: k, the number of non-zero inputs per call.
        dense, columns, rows: seconds per call of the dense matvec, the column gather on ``W``
            and the row gather on ``W_T``, one per repeat, each with a fresh active set.
    """

    density: float
    active: int
    dense: tuple[float, ...]
    columns: tuple[float, ...]
    rows: tuple[float, ...]


def measure_density(ws: Workspace, index: int, repeats: int, seed: int) -> Sample:
    """Time the three matvecs ``repeats`` times each at ``DENSITIES[index]``.

    Before every timed call the input gets a fresh random active set and the LLC is flushed;
    neither is timed. Finding the non-zeros (``np.flatnonzero``) is timed, as part of a gather.
    """
    repeats = _BY_NAME["repeats"].coerce(repeats)
    d_in = ws.w.shape[1]
    density = DENSITIES[index]
    k = active_count(density, d_in)
    rng = np.random.default_rng([seed, 1, index])
    calls = {"dense": (dense_matvec, ws.w), "columns": (gather_columns, ws.w), "rows": (gather_rows, ws.w_t)}
    warm = sparse_input(rng, d_in, active_count(DENSITIES[0], d_in))
    for fn, matrix in calls.values():  # untimed: first-call overheads
        fn(matrix, warm)
    times: dict[str, list[float]] = {name: [] for name in METHODS}
    for r in range(repeats):
        for j in range(len(METHODS)):
            name = METHODS[(r + j) % len(METHODS)]  # rotate the order between repeats
            fn, matrix = calls[name]
            x = sparse_input(rng, d_in, k)
            ws.flush.sum()
            start = time.perf_counter()
            fn(matrix, x)
            times[name].append(time.perf_counter() - start)
    return Sample(density, k, tuple(times["dense"]), tuple(times["columns"]), tuple(times["rows"]))


def measure(values: Mapping[str, Any], progress: Callable[[int, int], None] | None = None) -> tuple[Sample, ...]:
    """Every density on the grid; ``progress(done, total)`` is called after each one."""
    v = check(values)
    ws = workspace(v["d_in"], v["d_out"], v["seed"])
    samples = []
    for i in range(len(DENSITIES)):
        samples.append(measure_density(ws, i, v["repeats"], v["seed"]))
        if progress is not None:
            progress(i + 1, len(DENSITIES))
    return tuple(samples)


# --- summarising ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BreakEven:
    """Where the measured speed-up falls to 1.

    Attributes:
        kind: ``crossed`` (between two grid densities), ``always`` (the gather is at least as
            fast as dense at every measured density) or ``never`` (slower already at the lowest).
        density: the interpolated density for ``crossed``, else None.
        crossings: how many times the speed-up crosses 1 along the grid (more than 1 means the
            timings are noisy, or the curve is not monotone).
    """

    kind: str
    density: float | None
    crossings: int


def break_even(density: np.ndarray, speedup: np.ndarray) -> BreakEven:
    """The first density, going up, where ``speedup`` falls below 1, linearly interpolated in density.

    With ``f = speedup - 1``: at the first ``i`` where ``f[i] >= 0 > f[i+1]`` the answer is
    ``density[i] + f[i] / (f[i] - f[i+1]) · (density[i+1] - density[i])``.
    """
    f = np.asarray(speedup, dtype=float) - 1
    rho = np.asarray(density, dtype=float)
    faster = f >= 0
    crossings = int(np.count_nonzero(faster[1:] != faster[:-1]))
    if not faster[0]:
        return BreakEven("never", None, crossings)
    for i in range(len(f) - 1):
        if f[i] >= 0 > f[i + 1]:
            return BreakEven("crossed", float(rho[i] + f[i] / (f[i] - f[i + 1]) * (rho[i + 1] - rho[i])), crossings)
    return BreakEven("always", None, crossings)


@dataclass(frozen=True)
class Summary:
    """The medians and ratios the page shows.

    Attributes:
        d_in, d_out: the sizes.
        weight_bytes: bytes of one weight matrix.
        nominal: the grid densities.
        active: k per density.
        density: the actual density k / d_in.
        ideal: the ideal speed-up 1 / density (only the active weights read, at no extra cost).
        dense, columns, rows: median seconds per call at each density.
        speedup_columns, speedup_rows: dense median / gather median.
        break_even_columns, break_even_rows: where each speed-up crosses 1.
        dense_all: the median over every dense call at every density (seconds).
        bandwidth: weight_bytes / dense_all, the bytes per second a dense matvec streams.
        rows_faster: at how many densities the row gather's median beats the column gather's.
    """

    d_in: int
    d_out: int
    weight_bytes: int
    nominal: np.ndarray
    active: np.ndarray
    density: np.ndarray
    ideal: np.ndarray
    dense: np.ndarray
    columns: np.ndarray
    rows: np.ndarray
    speedup_columns: np.ndarray
    speedup_rows: np.ndarray
    break_even_columns: BreakEven
    break_even_rows: BreakEven
    dense_all: float
    bandwidth: float
    rows_faster: int


def summarize(samples: tuple[Sample, ...], d_in: int, d_out: int) -> Summary:
    """Medians, speed-ups, the ideal curve and the break-even densities."""
    active = np.array([s.active for s in samples])
    density = active / d_in
    ideal = 1 / density
    dense = np.array([np.median(s.dense) for s in samples])
    columns = np.array([np.median(s.columns) for s in samples])
    rows = np.array([np.median(s.rows) for s in samples])
    speedup_columns, speedup_rows = dense / columns, dense / rows
    dense_all = float(np.median(np.concatenate([s.dense for s in samples])))
    nbytes = weight_bytes(d_in, d_out)
    return Summary(
        d_in,
        d_out,
        nbytes,
        np.array([s.density for s in samples]),
        active,
        density,
        ideal,
        dense,
        columns,
        rows,
        speedup_columns,
        speedup_rows,
        break_even(density, speedup_columns),
        break_even(density, speedup_rows),
        dense_all,
        nbytes / dense_all,
        int(np.count_nonzero(rows < columns)),
    )


def percent(value: float) -> str:
    """A density as a percentage with just enough digits (``1%``, ``23.4%``)."""
    text = f"{100 * value:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def mib(nbytes: int) -> str:
    """Bytes in MiB, e.g. ``128 MiB`` or ``0.25 MiB``."""
    return f"{nbytes / 2**20:g} MiB"


# --- text and plots ------------------------------------------------------------------------------

TEXT = {
    "en": {
        "intro": (
            "When most activations are zero, a matrix–vector product needs only the weights that meet a "
            "non-zero: $y = W_{:,\\,nz}\\,x_{nz}$. This page times a dense `W @ x` against two gathers of "
            "those weights at densities from 1% to 100%: the columns of `W` (stored $d_{out}\\times d_{in}$, "
            "so each column is strided) and the rows of `W.T` (stored $d_{in}\\times d_{out}$, so each is "
            "contiguous). Every call gets a fresh random set of active inputs, the weights are larger than the "
            "last-level cache, which is flushed before each timed call, and each figure is the median over "
            "the repeats, in float32. Gathers use `np.take`, which gives the same values as `W[:, nz]` "
            "without the overhead of NumPy's fancy indexing."
        ),
        "measuring": "Measuring density {density} ({done}/{total})…",
        "remeasure": "Measure again",
        "remeasure_help": "Timings are cached per parameter set; this discards them and measures afresh.",
        "break_even_rows": "Break-even, rows of Wᵀ",
        "break_even_columns": "Break-even, columns of W",
        "break_even_help": (
            "The density at which the measured speed-up (dense time / gather time) falls to 1, "
            "interpolated linearly between the two grid densities around it."
        ),
        "always": "above {density}",
        "never": "below {density}",
        "speedup_low": "Speed-up at {density}, rows of Wᵀ",
        "speedup_low_help": "Dense median / gather median at the lowest density; the ideal is 1 / density = {ideal}.",
        "dense_time": "Dense matvec",
        "dense_time_help": (
            "Median over all dense calls; the weights ({size}) streamed in that time make {bandwidth} GB/s."
        ),
        "size_ok": "W is {size}, {ratio:.1f}× the last-level cache (L{level}, {llc}).",
        "size_small": (
            "W is {size}, only {ratio:.2f}× the last-level cache (L{level}, {llc}); raise d_in·d_out to "
            "at least {need} so that the weights cannot stay in the cache between calls."
        ),
        "size_unknown": "W is {size}; the last-level cache size could not be read on this machine.",
        "noisy": (
            "The speed-up of {layout} crosses 1 {n} times along the grid: the timings are noisy (very short "
            "calls jitter, and other programs share the CPU and memory). The break-even shown is the first "
            "crossing; measure again or raise the repeats."
        ),
        "layout_rows": "the rows of Wᵀ",
        "layout_columns": "the columns of W",
        "speedup_plot": "Measured speed-up against density",
        "time_plot": "Median time per call",
        "table": "Times (median per call)",
        "col_density": "density",
        "col_active": "active k",
        "col_dense": "dense (ms)",
        "col_columns": "columns of W (ms)",
        "col_rows": "rows of Wᵀ (ms)",
        "col_speedup_columns": "speed-up, columns",
        "col_speedup_rows": "speed-up, rows",
        "col_ideal": "ideal 1/density",
        "layout_title": "Which layout is faster",
        "layout": (
            "Here the row gather on Wᵀ beat the column gather on W at {faster} of {total} densities. "
            "`W_T[nz]` copies k whole rows of d_out contiguous values, so it reads only the active share "
            "of the matrix, in long runs the hardware prefetcher follows. `W[:, nz]` needs one value from "
            "every row of W for each active input, and memory moves in whole cache lines{line}: once a row "
            "has an active input in most of its lines, nearly all of W is read anyway, and the scattered "
            "accesses defeat the prefetcher. Store the weights so that one input's weights are contiguous."
        ),
        "line": " ({line} bytes, {per} float32 values here)",
        "llm_title": "What this means for LLM decoding",
        "llm": (
            "At batch size 1, generating a token multiplies every weight matrix by a single activation "
            "vector, so every weight is read from memory once per token for only a multiply and an add: "
            "decoding is memory-bound, and its time follows the bytes of weights read. An inactive neuron's "
            "weights contribute nothing, so skipping the weight rows or columns of inactive neurons saves "
            "memory traffic, provided they are stored contiguously, as the rows of Wᵀ above. "
            "Deja Vu (Liu et al., ICML 2023) predicts this *contextual sparsity* per layer from the "
            "current input and reports over 2× lower latency than FasterTransformer on OPT-175B. "
            "PowerInfer (Song et al., SOSP 2024, arXiv 2312.12456) keeps the frequently active neurons on "
            "the GPU, computes the rest on the CPU, and reports up to 11.69× over llama.cpp on an RTX 4090. "
            "This page times NumPy on a CPU, not their kernels: compare the trend, not the numbers."
        ),
    },
    "zh": {
        "intro": (
            "当大多数激活为零时，矩阵–向量乘法只需要与非零输入相乘的那部分权重：$y = W_{:,\\,nz}\\,x_{nz}$。"
            "本页在 1% 到 100% 的密度下，比较稠密的 `W @ x` 与两种收集（gather）方式的耗时："
            "收集 `W` 的列（按 $d_{out}\\times d_{in}$ 存储，每一列在内存中是跨步的），"
            "以及收集 `W.T` 的行（按 $d_{in}\\times d_{out}$ 存储，每一行是连续的）。"
            "每次调用都重新随机选取激活的输入；权重大于末级缓存，并且每次计时前都会清空该缓存；"
            "每个数字都是多次重复的中位数，数据类型为 float32。"
            "收集使用 `np.take`，结果与 `W[:, nz]` 相同，但没有 NumPy 花式索引的额外开销。"
        ),
        "measuring": "正在测量密度 {density}（{done}/{total}）…",
        "remeasure": "重新测量",
        "remeasure_help": "计时结果按参数组合缓存；点击后丢弃缓存并重新测量。",
        "break_even_rows": "盈亏平衡点：Wᵀ 的行",
        "break_even_columns": "盈亏平衡点：W 的列",
        "break_even_help": "实测加速比（稠密耗时 / 收集耗时）降到 1 时的密度，在相邻两个网格密度之间线性插值。",
        "always": "高于 {density}",
        "never": "低于 {density}",
        "speedup_low": "密度 {density} 时的加速比：Wᵀ 的行",
        "speedup_low_help": "最低密度下稠密中位数 / 收集中位数；理想值为 1 / 密度 = {ideal}。",
        "dense_time": "稠密矩阵向量乘",
        "dense_time_help": "所有稠密调用的中位数；在这段时间内读完权重（{size}），相当于 {bandwidth} GB/s。",
        "size_ok": "W 为 {size}，是末级缓存（L{level}，{llc}）的 {ratio:.1f} 倍。",
        "size_small": (
            "W 为 {size}，仅为末级缓存（L{level}，{llc}）的 {ratio:.2f} 倍；"
            "请把 d_in·d_out 调大，使 W 至少为 {need}，这样权重无法在两次调用之间留在缓存中。"
        ),
        "size_unknown": "W 为 {size}；无法读取本机末级缓存的大小。",
        "noisy": (
            "{layout}的加速比沿密度网格穿过 1 共 {n} 次，说明计时噪声较大（耗时很短的调用抖动明显，"
            "其他程序也在共享 CPU 和内存）。显示的盈亏平衡点是第一次穿过的位置；请重新测量或增加重复次数。"
        ),
        "layout_rows": "Wᵀ 的行",
        "layout_columns": "W 的列",
        "speedup_plot": "实测加速比随密度的变化",
        "time_plot": "每次调用的中位耗时",
        "table": "耗时（每次调用的中位数）",
        "col_density": "密度",
        "col_active": "激活数 k",
        "col_dense": "稠密（毫秒）",
        "col_columns": "W 的列（毫秒）",
        "col_rows": "Wᵀ 的行（毫秒）",
        "col_speedup_columns": "加速比：列",
        "col_speedup_rows": "加速比：行",
        "col_ideal": "理想值 1/密度",
        "layout_title": "哪种存储方式更快",
        "layout": (
            "本次测量中，在 {total} 个密度里有 {faster} 个是 Wᵀ 的行收集快于 W 的列收集。"
            "`W_T[nz]` 复制 k 个完整的行，每行是 d_out 个连续的值，因此只读取矩阵中激活的那一部分，"
            "而且是硬件预取器能够跟上的长段连续读取。`W[:, nz]` 对每个激活的输入都要从 W 的每一行取一个值，"
            "而内存按整条缓存行搬运{line}：一旦每行的大多数缓存行里都有激活的输入，几乎整个 W 都会被读一遍，"
            "零散的访问还会让预取器失效。应当让同一个输入对应的权重连续存储。"
        ),
        "line": "（本机每行 {line} 字节，即 {per} 个 float32 值）",
        "llm_title": "这对大语言模型解码意味着什么",
        "llm": (
            "批大小为 1 时，生成一个词元要用一个激活向量去乘每一个权重矩阵，"
            "因此每个权重每生成一个词元都要从内存读一次，却只参与一次乘法和一次加法："
            "解码受内存带宽限制，耗时取决于读取的权重字节数。未激活神经元的权重对结果毫无贡献，"
            "所以跳过未激活神经元对应的权重行或列可以节省内存流量，前提是这些权重连续存储，就像上面 Wᵀ 的行。"
            "Deja Vu（Liu 等，ICML 2023）根据当前输入逐层预测这种*上下文稀疏性*，"
            "在 OPT-175B 上报告的延迟比 FasterTransformer 低 2 倍以上。"
            "PowerInfer（Song 等，SOSP 2024，arXiv 2312.12456）把经常激活的神经元放在 GPU 上，其余的在 CPU 上计算，"
            "在 RTX 4090 上报告比 llama.cpp 最多快 11.69 倍。"
            "本页测量的是 CPU 上的 NumPy，而不是它们的计算内核：请比较趋势，而不是具体数字。"
        ),
    },
}

LABELS = {
    "en": {
        "density": "density of active inputs",
        "speedup": "speed-up (dense time / gather time)",
        "time": "median time per call (ms)",
        "ideal": "ideal 1 / density",
        "dense": "dense W @ x",
        "columns": "gather columns of W",
        "rows": "gather rows of Wᵀ",
        "parity": "speed-up = 1",
        "break_even": "break-even {density}",
    },
    "zh": {
        "density": "激活输入的密度",
        "speedup": "加速比（稠密耗时 / 收集耗时）",
        "time": "每次调用的中位耗时（毫秒）",
        "ideal": "理想值 1 / 密度",
        "dense": "稠密 W @ x",
        "columns": "收集 W 的列",
        "rows": "收集 Wᵀ 的行",
        "parity": "加速比 = 1",
        "break_even": "盈亏平衡点 {density}",
    },
}


def _density_axis(ax: Any, summary: Summary) -> None:
    ax.set_xscale("log")
    ax.set_xlim(summary.density.min() / 1.25, 1.25)
    ticks = [d for d in TICKS if d >= summary.density.min() * 0.999]
    ax.set_xticks(ticks, [percent(d) for d in ticks])
    ax.minorticks_off()


def speedup_figure(summary: Summary, labels: Mapping[str, str], dark: bool) -> Figure:
    """Measured speed-up of both gathers against density, the ideal 1/density and the break-evens."""
    colours = palette(dark)
    fig, ax = new_axes(dark)
    xs = np.geomspace(summary.density.min(), 1.0, IDEAL_POINTS)
    ax.plot(xs, 1 / xs, color=colours.secondary, linewidth=3, alpha=0.6, label=labels["ideal"])
    ax.axhline(1.0, color=colours.text, linewidth=1, linestyle=":", label=labels["parity"])
    series = (
        (summary.speedup_rows, summary.break_even_rows, colours.primary, "rows"),
        (summary.speedup_columns, summary.break_even_columns, colours.accent, "columns"),
    )
    for speedup, even, colour, name in series:
        ax.plot(summary.density, speedup, "o-", color=colour, linewidth=1.5, markersize=4, label=labels[name])
        if even.kind == "crossed":
            ax.axvline(even.density, color=colour, linewidth=1, linestyle="--")
            ax.plot(
                [even.density],
                [1.0],
                "D",
                color=colour,
                markersize=8,
                markeredgecolor=colours.text,
                label=labels["break_even"].format(density=percent(even.density)),
            )
    _density_axis(ax, summary)
    ax.set_yscale("log")
    ax.set_xlabel(labels["density"])
    ax.set_ylabel(labels["speedup"])
    style_legend(ax, dark)
    return fig


def time_figure(summary: Summary, labels: Mapping[str, str], dark: bool) -> Figure:
    """Median milliseconds per call of the three matvecs against density."""
    colours = palette(dark)
    fig, ax = new_axes(dark)
    for times, colour, name in (
        (summary.dense, colours.secondary, "dense"),
        (summary.rows, colours.primary, "rows"),
        (summary.columns, colours.accent, "columns"),
    ):
        ax.plot(summary.density, 1e3 * times, "o-", color=colour, linewidth=1.5, markersize=4, label=labels[name])
    _density_axis(ax, summary)
    ax.set_yscale("log")
    ax.set_xlabel(labels["density"])
    ax.set_ylabel(labels["time"])
    style_legend(ax, dark)
    return fig


def min_weight_bytes(cache: CacheInfo) -> int | None:
    """The smallest weight size that is at least ``LLC_MULTIPLE`` times the LLC, if known."""
    return None if cache.llc_bytes is None else LLC_MULTIPLE * cache.llc_bytes


def llc_ratio(d_in: int, d_out: int, cache: CacheInfo) -> float | None:
    """How many times the LLC the weights are, if the LLC is known."""
    return None if cache.llc_bytes is None else weight_bytes(d_in, d_out) / cache.llc_bytes


DEMO = Demo(
    name="speed",
    title={"en": "Skipping zeros for speed", "zh": "跳过零值来加速"},
    params=PARAMS,
)
