"""The instructor kit from one source: per notebook a student worksheet (questions only) and an answer key
(the same questions with answers), concept questions (multiple choice, each wrong option with the
misconception it reveals) and a 90-minute class plan per level.

An answer's model numbers are not written here: ``{claim key}`` in an answer is replaced by that claim's
measured values (hpgviz/content/claims.py), so the key is computed from the model whenever it is built
and its sentences are the registered claims' own. ``write(folder)`` (``make kit``) writes docs/kit/;
tests/content/test_kit.py rebuilds it and fails when the committed pages differ from the model as it stands.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .claims import CLAIMS

_BY_KEY = {c.key: c for c in CLAIMS}
NOTE = ("> Educational model, not medical advice: the simulated men are models, not anyone's prognosis, and "
        "no dose on these pages is a recommendation.")


@dataclass(frozen=True)
class Item:
    section: str          # where in the notebook ("§3", "§5 explorer")
    question: str
    answer: str           # may name claims as {claim key}: replaced by the model's measured values


@dataclass(frozen=True)
class Worksheet:
    notebook: str         # file stem in notebooks/
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Concept:
    stem: str
    options: tuple[tuple[str, str], ...]   # (option, "" for the right one, else the misconception it reveals)
    why: str


WORKSHEETS = (
    Worksheet("01_fundamentals", "Fundamentals: TRT, the feedback loop and the way back", (
        Item("§3 explorer", "Start weekly TRT. Before you look: does LH rise, stay or fall in the first weeks? "
             "Then read how far the model's LH falls and compare it with Coviello 2005 (about 5 % of the starting "
             "level after three weeks).",
             "It falls within days to a couple of weeks: the injected testosterone reaches the hypothalamus and "
             "pituitary, which cut GnRH, LH and FSH. With anastrozole added the brake stays on as well "
             "({AI on TRT keeps LH down})."),
        Item("§4", "Blood testosterone is high on TRT. Why does sperm production fall all the same? Name the two "
             "signals the testes miss.",
             "Intratesticular testosterone, about a hundred times the blood level and made on the spot under LH, "
             "collapses when LH goes quiet; FSH is suppressed too. Lowering the dose does not protect sperm "
             "({no TRT dose protects sperm})."),
        Item("§5 explorer", "After a 12-week course, write down the order in which LH, the body's own testosterone "
             "and sperm come back, and roughly when. Then set 52 and 104 weeks: what changes?",
             "LH first, then the body's own testosterone, sperm last, months later (the production line takes "
             "about 64-74 days plus transport; Heller and Clermont 1963). A longer course slows the return in the model, as in men "
             "({longer course, slower return}), and its men recover more slowly than the volunteers of the "
             "contraception trials ({slower than the trials})."),
        Item("§6 explorer", "Which restart family raises blood testosterone while LH stays low, and why?",
             "hCG: it acts like LH on the Leydig cells below the pituitary, and the testosterone and estradiol it "
             "makes keep the body's own LH down."),
        Item("§8", "An estradiol of 8 pg/mL on a sensitive assay: too much, too little or in range? Why is the "
             "lowest estradiol not the goal?",
             "Too little: below about 10 pg/mL men lose bone and libido (Finkelstein 2013); the aim is a level inside the range, not the lowest one."),
    )),
    Worksheet("02_intermediate", "Intermediate: the restart drugs and protocols", (
        Item("§1 explorer", "Give clomiphene to the man with secondary hypogonadism, then to the healthy man. In "
             "which man does testosterone rise more: by factor, and in ng/dL?",
             "By factor in the man with secondary hypogonadism; in ng/dL about the same in both, and the healthy "
             "man stays inside the reference range: {clomiphene in a healthy man}."),
        Item("§5 explorer", "Healthy man, no TRT: move anastrozole to the top of the slider. What happens to "
             "estradiol, LH and testosterone? Is the highest dose the best?",
             "No: {the most anastrozole}."),
        Item("§9 table", "Which restart protocol gives the highest estradiol peak after the stop, and what does "
             "anastrozole add to hCG? Is a difference of a few pg/mL a winner?",
             "{E2 peaks of the protocols}. A difference inside the spread between men is no meaningful "
             "difference."),
        Item("§4", "How many GnRH pulses does the pituitary get in a week naturally, and from gonadorelin twice a "
             "week?",
             "About 84-112 (one every 90-120 minutes) against 2: twice-weekly injections cannot imitate the rhythm."),
    )),
    Worksheet("03a_mechanisms", "Mechanisms and points of failure", (
        Item("§3 explorer", "Set the Leydig cells to 50 %. Is testosterone low? What does the hCG test show?",
             "Not necessarily: LH rises and pushes the remaining cells harder (compensated failure); the hCG test "
             "shows the smaller reserve."),
        Item("§3 explorer", "GnRH neurons at 5 %: blunted, normal or larger hCG test than in the healthy man?",
             "Larger in the model ({hCG test in GnRH deficiency}); in long-standing congenital deficiency real "
             "Leydig cells are often immature and the response is blunted."),
        Item("§4 explorer", "Why does LH fall when gonadorelin pulses come every 30 minutes?",
             "GnRH never leaves the blood between pulses, so the pituitary desensitises "
             "({SC gonadorelin lingers})."),
        Item("§6", "Which signal carries most of the germ cells' support in the model, and what clinical "
             "observation fits that?",
             "Intratesticular testosterone ({ITT carries the germ cells}); normal men whose FSH hCG suppressed kept "
             "a quarter to a half of their counts (Matsumoto 1986; Bremner 1981), and men on TRT with hCG kept their "
             "semen parameters in a retrospective series (Hsieh 2013)."),
    )),
    Worksheet("03b_populations_and_evidence", "Populations, recovery and the evidence", (
        Item("§1 explorer", "Read the cohort's median time to 20 M/mL and its share recovered at 6 months beside "
             "Liu 2006. Which is the model closer to?",
             "Read the validation view (§6) for C7: {slower than the trials}."),
        Item("§2", "In the model, do older men recover sooner or later? What did Liu 2006 find, and what did "
             "clinic series after TRT find?",
             "In the model the difference is under its margin for a meaningful one ({older men recover sperm later "
             "at 65}), so it shows neither direction: clinic series after long TRT found older men slower (Kohn "
             "2017), Liu 2006's volunteers faster."),
        Item("§5 tornado", "Which parameter at the top of the tornado chart would you measure first, and in whom?",
             "Open: weigh how far it moves the outcome against its confidence tag (an M is where a measurement "
             "helps most)."),
    )),
)

CONCEPTS = (
    Concept("A man on TRT has a serum testosterone at the top of the reference range. His sperm count is near "
            "zero. Why?", (
                ("Intratesticular testosterone and FSH have collapsed because LH and FSH are suppressed", ""),
                ("His testosterone is too high and damages sperm directly",
                 "confuses the blood level with the level inside the testes"),
                ("TRT blocks the androgen receptor in the testes", "thinks TRT acts as an antagonist"),
                ("His testes have failed permanently", "reads an expected, reversible suppression as damage")),
            "The signal chain, not the blood level, decides: without LH the testes make little testosterone "
            "of their own."),
    Concept("After TRT stops, which comes back first?", (
                ("LH", ""),
                ("Sperm", "forgets the production line of about 64-74 days plus transport"),
                ("The body's own testosterone", "puts the testes before the signal that drives them"),
                ("All at once", "ignores that each stage waits for the one above it")),
            "The brake lifts, LH returns, the Leydig cells answer, and sperm follow months later."),
    Concept("Anastrozole is added during TRT. What happens to LH?", (
                ("It stays suppressed: the injected testosterone remains the main brake", ""),
                ("It returns to normal because estradiol was the brake", "thinks estradiol is the only feedback"),
                ("It rises above normal", "transfers the no-TRT response to a man on TRT"),
                ("It falls further", "reverses the direction of estradiol feedback")),
            "Androgen alone suppresses the axis; at 200 mg a week removing estradiol loosens the brake only slightly "
            "(more at lower doses, where no study has counted sperm)."),
    Concept("Why does gonadorelin need to be given in pulses?", (
                ("Continuous GnRH desensitises the pituitary, so LH falls", ""),
                ("Pulses are cheaper", "answers a logistics question, not a physiological one"),
                ("Gonadorelin is absorbed only in pulses", "confuses the delivery with the receptor's response"),
                ("Any schedule works if the weekly amount is the same", "thinks only the total dose matters")),
            "The pituitary reads the rhythm; constant exposure switches it off (Belchetz 1978)."),
    Concept("Low testosterone with a high LH points to a failure where?", (
                ("The testes (primary failure)", ""),
                ("The pituitary", "forgets that a failing pituitary gives a low LH"),
                ("The hypothalamus", "forgets that a failing hypothalamus gives a low LH"),
                ("Nowhere: it is normal ageing", "ignores that LH is high, not low or normal")),
            "The loop is open at the bottom: the brain signals loudly, the testes do not answer."),
    Concept("An inhibin B of 15 pg/mL in a man without sperm. What does it say about sperm at TESE?", (
                ("Sperm are less likely but may still be found: it is a weak predictor", ""),
                ("No sperm will be found", "treats a population marker as a cut-off (Grunewald 2013 was not a TESE study)"),
                ("Nothing at all", "throws away a marker that does shift the odds"),
                ("Sperm are certain to be found", "reads a low value the wrong way round")),
            "No blood test reliably predicts retrieval."),
)


@dataclass(frozen=True)
class Block:
    minutes: int                     # allotted to the block
    notebook: str                    # notebook number: "01", "03a"
    sections: tuple[str, ...]        # section keys (section_key): "3", "Summary"
    activity: str
    worksheet: tuple[int, ...] = ()  # questions of this notebook's worksheet worked in the block
    concepts: tuple[int, ...] = ()   # concept questions
    how: str = ""                    # how the sections are used, when not by the students themselves

    @property
    def what(self) -> str:
        numbered = [int(s) for s in self.sections if s.isdigit()]
        named = [s for s in self.sections if not s.isdigit()]
        consecutive = numbered == list(range(numbered[0], numbered[-1] + 1)) if numbered else False
        span = (f"§{numbered[0]}" if len(numbered) == 1 else f"§{numbered[0]}-{numbered[-1]}" if consecutive
                else " and ".join(f"§{n}" for n in numbered))
        return " ".join([self.notebook, ", ".join(filter(None, [span, *named]))]
                        + ([f"({self.how})"] if self.how else []))

    @property
    def questions(self) -> int:
        return len(self.worksheet) + len(self.concepts)

    @property
    def tasks(self) -> str:
        """The activity with the questions it works, named from the fields (never typed twice)."""
        parts = [self.activity]
        if self.worksheet:
            nums = ", ".join(map(str, self.worksheet))
            parts.append(f"worksheet {self.notebook} question{'s' if len(self.worksheet) > 1 else ''} {nums}")
        if self.concepts:
            nums = ", ".join(map(str, self.concepts))
            parts.append(f"concept question{'s' if len(self.concepts) > 1 else ''} {nums}")
        return "; ".join(parts)


PLANS = {
    "undergraduate": ("Undergraduate physiology: feedback in the HPG axis (90 minutes)", (
        Block(10, "01", ("1", "2"), "frame (a model of one man, not advice); the loop on the board beside the diagram"),
        Block(20, "01", ("3", "4"), "in pairs with the TRT explorer", worksheet=(1, 2)),
        Block(15, "01", ("5",), "read the printed model numbers against Liu 2006", worksheet=(3,)),
        Block(20, "01", ("6", "7"), "a show of hands on the concept questions", worksheet=(4,), concepts=(2, 3)),
        Block(15, "01", ("8",), "estradiol's two sides", worksheet=(5,), concepts=(1,)),
        Block(10, "01", ("Summary", "Where the evidence is thin"), "one sentence each: what the model cannot tell us"),
    )),
    "medical": ("Medical students: points of failure and the restart drugs (90 minutes)", (
        Block(10, "01", ("3", "4", "5"), "the suppression and the order of recovery", concepts=(2,),
              how="recap, projected"),
        Block(20, "03a", ("3",), "lab patterns of each point of failure", worksheet=(1, 2), concepts=(5,)),
        Block(15, "03a", ("4",), "pulses against continuous GnRH", worksheet=(3,), concepts=(4,)),
        Block(20, "02", ("1", "5"), "in pairs", worksheet=(1, 2)),
        Block(15, "02", ("9",), "read the protocol table honestly", worksheet=(3,)),
        Block(10, "03b", ("7",), "what inhibin B can and cannot say", concepts=(6,), how="read aloud"),
    )),
}
READING_WORDS_PER_MINUTE = 200
QUESTION_MINUTES = (1, 2)            # per worksheet or concept question: a quick one, a discussed one
TRIAL_FILE = Path(__file__).with_name("plan_trial.json")   # written by tools/try_plans.py (make try-plans)


def section_key(heading: str) -> str:
    """'5. Stopping TRT: the slow way back' -> '5'; an unnumbered heading is its own key."""
    number = re.match(r"(\d+)\.\s", heading)
    return number.group(1) if number else heading.strip()


def _trial() -> dict:
    return json.loads(TRIAL_FILE.read_text())


def tried_minutes(level: str) -> list[dict]:
    """Per block of a plan, from the trial, in minutes: its sections' cells run once more (a reset, or the
    explorers' first pictures), the reading time of their text and the question time at its fastest and slowest."""
    notebooks, rows = _trial()["notebooks"], []
    for block in PLANS[level][1]:
        parts = [notebooks[block.notebook][s] for s in block.sections]
        run = sum(p["seconds"] for p in parts) / 60
        read = sum(p["words"] for p in parts) / READING_WORDS_PER_MINUTE
        low, high = (run + read + m * block.questions for m in QUESTION_MINUTES)
        rows.append({"run": run, "read": read, "low": low, "high": high})
    return rows


