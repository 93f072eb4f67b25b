"""Figures drawn once to pixels, so a slider move only touches a few pixels.

A demo whose plot changes with one parameter in a simple way (a line moves, a region
changes colour) renders its static layers once with matplotlib and composites the
moving part in NumPy for each value; that is far cheaper than a new ``savefig``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from PIL import Image


@dataclass(frozen=True)
class Raster:
    """One figure's pixels and its (only) axes' data-to-pixel mapping.

    Attributes:
        rgba: the image, rows from the top, shape (height, width, 4), uint8.
        box: the axes' pixel box ``(left, top, right, bottom)``, rows from the top.
        xlim, ylim: the axes' data limits.
    """

    rgba: np.ndarray
    box: tuple[float, float, float, float]
    xlim: tuple[float, float]
    ylim: tuple[float, float]

    def column(self, x: float) -> float:
        """The pixel column of data x (linear axes)."""
        left, _, right, _ = self.box
        return left + (x - self.xlim[0]) / (self.xlim[1] - self.xlim[0]) * (right - left)

    def row(self, y: float) -> float:
        """The pixel row of data y (linear axes), counted from the top."""
        _, top, _, bottom = self.box
        return top + (self.ylim[1] - y) / (self.ylim[1] - self.ylim[0]) * (bottom - top)


def render(fig: Figure, dpi: int) -> Raster:
    """Draw a one-axes figure at ``dpi`` and keep its pixels and mapping."""
    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba()).copy()
    ax = fig.axes[0]
    extent = ax.get_window_extent()
    height = rgba.shape[0]
    box = (extent.x0, height - extent.y1, extent.x1, height - extent.y0)
    return Raster(rgba, box, tuple(ax.get_xlim()), tuple(ax.get_ylim()))


def rgba_of(colour: str) -> np.ndarray:
    """A colour as four uint8 channels."""
    return np.round(np.array(to_rgba(colour)) * 255).astype(np.uint8)


def vline(rgba: np.ndarray, column: float, top: float, bottom: float, colour: str, width: float, dash: float) -> None:
    """Draw a dashed vertical line in place (``dash`` pixels on, ``dash / 2`` off)."""
    height, width_px = rgba.shape[:2]
    lo = round(column - width / 2)
    cols = slice(max(lo, 0), min(lo + max(round(width), 1), width_px))
    rows = np.arange(max(int(top), 0), min(int(bottom) + 1, height))
    on = ((rows - rows[0]) % (dash * 1.5)) < dash if rows.size else rows.astype(bool)
    rgba[rows[on], cols] = rgba_of(colour)


def disc(rgba: np.ndarray, column: float, row: float, radius: float, colour: str) -> None:
    """Draw a filled disc in place."""
    height, width = rgba.shape[:2]
    r0, r1 = max(int(row - radius) - 1, 0), min(int(row + radius) + 2, height)
    c0, c1 = max(int(column - radius) - 1, 0), min(int(column + radius) + 2, width)
    rr, cc = np.ogrid[r0:r1, c0:c1]
    inside = (rr + 0.5 - row) ** 2 + (cc + 0.5 - column) ** 2 <= radius**2
    rgba[r0:r1, c0:c1][inside] = rgba_of(colour)


def png(rgba: np.ndarray) -> bytes:
    """Encode pixels as PNG, favouring speed over size."""
    buffer = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
