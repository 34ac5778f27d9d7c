"""Words for a reader on testosterone who is thinking about children: what a cohort of men like him did in the
model after the stop, what a restart course changed there, and a printable one-page summary.

Every sentence about the model is generated from a cohort's numbers (analysis.outcomes.recovery_milestones);
comparisons follow analysis.outcomes.recovery_verdict, so a difference inside the model's resolution or the
spread between men is said as "no meaningful difference in the model". Nothing here is a result for the reader
or a recommendation: the men are "men like this in the model", never "you".
"""
from __future__ import annotations

import html
import math

from ..analysis.outcomes import MILESTONE_SHARES, recovery_margin, recovery_verdict, SPERM_THRESHOLD
from ..analysis.published import MONTH_DAYS
from ..model.parameters import HYPOGONADAL_T
from .protocols import REFERENCES

SPERM_EVENT = f"sperm >= {SPERM_THRESHOLD:g} M/mL"      # analysis.events.recovery_times' keys
LH_EVENT = "LH in range"
T_EVENT = f"T >= {HYPOGONADAL_T:g} ng/dL"
EVENT_WORDS = {SPERM_EVENT: f"sperm at or above {SPERM_THRESHOLD:g} million/mL",
               T_EVENT: f"testosterone at or above {HYPOGONADAL_T:g} ng/dL",
               LH_EVENT: "LH back in its reference range"}
WEEKS_UNTIL = 8 * 7          # days: earlier recoveries are said in weeks, later ones in months

SAFETY = ("An educational model, not medical advice. These are simulated men like the ones described, not a "
          "prediction for any one person, and never a suggestion to start, stop or change a treatment.")

CANNOT_KNOW = (
    "Anything about one person: the model's men differ only in the ways its parameters vary, and a real man's "
    "history, testes and health can differ in ways it does not contain.",
    "Motility, shape or fertility itself: the model follows sperm concentration only.",
    "Other substances, doses taken without supervision, illness, varicocele, genetics or a partner's fertility.",
    "How reliable the published studies behind it are for long or high-dose use: that evidence is thin "
    "(case series and reviews; McBride & Coward 2016).",
)

QUESTIONS = (
    "How do the men in the studies behind these numbers compare with me (product, dose, years of use, age)?",
    "Which blood tests and semen analyses would be used to follow recovery, and how often?",
    "Would a semen analysis now, before any change, help to know where I start?",
    "What is known about restart drugs (clomiphene, hCG and others) for someone with my history, and what are "
    "their side effects?",
    "Is freezing sperm something to discuss, and when?",
    "What would be a sign that recovery is slower than expected, and what then?",
)

# What clinicians commonly measure while the axis restarts, with where that practice is described.
LABS = (
    ("LH and FSH", "whether the pituitary is signalling the testes again", "McBride & Coward 2016"),
    ("Total testosterone (morning)", "whether the testes make their own again; low is below about "
     f"{HYPOGONADAL_T:.0f} ng/dL, confirmed on two mornings", "Bhasin 2018"),
    ("Semen analysis, repeated at intervals", "sperm concentration, motility and shape, measured by a "
     "laboratory manual's methods (WHO 2021); the outcome that matters for children", "Wenker 2015"),
)
SUMMARY_SOURCES = ("Bhasin 2018", "Liu 2006", "McBride & Coward 2016", "Wenker 2015")
WHO_2021 = "World Health Organization. WHO laboratory manual for the examination and processing of human semen, 6th ed. 2021."


def when(days: float) -> str:
    """ "week 3" or "month 7": the week or month by whose end it had happened (nan: not said here)."""
    if days <= WEEKS_UNTIL:
        return f"week {max(1, math.ceil(days / 7))}"
    return f"month {math.ceil(days / MONTH_DAYS)}"


def months_followed(followed_days: float) -> int:
    return round(followed_days / MONTH_DAYS)


def milestone_sentence(event: str, by_share: dict, followed_days: float) -> str:
    """ "In the model, half of men like this had sperm at or above 16 million/mL by month 6, 9 in 10 by month 14."
    `by_share` maps MILESTONE_SHARES to days after the stop (nan: not within the months simulated)."""
    half, most = (by_share[q] for q in MILESTONE_SHARES)
    what, within = EVENT_WORDS[event], f"not within the {months_followed(followed_days)} months simulated"
    if math.isnan(half):
        return f"In the model, fewer than half of men like this had {what} within the {months_followed(followed_days)} months simulated."
    most_words = within if math.isnan(most) else f"by {when(most)}"
    return f"In the model, half of men like this had {what} by {when(half)}, 9 in 10 {most_words}."


def milestone_sentences(milestones: dict) -> list[str]:
    """One sentence per event (sperm, testosterone, LH), from analysis.outcomes.recovery_milestones."""
    return [milestone_sentence(event, milestones["events"][event], milestones["followed_days"])
            for event in (SPERM_EVENT, T_EVENT, LH_EVENT)]


# Below this weekly dose the model, like the dose-finding trials (C14: ED50 ~50 mg/week), stops sperm in fewer men;
# content.claims checks the note against the model.
LOW_DOSE_MG = 100.0
LOW_DOSE_NOTE = (f"Below {LOW_DOSE_MG:g} mg a week the model stops sperm in fewer men, as the dose-finding trials "
                 "found (suppression half-maximal near 50 mg a week): at such a dose many of its men keep sperm, "
                 "which does not say whether a real man will.")


