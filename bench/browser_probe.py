"""Timing a user's action in the page itself: from the key press to its result on screen.

Before each action, :data:`ARM` installs a probe in the page: a capture-phase ``keydown``
listener notes the event's time, and a MutationObserver (plus image ``load`` events) checks
a condition on every change; the first time it holds, the probe notes the time, then the time
after the next frame (a ``requestAnimationFrame`` followed by a posted message, which runs once
that frame is painted). All three times are ``performance.now()`` in the page (0.1 ms
resolution in Chromium), so neither Playwright's round trips nor polling add to them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import IDLE

_STATE = """() => ({
    images: [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stImage"] img')],
    metric: document.querySelector('[data-testid="stMain"] [data-testid="stMetricValue"]')?.textContent ?? null,
})"""

REDRAWN = f"now.metric !== before.metric && {IDLE} && now.images.every(img => img.complete && img.naturalWidth > 0)"
"""The first metric shows a new value, the run that set it has finished (so every image has its
new source) and every image has loaded. (A plot whose pixels did not change keeps its source.)"""

REVEALED = "document.querySelector('.st-key-rate-good button') !== null"
"""The flashcard's rating buttons are shown."""

RATED = "document.querySelector('[class*=\"st-key-rate-\"]') === null"
"""The rating buttons are gone: the next card (or the end of the queue) is shown."""


def arm(condition: str) -> str:
    """JavaScript that installs the probe for ``condition``, an expression over ``now`` (the page
    state: ``images``, the image elements; ``metric``, the first metric's text) and ``before``
    (the same when the probe was armed, with ``images`` as their sources)."""
    return f"""() => {{
        const state = {_STATE};
        const first = state();
        const before = {{...first, images: first.images.map(img => img.src)}};
        const probe = window.__probe = {{start: null, updated: null, shown: null}};
        const ready = now => ({condition});
        const check = () => {{
            if (probe.start === null || probe.updated !== null || !ready(state())) return;
            probe.updated = performance.now();
            observer.disconnect();
            document.removeEventListener('load', check, true);
            requestAnimationFrame(() => {{
                const channel = new MessageChannel();
                channel.port1.onmessage = () => {{ probe.shown = performance.now(); }};
                channel.port2.postMessage(null);
            }});
        }};
        const observer = new MutationObserver(check);
        observer.observe(document.body, {{subtree: true, childList: true, attributes: true, characterData: true}});
        document.addEventListener('load', check, true);
        document.addEventListener('keydown', event => {{ probe.start = event.timeStamp; check(); }},
                                  {{capture: true, once: true}});
    }}"""


DONE = f"window.__probe.shown !== null && {IDLE}"
"""The probe has fired and the app's script has finished (the page is ready for the next action)."""
ELAPSED = "window.__probe.shown - window.__probe.start"
"""Milliseconds from the key press to the frame that shows its result."""


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100), interpolated linearly."""
    return float(np.percentile(values, q))


def summary(ms: list[float]) -> str:
    """Median and 95th percentile of milliseconds."""
    return f"p50 {percentile(ms, 50):7.1f} ms   p95 {percentile(ms, 95):7.1f} ms   (n={len(ms)})"
