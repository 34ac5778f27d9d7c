"""The page support every explorer brings along: CSS (focus rings, phone widths, print) and the script that
reads each slider's unit to screen readers. Explorer pages carry it in their static picture, so it also works
in exported, printed and book pages (explorers/base.py adds it)."""
import hashlib

# --- What the page needs besides the widgets: one <style> and one <script>, sent with each explorer's static
# figure (text/html runs where a kernel's output is trusted: JupyterLab, Voila, an nbconvert or book page).
#  * the static figure hides itself once the live explorer of its cell shows a figure (CSS :has), so an
#    exported, printed or never-run page keeps the picture and a live one shows only the live figure;
#  * figures, sliders, menus and tables fit a narrow screen: figures shrink (never clip), a slider's track
#    keeps at least 160 px (its label goes above it when the row is too narrow, always below 640 px),
#    tables scroll sideways inside their own box;
#  * each slider handle gets an accessible name (its description) and its value with the unit
#    (aria-valuetext), which ipywidgets does not give it; the unit travels as a hex-encoded CSS class;
#  * each live figure (focusable in ipympl) is named with its text alternative (role img); ipympl's figure
#    swallows every key (it forwards them to matplotlib and cancels the browser's action), so Tab and Escape
#    are kept from it: the keyboard moves on instead of being trapped in the first figure;
#  * focus is always visible (WCAG 2.2 focus appearance: a 3 px dark outline, offset from the control);
#    a slider's readout is not an extra Tab stop (its value is the handle's aria-valuetext);
#  * in the app the page address follows the controls: each explorer's share box holds a link with its settings
#    (`?e2=...`, explorers/base.py) and the script merges every explorer's into the address (history.replaceState,
#    no reload), so copying the address bar reopens all the explorers of the page as they stand;
#  * in the app the explorers follow the screen: the figures are drawn in the kernel for a screen width and density
#    (viz.style.use_screen), so when the window's width or density changes (a phone turned, a window narrowed, a
#    page moved to another screen) the script writes the new screen into each explorer's hidden screen box
#    (SCREEN_CLASS, which says the phone layout's limit) and the kernel lays the explorer out anew for it
#    (explorers/base.py: Explorer.relayout), keeping its settings. The controls follow by CSS alone (below);
#  * on a phone (below 640 px) every control is a touch target of at least 44 x 44 px (slider handles,
#    tick boxes with their words, menus, buttons, the share box's fold) and words wrap instead of being cut.
UNIT_CLASS = "hpgviz-unit-"
SCREEN_CLASS = "hpgviz-screen"   # the hidden screen box; with "hpgviz-screen-limits-<phone below px>-<max density>"
PAGE_CSS = """
.jp-OutputArea:has(.hpgviz-explorer .jupyter-matplotlib-canvas-div, .hpgviz-explorer .widget-output img)
  .hpgviz-static { display: none; }
.hpgviz-static img { max-width: 100%; height: auto; }
.hpgviz-static figcaption { color: #555; font-size: 90%; }
.hpgviz-explorer { max-width: 100%; min-width: 0; box-sizing: border-box; }
.hpgviz-explorer .widget-box, .hpgviz-explorer .widget-html, .hpgviz-explorer .widget-output {
  max-width: 100% !important; min-width: 0 !important; }
.hpgviz-explorer .widget-inline-hbox, .hpgviz-explorer .widget-toggle-buttons, .hpgviz-explorer .jupyter-matplotlib,
.hpgviz-explorer .widget-button, .hpgviz-explorer .widget-html, .hpgviz-explorer .jupyter-widget-Accordion {
  max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px)) !important; min-width: 0 !important; }
.hpgviz-explorer .jupyter-matplotlib-figure { flex-wrap: wrap; max-width: 100%; min-width: 0; }
.hpgviz-explorer .jupyter-matplotlib-canvas-container { max-width: 100%; min-width: 0; }
.hpgviz-explorer .jupyter-matplotlib-canvas-div { max-width: 100% !important; height: auto !important; }
.hpgviz-explorer .jupyter-matplotlib-canvas-div canvas:first-child { position: static !important;
  width: 100% !important; height: auto !important; }
.hpgviz-explorer .jupyter-matplotlib-canvas-div canvas + canvas { width: 100% !important; height: 100% !important; }
.hpgviz-explorer .widget-output img { max-width: 100%; height: auto; }
.hpgviz-explorer .widget-hslider { flex-wrap: wrap; height: auto !important; }
.hpgviz-explorer .widget-hslider .slider-container { flex: 1 1 160px; min-width: 160px; }
.hpgviz-explorer :focus-visible, .hpgviz-explorer .noUi-handle:focus, .hpgviz-table-scroll:focus-visible {
  outline: 3px solid #0b3d91 !important; outline-offset: 2px !important; }
/* the share box's fold: Jupyter's light theme writes its closed title grey on grey (4.4:1, under WCAG's 4.5:1: axe-core
   color-contrast, serious); the figures' ink instead (viz.style.INK, 10:1 on that grey) */
.hpgviz-explorer .jupyter-widget-Collapse-header, .hpgviz-explorer .lm-AccordionPanel-title { color: #333333; }
.hpgviz-explorer .hpgviz-download { display: inline-block; padding: 6px 14px; border: 1px solid #0b3d91;
  border-radius: 4px; background: #0b3d91; color: #fff; text-decoration: none; font-weight: 600; }
@media (max-width: 640px) {
  .hpgviz-explorer .widget-hslider, .hpgviz-explorer .widget-dropdown, .hpgviz-explorer .widget-toggle-buttons,
  .hpgviz-explorer .widget-text { flex-wrap: wrap; height: auto !important;
    width: calc(100% - 2 * var(--jp-widgets-margin, 2px)) !important; }
  .hpgviz-explorer .widget-hslider > .widget-label, .hpgviz-explorer .widget-dropdown > .widget-label,
  .hpgviz-explorer .widget-toggle-buttons > .widget-label, .hpgviz-explorer .widget-text > .widget-label {
    width: 100% !important; max-width: 100% !important; white-space: normal; text-align: left; }
  .hpgviz-explorer .widget-dropdown > select { flex: 1 1 auto; min-width: 0; max-width: 100%; }
  .hpgviz-explorer .widget-toggle-buttons .widget-toggle-button { white-space: normal; height: auto; }
  /* touch targets of at least 44 x 44 px: the slider handle's box grows (its circle stays 24 px: a transparent
     border), a tick box's words take the touch too, menus, buttons, text boxes and the share box's fold grow */
  .hpgviz-explorer { --jp-widgets-slider-handle-size: 44px; --jp-widgets-inline-height: 44px; }
  .hpgviz-explorer .widget-slider .noUi-handle { box-sizing: border-box; border: 10px solid transparent !important;
    background-clip: padding-box; box-shadow: inset 0 0 0 1px #767676; }
  .hpgviz-explorer .widget-checkbox { height: auto !important; min-height: 44px; width: auto !important;
    max-width: 100%; }
  .hpgviz-explorer .widget-checkbox .widget-label-basic { display: flex; align-items: center; gap: 10px;
    min-height: 44px; height: auto; white-space: normal; overflow: visible; max-width: 100%; }
  .hpgviz-explorer .widget-checkbox input[type=checkbox] { width: 24px; height: 24px; flex: 0 0 24px; margin: 0; }
  .hpgviz-explorer .widget-dropdown { height: auto !important; }
  .hpgviz-explorer .widget-dropdown > select, .hpgviz-explorer .widget-text input { height: 44px !important;
    min-height: 44px; }
  .hpgviz-explorer .widget-text { height: auto !important; }
  .hpgviz-explorer button, .hpgviz-explorer .widget-toggle-buttons .widget-toggle-button {
    min-height: 44px !important; min-width: 44px; height: auto !important; white-space: normal; }
  .hpgviz-explorer .widget-toggle-buttons, .hpgviz-explorer .widget-button { height: auto !important; }
  .hpgviz-explorer .jupyter-matplotlib-toolbar { flex-direction: row !important; flex-wrap: wrap; }
  .hpgviz-explorer .lm-AccordionPanel-title, .hpgviz-explorer .jupyter-widget-Collapse-header {
    min-height: 44px; height: auto !important; display: flex; align-items: center; white-space: normal; }
  .hpgviz-explorer .lm-AccordionPanel-titleLabel { white-space: normal; overflow: visible; }
  .hpgviz-explorer .widget-html-content, .hpgviz-explorer .widget-label-basic span { white-space: normal;
    overflow-wrap: anywhere; line-height: 1.35; }
  .hpgviz-explorer .widget-inline-hbox > .widget-label { height: auto; line-height: 1.35; padding-top: 4px; }
}
"""
PAGE_JS = """
(function () {
  if (window.hpgvizPageSupport) { return; }
  window.hpgvizPageSupport = true;
  var PREFIX = "%s";
  function unitOf(el) {
    var cls = Array.prototype.find.call(el.classList, function (c) { return c.indexOf(PREFIX) === 0; });
    if (!cls) { return ""; }
    var hex = cls.slice(PREFIX.length), bytes = new Uint8Array(hex.length / 2);
    for (var i = 0; i < bytes.length; i++) { bytes[i] = parseInt(hex.substr(2 * i, 2), 16); }
    return new TextDecoder().decode(bytes);
  }
  function label() {
    document.querySelectorAll(".hpgviz-explorer .widget-slider").forEach(function (s) {
      var handle = s.querySelector(".noUi-handle");
      if (!handle) { return; }
      var name = (s.querySelector(".widget-label") || {}).textContent || "";
      var value = ((s.querySelector(".widget-readout") || {}).textContent || "").trim();
      var unit = unitOf(s), text = unit.indexOf("{}") >= 0 ? unit.replace("{}", value) : (value + " " + unit).trim();
      if (name.trim() && handle.getAttribute("aria-label") !== name.trim()) {
        handle.setAttribute("aria-label", name.trim());
      }
      if (value && handle.getAttribute("aria-valuetext") !== text) { handle.setAttribute("aria-valuetext", text); }
      var readout = s.querySelector(".widget-readout");
      if (readout && readout.getAttribute("tabindex") !== "-1") { readout.setAttribute("tabindex", "-1"); }
    });
  }
  function nameFigures() {
    document.querySelectorAll(".hpgviz-explorer").forEach(function (ex) {
      var area = ex.closest(".jp-OutputArea");
      var imgs = area ? area.querySelectorAll(".hpgviz-static img") : [];
      ex.querySelectorAll(".jupyter-matplotlib-canvas-div").forEach(function (fig, k) {
        var name = (imgs[k] && imgs[k].getAttribute("data-live-label")) || "Figure of the explorer";
        if (fig.getAttribute("aria-label") !== name) {
          fig.setAttribute("aria-label", name);
          fig.setAttribute("role", "img");
        }
      });
    });
  }
  function letTabThrough(event) {
    if ((event.key === "Tab" || event.key === "Escape") && event.target.closest
        && event.target.closest(".jupyter-matplotlib-canvas-div")) {
      event.stopPropagation();   // ipympl's handler never sees it, so the browser's own action happens
    }
  }
  window.addEventListener("keydown", letTabThrough, true);
  window.addEventListener("keyup", letTabThrough, true);
  function followAddress() {
    var links = document.querySelectorAll(".hpgviz-explorer a.hpgviz-link");
    if (!links.length || !(window.history && history.replaceState)) { return; }
    var url = new URL(window.location.href);
    links.forEach(function (a) {
      new URLSearchParams((a.getAttribute("href") || "").replace(/^[?]/, "")).forEach(function (value, key) {
        url.searchParams.set(key, value);
      });
    });
    if (url.href !== window.location.href) { history.replaceState(history.state, "", url.href); }
  }
  // The screen as the kernel lays figures out for it: "<width in CSS px, 0 at or above the phone limit> <density>".
  function screenKey(limit, maxDensity) {
    var density = Math.min(maxDensity, Math.max(1, Math.ceil(window.devicePixelRatio || 1)));
    var width = Math.max(200, Math.round(window.innerWidth));
    return (width < limit ? width : 0) + " " + density;
  }
  function followScreen() {
    if (!document.getElementById("rendered_cells")) { return; }   // the app only: elsewhere the width is unknown
    document.querySelectorAll(".%s").forEach(function (box) {
      var input = box.querySelector("input"), limits = Array.prototype.find.call(box.classList, function (c) {
        return c.indexOf("%s-limits-") === 0; });
      if (!input || !limits) { return; }
      var parts = limits.split("-"), want = screenKey(+parts[3], +parts[4]), density = want.split(" ")[1];
      // a live figure has the density of the screen it was made on (ipympl reads it once)
      if (input.hpgvizDensity === undefined) { input.hpgvizDensity = density; }
      if (input.value.split(" ")[0] + " " + input.hpgvizDensity === want) { return; }
      input.hpgvizDensity = density;
      input.hpgvizWritten = true;   // gone with its explorer's old parts once the kernel has laid it out anew
      input.value = want;
      input.dispatchEvent(new Event("input", {bubbles: true}));   // the widget sends it to the kernel
    });
  }
  var resized = null;
  window.addEventListener("resize", function () { clearTimeout(resized); resized = setTimeout(followScreen, 250); });
  var queued = false;
  function later() {
    if (queued) { return; }
    queued = true;
    setTimeout(function () { queued = false; label(); nameFigures(); followAddress(); followScreen(); }, 30);
  }
  new MutationObserver(later).observe(document.body, {subtree: true, childList: true, characterData: true,
                                                     attributes: true, attributeFilter: ["aria-valuetext"]});
  label();
  nameFigures();
})();
""" % (UNIT_CLASS, SCREEN_CLASS, SCREEN_CLASS)
PAGE_SUPPORT = f"<style>{PAGE_CSS}</style><script>{PAGE_JS}</script>"


# --- Pictures from the first paint (the app): a kernel leaves each explorer's starting picture in a folder the
# app's server names (HPGVIZ_PICTURES); the next page view of the same cell on the same screen shows it before the
# kernel has run anything (app/config/voila.py). Standard library only: the server loads this file by its path,
# without importing hpgviz (seconds and ~70 MB in the server process).
PICTURES_ENV = "HPGVIZ_PICTURES"


def picture_name(code: str, screen_width, density: int) -> str:
    """The file a cell's starting picture is kept in: its code and the screen it was made for (width in CSS px,
    None for a desktop; device px per CSS px)."""
    return f"{hashlib.sha256(code.encode('utf-8')).hexdigest()[:24]}-{screen_width or 'desktop'}-{density}x.html"
