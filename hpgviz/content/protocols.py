"""Restart protocols and agent facts for the intermediate tier, as plain data.

Three kinds of content live here, all data and no drawing:

* the schedules and the *clinical* slider ranges the protocol builder offers per agent (narrower
  than what the model API accepts, which also covers supraphysiological use);
* named **illustrative protocols**: each is an *illustration of a published kind of regimen, not
  advice*. They are built as ``Regimen`` objects for a given TRT history, so that the notebooks
  and the comparison view can simulate them;
* the tables the intermediate notebook shows (agent table, SERM comparison, what each lab value
  tells), as lists of dicts, rendered by :class:`HTMLTable` as real HTML tables (no pandas).

Nothing here recommends a dose. The doses appear because the literature used them; the model
shows mechanisms, and the notebooks say where the evidence is thin.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

from ..model.agents import AGENTS, FAMILIES
from ..analysis.outcomes import level_text
from ..model.parameters import DRUGS, HYPOGONADAL_T
from ..model.regimen import Course, Regimen

__all__ = [
    "ILLUSTRATION_LABEL", "SCHEDULES", "CLINICAL", "TRT_AGENTS", "TRT_SCHEDULES", "Step", "Protocol",
    "PROTOCOLS", "COMPARISON_DEFAULT", "trt_courses", "trt_end_day", "illustrative_protocols",
    "HTMLTable", "agent_rows", "agent_table", "serm_rows", "serm_table", "lab_rows", "lab_table",
    "protocol_rows", "protocol_table", "REFERENCES", "reference_list", "level_text",
]


ILLUSTRATION_LABEL = "illustration of a published kind of regimen, not advice"

# --- Schedules ---------------------------------------------------------------------------------------
# key -> (words for readers, every_days, continuous)
SCHEDULES = {
    "daily": ("daily", 1.0, False),
    "eod": ("every other day", 2.0, False),
    "twice_weekly": ("twice weekly", 3.5, False),
    "weekly": ("weekly", 7.0, False),
    "pump_90min": ("pump, a pulse every 90 min", 0.0625, False),
    "continuous": ("continuous infusion (same amount per 90 min)", 0.0625, True),
}


@dataclass(frozen=True)
class Clinical:
    """What the builder's controls offer for one agent: a dose slider range and the schedules.

    The range is the span reported in clinical use and trials, narrower than the model API's
    ``max_dose`` (which also covers supraphysiological use). It bounds a *slider*; it is not a
    recommendation."""
    low: float
    high: float
    step: float
    default: float
    schedules: tuple[str, ...]
    default_schedule: str
    note: str


CLINICAL = {
    "clomiphene": Clinical(12.5, 50.0, 12.5, 25.0, ("daily", "eod", "twice_weekly"), "daily",
                           "12.5-50 mg daily or every other day in studies of men"),
    "enclomiphene": Clinical(6.25, 25.0, 6.25, 25.0, ("daily", "eod"), "daily",
                             "12.5-25 mg daily in the phase II/III trials (Wiehle 2014; Kim 2016)"),
    "tamoxifen": Clinical(10.0, 40.0, 10.0, 20.0, ("daily", "eod"), "daily",
                          "10-20 mg daily in studies of men; 20 mg twice daily in some"),
    "anastrozole": Clinical(0.25, 2.0, 0.25, 1.0, ("daily", "eod", "twice_weekly", "weekly"), "twice_weekly",
                            "0.25-1 mg daily to weekly in studies of men (Leder 2004: 1 mg daily)"),
    "hcg": Clinical(250.0, 5000.0, 250.0, 2000.0, ("eod", "twice_weekly", "weekly", "daily"), "twice_weekly",
                    "250-500 IU every other day alongside TRT (Coviello 2005; Hsieh 2013); "
                    "1,500-3,000 IU two or three times weekly in restart case series"),
    "hcg_sc": Clinical(250.0, 5000.0, 250.0, 2000.0, ("eod", "twice_weekly", "weekly", "daily"), "twice_weekly",
                       "as hCG IM; subcutaneous absorption is a little slower"),
    "gonadorelin": Clinical(5.0, 100.0, 5.0, 10.0, ("pump_90min", "continuous", "twice_weekly", "daily"),
                            "pump_90min", "5-20 ug per pulse every 90-120 min by pump; 100 ug as a single "
                            "test dose"),
}

TRT_AGENTS = tuple(name for name, a in AGENTS.items() if a.is_testosterone)   # the catalogue's esters
TRT_SCHEDULES = ("weekly", "twice_weekly", "every_2_weeks")
_TRT_EVERY = {"weekly": 7.0, "twice_weekly": 3.5, "every_2_weeks": 14.0}
TRT_SCHEDULE_WORDS = {"weekly": "weekly", "twice_weekly": "twice weekly (the weekly amount split)",
                      "every_2_weeks": "every 2 weeks (two weeks' amount at once)"}
TRT_WEEKLY_RANGE = (50.0, 300.0, 25.0)     # mg per week: slider low, high, step
TAPER_STEPS = (0.75, 0.5, 0.25)             # a taper: three equal periods at these shares of the dose


def trt_courses(weeks: float = 26, weekly_mg: float = 200, agent: str = "testosterone_cypionate",
                schedule: str = "weekly", taper_weeks: float = 0) -> list[Course]:
    """Testosterone courses for a TRT history: ``weeks`` at ``weekly_mg`` mg per week, then either a
    stop (``taper_weeks=0``) or a taper in three equal steps at 75, 50 and 25 % of the dose."""
    if agent not in TRT_AGENTS:
        raise ValueError(f"agent must be one of {TRT_AGENTS}, got {agent!r}")
    if schedule not in _TRT_EVERY:
        raise ValueError(f"schedule must be one of {tuple(_TRT_EVERY)}, got {schedule!r}")
    every = _TRT_EVERY[schedule]
    per_dose = lambda share: weekly_mg * share * every / 7.0
    end = 7.0 * weeks
    courses = [Course(agent, per_dose(1.0), every, 0.0, end)]
    if taper_weeks > 0:
        step = 7.0 * taper_weeks / len(TAPER_STEPS)
        for i, share in enumerate(TAPER_STEPS):
            courses.append(Course(agent, per_dose(share), every, end + i * step, end + (i + 1) * step))
    return courses


def trt_end_day(weeks: float = 26, taper_weeks: float = 0) -> float:
    """Day testosterone stops completely (after any taper)."""
    return 7.0 * (weeks + taper_weeks)


# --- Illustrative protocols -----------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """One agent in a protocol. ``start_week`` counts from the day testosterone stops (negative:
    during TRT); ``with_trt=True`` spans the whole TRT period instead (start and weeks ignored)."""
    agent: str
    dose: float
    schedule: str
    start_week: float = 0.0
    weeks: float = 12.0
    with_trt: bool = False

    def course(self, trt_end: float) -> Course:
        _, every, continuous = SCHEDULES[self.schedule]
        if self.with_trt:
            return Course(self.agent, self.dose, every, 0.0, trt_end, continuous)
        start = max(0.0, trt_end + 7.0 * self.start_week)
        return Course(self.agent, self.dose, every, start, start + 7.0 * self.weeks, continuous)

    def words(self) -> str:
        a = AGENTS[self.agent]
        unit = a.dose_unit.replace("ug", "µg")
        when = ("throughout TRT" if self.with_trt else
                f"for {self.weeks:g} weeks" + ("" if self.start_week == 0 else
                                               f", from week {self.start_week:g} after TRT stops"))
        return f"{a.label} {self.dose:,g} {unit} {SCHEDULES[self.schedule][0]} {when}"


@dataclass(frozen=True)
class Protocol:
    key: str
    name: str
    steps: tuple[Step, ...]
    description: str
    citation: str
    evidence: str
    label: str = field(default=ILLUSTRATION_LABEL)

    def regimen(self, trt_weeks: float = 26, trt_dose: float = 200, trt_agent: str = "testosterone_cypionate",
                trt_schedule: str = "weekly", taper_weeks: float = 0) -> Regimen:
        """The protocol after a TRT history (``trt_dose`` in mg per week) as a Regimen."""
        courses = trt_courses(trt_weeks, trt_dose, trt_agent, trt_schedule, taper_weeks)
        end = trt_end_day(trt_weeks, taper_weeks)
        return Regimen(courses + [s.course(end) for s in self.steps], name=self.name)

    def summary(self) -> str:
        if not self.steps:
            return "stop testosterone; no other drug"
        return "; ".join(s.words() for s in self.steps)


_PROTOCOL_LIST = [
    Protocol("stop_only", "stop only", (),
             "Testosterone is stopped and nothing else is given: the axis restarts on its own. The "
             "baseline against which every restart protocol should be compared.",
             "Liu 2006 (recovery after androgen-based contraception); McBride & Coward 2016 (review)",
             "Recovery without drugs is well documented after trial-length exposure; slower and less "
             "certain after long or high-dose use."),
    Protocol("clomiphene", "clomiphene 3 months", (Step("clomiphene", 25, "daily", 0, 12),),
             "A SERM started when testosterone stops: it hides estradiol from the hypothalamus and "
             "pituitary, so they release more GnRH, LH and FSH.",
             "Ramasamy 2014 (clomiphene 25 mg daily in secondary hypogonadism); McBride & Coward 2016",
             "Clomiphene in men is off-label; after TRT its use rests on case series and expert reviews, "
             "not randomised trials."),
    Protocol("hcg_then_clomiphene", "hCG then clomiphene",
             (Step("hcg", 2000, "twice_weekly", 0, 4), Step("clomiphene", 25, "daily", 4, 12)),
             "hCG first, acting as LH on the Leydig cells to bring intratesticular testosterone back "
             "quickly ('priming'), then a SERM to wake the pituitary.",
             "Wenker 2015 (hCG-based combinations after testosterone use); McBride & Coward 2016",
             "Case series only; the benefit of priming over a SERM alone is untested."),
    Protocol("hcg_anastrozole", "hCG with anastrozole",
             (Step("hcg", 2000, "twice_weekly", 0, 12), Step("anastrozole", 1, "twice_weekly", 0, 12)),
             "hCG stimulates the testes directly; an aromatase inhibitor is added to hold down the "
             "estradiol that the extra testosterone makes.",
             "Wenker 2015 (hCG with an aromatase inhibitor among the combinations used)",
             "Case series only; doses vary widely between reports."),
    Protocol("trt_with_hcg", "TRT with hCG 500 IU every other day",
             (Step("hcg", 500, "eod", with_trt=True),),
             "Low-dose hCG given throughout TRT to keep the testes working while the pituitary is "
             "suppressed; both stop together at the end.",
             "Hsieh 2013 (semen parameters kept for over a year); Coviello 2005 (intratesticular T kept "
             "with 250 IU every other day)",
             "One retrospective series (Hsieh, 26 men) and one mechanistic trial (Coviello, healthy men, "
             "3 weeks)."),
    Protocol("enclomiphene", "enclomiphene 3 months", (Step("enclomiphene", 25, "daily", 0, 12),),
             "The antagonist isomer of clomiphene alone, without the long-lived zuclomiphene.",
             "Wiehle 2014; Kim 2016 (phase II/III trials in secondary hypogonadism)",
             "Short randomised trials in secondary hypogonadism, none after TRT; not approved as a "
             "medicine in the US or EU."),
    Protocol("tamoxifen", "tamoxifen 3 months", (Step("tamoxifen", 20, "daily", 0, 12),),
             "A SERM with the same central action as clomiphene and a different side-effect profile.",
             "Chua 2013 (meta-analysis of oestrogen antagonists in male infertility); McBride & Coward 2016",
             "Off-label in men; small trials in idiopathic infertility, case series after TRT."),
]
PROTOCOLS = {p.key: p for p in _PROTOCOL_LIST}
# The four the issue asks to see side by side.
COMPARISON_DEFAULT = ("stop_only", "clomiphene", "hcg_then_clomiphene", "hcg_anastrozole")


def illustrative_protocols(trt_weeks: float = 26, trt_dose: float = 200, **trt) -> dict:
    """Named illustrative protocols after a TRT history: name -> (Regimen, description, citation).

    Every description starts with the label 'illustration of a published kind of regimen, not
    advice'. ``trt_dose`` is mg of testosterone per week; further keywords (trt_agent,
    trt_schedule, taper_weeks) go to :meth:`Protocol.regimen`."""
    return {p.name: (p.regimen(trt_weeks, trt_dose, **trt),
                     f"{p.label.capitalize()}: {p.summary()}. {p.description}", p.citation)
            for p in _PROTOCOL_LIST}


# --- HTML tables ----------------------------------------------------------------------------------

class HTMLTable:
    """A list of dicts shown as a real HTML table in a notebook (``rows`` keeps the data)."""

    def __init__(self, rows: list[dict], caption: str = "", columns: list[str] | None = None,
                 note: str = ""):
        self.rows = list(rows)
        self.columns = columns or (list(self.rows[0]) if self.rows else [])
        self.caption, self.note = caption, note

    def _repr_html_(self) -> str:
        esc = lambda x: html.escape(str(x))
        # a column without a name (the corner over the row names) is no header: an empty <th> names nothing
        # (axe-core: empty-table-header)
        head = "".join(f'<th scope="col" style="text-align:left">{esc(c)}</th>' if str(c).strip() else "<td></td>"
                       for c in self.columns)
        body = "".join("<tr>" + "".join(
            (f'<th scope="row" style="text-align:left">{esc(r.get(c, ""))}</th>' if i == 0 else
             f'<td style="text-align:left">{esc(r.get(c, ""))}</td>') for i, c in enumerate(self.columns))
            + "</tr>" for r in self.rows)
        cap = f'<caption style="caption-side:top;text-align:left"><b>{esc(self.caption)}</b></caption>' \
            if self.caption else ""
        note = f'<p style="font-size:90%;color:#555">{esc(self.note)}</p>' if self.note else ""
        # A narrow screen scrolls the table sideways inside its own box (focusable, so keys scroll it too).
        # width:0 with min-width:100% keeps a wide table from widening the widget around it (a flex item
        # is otherwise as wide as its content's longest words), so the box fits the page and scrolls.
        region = html.escape(self.caption or "table", quote=True)
        return (f'<div class="hpgviz-table-scroll" role="region" aria-label="{region}" tabindex="0" '
                f'style="overflow-x:auto;max-width:100%;width:0;min-width:100%"><table class="hpgviz-table">{cap}<thead><tr>{head}</tr>'
                f'</thead><tbody>{body}</tbody></table></div>{note}')

    def __str__(self) -> str:
        lines = [self.caption] if self.caption else []
        lines.append(" | ".join(self.columns))
        lines += [" | ".join(str(r.get(c, "")) for c in self.columns) for r in self.rows]
        return "\n".join(lines)

    def __len__(self):
        return len(self.rows)


_ROUTE_WORDS = {"IM": "intramuscular injection", "SC": "subcutaneous injection", "oral": "tablet by mouth",
                "transdermal": "gel on the skin"}


def _half_life_words(kel: float) -> str:
    days = math.log(2) / kel
    if days < 2 / 24:
        return f"{days * 1440:.0f} min"
    return f"{days * 24:.0f} h" if days < 2 else f"{days:.1f} days"


def _model_half_life(agent) -> str:
    """The model's half-life; for components sharing a dose (a mixture of isomers, or a depot's fast and slow
    parts), each one's apparent half-life (the slower of release and elimination), with its placeholder values
    named as such."""
    mixture = [c for c in agent.components if c.per_dose < 1]
    if len(mixture) < 2:
        return _half_life_words(agent.components[0].kel)
    placeholder = lambda c: "placeholder" in getattr(DRUGS.get(f"{c.label}_kel"), "source", "")
    return "; ".join(f"{_half_life_words(min(c.ka, c.kel))} ({c.label}{', a placeholder' if placeholder(c) else ''})"
                     for c in mixture)


def agent_rows() -> list[dict]:
    """The agent table: one row per agent of the model catalogue (hpg.AGENTS), its family's declared words."""
    rows = []
    for name, a in AGENTS.items():
        family = FAMILIES[a.family]
        rows.append({"agent": a.label, "family": family.words, "mechanism": family.mechanism,
                     "target gland/tissue": family.target, "route": _ROUTE_WORDS.get(a.route, a.route),
                     "model half-life": _model_half_life(a), "key": name})
    return rows


