"""What every explorer shares: its figures (live or as PNGs), its controls, and the ``Explorer`` base class.

An explorer is one object a notebook shows with a one-line call. It builds its figures once; a control
change recomputes and then only moves artist data. Where the notebook runs ``%matplotlib widget`` a
figure is a live ipympl canvas; anywhere else (nbval, Voila without ipympl, a plain script) it is a PNG
inside an Output widget. A callback that fails writes its traceback into the explorer's ``errors``
Output, so a reader sees it instead of a silently frozen figure.

Displaying an explorer sends two outputs: a static picture of its starting settings (PNG with alt text,
plus the page's CSS and script: PAGE_SUPPORT) that survives export, printing and the book, then the live
widget, which hides the picture once its figure draws. Every explorer has a folded "Share or download" box
(CSV of what the figure shows, a settings text that reopens the same settings: ``settings_text``/``reopen``).
"""
from __future__ import annotations

import base64
import contextlib
import csv
import html
import io
import itertools
import math
import os
import re
import time
import traceback
import urllib.parse

import ipywidgets as W
import numpy as np
from traitlets import TraitError, validate

from ..viz.picture import picture_img, picture_png, png_metadata
# new_figure: the figure factory for explorers (see viz.style.new_figure)
from ..viz.style import MAX_DENSITY, new_figure, PHONE_MAX_PX, SCREEN, smallest_text_pt, use_screen
# the figure kinds every explorer module builds on, importable from here with the Explorer
from .figures import cell_code, FigureView, leave_picture, name_rows_over, phone_rows_figure, static_figure, StaticFigure
from .page_support import PAGE_SUPPORT, SCREEN_CLASS, UNIT_CLASS
from .runs import BandRun, Moves, RUNS, stop_runs_ahead

__all__ = ["Explorer", "FigureView", "StaticFigure", "LABEL", "PAGE_SUPPORT", "new_figure", "static_figure",
           "phone_rows_figure", "name_rows_over"]

# Every control: labels never truncated, no HTML in descriptions (screen readers read them as text).
LABEL = dict(style={"description_width": "initial"}, description_allow_html=False)


# --- Controls -----------------------------------------------------------------------------------------

LAID_OUT = "hpgviz-laid-out-"     # + "<width>-<density>": the screen an explorer's figures are drawn for
_NOT_SHARED = {"illustration"}   # a menu that fills other controls: their values are what is shared


def set_unit(slider, unit: str):
    """The unit a screen reader says after the slider's value (see page_support.PAGE_JS); replaces any earlier one."""
    for cls in [c for c in slider._dom_classes if c.startswith(UNIT_CLASS)]:
        slider.remove_class(cls)
    slider.add_class(UNIT_CLASS + unit.encode("utf-8").hex())
    slider.unit = unit


def _token(value) -> str:
    """A control value as one word of a settings text (no spaces; floats without noise)."""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    if re.search(r"\s", text):
        raise ValueError(f"setting value {text!r} has a space")
    return text


def _parse(raw: str, like):
    """A settings word back into the type of the control's current value."""
    if isinstance(like, bool):
        if raw not in ("True", "False"):
            raise ValueError(f"expected True or False, got {raw!r}")
        return raw == "True"
    if isinstance(like, int):
        return int(float(raw))
    if isinstance(like, float):
        return float(raw)
    return raw


def _checked(name: str, raw: str, control):
    """A settings word as a value of the control's type (and one of a menu's options), else a ValueError naming the
    setting. A number outside a slider's range goes to its nearest end, as ipywidgets does (a range can depend
    on another setting of the same text, so it is not known here)."""
    try:
        value = _parse(raw, control.value)
    except ValueError:
        kind = "True or False" if isinstance(control.value, bool) else f"a number ({type(control.value).__name__})"
        raise ValueError(f"setting {name}: {raw!r} is not {kind}") from None
    allowed = getattr(control, "_options_values", None)
    if allowed is not None and value not in allowed:
        raise ValueError(f"setting {name}: {raw!r} is not one of {', '.join(map(str, allowed))}")
    return value


# Explorers this kernel has shown, counted in page order (in the app one page is one kernel): e1, e2, ...
_SHOWN = itertools.count(1)


class _FloatSlider(W.FloatSlider):
    """A FloatSlider that also refuses NaN (ipywidgets clamps out-of-range numbers but lets NaN through):
    a non-finite value keeps the current one, +/-inf go to max/min. Same front-end model as FloatSlider."""

    @validate("value")
    def _validate_value(self, proposal):
        value = proposal["value"]
        if math.isnan(value):
            value = self.value if math.isfinite(self.value) else self.min
        return min(max(value, self.min), self.max)


