"""The demo registry: every live demo, by name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.demos import dense_layer, moe, sparse_conv, speed, threshold, training, zoo
from engine.demos.demo import Demo

DEMOS: dict[str, Demo] = {
    demo.name: demo
    for demo in (threshold.DEMO, zoo.DEMO, dense_layer.DEMO, training.DEMO, speed.DEMO, moe.DEMO, sparse_conv.DEMO)
}


def validate_preset(name: str, params: Mapping[str, Any]) -> list[str]:
    """Problems with a YAML preset: an unknown demo, or bad or unknown parameters."""
    demo = DEMOS.get(name)
    if demo is None:
        return [f"unknown demo {name!r} (known: {', '.join(sorted(DEMOS))})"]
    return demo.resolve(params)[1]
