"""Training a small MLP from scratch in NumPy: an L1 activity penalty, sparsity and dead units.

The network maps 2 inputs through one or two hidden layers of ``hidden`` units to one logit per
class. Every hidden unit applies the thresholded ReLU ``h = z if z > t else 0`` (plain ReLU is
``t = 0``), whose derivative is 1 above ``t`` and 0 at or below it. The loss on a batch of ``N``
examples is

    softmax cross-entropy (mean over the N examples) + l1 · (1/N) · Σ_n Σ_j |h_nj|,

where ``j`` runs over every hidden unit of every hidden layer. Backpropagation is written out by
hand (:func:`loss_and_gradients`) and Adam is implemented here too.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.demos.demo import Demo
from engine.params import SEED, Param
from engine.plotstyle import new_axes, palette, style_legend

if TYPE_CHECKING:
    from matplotlib.figure import Figure

L1_VALUES = (0.0, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1)
LR_VALUES = (0.001, 0.003, 0.01, 0.03, 0.1)
ADAM_BETA1, ADAM_BETA2, ADAM_EPS = 0.9, 0.999, 1e-8
SPIRAL_TURNS = 1.5  # each spiral arm winds this many times round the centre
SPIRAL_R0 = 0.1  # an arm's radius goes from SPIRAL_R0 to 1
BOUNDARY_RESOLUTION = 160  # grid cells per side of the decision-boundary image
BOUNDARY_MARGIN = 0.15  # the image extends this far beyond the farthest data point
EVAL_CHUNK = 8_192  # rows per forward pass when evaluating large sets

THRESHOLDED = {"activation": ("thresholded",)}
MINI = {"batch": ("mini",)}

PARAMS = (
    Param(
        "dataset",
        "choice",
        "spirals",
        {"en": "Data set", "zh": "数据集"},
        choices=("spirals", "rings"),
        choice_labels={
            "spirals": {"en": "Interleaved spirals", "zh": "交错螺旋"},
            "rings": {"en": "Concentric rings", "zh": "同心圆环"},
        },
    ),
    Param("classes", "int", 2, {"en": "Classes", "zh": "类别数"}, 2, 5, 1),
    Param(
        "n_points",
        "int",
        1_000,
        {"en": "Training points (as many again held out)", "zh": "训练点数（另取同样多的留出点）"},
        200,
        5_000,
        choices=(200, 500, 1_000, 2_000, 5_000),
    ),
    Param("noise", "float", 0.05, {"en": "Noise σ", "zh": "噪声 σ"}, 0.0, 0.3, 0.01),
    Param("layers", "int", 1, {"en": "Hidden layers", "zh": "隐藏层数"}, 1, 2, choices=(1, 2)),
    Param(
        "hidden",
        "int",
        64,
        {"en": "Hidden units per layer", "zh": "每层隐藏单元数"},
        8,
        256,
        choices=(8, 16, 32, 64, 128, 256),
    ),
    Param(
        "activation",
        "choice",
        "relu",
        {"en": "Hidden activation", "zh": "隐藏层激活函数"},
        choices=("relu", "thresholded"),
        choice_labels={
            "relu": {"en": "ReLU", "zh": "ReLU"},
            "thresholded": {"en": "Thresholded ReLU (z if z > t else 0)", "zh": "阈值 ReLU（z > t 时为 z，否则为 0）"},
        },
    ),
    Param("t", "float", 0.1, {"en": "Threshold t", "zh": "阈值 t"}, 0.0, 1.0, 0.01, shown_for=THRESHOLDED),
    Param(
        "l1",
        "float",
        1e-3,
        {"en": "L1 activity penalty l1", "zh": "L1 激活惩罚系数 l1"},
        0.0,
        0.1,
        choices=L1_VALUES,
    ),
    Param(
        "batch",
        "choice",
        "full",
        {"en": "Gradient descent", "zh": "梯度下降方式"},
        choices=("full", "mini"),
        choice_labels={"full": {"en": "Full batch", "zh": "全批量"}, "mini": {"en": "Mini-batch", "zh": "小批量"}},
    ),
    Param(
        "batch_size",
        "int",
        128,
        {"en": "Batch size", "zh": "批大小"},
        32,
        256,
        choices=(32, 64, 128, 256),
        shown_for=MINI,
    ),
    Param("epochs", "int", 500, {"en": "Epochs", "zh": "训练轮数"}, 50, 2_000, 50),
    Param("lr", "float", 0.01, {"en": "Adam learning rate", "zh": "Adam 学习率"}, 0.001, 0.1, choices=LR_VALUES),
    SEED,
)
_BY_NAME = {p.name: p for p in PARAMS}


MAX_WORK = 2 * 10**10  # multiply-adds per model: about 10 s here, so a six-model sweep stays near a minute
MAX_STEPS = 50_000  # optimiser steps per model (mini-batches pay Python overhead per step)


def work(values: Mapping[str, Any]) -> tuple[int, int]:
    """Multiply-adds (forward and backward, about 3x the forward pass) and optimiser steps of one model."""
    per_point = (
        2 * values["hidden"] + values["hidden"] ** 2 * (values["layers"] - 1) + values["hidden"] * values["classes"]
    )
    batches = 1 if values["batch"] == "full" else math.ceil(values["n_points"] / values["batch_size"])
    return 3 * per_point * values["n_points"] * values["epochs"], values["epochs"] * batches


def _within_budget(values: Mapping[str, Any]) -> list[str]:
    macs, steps = work(values)
    problems = []
    if macs > MAX_WORK:
        problems.append(
            f"epochs: one model would need about {macs:.1e} multiply-adds (limit {MAX_WORK:.0e}); "
            "lower the epochs, the points or the hidden units"
        )
    if steps > MAX_STEPS:
        problems.append(f"epochs: {steps:,} optimiser steps per model (limit {MAX_STEPS:,}); use larger batches")
    return problems


def check(values: Mapping[str, Any]) -> dict[str, Any]:
    """Every declared parameter's value (its default where absent), checked against its range
    and the work budget.

    Raises ValueError naming the parameter when a value is out of range or of the wrong type,
    or when one model would take more than the budget.
    """
    checked = {p.name: p.coerce(values.get(p.name, p.default)) for p in PARAMS}
    problems = _within_budget(checked)
    if problems:
        raise ValueError("; ".join(problems))
    return checked


def relevant(values: Mapping[str, Any]) -> dict[str, Any]:
    """The checked values without those that cannot change the result (``t`` for ReLU, the batch
    size for full batch), so that a cache keyed by them does not train the same model twice."""
    checked = check(values)
    return {name: v for name, v in checked.items() if _BY_NAME[name].is_shown(checked)}


def threshold_of(values: Mapping[str, Any]) -> float:
    """The activation threshold: ``t`` for the thresholded ReLU, 0 for ReLU."""
    return float(values["t"]) if values["activation"] == "thresholded" else 0.0


# --- data ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Data:
    """A training set and a held-out set drawn from the same distribution.

    Attributes:
        x_train, x_test: ``(n, 2)`` float64 inputs.
        y_train, y_test: ``(n,)`` int64 class labels in ``0..classes-1``.
        classes: the number of classes.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    classes: int


