"""Colour vision: the hormone lines of the figures the explorers draw stay distinguishable for readers
with protanopia, deuteranopia or tritanopia (DESIGN.md, "Look": one fixed colour and one fixed line
style per hormone, from a colour-blind-safe palette).

How: render the figures with hpgviz.viz's panel primitive (ScenarioFigure, one result and overlaid) on Agg,
find each hormone's line in the rendered image, simulate each colour-vision deficiency on the whole
image, and require every pair of hormones to differ clearly in colour (CIELAB distance) OR in line
style (dash pattern). A deliberately bad palette (red/green, all solid) must fail the same check, so
the check can fail.

Simulation: Machado GM, Oliveira MM, Fernandes LAF. A physiologically-based model for simulation of
color vision deficiency. IEEE Trans Vis Comput Graph 2009;15(6):1291-1298. The matrices below are
the paper's severity-1.0 (dichromat) matrices, applied to linear RGB. numpy only.
"""
import itertools
import math

import matplotlib

matplotlib.use("Agg")   # before pyplot is imported anywhere: tests never open windows

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import hpgviz as hpg  # noqa: E402
from hpgviz.viz import style  # noqa: E402
from hpgviz.viz.panels import ScenarioFigure  # noqa: E402

# --- Colour science (numpy only) ------------------------------------------------------------------

# Machado et al. 2009, Table "severity 1.0", linear RGB -> simulated linear RGB.
MACHADO_2009 = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
VISIONS = ("normal", *MACHADO_2009)

# Two thin lines whose colours differ by less than this (CIE76 Delta E in CIELAB) are treated as "same
# colour". For 2-pixel lines small differences vanish; ~20 is a conservative "clearly different" level
# (a just-noticeable difference for large patches is ~2.3).
MIN_DELTA_E = 20.0

_SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                         [0.2126729, 0.7151522, 0.0721750],
                         [0.0193339, 0.1191920, 0.9503041]])
_WHITE_D65 = np.array([0.95047, 1.0, 1.08883])


def srgb_to_linear(c):
    c = np.asarray(c, dtype=float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(c):
    c = np.clip(np.asarray(c, dtype=float), 0.0, 1.0)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055)


def simulate_vision(rgb, vision: str):
    """sRGB values in [0, 1] (any shape ending in 3) as seen with `vision` (Machado 2009)."""
    rgb = np.asarray(rgb, dtype=float)
    if vision == "normal":
        return rgb
    lin = srgb_to_linear(rgb) @ MACHADO_2009[vision].T
    return linear_to_srgb(lin)