# --- Explorer -----------------------------------------------------------------------------------------

class Explorer:
    """Plumbing shared by every explorer.

    A subclass makes its controls (the factories below), its figures with ``_figure_view``, connects
    each control with ``_observe``, lays everything out with ``_layout`` and implements ``update()``:
    recompute and redraw everything. The base class gives it an error box (``errors``, ``last_error``),
    a text summary (``summary``, ``summary_text``), callbacks that never raise into the front end, and
    two ways to change several controls with one update: ``set(**controls)`` and ``hold_updates()``.
    """

    runs = RUNS           # the one run cache every explorer shares (explorers/runs.py: run, run_pulses, cached)
    title = ""            # bold heading above the controls, with `intro` under it
    intro = ""
    slug = "explorer"     # file name stem of the CSV download

    def __new__(cls, *args, **kwargs):
        self = super().__new__(cls)
        self._made_with = (args, kwargs)   # to build it anew for another screen (relayout)
        return self

    def __init__(self):
        self.errors = W.Output(layout=W.Layout(width="100%"))
        self.last_error = None
        self.summary = W.HTML(layout=W.Layout(margin="4px 0 4px 0"))
        self._summary_text = ""
        self._views = []
        self._observed = []     # every control connected with _observe, in order
        self._named = {}        # controls given an explicit name (those not stored as one attribute)
        self._busy = False      # controls being set from code: their callbacks do nothing
        self._holding = False   # inside hold_updates(): update requests wait for the end of the block
        self._pending = False

    def update(self):
        """Recompute and redraw everything from the controls (each explorer defines it)."""
        raise NotImplementedError

    # several controls, one update ------------------------------------------------------------------

    @contextlib.contextmanager
    def hold_updates(self):
        """Context manager: set several controls, then recompute and redraw once.

        >>> with builder.hold_updates():            # doctest: +SKIP
        ...     builder.trt_weeks.value = 52
        ...     builder.rows[0].agent.value = "hcg"
        """
        if self._holding:   # nested (set() inside a hold): the outer block updates
            yield self
            return
        self._holding, self._pending = True, False
        try:
            yield self
        finally:
            self._holding = False
            self._after_change()
            if self._pending:
                self._pending = False
                self._guard(self.update)()

    def set(self, **values):
        """Change several controls at once with a single update, e.g. ``set(dose=100, weeks=52)``."""
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise ValueError(f"unknown control(s) {unknown}; allowed: {sorted(self.controls)}")
        with self.hold_updates():
            for name, value in values.items():
                self.controls[name].value = value
            self._request_update()   # even if no value changed: set() always ends with a fresh update
        return self

    def _request_update(self, partial=None):
        """Recompute after a control change: ``partial()`` if given (a change that needs less than a
        full update, e.g. other units of the same run), else ``update()``. Inside hold_updates(),
        nothing yet: one full update() runs when the block ends."""
        if self._holding:
            self._pending = True
        else:
            (partial or self.update)()

    @contextlib.contextmanager
    def _quiet(self):
        """Set controls from code (a structural change) without their callbacks running."""
        busy, self._busy = self._busy, True
        try:
            yield
        finally:
            self._busy = busy

    # callbacks -------------------------------------------------------------------------------------

    def _observe(self, control, handler=None, name=None):
        """Run `handler` (default: request an update) after each change of the control's value.

        The control joins ``controls`` under `name`, or else under the attribute that holds it."""
        control.observe(self._guard(handler or self._request_update), names="value")
        control.observe(self._after_change, names="value")
        self._observed.append(control)
        if name is not None:
            self._named[name] = control

    @property
    def controls(self) -> dict:
        """name -> control, for set(): every connected control, by its attribute name (or the name it was
        connected under). Built per instance: two explorers never share a control."""
        observed = {id(c) for c in self._observed}
        found = {attr: value for attr, value in vars(self).items()
                 if isinstance(value, W.ValueWidget) and id(value) in observed}
        found.update(self._named)
        return found

    def _guard(self, fn):
        """`fn` as a widget callback: skipped while controls are set from code; a failure goes to
        ``last_error`` and its traceback to the ``errors`` box, so the reader sees it and the explorer
        keeps working (an exception raised into ipywidgets would only reach the kernel log)."""
        def callback(*_event):   # the change or the clicked button: handlers read the controls instead
            if self._busy:
                return
            self.last_error = None
            # another explorer's work ahead (its runs and band ahead) gives way
            stop_runs_ahead(but=(getattr(self, "_ahead", None), getattr(self, "_band", None)))
            Moves.running += 1
            try:
                fn()
            except Exception as exc:   # whatever it is, the reader must see it
                self.last_error = exc
                self.errors.append_stderr("The explorer could not update. Error report:\n"
                                          + traceback.format_exc())
            finally:
                Moves.running -= 1
                Moves.ended = time.monotonic()
        return callback

    def _band_after(self, show) -> BandRun:
        """A BandRun (a band of men drawn after its man) whose result reaches show(result) as a callback would: a
        failed run goes to the error box."""
        def shown(result):
            def step():
                if isinstance(result, Exception):
                    raise result
                show(result)
            self._guard(step)()
        return BandRun(shown)

    # display ---------------------------------------------------------------------------------------

    def _figure_view(self, figure, alt: str, **options) -> FigureView:
        """A FigureView of `figure` (options: see FigureView), remembered for _refresh_views and close."""
        view = FigureView(figure, alt, **options)
        self._views.append(view)
        return view

    def _refresh_views(self):
        for view in self._views:
            view.refresh()

    @property
    def summary_text(self) -> str:
        """The summary as plain text."""
        return self._summary_text

    def _set_summary(self, text: str, lead: str = ""):
        """Show the one-line readout (the figure is never the only channel); ``role=status`` makes a
        screen reader announce each new one. `lead` is set in bold before it."""
        self._summary_text = text
        head = f"<b>{html.escape(lead)}</b> " if lead else ""
        self.summary.value = (f'<div role="status" aria-live="polite" style="font-size:105%;'
                              f'line-height:1.35">{head}{html.escape(text)}</div>')

    def _layout(self, controls, view, extra=()):
        """``self.widget``: title and intro, the controls, the summary, the figure, `extra`, the error box."""
        head = []
        if self.title:
            head.append(W.HTML(f"<b>{html.escape(self.title)}</b>"
                               + (f"<br><span style='color:#555'>{html.escape(self.intro)}</span>"
                                  if self.intro else "")))
        share = self._share_box()
        self._after_change()
        parts = W.VBox(head + [W.VBox(list(controls)), self.summary, view.widget, *extra, share, self.errors,
                               self._screen_box()], layout=W.Layout(width="100%"))
        self.widget = W.VBox([parts], layout=W.Layout(width="100%"))   # one box of parts: a relayout swaps it whole
        self.widget.add_class("hpgviz-explorer")
        self.widget.add_class(f"hpgviz-explorer-{self.slug}")   # which one, for the browser tests' time budgets
        self.widget.add_class(LAID_OUT + self.screen.value.replace(" ", "-"))   # the screen it is laid out for
        return self.widget

    def _screen_box(self):
        """The hidden box the page's script writes the screen into when it changes (page_support: followScreen):
        "<width in CSS px, 0 for the desktop layout> <density>", as the figures were laid out for it."""
        self.screen = W.Text(value=f"{SCREEN.width_px or 0} {SCREEN.density}", layout=W.Layout(display="none"))
        self.screen.add_class(SCREEN_CLASS)
        self.screen.add_class(f"{SCREEN_CLASS}-limits-{PHONE_MAX_PX}-{MAX_DENSITY}")
        self.screen.observe(self._guard(lambda: self.relayout(self.screen.value)), names="value")
        return self.screen

    def relayout(self, screen: str):
        """Lay the explorer out anew for `screen` ("<width in CSS px, 0 for the desktop layout> <density>"), keeping
        its settings: the figures are drawn in the kernel for one screen (viz.style.use_screen), so a phone turned or
        a window narrowed needs new ones. The explorer is built again from the arguments it was made with, its
        starting picture kept for the next page view on that screen, its settings reopened; its widget shows the new
        one's parts, and this object is the new explorer (one state, whichever name a notebook holds)."""
        try:
            width, density = (int(part) for part in screen.split())
        except ValueError:
            raise ValueError(f"screen={screen!r}; allowed: '<width in CSS px, 0 for a desktop> <density>'") from None
        before = (SCREEN.width_px, SCREEN.density)
        use_screen(width or None, density)
        try:
            fresh = self._built_again()
        except Exception:
            use_screen(*before)   # the explorer keeps its layout, so the screen it was drawn for stays the current one
            raise
        root, old_parts = self.widget, self.widget.children
        import matplotlib.pyplot as plt
        for view in self._views:   # first: a live figure's view leaves the page with its canvas
            plt.close(view.figure)
        root.children = fresh.widget.children   # (its parts' box whole: a live figure left alone in a changed list of
                                                # children stayed on the page)
        fresh.widget.close()
        retired = getattr(self, "_retired", ())
        state = vars(self)   # this object becomes the fresh explorer: one state, whichever object a callback holds
        state.clear()
        state.update(vars(fresh))
        fresh.__dict__ = state
        self.widget = root
        self._close_retired(retired)
        # The old parts stay open until the next relayout or close: a press the page sent from them just before the
        # swap (a tap on "Print summary" as a phone's page lays itself out) still reaches this explorer instead of a
        # closed widget, which the kernel would drop. Closed then, or each turn of a phone leaves an explorer behind.
        self._retired = old_parts
        root._dom_classes = tuple(c for c in root._dom_classes if not c.startswith(LAID_OUT)) + (
            LAID_OUT + self.screen.value.replace(" ", "-"),)

    def _built_again(self):
        """This explorer made again from its own arguments for the current screen, its settings reopened."""
        args, kwargs = self._made_with
        fresh = type(self)(*args, **kwargs)
        code = getattr(self, "cell_code", None)
        if code is not None:
            leave_picture(fresh.static_bundle()["text/html"].removeprefix(PAGE_SUPPORT), code)
        fresh.page_key, fresh.cell_code = getattr(self, "page_key", None), code
        if hasattr(self, "settings"):
            fresh.reopen(self.settings_text())
        return fresh

    def _ipython_display_(self):
        from IPython.display import display
        linked = self.open_from_address(f"e{next(_SHOWN)}")
        self.cell_code = cell_code()    # names the starting picture a relayout keeps for its screen
        bundle = self.static_bundle()   # the picture that prints, exports and reads without a kernel
        if not linked:                  # the starting settings: the app's next view of this cell shows it at once
            leave_picture(bundle["text/html"].removeprefix(PAGE_SUPPORT))
        display(bundle, raw=True, metadata=png_metadata(self._views[0].figure) if self._views else None)
        display(self.widget)

    def open_from_address(self, key: str):
        """Name this explorer `key` in the page address (e1, e2, ... in the order the page shows them) and apply
        the settings the address gives it, if any: in the app, Voila hands the page's query to the kernel.
        Returns whether the address gave settings."""
        self.page_key = key
        if not hasattr(self, "settings"):   # no share box
            return False
        self.link.value = self._link_html()
        linked = urllib.parse.parse_qs(os.environ.get("QUERY_STRING", "")).get(key)
        if linked:
            self.settings.value = linked[-1]
            self._reopen_from_box()   # settings a link cannot use are said in one line, as in the share box
        return bool(linked)

    def static_bundle(self) -> dict:
        """A mime bundle of the explorer as it stands (its default scenario when first shown): text/html
        with each figure as an <img> with alt text (plus the page's CSS and script, see PAGE_SUPPORT),
        image/png of the first figure, text/plain of the summary. A live explorer in the same cell hides it.
        Each picture has the screen's device px per CSS px and the live figure's size (viz.picture: sharp on a 2x
        screen); each <img> says its figure's width and smallest text (data-width-in, data-smallest-pt: the phone
        test reads them)."""
        pngs = [picture_png(view.figure) for view in self._views]
        alts = [f"{view.alt} (picture of the starting settings) {self.summary_text}".strip() for view in self._views]
        imgs = "".join(picture_img(png, view.figure, alt, f' data-live-label="{html.escape(view.alt, quote=True)}" '
                                   f'data-width-in="{view.figure.get_figwidth():g}" '
                                   f'data-smallest-pt="{smallest_text_pt(view.figure):g}"')
                       for png, alt, view in zip(pngs, alts, self._views))
        caption = (f"{html.escape(self.title + ': ' if self.title else '')}a picture of this explorer's starting "
                   f"settings. {html.escape(self.summary_text)} With Python running (JupyterLab or the app) the "
                   "live explorer replaces it.")
        bundle = {"text/html": f'{PAGE_SUPPORT}<figure class="hpgviz-static">{imgs}<figcaption>{caption}'
                               "</figcaption></figure>",
                  "text/plain": alts[0] if alts else self.summary_text}
        if pngs:
            bundle["image/png"] = base64.b64encode(pngs[0]).decode("ascii")
        return bundle

    # share and export --------------------------------------------------------------------------------

    def shown(self):
        """What the figure shows, for the CSV: ``([(label, Result), ...], series names, unit system)``.
        Default: ``self.results`` labelled as ``self.plot`` labels them, with its panels' series."""
        results = list(self.results)
        labels = list(getattr(self.plot, "labels", []))
        labels += [f"run {i + 1}" for i in range(len(labels), len(results))]
        names = [n for group in self.plot.panel_names for n in group]
        units = self.units.value if isinstance(getattr(self, "units", None), W.ValueWidget) else "conventional"
        return list(zip(labels, results)), names, units

    def csv_text(self) -> str:
        """The figure's data as CSV: a first line saying what it is (and the settings), a header with each
        column's unit, then the rows (see _table)."""
        header, columns = self._table()
        buf = io.StringIO()
        buf.write(f"# hpgviz {self.title or type(self).__name__}: educational model, not medical advice. "
                  f"Settings: {self.settings_text()}\n")
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        for row in zip(*columns):
            writer.writerow([f"{v:.6g}" for v in row])
        return buf.getvalue()

    def _table(self):
        """(header, columns): a day column, then one column per scenario and series, each header with its
        unit. LH and FSH below the assay's sensitivity are given at that floor, as the figure draws them."""
        from ..viz.style import floored
        from ..model import units as _units
        runs, names, system = self.shown()
        t = np.asarray(runs[0][1].t, dtype=float)
        header, columns = ["day"], [t]
        for label, res in runs:
            same_grid = len(res.t) == len(t) and np.array_equal(res.t, t)
            for name in names:
                y, unit = _units.convert(res[name], name, system)
                header.append(f"{label}: {name} ({'x healthy' if unit == 'relative' else unit})")
                columns.append(floored(name, y if same_grid else np.interp(t, res.t, y)))
        return header, columns

    def settings_text(self) -> str:
        """A short text that reopens these settings: ``TRTExplorer dose=200 weeks=26 ...`` (see reopen)."""
        parts = [f"{name}={_token(c.value)}" for name, c in self.controls.items() if name not in _NOT_SHARED]
        return " ".join([type(self).__name__] + parts)

    def reopen(self, text: str):
        """Apply a ``settings_text`` (copied from this kind of explorer) with one update. Text that is not
        such settings raises a ValueError that names the setting and what it allows."""
        words = text.strip().split()
        if not words or words[0] != type(self).__name__:
            raise ValueError(f"these settings are for {words[0] if words else 'nothing'}, not {type(self).__name__}")
        values = {}
        for word in words[1:]:
            name, _, raw = word.partition("=")
            control = self.controls.get(name)
            if control is None or name in _NOT_SHARED:
                allowed = ", ".join(n for n in self.controls if n not in _NOT_SHARED)
                raise ValueError(f"unknown setting {name!r} (this explorer's settings: {allowed})")
            values[name] = _checked(name, raw, control)
        return self.set(**values)

    def _share_box(self):
        """'Share or download' (folded): the CSV of the figure and the settings as text to copy or paste."""
        self.settings = W.Text(value="", description="Settings (copy, or paste and press Reopen)",
                               tooltip="These settings as short text: copy it to share; paste one and press Reopen",
                               **LABEL, layout=W.Layout(width="100%"))
        reopen = W.Button(description="Reopen these settings", tooltip="Apply the settings text above",
                          layout=W.Layout(width="auto"))
        prepare = W.Button(description="Prepare the CSV of this figure", tooltip="Make a download link for the "
                           "data the figure shows (time and every series, with units)", layout=W.Layout(width="auto"))
        self.download = W.HTML()
        self.share_message = W.HTML()   # one line about the last Reopen (replaced, never stacked)
        self.link = W.HTML()            # in the app: a link to this page with these settings
        reopen.on_click(self._guard(self._reopen_from_box))
        prepare.on_click(self._guard(self._prepare_csv))
        box = W.VBox([W.HBox([prepare, self.download], layout=W.Layout(flex_flow="row wrap")),
                      self.settings, W.HBox([reopen, self.share_message], layout=W.Layout(flex_flow="row wrap")),
                      self.link],
                     layout=W.Layout(width="100%"))
        fold = W.Accordion(children=[box], layout=W.Layout(width="100%"))
        fold.set_title(0, "Share or download what this explorer shows")
        fold.selected_index = None
        return fold

    def _reopen_from_box(self):
        """The Reopen button: apply the pasted text, or say in one line why it cannot (no traceback)."""
        try:
            self.reopen(self.settings.value)
        except (ValueError, TraitError) as exc:
            self.share_message.value = (f'<span role="alert" style="color:#9b1c1c">Could not reopen: '
                                        f"{html.escape(' '.join(str(exc).split()))}.</span>")
        else:
            self.share_message.value = '<span role="status">Settings reopened.</span>'

    def _prepare_csv(self):
        data = base64.b64encode(self.csv_text().encode("utf-8")).decode("ascii")
        self.download.value = (f'<a class="hpgviz-download" download="hpgviz-{self.slug}.csv" '
                               f'href="data:text/csv;base64,{data}">Download hpgviz-{self.slug}.csv</a>')

    def _after_change(self, _change=None):
        """Keep the share box in step with the controls (cheap: text only; the CSV is made on request)."""
        if hasattr(self, "settings") and not self._holding:
            self.settings.value = self.settings_text()
            self.download.value = ""
            self.share_message.value = ""
            self.link.value = self._link_html()

    def _link_html(self) -> str:
        """In the app (Voila gives the kernel the page's address), a link that reopens the page with these settings:
        relative (``?e2=...``), so it stays right behind any proxy. Elsewhere, nothing."""
        key = getattr(self, "page_key", None)
        if key is None or "VOILA_REQUEST_URL" not in os.environ:
            return ""
        query = urllib.parse.urlencode({key: self.settings_text()}, quote_via=urllib.parse.quote)
        return (f'<a class="hpgviz-link" href="?{html.escape(query, quote=True)}">'
                "Link to this page with these settings</a> "
                "(copy it to share; opening it starts the page with them)")

    def close(self):
        """Close the figures and the widget (a long session that makes many explorers stays light)."""
        import matplotlib.pyplot as plt
        for view in self._views:
            plt.close(view.figure)
        self._close_retired(getattr(self, "_retired", ()))
        self.widget.close()

    def _close_retired(self, parts):
        """Close the parts a relayout took off the page (see relayout)."""
        for part in parts:
            _close_tree(part)
        self._retired = ()

    # control factories -----------------------------------------------------------------------------
    # Every control gets a description and a tooltip (what a screen reader reads) and LABEL's style.

    @staticmethod
    def _slider(cls, description, tooltip, width="460px", *, unit=None, **kw):
        """An "IntSlider" or "FloatSlider" (never NaN) that by default updates on release, not on drag.

        `unit` is what a screen reader says after the value ("mg per week"; "day {}" puts the value inside);
        by default the description's last bracket, e.g. "TRT dose (mg per week)"."""
        kw.setdefault("continuous_update", False)
        kw.setdefault("layout", W.Layout(width=width))
        factory = _FloatSlider if cls == "FloatSlider" else getattr(W, cls)
        slider = factory(description=description, tooltip=tooltip, **LABEL, **kw)
        slider.add_class("hpgviz-control")
        if unit is None:
            found = re.search(r"\(([^()]*)\)\s*$", description)
            if found is None:
                raise ValueError(f"slider {description!r}: give its unit (or end the description with one in brackets)")
            unit = found.group(1)
        set_unit(slider, unit)
        return slider

    @staticmethod
    def _dropdown(description, tooltip, options, value=None, width="520px", **kw):
        kw.setdefault("layout", W.Layout(width=width))
        dd = W.Dropdown(description=description, tooltip=tooltip, options=options, **LABEL, **kw)
        if value is not None:
            dd.value = value
        return dd

    @staticmethod
    def _checkbox(description, tooltip, value=False):
        return W.Checkbox(value=value, description=description, tooltip=tooltip, indent=False, **LABEL,
                          layout=W.Layout(width="auto"))

    @staticmethod
    def _units_toggle(value="conventional"):
        return W.ToggleButtons(
            options=[("conventional (ng/dL, pg/mL)", "conventional"), ("SI (nmol/L, pmol/L)", "SI")],
            value=value, description="Units", description_allow_html=False,
            style={"description_width": "initial", "button_width": "auto"},   # auto: button text never cut
            tooltip="Unit system of every figure and the summary",
            tooltips=["Testosterone in ng/dL, estradiol in pg/mL (common in the US)",
                      "Testosterone in nmol/L, estradiol in pmol/L (common in Europe, Australia, China)"],
            layout=W.Layout(width="auto"))


def _close_tree(widget):
    """Close a widget and every widget inside it."""
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    widget.close()
