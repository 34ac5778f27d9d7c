"""Faster text for the explorers' live figures: a glyph-bitmap cache for matplotlib's Agg renderer.

Profiling an explorer's redraw (Agg) showed that about two thirds of it is text, and most of that is
FreeType rendering the same glyphs at the same places on every update (tick labels, axis labels, the
caption, the strip's words). ``GlyphCacheFigure`` renders each glyph once per (font, size, dpi, glyph,
angle, sub-pixel offset) and afterwards only copies the bitmap: the pixels are identical (a glyph moved
by whole pixels rasterises to the same bitmap, shifted), so figures look exactly as before.

Scoped to hpgviz's own live figures (``viz.style.new_figure`` makes them of this class): other figures in
the same kernel draw as usual. ``fast_png(canvas)`` makes a live (ipympl) canvas encode the PNG it sends
after each draw with fast zlib settings (same pixels, about half the encoding time, a slightly larger
message on a local connection). It relies on private methods of matplotlib's Agg renderer
(``_draw_text_glyphs_and_boxes``) and web canvas (``get_diff_image``), so it is on only for the matplotlib
versions it was tested with (``TESTED_MATPLOTLIB``) and can be switched off: ``HPGVIZ_FASTTEXT=0`` in the
environment (read at each draw). Off, every figure draws and encodes exactly as matplotlib does.
"""
from __future__ import annotations

import math
import os
import types

import numpy as np
from matplotlib.figure import Figure

__all__ = ["GlyphCacheFigure", "TESTED_MATPLOTLIB", "available", "clear", "fast_png", "switched_off"]

TESTED_MATPLOTLIB = ((3, 11),)   # (major, minor) releases whose private methods the replacements below copy

_CACHE: dict = {}
_LIMIT = 50_000          # glyph bitmaps kept (a few MB); cleared when full
_LAYOUTS: dict = {}      # (font properties, string, ...) -> laid-out glyphs
_LAYOUT_LIMIT = 5_000


def clear():
    _CACHE.clear()
    _LAYOUTS.clear()


def _imports():
    try:
        from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
        from matplotlib.ft2font import FT2Font, RenderMode
    except ImportError:
        return None
    if not (hasattr(RendererAgg, "_draw_text_glyphs_and_boxes") and hasattr(FT2Font, "_render_glyph")
            and hasattr(FT2Font, "_set_transform")):
        return None
    return RendererAgg, get_hinting_flag, RenderMode


_IMPORTS = _imports()


def _matplotlib_release() -> tuple:
    import matplotlib
    return tuple(int(part) for part in matplotlib.__version__.split(".")[:2])


def switched_off() -> bool:
    """HPGVIZ_FASTTEXT=0 (or off, false, no) in the environment."""
    return os.environ.get("HPGVIZ_FASTTEXT", "").strip().lower() in ("0", "off", "false", "no")


def available() -> bool:
    """True where the cache is on: a tested matplotlib release that has the renderer methods it replaces,
    and not switched off."""
    return _IMPORTS is not None and _matplotlib_release() in TESTED_MATPLOTLIB and not switched_off()


def _draw_text_glyphs_and_boxes(self, gc, x, y, angle, glyphs, boxes):
    """RendererAgg._draw_text_glyphs_and_boxes (matplotlib 3.11) with each glyph's bitmap cached."""
    RendererAgg, get_hinting_flag, RenderMode = _IMPORTS
    boxes = list(boxes)
    if boxes:   # mathtext rules: rare here, leave them to matplotlib
        return RendererAgg._draw_text_glyphs_and_boxes(self, gc, x, y, angle, glyphs, boxes)
    cos = math.cos(math.radians(angle))
    sin = math.sin(math.radians(angle))
    flags = get_hinting_flag()
    antialiased = bool(gc.get_antialiased())
    height, dpi = self.height, self.dpi
    draw = self._renderer.draw_text_image
    matrices = {}
    for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards.
        X = round(0x40 * (x + dx * cos - dy * sin))
        Y = round(0x40 * (height - y + dx * sin + dy * cos))   # FreeType's y is upwards.
        key = (id(font), size, dpi, glyph_index, flags, antialiased, angle, slant, extend, X & 63, Y & 63)
        hit = _CACHE.get(key)
        if hit is None:
            matrix = matrices.get((slant, extend))
            if matrix is None:
                matrix = matrices[slant, extend] = (
                    0x10000 * np.array([[cos, -sin], [sin, cos]]) @ [[extend, extend * slant], [0, 1]]
                ).round().astype(int)
            font.set_size(size, dpi)
            font._set_transform(matrix, [X & 63, Y & 63])   # only the sub-pixel part of the offset
            bitmap = font._render_glyph(glyph_index, flags,
                                        RenderMode.NORMAL if antialiased else RenderMode.MONO)
            buffer = np.array(bitmap.buffer, copy=True)
            if not antialiased:
                buffer *= 0xff
            if len(_CACHE) >= _LIMIT:
                _CACHE.clear()
            # the font is kept so that its id is never reused by another font while the entry lives
            hit = _CACHE[key] = (buffer, bitmap.left, bitmap.top, font)
        buffer, left, top, _ = hit
        # whole pixels of the offset shift the bitmap; draw_text_image's y is downwards & the bitmap bottom
        draw(buffer, left + (X >> 6), int(height) - (top + (Y >> 6)) + buffer.shape[0], 0, gc)