def srgb_to_lab(rgb):
    xyz = srgb_to_linear(rgb) @ _SRGB_TO_XYZ.T / _WHITE_D65
    d = 6 / 29
    f = np.where(xyz > d ** 3, np.cbrt(xyz), xyz / (3 * d * d) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


def delta_e(rgb1, rgb2) -> float:
    return float(np.linalg.norm(srgb_to_lab(rgb1) - srgb_to_lab(rgb2)))


# --- Line styles ----------------------------------------------------------------------------------

def dash_signature(line):
    """(number of dashes per period, period, fraction drawn) of a rendered Line2D, in points; solid
    lines are (1, inf, 1.0). Taken from the artist after drawing (the pattern matplotlib draws)."""
    offset, seq = line._unscaled_dash_pattern   # the pattern before line-width scaling
    if not seq:
        return (1, math.inf, 1.0)
    seq = list(seq) if len(seq) % 2 == 0 else list(seq) * 2
    period = float(sum(seq))
    return (len(seq) // 2, period, float(sum(seq[0::2])) / period)


def styles_differ(a, b) -> bool:
    """Two dash signatures a reader tells apart: solid vs broken, a different number of dashes per
    repeat, a period at least 1.5x longer, or a drawn fraction differing by at least 0.2."""
    (na, pa, fa), (nb, pb, fb) = a, b
    if math.isinf(pa) != math.isinf(pb):
        return True
    if math.isinf(pa):
        return False
    return na != nb or max(pa, pb) / min(pa, pb) >= 1.5 or abs(fa - fb) >= 0.2


def confusable_pairs(lines: dict) -> list:
    """Pairs of names whose rendered lines match in both colour (Delta E < MIN_DELTA_E under some
    vision) and line style. `lines` maps name -> (seen colour per vision, dash signature)."""
    bad = []
    for (n1, (c1, s1)), (n2, (c2, s2)) in itertools.combinations(lines.items(), 2):
        if styles_differ(s1, s2):
            continue
        for vision in VISIONS:
            de = delta_e(c1[vision], c2[vision])
            if de < MIN_DELTA_E:
                bad.append((n1, n2, vision, round(de, 1)))
    return bad


# --- Rendering ------------------------------------------------------------------------------------

ALL_PANELS = (("T",), ("LH", "FSH"), ("E2",), ("ITT",), ("inhibin_B",), ("sperm",), ("GnRH",))
HORMONES = tuple(n for group in ALL_PANELS for n in group)


def render(fig):
    """The figure drawn by Agg, as an (h, w, 3) float sRGB array in [0, 1]."""
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba(), dtype=float)[..., :3] / 255.0


def line_pixels(image, line, fig):
    """Pixels of the image that carry `line`'s own colour (line cores; antialiased edges excluded)."""
    target = np.array(mcolors.to_rgb(line.get_color()))
    close = np.all(np.abs(image - target) < 1.5 / 255, axis=-1)
    # keep only pixels inside the line's axes (a direct label or strip bar may share the colour)
    x0, y0, x1, y1 = line.axes.get_window_extent().extents
    h = image.shape[0]
    mask = np.zeros_like(close)
    mask[int(h - y1):int(h - y0) + 1, int(x0):int(x1) + 1] = True
    return close & mask


def seen_lines(fig, lines_by_name: dict) -> dict:
    """name -> ({vision: mean seen colour of the line's pixels}, dash signature)."""
    image = render(fig)
    simulated = {v: simulate_vision(image, v) for v in VISIONS}
    out = {}
    for name, line in lines_by_name.items():
        px = line_pixels(image, line, fig)
        assert px.sum() >= 20, f"{name}: its line is (almost) not visible in the rendered figure"
        out[name] = ({v: simulated[v][px].mean(axis=0) for v in VISIONS}, dash_signature(line))
    return out


def lines_of(fig, names_per_axes) -> dict:
    """Find each hormone's line among the drawn artists by its STYLE colour, one per axes group."""
    found = {}
    for ax, names in zip(names_per_axes[0], names_per_axes[1]):
        for name in names:
            want = mcolors.to_rgb(style.STYLE[name].color)
            hits = [ln for ln in ax.get_lines() if ln.get_visible() and len(ln.get_xdata()) > 1
                    and mcolors.to_rgb(ln.get_color()) == want]
            assert hits, f"{name}: no line in its panel has the hormone's fixed colour {style.STYLE[name].color}"
            found[name] = hits[0]
    return found


@pytest.fixture(scope="module")
def result():
    reg = hpg.Regimen([
        hpg.Course("testosterone_cypionate", dose=200, every_days=7, start_day=0, stop_day=182),
        hpg.Course("clomiphene", dose=25, every_days=1, start_day=182, stop_day=273),
    ])
    return hpg.simulate(reg, days=400)


# --- The series' own figures ----------------------------------------------------------------------

def test_simulation_matrices_leave_grey_grey():
    """Sanity of the transcribed matrices: each row sums to ~1, so greys are unchanged."""
    for vision, m in MACHADO_2009.items():
        assert np.allclose(m.sum(axis=1), 1.0, atol=2e-3), vision
        grey = np.array([0.5, 0.5, 0.5])
        assert np.allclose(simulate_vision(grey, vision), grey, atol=2e-3), vision


def test_simulation_confuses_red_and_green_for_red_green_dichromats():
    """The model behaves as published: a red and a green that differ strongly for normal vision
    become close for protanopes and deuteranopes, but not for tritanopes."""
    red, green = mcolors.to_rgb("#CC0000"), mcolors.to_rgb("#21730D")
    assert delta_e(red, green) > 60
    for vision in ("protanopia", "deuteranopia"):
        assert delta_e(simulate_vision(red, vision), simulate_vision(green, vision)) < MIN_DELTA_E, vision
    assert delta_e(simulate_vision(red, "tritanopia"), simulate_vision(green, "tritanopia")) > MIN_DELTA_E


def test_every_hormone_has_its_own_style():
    """DESIGN: one fixed colour and one fixed line style per hormone (no two share both)."""
    for a, b in itertools.combinations(style.STYLE, 2):
        assert (style.STYLE[a].color, style.STYLE[a].linestyle) != (style.STYLE[b].color, style.STYLE[b].linestyle), (a, b)


def one_result(result, panels=ALL_PANELS):
    """The panel figure of one result (the TRT explorer's): each hormone in its own colour and line style."""
    return ScenarioFigure(panels, scenarios=1).update([result], draw=False)


def test_hormone_panels_stay_distinguishable(result):
    """Every pair of hormone lines in the explorers' panel figure of one result, rendered and seen with each
    colour-vision deficiency, differs in colour or in line style."""
    panels = one_result(result)
    lines = lines_of(panels.figure, (panels.axes, ALL_PANELS))
    seen = seen_lines(panels.figure, lines)
    assert set(seen) == set(HORMONES)
    assert confusable_pairs(seen) == []


def test_hormone_lines_keep_their_style_in_the_rendered_figure(result):
    """The drawn line uses the hormone's fixed dash pattern (not a default solid line)."""
    panels = one_result(result)
    lines = lines_of(panels.figure, (panels.axes, ALL_PANELS))
    panels.figure.canvas.draw()
    for name, line in lines.items():
        expected = style.STYLE[name].linestyle
        if expected == "solid":
            assert dash_signature(line)[1] == math.inf, name
        else:
            assert dash_signature(line)[0] >= 1 and dash_signature(line)[1] < math.inf, name


def test_comparison_figure_stays_distinguishable(result):
    """The scenario overlay (protocol comparison): the hormones drawn in the first scenario's style."""
    panels = (("T",), ("LH", "FSH"), ("E2",), ("sperm",))
    fig = ScenarioFigure(panels, scenarios=2, labels=["A", "B"])
    fig.update([result, result], labels=["A", "B"])
    # scenario 0 keeps the hormone's own colour; find its lines by that colour
    lines = lines_of(fig.figure, (fig.axes, panels))
    seen = seen_lines(fig.figure, lines)
    # in this figure the line style encodes the scenario, so hormones sharing a panel must differ in colour
    for (n1, (c1, _)), (n2, (c2, _)) in itertools.combinations(seen.items(), 2):
        same_panel = any(n1 in g and n2 in g for g in panels)
        if same_panel:
            for vision in VISIONS:
                assert delta_e(c1[vision], c2[vision]) >= MIN_DELTA_E, (n1, n2, vision)


def test_same_panel_pairs_differ_in_colour_too(result):
    """Lines sharing a panel (LH and FSH) differ in colour for every vision, not only in dashes."""
    panels = one_result(result)
    seen = seen_lines(panels.figure, lines_of(panels.figure, (panels.axes, ALL_PANELS)))
    for group in ALL_PANELS:
        for a, b in itertools.combinations(group, 2):
            for vision in VISIONS:
                assert delta_e(seen[a][0][vision], seen[b][0][vision]) >= MIN_DELTA_E, (a, b, vision)


# --- The check can fail ---------------------------------------------------------------------------

def _bad_palette_lines(colors: dict, linestyles: dict):
    """A figure drawn like the series' panels but with a given palette: one line per name."""
    fig, ax = plt.subplots(figsize=(6, 3))
    t = np.linspace(0, 10, 200)
    lines = {}
    for i, name in enumerate(colors):
        (lines[name],) = ax.plot(t, np.sin(t + i) + 3 * i, color=colors[name], linestyle=linestyles[name], lw=2.2)
    return fig, lines


def test_a_red_green_palette_with_one_line_style_fails():
    colors = {"LH": "#CC0000", "FSH": "#21730D", "T": "#000000"}
    fig, lines = _bad_palette_lines(colors, {n: "solid" for n in colors})
    bad = confusable_pairs(seen_lines(fig, lines))
    assert ("LH", "FSH", "deuteranopia") in [b[:3] for b in bad]
    assert ("LH", "FSH", "protanopia") in [b[:3] for b in bad]
    assert not any({"LH", "FSH"} != {b[0], b[1]} for b in bad)   # the black line is fine


def test_a_blue_green_pair_fails_for_tritanopes_only():
    colors = {"A": "#0072B2", "B": "#009E73"}    # Okabe-Ito blue and bluish green, both solid
    fig, lines = _bad_palette_lines(colors, {n: "solid" for n in colors})
    visions = {b[2] for b in confusable_pairs(seen_lines(fig, lines))}
    assert "tritanopia" in visions and "normal" not in visions


def test_line_style_rescues_a_bad_colour_pair():
    colors = {"LH": "#CC0000", "FSH": "#21730D"}
    fig, lines = _bad_palette_lines(colors, {"LH": "solid", "FSH": (0, (5, 2))})
    assert confusable_pairs(seen_lines(fig, lines)) == []
    # ... but two similar dash patterns do not
    fig, lines = _bad_palette_lines(colors, {"LH": (0, (5, 2)), "FSH": (0, (5.5, 2))})
    assert confusable_pairs(seen_lines(fig, lines)) != []


def test_dosing_strip_names_each_drug_in_words(result):
    """Drug-family colours in the dosing strip are not all distinguishable for every vision (several
    pairs fall below MIN_DELTA_E, e.g. SERM orange and GnRH yellow for protanopes), so colour must never
    be the only channel there: each row of the strip names its drug in words."""
    panels = one_result(result, style.DEFAULT_PANELS)
    panels.figure.canvas.draw()
    words = " ".join(t.get_text() for t in panels.strip_ax.texts if t.get_visible()).lower()
    assert "cypionate" in words and "clomiphene" in words, words   # ScenarioFigure's strip: "T cypionate ..."
