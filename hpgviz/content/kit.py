"""The instructor kit from one source: per notebook a student worksheet (questions only) and an answer key
(the same questions with answers), concept questions (multiple choice, each wrong option with the
misconception it reveals) and a 90-minute class plan per level.

An answer's model numbers are not written here: ``{claim key}`` in an answer is replaced by that claim's
measured values (hpgviz/content/claims.py), so the key is computed from the model whenever it is built
and its sentences are the registered claims' own. ``write(folder)`` (``make kit``) writes docs/kit/;
tests/content/test_kit.py rebuilds it and fails when the committed pages differ from the model as it stands.
"""
from __future__ import annotations

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
             "about 64-74 days plus transport). A longer course slows the return in the model, as in men "
             "({longer course, slower return}), and its men recover more slowly than the volunteers of the "
             "contraception trials ({slower than the trials})."),
        Item("§6 explorer", "Which restart family raises blood testosterone while LH stays low, and why?",
             "hCG: it acts like LH on the Leydig cells below the pituitary, and the testosterone and estradiol it "
             "makes keep the body's own LH down."),
        Item("§8", "An estradiol of 8 pg/mL on a sensitive assay: too much, too little or balanced? Why is the "
             "lowest estradiol not the goal?",
             "Too little: below about 10 pg/mL men lose bone and libido (Finkelstein 2013); the aim is balance."),
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
             "Intratesticular testosterone ({ITT carries the germ cells}); men on TRT with hCG kept their semen "
             "parameters (Hsieh 2013)."),
    )),
    Worksheet("03b_populations_and_evidence", "Populations, recovery and the evidence", (
        Item("§1 explorer", "Read the cohort's median time to 20 M/mL and its share recovered at 6 months beside "
             "Liu 2006. Which is the model closer to?",
             "Read the validation view (§6) for C7: {slower than the trials}."),
        Item("§2", "In the model, do older men recover sooner or later? What did Liu 2006 find, and what did "
             "clinic series after TRT find?",
             "Later in the model ({older men recover later}), as in clinic series after TRT (Kohn 2017); Liu "
             "2006's volunteers showed the opposite."),
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
            "Androgen alone suppresses the axis; removing estradiol loosens the brake only slightly."),
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
    minutes: str
    what: str             # notebook and sections
    activity: str


PLANS = {
    "undergraduate": ("Undergraduate physiology: feedback in the HPG axis (90 minutes)", (
        Block("0-10", "01 §1-2", "frame (a model of one man, not advice); the loop on the board beside the diagram"),
        Block("10-30", "01 §3-4", "worksheet 01 questions 1-2 in pairs with the TRT explorer"),
        Block("30-50", "01 §5", "worksheet 01 question 3; read the printed model numbers against Liu 2006"),
        Block("50-65", "01 §6-7", "worksheet 01 question 4; concept questions 2 and 3 as a show of hands"),
        Block("65-80", "01 §8", "worksheet 01 question 5; concept question 1"),
        Block("80-90", "01 summary, Where the evidence is thin", "one sentence each: what the model cannot tell us"),
    )),
    "medical": ("Medical students: points of failure and the restart drugs (90 minutes)", (
        Block("0-10", "01 §3-5 (recap, projected)", "the suppression and the order of recovery; concept question 2"),
        Block("10-30", "03a §3", "worksheet 03a questions 1-2: lab patterns of each point of failure; concept question 5"),
        Block("30-45", "03a §4", "worksheet 03a question 3; concept question 4"),
        Block("45-65", "02 §1 and §5", "worksheet 02 questions 1-2 in pairs"),
        Block("65-80", "02 §9", "worksheet 02 question 3: read the protocol table honestly"),
        Block("80-90", "03b §7 (read aloud)", "concept question 6: what inhibin B can and cannot say"),
    )),
}
TIMING_NOTE = ("Timings are estimates from working through each section once with its explorer; they have not "
               "been tried with a class. Each plan stays inside the sections it names.")


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
    lines = [f"# Class plan: {title}", "", TIMING_NOTE, "", "| minutes | notebook and sections | activity |", "|---|---|---|"]
    lines += [f"| {b.minutes} | {b.what} | {b.activity} |" for b in blocks]
    return "\n".join(lines + [""])


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
