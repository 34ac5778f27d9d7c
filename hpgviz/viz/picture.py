"""Finished figures as pictures in a page: a PNG with the screen's device pixels per CSS px (viz.style.SCREEN: in the
app the reader's, e.g. 2 on most phones and laptops, issue 18; elsewhere 2), shown at the live figure's size
(FIGURE_DPI CSS px per inch), with alt text.

One place for every static picture (explorers' starting pictures, static figures, the published-models figure), so
their resolution and size cannot drift apart.
"""
from __future__ import annotations

import base64
import html
import io

from .style import FIGURE_DPI, SCREEN

__all__ = ["picture_png", "picture_width_px", "picture_img", "png_metadata"]

# A figure's lines, text and shading need far fewer than 256 colours: a palette PNG is a quarter of the bytes of the
# full-colour one (measured: a 2x TRT panel figure 55 kB against 219 kB, smaller than the 1x full-colour picture) for
# ~0.1 s more in the kernel; the bytes are what a page's first paint waits for (every picture is in the page twice
# while it loads: the early one and the cell's own, app/config/voila.py).
PALETTE_COLOURS = 256


def picture_png(figure, density: int | None = None) -> bytes:
    """The figure as a palette PNG at `density` device px per CSS px (default: the screen's), on white."""
    from PIL import Image
    dpi = FIGURE_DPI * (SCREEN.density if density is None else density)
    full = io.BytesIO()
    figure.savefig(full, format="png", dpi=dpi, facecolor="white", pil_kwargs={"compress_level": 0})
    full.seek(0)
    with Image.open(full) as image:
        palette = image.convert("RGB").quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE)
    buf = io.BytesIO()
    palette.save(buf, format="png")
    return buf.getvalue()


def picture_width_px(figure) -> int:
    """The CSS width the picture is shown at: the live figure's (FIGURE_DPI px per inch)."""
    return round(figure.get_figwidth() * FIGURE_DPI)


def picture_img(png: bytes, figure, alt: str, attributes: str = "") -> str:
    """An <img> of `png` (made by picture_png) at the figure's CSS width, never wider than its box; `attributes`
    are added as they are (e.g. data-* attributes)."""
    src = base64.b64encode(png).decode("ascii")
    return (f'<img src="data:image/png;base64,{src}" alt="{html.escape(alt, quote=True)}"{attributes} '
            f'width="{picture_width_px(figure)}" style="max-width:100%;height:auto">')


def png_metadata(figure) -> dict:
    """Display metadata that shows a bare image/png part at the same CSS width (front ends that skip the HTML)."""
    return {"image/png": {"width": picture_width_px(figure)}}
