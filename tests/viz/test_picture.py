"""Static pictures at the device's resolution (issue 18: they were 72-110 dpi, soft on a 2x screen): the screen's
device pixels per CSS px (2 where it is not known), shown at the live figure's size, with alt text; the
published-models figure too (its bare PNG had no alt text: axe-core image-alt, critical)."""
import base64
import re
import struct

import matplotlib.pyplot as plt
import pytest

from hpgviz.viz import style
from hpgviz.viz.picture import picture_img, picture_png, picture_width_px, png_metadata
from hpgviz.viz.style import FIGURE_DPI, PICTURE_DENSITY


def png_width(png: bytes) -> int:
    assert png.startswith(b"\x89PNG")
    return struct.unpack(">I", png[16:20])[0]   # IHDR: width, then height


def shown_width(img: str) -> int:
    return int(re.search(r'\swidth="(\d+)"', img).group(1))


def test_a_picture_has_twice_the_pixels_of_its_css_width_and_the_live_figures_size():
    fig = plt.figure(figsize=(6.0, 2.0))
    png = picture_png(fig)
    img = picture_img(png, fig, 'T & "LH" over 2 years')
    assert picture_width_px(fig) == 6 * FIGURE_DPI == shown_width(img)
    assert png_width(png) == PICTURE_DENSITY * shown_width(img) == 2 * 600
    assert 'alt="T &amp; &quot;LH&quot; over 2 years"' in img and "max-width:100%" in img
    assert png_metadata(fig) == {"image/png": {"width": 600}}


@pytest.mark.parametrize("density", [1, 3])
def test_in_the_app_a_picture_has_the_readers_density(density):
    fig = plt.figure(figsize=(6.0, 2.0))
    style.use_screen(None, density)
    try:
        assert png_width(picture_png(fig)) == density * 600
    finally:
        style.use_screen(None)
    assert style.SCREEN.density == PICTURE_DENSITY == 2
    for bad in (0, 4, 1.5, True, "2"):
        with pytest.raises(ValueError, match="density"):
            style.use_screen(None, bad)


@pytest.mark.pixels
def test_static_figures_and_starting_pictures_are_2x():
    from hpgviz.explorers import trt
    data, metadata = trt.healthy_axis_figure()._repr_mimebundle_()
    assert png_width(data["image/png"]) == PICTURE_DENSITY * metadata["image/png"]["width"]
    assert png_width(data["image/png"]) == PICTURE_DENSITY * shown_width(data["text/html"])
    ex = trt.TRTExplorer()
    page = ex.static_bundle()["text/html"]
    imgs = re.findall(r"<img [^>]+>", page)
    assert len(imgs) == len(ex._views) == 2
    for img, view in zip(imgs, ex._views):
        png = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', img).group(1))
        assert shown_width(img) == round(view.figure.get_figwidth() * FIGURE_DPI)
        assert png_width(png) == PICTURE_DENSITY * shown_width(img)
    ex.close()


def test_the_published_models_figure_is_a_picture_with_alt_text():
    from hpgviz.viz.published import published_figure
    fig = published_figure()
    try:
        data, metadata = fig._repr_mimebundle_()
        assert re.fullmatch(r'<img [^>]*alt="Time courses of hpgviz[^"]+"[^>]*>', data["text/html"])
        assert png_width(data["image/png"]) == PICTURE_DENSITY * metadata["image/png"]["width"]
        assert data["text/plain"] == fig.alt
    finally:
        plt.close(fig)