def dose_note(weekly_mg: float) -> list[str]:
    """The model's known shortfall at low weekly doses, said where a reader sets such a dose."""
    return [LOW_DOSE_NOTE] if weekly_mg < LOW_DOSE_MG else []


def count_note(count: float | None) -> list[str]:
    """A count before testosterone under the threshold: the sperm sentence cannot mean a return to it."""
    if count is None or count >= SPERM_THRESHOLD:
        return []
    return [f"The count before testosterone ({count:g} million/mL) was already below {SPERM_THRESHOLD:g} million/mL: "
            "men like this do not reach that level in the model even before testosterone."]


def restart_sentence(course: str, stop_alone: dict, restart: dict, event: str = SPERM_EVENT) -> str:
    """What a restart course changed in the model: when half of the men had `event`, against stopping alone.
    Both are recovery_milestones results for the same men; the verdict follows analysis.outcomes.recovery_verdict."""
    followed = stop_alone["followed_days"]
    ref, other = stop_alone["events"][event][0.5], restart["events"][event][0.5]
    verdict = recovery_verdict(ref, other, followed)
    what = EVENT_WORDS[event]
    said = lambda d: _said(d, followed)
    tail = _slowest_tenth_clause(stop_alone, restart, event, verdict)
    if verdict == "no meaningful difference":
        return (f"With {course}: no meaningful difference in the model from stopping alone in when half of men "
                f"like this had {what} ({said(other)} against {said(ref)}){tail}.")
    head = (f"fewer than half of men like this had {what} within the {months_followed(followed)} months"
            if math.isnan(other) else f"half of men like this had {what} by {when(other)}")
    margin = recovery_margin(min(followed if math.isnan(d) else d for d in (ref, other)))
    return (f"With {course}: {head}, {verdict} than after stopping alone ({said(ref)}); more than the model's "
            f"margin for a real difference ({margin:.0f} days: a week, or a quarter of the time if longer){tail}.")


def _said(days: float, followed: float) -> str:
    return when(days) if not math.isnan(days) else f"not within the {months_followed(followed)} months"


def _slowest_tenth_clause(stop_alone: dict, restart: dict, event: str, half_verdict: str) -> str:
    """"; the slowest tenth ... later" when 9 in 10 of the men reach `event` later with the restart (by the same
    margin rule) while the half-way verdict is not "later": a median alone would hide it."""
    followed = stop_alone["followed_days"]
    ref, other = stop_alone["events"][event][0.9], restart["events"][event][0.9]
    if half_verdict == "later" or recovery_verdict(ref, other, followed) != "later":
        return ""
    said = lambda d: _said(d, followed)
    return f"; but the slowest tenth of men had it later ({said(other)} against {said(ref)})"


def regimen_words(product: str, weekly_mg: float, weeks: float, age: float, count: float | None) -> str:
    """The simulated men in one phrase (what the reader set, said as the model's men, never as his)."""
    years = f"{weeks / 52:.1f} years" if weeks >= 52 else f"{weeks:g} weeks"
    base = ("counts before testosterone spread as between healthy men" if count is None
            else f"a count of about {count:g} million/mL before testosterone")
    return (f"simulated men aged about {age:g} on {product} {weekly_mg:g} mg a week for {years}, then stopped; "
            f"{base}")


def _items(lines) -> str:
    return "".join(f"<li>{html.escape(line)}</li>" for line in lines)


PRINT_CSS = ("body{font:11pt/1.4 system-ui,sans-serif;max-width:46em;margin:1.5em auto;color:#111}"
             "h1{font-size:16pt;margin:0 0 .3em}h2{font-size:12pt;margin:1em 0 .3em}"
             ".note{border-left:4px solid #b45309;padding:.3em .6em;background:#fff7ed}"
             "li{margin:.15em 0}@page{size:A4;margin:14mm}@media print{body{margin:0;font-size:10pt}}")


def summary_html(men: str, sentences, restart_lines, title: str = "What the model showed") -> str:
    """The printable one-page summary as a whole HTML document: what the model showed, what it cannot know,
    questions to ask a clinician, the labs and semen analyses commonly used to follow recovery, and sources."""
    labs = [f"{name}: {what} ({source})" for name, what, source in LABS]
    sources = [REFERENCES[key] for key in SUMMARY_SOURCES] + [WHO_2021]
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>hpgviz: {html.escape(title)}"
            f"</title><style>{PRINT_CSS}</style></head><body>"
            f"<h1>hpgviz: {html.escape(title)}</h1><p class='note'>{html.escape(SAFETY)}</p>"
            f"<p><b>Men in the model:</b> {html.escape(men)}.</p>"
            f"<h2>What the model showed</h2><ul>{_items(sentences)}{_items(restart_lines)}</ul>"
            f"<h2>What the model cannot know</h2><ul>{_items(CANNOT_KNOW)}</ul>"
            f"<h2>Questions to ask a clinician</h2><ul>{_items(QUESTIONS)}</ul>"
            f"<h2>Labs and semen analyses clinicians commonly use to follow recovery</h2><ul>{_items(labs)}</ul>"
            f"<h2>Sources</h2><ul>{_items(sources)}</ul></body></html>")


def comparison_phrase(what: str, verdict: str, against: str = "stopping alone") -> str:
    """A verdict of analysis.outcomes (recovery_verdict, level_verdict) in words: "sperm back: sooner than with
    stopping alone", or "T at week 6: no meaningful difference in the model from stopping alone"."""
    if verdict == "no meaningful difference":
        return f"{what}: no meaningful difference in the model from {against}"
    return f"{what}: {verdict} than with {against}"