def class_sizes(n: int, classes: int) -> list[int]:
    """``n`` points split as evenly as possible, the first ``n mod classes`` classes one larger."""
    return [n // classes + (k < n % classes) for k in range(classes)]


def sample(dataset: str, classes: int, n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``n`` labelled points in (about) the unit disc, with Gaussian noise of std ``noise`` on each coordinate.

    ``spirals``: class k is an arm with radius r = R0 + (1 − R0)·u and angle 2πk/K + 2π·TURNS·u, u ~ U(0, 1).
    ``rings``: class k is the circle of radius (k + 1)/K, at a uniform random angle.
    """
    xs, ys = [], []
    for k, size in enumerate(class_sizes(n, classes)):
        u = rng.uniform(0.0, 1.0, size)
        if dataset == "spirals":
            radius = SPIRAL_R0 + (1.0 - SPIRAL_R0) * u
            angle = 2 * math.pi * k / classes + 2 * math.pi * SPIRAL_TURNS * u
        elif dataset == "rings":
            radius = np.full(size, (k + 1) / classes)
            angle = 2 * math.pi * u
        else:
            raise ValueError(f"dataset: {dataset!r} is not one of spirals, rings")
        points = np.column_stack((radius * np.cos(angle), radius * np.sin(angle)))
        xs.append(points + noise * rng.standard_normal((size, 2)))
        ys.append(np.full(size, k, dtype=np.int64))
    return np.concatenate(xs), np.concatenate(ys)


def _streams(seed: int) -> list[np.random.Generator]:
    """Independent generators for: training data, held-out data, initial weights, batch order."""
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(4)]


def make_data(values: Mapping[str, Any]) -> Data:
    """The training set and an equally large held-out set the values describe."""
    v = check(values)
    train_rng, test_rng, _, _ = _streams(v["seed"])
    args = (v["dataset"], v["classes"], v["n_points"], v["noise"])
    x_train, y_train = sample(*args, train_rng)
    x_test, y_test = sample(*args, test_rng)
    return Data(x_train, y_train, x_test, y_test, v["classes"])


# --- the network -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Net:
    """An MLP: ``weights[i]`` is ``(fan_in, fan_out)``, ``biases[i]`` is ``(fan_out,)``; the last pair is
    the output layer, the others are hidden layers with the thresholded ReLU at threshold ``t``."""

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    t: float

    @property
    def units(self) -> int:
        """Hidden units in all hidden layers together."""
        return sum(w.shape[1] for w in self.weights[:-1])


def init_net(layers: int, hidden: int, classes: int, t: float, rng: np.random.Generator) -> Net:
    """He-normal weights (std √(2/fan_in)) and zero biases."""
    sizes = [2] + [hidden] * layers + [classes]
    weights = tuple(rng.standard_normal((a, b)) * math.sqrt(2.0 / a) for a, b in itertools.pairwise(sizes))
    return Net(weights, tuple(np.zeros(b) for b in sizes[1:]), t)


def activate(z: np.ndarray, t: float) -> np.ndarray:
    """The thresholded ReLU: z where z > t, exactly +0.0 elsewhere."""
    h = z * (z > t)
    h += 0.0  # turns the −0.0 of a negative z times 0 into +0.0
    return h


@dataclass(frozen=True)
class Forward:
    """One forward pass.

    Attributes:
        active: each hidden layer's mask z > t, ``(N, hidden)``: where the activation's derivative is 1.
        hidden: each hidden layer's activations h = z·[z > t].
        logits: ``(N, classes)``.
    """

    active: tuple[np.ndarray, ...]
    hidden: tuple[np.ndarray, ...]
    logits: np.ndarray


def forward(net: Net, x: np.ndarray) -> Forward:
    """The masks, activations and logits for the inputs ``x``."""
    active, hidden = [], []
    a = x
    for w, b in zip(net.weights[:-1], net.biases[:-1], strict=True):
        z = a @ w
        z += b
        mask = z > net.t
        a = z * mask
        a += 0.0  # as in activate: +0.0, never −0.0
        active.append(mask)
        hidden.append(a)
    return Forward(tuple(active), tuple(hidden), a @ net.weights[-1] + net.biases[-1])


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise log-softmax, shifted by the row maximum for stability."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def l1_penalty(hidden: tuple[np.ndarray, ...], l1: float) -> float:
    """l1 · (1/N) · Σ_n Σ_j |h_nj| over every hidden unit j of every hidden layer."""
    n = hidden[0].shape[0]
    return l1 * sum(float(np.abs(h).sum()) for h in hidden) / n


@dataclass(frozen=True)
class Loss:
    """The loss on a batch.

    Attributes:
        ce: softmax cross-entropy, the mean over the batch.
        penalty: the L1 activity penalty, l1 · mean over the batch of Σ_j |h_j|.
        total: ce + penalty.
    """

    ce: float
    penalty: float
    total: float


def loss_of(fwd: Forward, y: np.ndarray, l1: float) -> Loss:
    """The loss of a forward pass against the labels ``y``."""
    ce = -float(log_softmax(fwd.logits)[np.arange(len(y)), y].mean())
    penalty = l1_penalty(fwd.hidden, l1)
    return Loss(ce, penalty, ce + penalty)


def loss_and_gradients(net: Net, x: np.ndarray, y: np.ndarray, l1: float) -> tuple[Loss, list[np.ndarray]]:
    """The loss and its gradient by hand-written backpropagation.

    The gradients come in the order W_1, b_1, W_2, b_2, …, W_out, b_out. Through the activation,
    ∂h/∂z is 1 where z > t and 0 elsewhere (so a unit at or below its threshold passes no gradient,
    even when t > 0 and z is just below t). The penalty adds l1·sign(h)/N to ∂loss/∂h; as t ≥ 0,
    h is 0 where z ≤ t and h = z > 0 elsewhere, so sign(h) = [z > t] and |h| = h.
    """
    if net.t < 0:
        raise ValueError(f"t: {net.t:g} is below 0, where |h| is not h")
    fwd = forward(net, x)
    n = len(y)
    log_p = log_softmax(fwd.logits)
    d_logits = np.exp(log_p)
    d_logits[np.arange(n), y] -= 1.0
    d_logits /= n
    inputs = (x, *fwd.hidden)
    grads: list[np.ndarray] = [inputs[-1].T @ d_logits, d_logits.sum(axis=0)]
    d_h = d_logits @ net.weights[-1].T
    for i in range(len(fwd.hidden) - 1, -1, -1):
        if l1:
            d_h += l1 / n  # l1·sign(h)/N, kept only where z > t by the mask below
        d_z = d_h * fwd.active[i]
        grads[:0] = [inputs[i].T @ d_z, d_z.sum(axis=0)]
        if i:
            d_h = d_z @ net.weights[i].T
    ce = -float(log_p[np.arange(n), y].mean())
    penalty = l1 * sum(float(h.sum()) for h in fwd.hidden) / n if l1 else 0.0  # |h| = h
    return Loss(ce, penalty, ce + penalty), grads


def parameters(net: Net) -> list[np.ndarray]:
    """The parameter arrays in the order of :func:`loss_and_gradients`' gradients."""
    return [a for pair in zip(net.weights, net.biases, strict=True) for a in pair]


def with_parameters(net: Net, arrays: list[np.ndarray]) -> Net:
    """A net with the same threshold and these parameter arrays (in :func:`parameters` order)."""
    return Net(tuple(arrays[0::2]), tuple(arrays[1::2]), net.t)


class Adam:
    """Adam (Kingma & Ba) with bias correction, updating a list of arrays in place."""

    def __init__(self, arrays: list[np.ndarray], lr: float) -> None:
        self.lr = lr
        self.step = 0
        self.m = [np.zeros_like(a) for a in arrays]
        self.v = [np.zeros_like(a) for a in arrays]

    def update(self, arrays: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """One step: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², a ← a − lr·m̂/(√v̂ + ε)."""
        self.step += 1
        c1 = 1.0 - ADAM_BETA1**self.step
        c2 = 1.0 - ADAM_BETA2**self.step
        for a, g, m, v in zip(arrays, grads, self.m, self.v, strict=True):
            m *= ADAM_BETA1
            m += (1.0 - ADAM_BETA1) * g
            v *= ADAM_BETA2
            v += (1.0 - ADAM_BETA2) * g * g
            a -= self.lr * (m / c1) / (np.sqrt(v / c2) + ADAM_EPS)


# --- training and measuring ------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    """A trained net measured on the data.

    Attributes:
        train_correct, test_correct: points whose largest logit (the first, on a tie) is at their class.
        n_train, n_test: the points in each set.
        train_accuracy, test_accuracy: correct / points.
        loss: the training objective on the whole training set (cross-entropy + L1 penalty).
        zeros: hidden activations exactly 0 on the held-out set (all layers).
        activations: held-out points × hidden units (all layers).
        sparsity: zeros / activations.
        dead: hidden units that are 0 for every held-out point.
        dead_per_layer: the same, per hidden layer.
        units: hidden units in all layers.
    """

    train_correct: int
    test_correct: int
    n_train: int
    n_test: int
    train_accuracy: float
    test_accuracy: float
    loss: Loss
    zeros: int
    activations: int
    sparsity: float
    dead: int
    dead_per_layer: tuple[int, ...]
    units: int


def _forward_chunked(net: Net, x: np.ndarray) -> Forward:
    parts = [forward(net, x[i : i + EVAL_CHUNK]) for i in range(0, len(x), EVAL_CHUNK)]
    return Forward(
        tuple(np.concatenate([p.active[i] for p in parts]) for i in range(len(parts[0].active))),
        tuple(np.concatenate([p.hidden[i] for p in parts]) for i in range(len(parts[0].hidden))),
        np.concatenate([p.logits for p in parts]),
    )


def correct(logits: np.ndarray, y: np.ndarray) -> int:
    """How many rows have their largest logit (the first, on a tie) at the label."""
    return int(np.count_nonzero(logits.argmax(axis=1) == y))


def evaluate(net: Net, data: Data, l1: float) -> Evaluation:
    """Accuracy on both sets, the training objective, and sparsity and dead units on the held-out set."""
    train = _forward_chunked(net, data.x_train)
    test = _forward_chunked(net, data.x_test)
    zeros = sum(int(np.count_nonzero(h == 0)) for h in test.hidden)
    activations = sum(h.size for h in test.hidden)
    dead_per_layer = tuple(int(np.count_nonzero(np.all(h == 0, axis=0))) for h in test.hidden)
    train_correct, test_correct = correct(train.logits, data.y_train), correct(test.logits, data.y_test)
    n_train, n_test = len(data.y_train), len(data.y_test)
    return Evaluation(
        train_correct=train_correct,
        test_correct=test_correct,
        n_train=n_train,
        n_test=n_test,
        train_accuracy=train_correct / n_train,
        test_accuracy=test_correct / n_test,
        loss=loss_of(train, data.y_train, l1),
        zeros=zeros,
        activations=activations,
        sparsity=zeros / activations,
        dead=sum(dead_per_layer),
        dead_per_layer=dead_per_layer,
        units=net.units,
    )


@dataclass(frozen=True)
class Trained:
    """One training run.

    Attributes:
        l1: the penalty weight it was trained with.
        net: the trained network.
        evaluation: its measures.
        history: the mean training objective over each epoch's batches (one value per epoch).
    """

    l1: float
    net: Net
    evaluation: Evaluation
    history: np.ndarray


def steps_per_epoch(values: Mapping[str, Any]) -> int:
    """Adam steps in one epoch: 1 for full batch, ⌈n / batch size⌉ for mini-batches."""
    v = check(values)
    return 1 if v["batch"] == "full" else -(-v["n_points"] // v["batch_size"])


Progress = Callable[[int, int], None]


def train(values: Mapping[str, Any], data: Data | None = None, progress: Progress | None = None) -> Trained:
    """Train from scratch with Adam for ``epochs`` epochs and measure the result.

    Mini-batches visit the training set in a fresh random order each epoch (the last batch may be
    smaller). ``data`` must be ``make_data(values)`` if given. ``progress(done, epochs)`` is called
    after every epoch.
    """
    v = check(values)
    if data is None:
        data = make_data(v)
    _, _, init_rng, order_rng = _streams(v["seed"])
    net = init_net(v["layers"], v["hidden"], v["classes"], threshold_of(v), init_rng)
    arrays = parameters(net)
    adam = Adam(arrays, v["lr"])
    x, y, n, l1, epochs = data.x_train, data.y_train, len(data.y_train), v["l1"], v["epochs"]
    size = n if v["batch"] == "full" else v["batch_size"]
    history = np.empty(epochs)
    for epoch in range(epochs):
        order = None if size >= n else order_rng.permutation(n)
        total = 0.0
        for start in range(0, n, size):
            if order is None:
                xb, yb = x, y
            else:
                pick = order[start : start + size]
                xb, yb = x[pick], y[pick]
            loss, grads = loss_and_gradients(net, xb, yb, l1)
            adam.update(arrays, grads)
            total += loss.total * len(yb)
        history[epoch] = total / n
        if progress is not None:
            progress(epoch + 1, epochs)
    net = with_parameters(net, arrays)
    return Trained(l1, net, evaluate(net, data, l1), history)


@dataclass(frozen=True)
class Boundary:
    """The predicted class on a square grid.

    Attributes:
        extent: half the side of the square, centred on the origin.
        classes: ``(R, R)`` predicted class per cell, row 0 at the bottom (y = −extent).
    """

    extent: float
    classes: np.ndarray


def boundary(net: Net, data: Data, resolution: int = BOUNDARY_RESOLUTION) -> Boundary:
    """The predicted class at the centre of each cell of a grid covering all the points."""
    extent = float(np.abs(np.concatenate((data.x_train, data.x_test))).max()) + BOUNDARY_MARGIN
    centres = (np.arange(resolution) + 0.5) / resolution * 2 * extent - extent
    gx, gy = np.meshgrid(centres, centres)
    grid = np.column_stack((gx.ravel(), gy.ravel()))
    predicted = _forward_chunked(net, grid).logits.argmax(axis=1)
    return Boundary(extent, predicted.reshape(resolution, resolution))


@dataclass(frozen=True)
class Sweep:
    """Measures against the penalty weight, one entry per trained model, in ``l1`` order.

    Attributes:
        l1: the penalty weights.
        train_accuracy, test_accuracy, sparsity: per model.
        dead: dead hidden units per model.
        units: hidden units (the same for every model).
    """

    l1: tuple[float, ...]
    train_accuracy: tuple[float, ...]
    test_accuracy: tuple[float, ...]
    sparsity: tuple[float, ...]
    dead: tuple[int, ...]
    units: int


def summarize(models: tuple[Trained, ...]) -> Sweep:
    """The sweep's measures, sorted by l1."""
    models = tuple(sorted(models, key=lambda m: m.l1))
    return Sweep(
        tuple(m.l1 for m in models),
        tuple(m.evaluation.train_accuracy for m in models),
        tuple(m.evaluation.test_accuracy for m in models),
        tuple(m.evaluation.sparsity for m in models),
        tuple(m.evaluation.dead for m in models),
        models[0].evaluation.units,
    )


def l1_text(l1: float) -> str:
    """A penalty weight as the page writes it: ``0``, ``1e-05``, …, ``0.1``."""
    return f"{l1:g}"


# --- text and figures ------------------------------------------------------------------------------

LABELS = {
    "en": {
        "x1": "x₁",
        "x2": "x₂",
        "class": "class {k}",
        "l1": "L1 penalty weight l1",
        "share": "share",
        "train_acc": "training accuracy",
        "test_acc": "held-out accuracy",
        "sparsity": "held-out sparsity (exact zeros)",
        "dead": "dead units",
        "units": "all hidden units",
        "count": "hidden units",
        "now": "current l1",
    },
    "zh": {
        "x1": "x₁",
        "x2": "x₂",
        "class": "类别 {k}",
        "l1": "L1 惩罚系数 l1",
        "share": "比例",
        "train_acc": "训练准确率",
        "test_acc": "留出集准确率",
        "sparsity": "留出集稀疏度（精确为零）",
        "dead": "死亡单元",
        "units": "全部隐藏单元",
        "count": "隐藏单元数",
        "now": "当前 l1",
    },
}

TEXT = {
    "en": {
        "intro": (
            "A small multilayer perceptron is trained from scratch in NumPy on a 2-D data set it draws itself: "
            "2 inputs → one or two hidden layers → one logit per class, with backpropagation written by hand "
            "and the Adam optimiser. Each hidden unit applies ReLU or the thresholded ReLU $h = z$ if $z > t$, "
            "else $0$, whose gradient is $0$ at or below $t$: a unit that never rises above its threshold gets "
            "no gradient and stays *dead*. The loss on a batch of $N$ examples is\n\n"
            "$$\\mathcal{L} = \\frac{1}{N}\\sum_{n=1}^{N} -\\log \\operatorname{softmax}(f(x_n))_{y_n}"
            " \\; + \\; l_1 \\cdot \\frac{1}{N}\\sum_{n=1}^{N}\\sum_{j} |h_{nj}|,$$\n\n"
            "the mean cross-entropy plus $l_1$ times the **mean over examples of the sum over all hidden units** "
            "(of every hidden layer) of $|h|$. The penalty pushes activations to exactly zero: watch the sparsity "
            "and the dead units rise with $l_1$, and the accuracy fall once it is too strong. Sparsity and dead "
            "units are measured on a held-out set as large as the training set. Every $l_1$ in the list is "
            "trained once with the same data, initial weights and batch order, and remembered."
        ),
        "training": "Training with l1 = {l1} ({i} of {total}): epoch {done:,} of {epochs:,}",
        "train_acc": "Training accuracy",
        "test_acc": "Held-out accuracy",
        "loss": "Training objective",
        "loss_help": "Cross-entropy + L1 penalty on the whole training set after training: {ce:.4f} + {penalty:.4f}.",
        "sparsity": "Held-out sparsity",
        "sparsity_help": "Hidden activations exactly 0 on the held-out set: {zeros:,} of {total:,} (points × units).",
        "dead": "Dead units",
        "dead_help": "Hidden units that are 0 for every held-out point. Per layer: {layers}.",
        "penalty": "L1 penalty term",
        "penalty_help": "l1 · (1/N) · Σ_n Σ_j |h_nj| on the N training points, with the trained weights.",
        "setup": (
            "{net}, {activation}; {batches}; {epochs:,} epochs, learning rate {lr:g}: {steps:,} Adam steps per model."
        ),
        "net_1": "1 hidden layer of {hidden} units",
        "net_2": "2 hidden layers of {hidden} units ({units} in all)",
        "full": "full batch (1 step per epoch)",
        "mini": "mini-batches of {size} ({per:,} steps per epoch)",
        "correct_help": "{correct:,} of {n:,} points.",
        "boundary_plot": "Decision regions and the training points",
        "sweep_title": "Against the L1 penalty",
        "sweep_plot": "Accuracy and sparsity",
        "dead_plot": "Dead hidden units",
        "table": "Every model of the sweep",
        "col_l1": "l1",
        "col_train": "training accuracy",
        "col_test": "held-out accuracy",
        "col_sparsity": "held-out sparsity",
        "col_dead": "dead units",
        "col_loss": "training objective",
        "relu": "ReLU",
        "thresholded": "thresholded ReLU with t = {t:g}",
    },
    "zh": {
        "intro": (
            "用 NumPy 从零训练一个小型多层感知机，数据是它自己生成的二维数据集："
            "2 个输入 → 一或两个隐藏层 → 每个类别一个 logit，反向传播手写，优化器为 Adam。"
            "每个隐藏单元使用 ReLU 或阈值 ReLU：$z > t$ 时 $h = z$，否则 $h = 0$；其梯度在 $t$ 及以下为 $0$，"
            "因此从不超过阈值的单元得不到梯度，会一直保持*死亡*。对一批 $N$ 个样本，损失为\n\n"
            "$$\\mathcal{L} = \\frac{1}{N}\\sum_{n=1}^{N} -\\log \\operatorname{softmax}(f(x_n))_{y_n}"
            " \\; + \\; l_1 \\cdot \\frac{1}{N}\\sum_{n=1}^{N}\\sum_{j} |h_{nj}|,$$\n\n"
            "即平均交叉熵加上 $l_1$ 乘以 $|h|$ 在**所有隐藏单元（各隐藏层）上求和、再对样本取平均**。"
            "这一惩罚把激活推向精确的零：可以看到稀疏度和死亡单元随 $l_1$ 增加，而惩罚过强时准确率下降。"
            "稀疏度和死亡单元在与训练集同样大的留出集上测量。列表中的每个 $l_1$ 都用相同的数据、"
            "初始权重和批次顺序训练一次，并缓存结果。"
        ),
        "training": "正在训练 l1 = {l1}（第 {i} 个，共 {total} 个）：第 {done:,} 轮，共 {epochs:,} 轮",
        "train_acc": "训练准确率",
        "test_acc": "留出集准确率",
        "loss": "训练目标值",
        "loss_help": "训练后在整个训练集上的交叉熵 + L1 惩罚：{ce:.4f} + {penalty:.4f}。",
        "sparsity": "留出集稀疏度",
        "sparsity_help": "留出集上精确为 0 的隐藏激活：{zeros:,} / {total:,}（点数 × 单元数）。",
        "dead": "死亡单元",
        "dead_help": "对每个留出点都为 0 的隐藏单元。各层：{layers}。",
        "penalty": "L1 惩罚项",
        "penalty_help": "用训练后的权重在 N 个训练点上计算的 l1 · (1/N) · Σ_n Σ_j |h_nj|。",
        "setup": "{net}，{activation}；{batches}；{epochs:,} 轮，学习率 {lr:g}：每个模型共 {steps:,} 步 Adam。",
        "net_1": "1 个隐藏层，{hidden} 个单元",
        "net_2": "2 个隐藏层，每层 {hidden} 个单元（共 {units} 个）",
        "full": "全批量（每轮 1 步）",
        "mini": "批大小 {size} 的小批量（每轮 {per:,} 步）",
        "correct_help": "{n:,} 个点中的 {correct:,} 个。",
        "boundary_plot": "决策区域与训练点",
        "sweep_title": "随 L1 惩罚的变化",
        "sweep_plot": "准确率与稀疏度",
        "dead_plot": "死亡隐藏单元",
        "table": "扫描中的每个模型",
        "col_l1": "l1",
        "col_train": "训练准确率",
        "col_test": "留出集准确率",
        "col_sparsity": "留出集稀疏度",
        "col_dead": "死亡单元",
        "col_loss": "训练目标值",
        "relu": "ReLU",
        "thresholded": "阈值 ReLU（t = {t:g}）",
    },
}

EXTRA_LIGHT = ("#9467BD", "#FF7F0E")
EXTRA_DARK = ("#C39BEA", "#FFB163")


def class_colours(dark: bool) -> tuple[str, ...]:
    """One colour per class (up to 5), from the theme's palette."""
    colours = palette(dark)
    return (colours.primary, colours.accent, colours.secondary, *(EXTRA_DARK if dark else EXTRA_LIGHT))


def boundary_figure(data: Data, bnd: Boundary, labels: Mapping[str, str], dark: bool) -> Figure:
    """The predicted class as a pale image, with the training points coloured by their class."""
    from matplotlib.colors import ListedColormap, to_rgba

    colours = class_colours(dark)[: data.classes]
    fig, ax = new_axes(dark, size=(4.8, 4.4))
    pale = ListedColormap([to_rgba(c, 0.28) for c in colours])
    e = bnd.extent
    ax.imshow(
        bnd.classes,
        origin="lower",
        extent=(-e, e, -e, e),
        cmap=pale,
        vmin=-0.5,
        vmax=data.classes - 0.5,
        interpolation="nearest",
    )
    size = 10 if len(data.y_train) <= 1_000 else 4
    for k, colour in enumerate(colours):
        pick = data.y_train == k
        ax.scatter(
            data.x_train[pick, 0],
            data.x_train[pick, 1],
            s=size,
            color=colour,
            edgecolors=palette(dark).text,
            linewidths=0.2,
            label=labels["class"].format(k=k),
        )
    ax.set_xlim(-e, e)
    ax.set_ylim(-e, e)
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_xlabel(labels["x1"])
    ax.set_ylabel(labels["x2"])
    style_legend(ax, dark)
    return fig


def _l1_axis(ax: Any, sweep: Sweep, current: float, labels: Mapping[str, str], dark: bool) -> None:
    """Evenly spaced l1 ticks (0 cannot sit on a log axis) and a line at the current value."""
    ax.set_xticks(range(len(sweep.l1)), [l1_text(v) for v in sweep.l1])
    ax.set_xlabel(labels["l1"])
    if current in sweep.l1:
        ax.axvline(
            sweep.l1.index(current), color=palette(dark).muted, linewidth=1.2, linestyle=":", label=labels["now"]
        )


def sweep_figure(sweep: Sweep, current: float, labels: Mapping[str, str], dark: bool) -> Figure:
    """Training and held-out accuracy and held-out sparsity against l1."""
    colours = palette(dark)
    fig, ax = new_axes(dark)
    xs = range(len(sweep.l1))
    ax.plot(xs, sweep.train_accuracy, "o--", color=colours.primary, alpha=0.7, label=labels["train_acc"])
    ax.plot(xs, sweep.test_accuracy, "o-", color=colours.primary, label=labels["test_acc"])
    ax.plot(xs, sweep.sparsity, "s-", color=colours.secondary, label=labels["sparsity"])
    _l1_axis(ax, sweep, current, labels, dark)
    ax.set_ylabel(labels["share"])
    ax.set_ylim(-0.02, 1.02)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    style_legend(ax, dark)
    return fig


def dead_figure(sweep: Sweep, current: float, labels: Mapping[str, str], dark: bool) -> Figure:
    """Dead hidden units against l1, as bars (the current l1 highlighted) under the total."""
    colours = palette(dark)
    fig, ax = new_axes(dark)
    xs = list(range(len(sweep.l1)))
    fill = [colours.accent if v == current else colours.primary for v in sweep.l1]
    ax.bar(xs, sweep.dead, color=fill, width=0.6, label=labels["dead"])
    ax.axhline(sweep.units, color=colours.secondary, linewidth=1.5, linestyle="--", label=labels["units"])
    for x, d in zip(xs, sweep.dead, strict=True):
        ax.annotate(f"{d}", (x, d), textcoords="offset points", xytext=(0, 3), ha="center", color=colours.text)
    _l1_axis(ax, sweep, current, labels, dark)
    ax.set_ylabel(labels["count"])
    ax.set_ylim(0, sweep.units * 1.12)
    style_legend(ax, dark)
    return fig


DEMO = Demo(
    name="training",
    title={"en": "Training with an L1 activity penalty", "zh": "带 L1 激活惩罚的训练"},
    params=PARAMS,
    constraints=(_within_budget,),
)
