"""What every explorer shares: its figures (live or as PNGs), its controls, and the ``Explorer`` base class.

An explorer is one object a notebook shows with a one-line call. It builds its figures once; a control
change recomputes and then only moves artist data. Where the notebook runs ``%matplotlib widget`` a
figure is a live ipympl canvas; anywhere else (nbval, Voila without ipympl, a plain script) it is a PNG
inside an Output widget. A callback that fails writes its traceback into the explorer's ``errors``
Output, so a reader sees it instead of a silently frozen figure.
"""
from __future__ import annotations

import base64
import contextlib
import html
import io
import math
import traceback

import ipywidgets as W
from traitlets import validate

from .plotting import new_figure   # the figure factory for explorers: see plotting.new_figure

__all__ = ["Explorer", "FigureView", "StaticFigure", "LABEL", "new_figure", "static_figure"]

# Every control: labels never truncated, no HTML in descriptions (screen readers read them as text).
LABEL = dict(style={"description_width": "initial"}, description_allow_html=False)


# --- Figures ----------------------------------------------------------------------------------------

def _png(figure, dpi: int, **savefig) -> bytes:
    buf = io.BytesIO()
    figure.savefig(buf, format="png", dpi=dpi, **savefig)
    return buf.getvalue()


def static_figure(figsize):
    """A figure that no backend will show by itself (not on pyplot's list): shown as a StaticFigure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig


class StaticFigure:
    """A finished matplotlib figure shown as a PNG with a text alternative.

    A PNG (not a live canvas) prints, exports and reads in every front end; the text/plain part is
    what a screen reader or a text-only export gets. ``.figure`` keeps the matplotlib Figure.
    """

    def __init__(self, figure, alt: str, dpi: int = 110):
        self.figure, self.alt, self.dpi = figure, alt, dpi

    def png(self) -> bytes:
        return _png(self.figure, self.dpi, facecolor="white")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"image/png": self.png(), "text/plain": self.alt}

    def save(self, path: str):
        self.figure.savefig(path, dpi=self.dpi, facecolor="white")


class FigureView:
    """A figure in an explorer's layout: the live ipympl canvas if the backend gives one, else a PNG.

    The PNG is set directly as an Output widget's ``outputs`` (not drawn ``with out:``): nbval and
    Voila route that reliably. ``alt`` is its text/plain part. ``toolbar`` keeps ipympl's pan/zoom
    buttons (right of a live canvas) for readers who want to zoom.
    """

    def __init__(self, figure, alt: str, dpi: int = 100, toolbar: bool = False):
        self.figure, self.alt, self.dpi = figure, alt, dpi
        canvas = figure.canvas
        self.live = isinstance(canvas, W.DOMWidget)   # ipympl's canvas is itself a widget
        if self.live:
            # A reader needs the picture, not a "Figure 3" header, a resize handle or a page scroll
            # captured by the figure.
            canvas.header_visible = False
            canvas.footer_visible = False
            canvas.resizable = False
            canvas.capture_scroll = False
            canvas.toolbar_visible = "fade-in-fade-out" if toolbar else False
            canvas.toolbar_position = "right"
            self.widget = canvas
        else:
            import matplotlib.pyplot as plt
            plt.close(figure)   # off pyplot's list, so an inline backend never shows it a second time
            self.widget = W.Output()

    def refresh(self):
        if self.live:
            self.figure.canvas.draw_idle()
            return
        png = base64.b64encode(_png(self.figure, self.dpi)).decode("ascii")
        self.widget.outputs = ({"output_type": "display_data", "metadata": {},
                                "data": {"image/png": png, "text/plain": self.alt}},)


# --- Controls -----------------------------------------------------------------------------------------

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

    title = ""            # bold heading above the controls, with `intro` under it
    intro = ""
    slug = "explorer"     # file name stem of the CSV download

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
            try:
                fn()
            except Exception as exc:   # whatever it is, the reader must see it
                self.last_error = exc
                self.errors.append_stderr("The explorer could not update. Error report:\n"
                                          + traceback.format_exc())
        return callback

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
        self.widget = W.VBox(head + [W.VBox(list(controls)), self.summary, view.widget, *extra, self.errors],
                             layout=W.Layout(width="100%"))
        self.widget.add_class("hpgviz-explorer")
        return self.widget

    def _ipython_display_(self):
        from IPython.display import display
        display(self.widget)

    def close(self):
        """Close the figures and the widget (a long session that makes many explorers stays light)."""
        import matplotlib.pyplot as plt
        for view in self._views:
            plt.close(view.figure)
        self.widget.close()

    # control factories -----------------------------------------------------------------------------
    # Every control gets a description and a tooltip (what a screen reader reads) and LABEL's style.

    @staticmethod
    def _slider(cls, description, tooltip, width="460px", **kw):
        """An "IntSlider" or "FloatSlider" (never NaN) that by default updates on release, not on drag."""
        kw.setdefault("continuous_update", False)
        kw.setdefault("layout", W.Layout(width=width))
        factory = _FloatSlider if cls == "FloatSlider" else getattr(W, cls)
        slider = factory(description=description, tooltip=tooltip, **LABEL, **kw)
        slider.add_class("hpgviz-control")
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