def opening_seconds(level: str) -> dict[str, float]:
    """Seconds each notebook of a plan takes to open: the app (and Run All) runs every cell."""
    notebooks = _trial()["notebooks"]
    stems = dict.fromkeys(b.notebook for b in PLANS[level][1])
    return {stem: sum(p["seconds"] for p in notebooks[stem].values()) for stem in stems}


def timing_note() -> str:
    trial = _trial()
    return (f"Tried {trial['tried']} ({trial['machine']}): each notebook the plan uses was run cell by cell "
            f"(`make try-plans`). A block's *tried* minutes are its sections' cells run once (an explorer's "
            f"first picture), its text read at {READING_WORDS_PER_MINUTE} words a "
            f"minute and {QUESTION_MINUTES[0]}-{QUESTION_MINUTES[1]} minutes per question; the rest of the block is "
            f"for moving the controls, pairs and discussion. Not yet tried with a class. Each plan stays inside the "
            f"sections it names.")


def measured(key: str) -> str:
    holds, words = _BY_KEY[key].check()
    return words if holds else f"{words} (the registered sentence no longer holds: see tests/content/test_claims.py)"


def _fill(answer: str) -> str:
    return re.sub(r"\{([^{}]+)\}", lambda m: f"[model: {measured(m.group(1))}]", answer)


