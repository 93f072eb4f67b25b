"""The progress page's plots: daily bars of due cards and of reviews."""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from engine.plotstyle import new_axes, palette


def daily_bars(counts: pd.Series, ylabel: str, dark: bool, *, highlight_first: bool = False) -> Figure:
    """Bars of one count per day (``counts`` indexed by date), dates as ``MM-DD``; the first bar in
    the accent colour when ``highlight_first`` (today, with the overdue cards)."""
    colours = palette(dark)
    fig, ax = new_axes(dark, size=(6.4, 2.6))
    positions = range(len(counts))
    bars = ax.bar(positions, counts.to_numpy(), color=colours.primary, width=0.7)
    if highlight_first and len(bars):
        bars[0].set_color(colours.accent)
    step = max(1, math.ceil(len(counts) / 7))
    ax.set_xticks(list(positions)[::step], [day.strftime("%m-%d") for day in counts.index[::step]])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max(1, int(counts.max()) if len(counts) else 1) * 1.15)
    ax.set_ylabel(ylabel)
    ax.grid(False, axis="x")
    return fig
