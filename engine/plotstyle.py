"""Figures that read well on Streamlit's light and dark themes."""

from __future__ import annotations

import io
from dataclasses import dataclass

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure

CJK_FAMILIES = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC")


def _cjk_family() -> str | None:
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


CJK_FAMILY = _cjk_family()
if CJK_FAMILY:  # glyphs missing from the Latin font fall back to the CJK one
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", CJK_FAMILY]


def plot_lang(lang: str) -> str:
    """The language plots can be labelled in: Chinese needs a CJK font."""
    return lang if lang == "en" or CJK_FAMILY else "en"


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


def new_axes(dark: bool, size: tuple[float, float] = (5.2, 3.6)) -> tuple[Figure, Axes]:
    """A transparent figure with one styled axes (no pyplot, so nothing leaks)."""
    colours = palette(dark)
    fig = Figure(figsize=size, layout="constrained")
    fig.patch.set_alpha(0.0)
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