def agent_table() -> HTMLTable:
    return HTMLTable(agent_rows(), "The agents in the model: what each does, where, and how it is given",
                     ["agent", "family", "mechanism", "target gland/tissue", "route", "model half-life"],
                     "Half-lives are the model's values (see the parameter table for sources); the testosterone "
                     "cypionate value is Bi 2018's fit to serum profiles, shorter than the ~8 days on the label.")


SERM_ROWS = [
    {"": "What it is",
     "clomiphene citrate": "A mix of two isomers: ~62 % enclomiphene (an oestrogen-receptor blocker) and ~38 % "
                           "zuclomiphene (a weak oestrogen, cleared over weeks)",
     "tamoxifen": "A single SERM with a long-lived active metabolite (N-desmethyltamoxifen)",
     "enclomiphene": "The blocking isomer of clomiphene on its own"},
    {"": "Mechanism on the axis",
     "clomiphene citrate": "Blocks oestrogen receptors in hypothalamus and pituitary: GnRH, LH, FSH and "
                           "testosterone rise",
     "tamoxifen": "The same central blockade; also blocks breast oestrogen receptors",
     "enclomiphene": "The same central blockade, without zuclomiphene's oestrogenic pull"},
    {"": "Use in men",
     "clomiphene citrate": "Off-label: secondary hypogonadism, male infertility, restart after TRT or "
                           "anabolic steroids (approved for ovulation induction in women)",
     "tamoxifen": "Off-label: gynecomastia, idiopathic infertility, restart protocols (approved for breast "
                  "cancer)",
     "enclomiphene": "Investigational: trials in secondary hypogonadism; not approved as a medicine in the US "
                     "or EU"},
    {"": "Visual disturbances",
     "clomiphene citrate": "Blurred vision, floaters, flashes: uncommon, a reason to stop [label; established]",
     "tamoxifen": "Cataract and retinal changes with long use, mostly at breast-cancer doses [label]",
     "enclomiphene": "Not a signal in short trials [few data]"},
    {"": "Mood",
     "clomiphene citrate": "Irritability, mood swings reported [case series]",
     "tamoxifen": "Mood change reported [breast-cancer cohorts]",
     "enclomiphene": "Not a signal in short trials [few data]"},
    {"": "Libido",
     "clomiphene citrate": "Some men report lower libido despite higher testosterone; zuclomiphene is "
                           "suspected [case series; mechanism unproven]",
     "tamoxifen": "Lower libido and erectile problems reported in men treated for breast cancer "
                  "[cohorts]",
     "enclomiphene": "No consistent change in trials [few data]"},
    {"": "Hot flashes",
     "clomiphene citrate": "Reported, less common in men than in women [label]",
     "tamoxifen": "Common in breast-cancer use [label; established]",
     "enclomiphene": "Reported at low rates in trials [trials]"},
    {"": "Nausea",
     "clomiphene citrate": "Occasional [label]",
     "tamoxifen": "Occasional, mild [label]",
     "enclomiphene": "Occasional [trials]"},
    {"": "Liver enzymes and clots",
     "clomiphene citrate": "Rare liver-enzyme rises [label]; clots rare [case reports]",
     "tamoxifen": "Liver-enzyme rises and fatty liver with long use; venous thrombosis risk raised "
                  "[label; established in breast-cancer trials]",
     "enclomiphene": "No signal in short trials [few data]"},
    {"": "Evidence in men (overall)",
     "clomiphene citrate": "Moderate: many observational studies, few randomised trials (e.g. Helo 2015)",
     "tamoxifen": "Low to moderate: small trials in infertility (Chua 2013 meta-analysis)",
     "enclomiphene": "Moderate but short: phase II/III trials up to ~6 months (Wiehle 2014; Kim 2016)"},
]