def worksheet(sheet: Worksheet) -> str:
    lines = [f"# Worksheet: {sheet.title}", "", f"Notebook `{sheet.notebook}.ipynb`. Name: ______________", "", NOTE, ""]
    for i, item in enumerate(sheet.items, 1):
        lines += [f"**{i}. ({item.section})** {item.question}", "", "_" * 60, "", "_" * 60, ""]
    return "\n".join(lines)


def key(sheet: Worksheet) -> str:
    lines = [f"# Answer key: {sheet.title}", "", f"For the instructor. Notebook `{sheet.notebook}.ipynb`; numbers "
             "marked *model* are computed from the model when the kit is built (`make kit`).", "", NOTE, ""]
    for i, item in enumerate(sheet.items, 1):
        lines += [f"**{i}. ({item.section})** {item.question}", "", f"*Answer.* {_fill(item.answer)}", ""]
    return "\n".join(lines)


def concept_questions(with_key: bool) -> str:
    lines = ["# Concept questions" + (": key with misconceptions" if with_key else ""), "", NOTE, ""]
    for i, c in enumerate(CONCEPTS, 1):
        lines += [f"**{i}.** {c.stem}", ""]
        shown = c.options[-(i % len(c.options)):] + c.options[:-(i % len(c.options))]   # the right one moves
        for letter, (option, misconception) in zip("abcd", shown):
            mark = (" **(right)**" if not misconception else f": *reveals:* {misconception}") if with_key else ""
            lines.append(f"- ({letter}) {option}{mark}")
        lines += ["", f"*Why.* {c.why}", ""] if with_key else [""]
    return "\n".join(lines)


