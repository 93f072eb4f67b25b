"""Figures that read well on Streamlit's light and dark themes.

Matplotlib is imported on the first figure, not with this module: the demos' declarations
(which the question bank checks presets against) load without it, so the first page opens sooner.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

CJK_FAMILIES = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC")


@functools.cache
def cjk_family() -> str | None:
    """The installed CJK font, set as matplotlib's fallback for glyphs its Latin font lacks."""
    import matplotlib
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    family = next((family for family in CJK_FAMILIES if family in installed), None)
    if family:
        matplotlib.rcParams["font.family"] = ["DejaVu Sans", family]
    return family


def plot_lang(lang: str) -> str:
    """The language plots can be labelled in: Chinese needs a CJK font."""
    return lang if lang == "en" or cjk_family() else "en"


@dataclass(frozen=True)
class Palette:
    """Colours for one theme.

    Attributes:
        text: labels, ticks and spines.
        grid: grid lines.
        primary: the main series.
        secondary: a second series or a closed form.
        accent: the current point, the threshold line.
        muted: a de-emphasised region.
    """

    text: str
    grid: str
    primary: str
    secondary: str
    accent: str
    muted: str


LIGHT = Palette("#31333F", "#D5D7DE", "#1F77B4", "#2CA02C", "#D62728", "#A3A8B8")
DARK = Palette("#FAFAFA", "#3D4150", "#5FA8E8", "#7BD389", "#FF6B6B", "#6B7080")


def palette(dark: bool) -> Palette:
    """The palette for the dark or the light theme."""
    return DARK if dark else LIGHT


def new_figure(size: tuple[float, float]) -> Figure:
    """A transparent figure (no pyplot, so nothing leaks), with fonts for both languages."""
    from matplotlib.figure import Figure

    cjk_family()
    fig = Figure(figsize=size, layout="constrained")
    fig.patch.set_alpha(0.0)
    return fig


def new_axes(dark: bool, size: tuple[float, float] = (5.2, 3.6)) -> tuple[Figure, Axes]:
    """A transparent figure with one styled axes."""
    colours = palette(dark)
    fig = new_figure(size)
    ax = fig.add_subplot()
    ax.set_facecolor("none")
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    for spine in ("left", "bottom"):
        ax.spines[spine].set_color(colours.text)
    ax.tick_params(colors=colours.text, labelsize=10)
    ax.xaxis.label.set_color(colours.text)
    ax.yaxis.label.set_color(colours.text)
    ax.title.set_color(colours.text)
    ax.grid(True, color=colours.grid, linewidth=0.6, alpha=0.8)
    ax.set_axisbelow(True)
    return fig, ax


def style_legend(ax: Axes, dark: bool, handles: list | None = None) -> None:
    """A frameless legend in the theme's text colour (of ``handles`` if given)."""
    legend = ax.legend(handles=handles, frameon=False, fontsize=9, loc="upper left" if handles else "best")
    for text in legend.get_texts():
        text.set_color(palette(dark).text)


def png(fig: Figure, dpi: int) -> bytes:
    """The figure as PNG bytes with a transparent background."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, transparent=True)
    return buffer.getvalue()


def legend_patch(colour: str, label: str) -> Artist:
    """A filled legend entry."""
    from matplotlib.patches import Patch

    return Patch(color=colour, label=label)


def legend_line(colour: str, label: str, **style: Any) -> Artist:
    """A line or marker legend entry (``style``: Line2D keywords)."""
    from matplotlib.lines import Line2D

    return Line2D([], [], color=colour, label=label, **style)