def serm_rows() -> list[dict]:
    return [dict(r) for r in SERM_ROWS]


def serm_table() -> HTMLTable:
    return HTMLTable(serm_rows(), "Clomiphene, tamoxifen and enclomiphene compared",
                     ["", "clomiphene citrate", "tamoxifen", "enclomiphene"],
                     "Brackets give the kind of evidence: [label] = product information; [trials] = randomised "
                     "trials; [cohorts] / [case series] = observational reports; [few data] = too little to say. "
                     "How often each effect occurs in men is poorly known.")


LAB_ROWS = [
    {"lab value": "Total testosterone (morning)",
     "what it tells": "On TRT: how much drug is in the blood (timing after the injection matters). "
                      "After stopping: whether the testes make their own again (below about "
                      f"{HYPOGONADAL_T:.0f} ng/dL counts as low, AUA)",
     "in the model": "Falls below range for a while after stopping, then returns"},
    {"lab value": "LH",
     "what it tells": "Whether the pituitary is awake. Low LH with low T points up the axis "
                      "(hypothalamus/pituitary); high LH with low T points at the testes",
     "in the model": "Near zero on TRT; the first value to come back"},
    {"lab value": "FSH",
     "what it tells": "The pituitary's drive to the Sertoli cells, which sperm production needs",
     "in the model": "Moves with LH; held down by inhibin B"},
    {"lab value": "Estradiol (sensitive assay)",
     "what it tells": "How much testosterone is being aromatised; too high feeds back and causes "
                      "side effects, too low harms bone, libido and mood",
     "in the model": "Follows total T; anastrozole lowers it"},
    {"lab value": "Inhibin B",
     "what it tells": "Sertoli cell function; a very low value makes sperm at testicular surgery (TESE) less likely, "
                      "but it is a weak predictor: no cut-off separates men with sperm from men without (Grunewald "
                      "2013 measured inhibin B in a population, not at surgery)",
     "in the model": "Falls over weeks on TRT, returns with FSH"},
    {"lab value": "Semen analysis",
     "what it tells": "The outcome that matters for fertility: count, motility, shape",
     "in the model": "Sperm concentration only; lags hormones by ~2-3 months"},
    {"lab value": "Haematocrit, PSA, liver enzymes, lipids",
     "what it tells": "Safety of the treatment (TRT thickens the blood; tamoxifen affects the liver)",
     "in the model": "Not modelled"},
]