def plan(level: str) -> str:
    title, blocks = PLANS[level]
    tried = tried_minutes(level)
    lines = [f"# Class plan: {title}", "", timing_note(), "",
             "Before class, open " + ", ".join(f"{stem} ({sec:.0f} s)" for stem, sec in opening_seconds(level).items())
             + ": opening a notebook runs every cell, as tried.", "",
             "| minutes | notebook and sections | activity | tried: run + reading + questions |", "|---|---|---|---|"]
    start = 0
    for block, t in zip(blocks, tried):
        span = f"{t['low']:.0f}" if round(t["low"]) == round(t["high"]) else f"{t['low']:.0f}-{t['high']:.0f}"
        questions = f" + {block.questions} x {QUESTION_MINUTES[0]}-{QUESTION_MINUTES[1]} min" if block.questions else ""
        lines.append(f"| {start}-{start + block.minutes} | {block.what} | {block.tasks} | {span} min ({60 * t['run']:.0f} s "
                     f"+ {t['read']:.1f} min{questions}) |")
        start += block.minutes
    total = [sum(t[k] for t in tried) for k in ("low", "high")]
    lines += ["", f"In all: {start} minutes planned; tried {total[0]:.0f}-{total[1]:.0f} minutes before moving the "
              "controls and discussion.", ""]
    return "\n".join(lines)


def pages() -> dict[str, str]:
    """{file name: markdown} of every kit page."""
    out = {}
    for sheet in WORKSHEETS:
        out[f"worksheet_{sheet.notebook[:3].rstrip('_')}.md"] = worksheet(sheet)
        out[f"key_{sheet.notebook[:3].rstrip('_')}.md"] = key(sheet)
    out["concept_questions.md"] = concept_questions(with_key=False)
    out["concept_key.md"] = concept_questions(with_key=True)
    for level in PLANS:
        out[f"plan_{level}.md"] = plan(level)
    index = ["# Instructor kit", "", "Generated by `make kit` from `hpgviz/content/kit.py`: do not edit these pages "
             "by hand.", "", NOTE, ""] + [f"- [{name[:-3].replace('_', ' ')}]({name})" for name in sorted(out)]
    out["README.md"] = "\n".join(index + [""])
    return out


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in pages().items():
        (folder / name).write_text(text)
        written.append(folder / name)
    return written