def _draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
    """RendererAgg.draw_text (matplotlib 3.11) with the string's layout (font lookup, shaping) cached."""
    RendererAgg, get_hinting_flag, _ = _IMPORTS
    if ismath or not hasattr(self, "_prepare_font"):
        return RendererAgg.draw_text(self, gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
    features = mtext.get_fontfeatures() if mtext is not None else None
    language = mtext.get_language() if mtext is not None else None
    flags = get_hinting_flag()
    key = (hash(prop), s, flags, self.dpi, tuple(features) if features is not None else None,
           language if language is None or isinstance(language, str) else tuple(language))
    hit = _LAYOUTS.get(key)
    if hit is None:
        font = self._prepare_font(prop)
        items = list(font._layout(s, flags=flags, features=features, language=language))
        if len(_LAYOUTS) >= _LAYOUT_LIMIT:
            _LAYOUTS.clear()
        hit = _LAYOUTS[key] = (items, prop.get_size_in_points())
    items, size = hit
    self._draw_text_glyphs_and_boxes(
        gc, x, y, angle, ((item.ft_object, size, item.glyph_index, 0, 1, item.x, item.y) for item in items), [])


class GlyphCacheFigure(Figure):
    """A Figure whose Agg draws reuse glyph bitmaps (see the module docstring); otherwise a plain Figure."""

    def draw(self, renderer):
        patched = "_draw_text_glyphs_and_boxes" in vars(renderer)
        if available() and not patched and isinstance(renderer, _IMPORTS[0]):
            renderer._draw_text_glyphs_and_boxes = types.MethodType(_draw_text_glyphs_and_boxes, renderer)
            renderer.draw_text = types.MethodType(_draw_text, renderer)
        elif patched and not available():   # switched off since: the renderer's own methods again
            del renderer._draw_text_glyphs_and_boxes, renderer.draw_text
        return super().draw(renderer)


def _diff_image(self):
    """FigureCanvasWebAggCore.get_diff_image (matplotlib 3.11) with a fast PNG compression level."""
    if not self._png_is_old:
        return None
    from io import BytesIO

    from PIL import Image
    pixels = np.asarray(self.get_renderer().buffer_rgba())
    buff = pixels.view(np.uint32).squeeze(2)   # whole pixels compared in one numpy call
    if (self._force_full or buff.shape != self._last_buff.shape
            or (pixels[:, :, 3] != 255).any()):   # transparency: the front end cannot overlay a diff
        self.set_image_mode("full")
        output = buff
    else:
        self.set_image_mode("diff")
        output = np.where(buff != self._last_buff, buff, 0)
    self._last_buff = buff.copy()
    self._force_full = False
    self._png_is_old = False
    data = output.view(dtype=np.uint8).reshape((*output.shape, 4))
    with BytesIO() as png:
        Image.fromarray(data).save(png, format="png", compress_level=1)
        return png.getvalue()


def fast_png(canvas) -> bool:
    """Give a web (ipympl) canvas the fast PNG encoder above; False (and nothing changed) if it is not one
    this code knows (matplotlib's web canvas with get_diff_image and its diff state) or the cache is off."""
    if not available():
        return False
    try:
        from matplotlib.backends.backend_webagg_core import FigureCanvasWebAggCore
    except ImportError:
        return False
    if not (isinstance(canvas, FigureCanvasWebAggCore)
            and all(hasattr(canvas, a) for a in ("_png_is_old", "_force_full", "_last_buff", "set_image_mode"))):
        return False
    canvas.get_diff_image = types.MethodType(_diff_image, canvas)
    return True