def lab_rows() -> list[dict]:
    return [dict(r) for r in LAB_ROWS]


def lab_table() -> HTMLTable:
    return HTMLTable(lab_rows(), "What each lab value tells during a restart",
                     ["lab value", "what it tells", "in the model"])


def protocol_rows(trt_weeks: float = 26, trt_dose: float = 200) -> list[dict]:
    """The named illustrative protocols as table rows (words, not simulations)."""
    return [{"protocol": p.name, "after TRT": p.summary(), "idea": p.description, "published kind": p.citation,
             "evidence": p.evidence} for p in _PROTOCOL_LIST]


def protocol_table() -> HTMLTable:
    return HTMLTable(protocol_rows(), "Illustrative protocols (" + ILLUSTRATION_LABEL + ")",
                     ["protocol", "after TRT", "idea", "published kind", "evidence"],
                     "Doses are those used in the cited reports, shown to explain mechanisms. They are not "
                     "recommendations: a restart is planned and monitored by a clinician.")


# --- References -------------------------------------------------------------------------------------

REFERENCES = {
    "Belchetz 1978": "Belchetz PE, Plant TM, Nakai Y, Keogh EJ, Knobil E. Hypophysial responses to continuous and "
                     "intermittent delivery of hypothalamic gonadotropin-releasing hormone. Science "
                     "1978;202:631-633.",
    "Bhasin 2018": "Bhasin S et al. Testosterone therapy in men with hypogonadism: an Endocrine Society clinical "
                   "practice guideline. J Clin Endocrinol Metab 2018;103:1715-1744.",
    "Bi 2018": "Bi Y et al. CPT Pharmacometrics Syst Pharmacol 2018;7:259 (a population model of weekly "
               "testosterone cypionate, LH and sperm in healthy men).",
    "Chua 2013": "Chua ME et al. Revisiting oestrogen antagonists (clomiphene or tamoxifen) as medical empiric "
                 "therapy for idiopathic male infertility: a meta-analysis. Andrology 2013;1:749-757.",
    "Coviello 2005": "Coviello AD et al. Low-dose human chorionic gonadotropin maintains intratesticular "
                     "testosterone in normal men with testosterone-induced gonadotropin suppression. J Clin "
                     "Endocrinol Metab 2005;90:2595-2602.",
    "Davis 2019": "Davis SR et al. Global consensus position statement on the use of testosterone therapy for "
                  "women. J Clin Endocrinol Metab 2019;104:4660-4666.",
    "Finkelstein 2013": "Finkelstein JS et al. Gonadal steroids and body composition, strength, and sexual "
                        "function in men. N Engl J Med 2013;369:1011-1022.",
    "Grunewald 2013": "Grunewald S et al. 2013 (inhibin B reference values in men; the < 20 pg/mL "
                      "threshold for testicular sperm retrieval).",
    "Helo 2015": "Helo S et al. A randomized prospective double-blind comparison trial of clomiphene citrate and "
                 "anastrozole in raising testosterone in hypogonadal infertile men. J Sex Med "
                 "2015;12:1761-1769.",
    "Helo 2017": "Helo S et al. Serum levels of enclomiphene and zuclomiphene in men with hypogonadism on "
                 "long-term clomiphene citrate treatment. BJU Int 2017;119:171-176.",
    "Hsieh 2013": "Hsieh TC, Pastuszak AW, Hwang K, Lipshultz LI. Concomitant intramuscular human chorionic "
                  "gonadotropin preserves spermatogenesis in men undergoing testosterone replacement therapy. "
                  "J Urol 2013;189:647-650.",
    "Kim 2016": "Kim ED et al. Oral enclomiphene citrate raises testosterone and preserves sperm counts in obese "
                "hypogonadal men, unlike topical testosterone: restoration instead of replacement. BJU Int "
                "2016;117:677-685.",
    "Leder 2004": "Leder BZ, Rohrer JL, Rubin SD, Gallo J, Longcope C. Effects of aromatase inhibition in elderly "
                  "men with low or borderline-low serum testosterone levels. J Clin Endocrinol Metab "
                  "2004;89:1174-1180.",
    "Liu 2006": "Liu PY et al. Rate, extent, and modifiers of spermatogenic recovery after hormonal male "
                "contraception: an integrated analysis. Lancet 2006;367:1412-1420.",
    "McBride & Coward 2016": "McBride JA, Coward RM. Recovery of spermatogenesis following testosterone "
                             "replacement therapy or anabolic-androgenic steroid use. Asian J Androl "
                             "2016;18:373-380.",
    "Ramasamy 2014": "Ramasamy R, Scovell JM, Kovac JR, Lipshultz LI. Testosterone supplementation versus "
                     "clomiphene citrate for hypogonadism: an age matched comparison of satisfaction and "
                     "efficacy. J Urol 2014;192:875-879.",
    "Wenker 2015": "Wenker EP et al. The use of HCG-based combination therapy for recovery of spermatogenesis "
                   "after testosterone use. J Sex Med 2015;12:1334-1337.",
    "Wiehle 2014": "Wiehle RD et al. Enclomiphene citrate stimulates testosterone production while preventing "
                   "oligospermia: a randomized phase II clinical trial comparing topical testosterone. Fertil "
                   "Steril 2014;102:720-727.",
}


def reference_list() -> HTMLTable:
    return HTMLTable([{"short": k, "reference": v} for k, v in sorted(REFERENCES.items())], "References",
                     ["short", "reference"])
