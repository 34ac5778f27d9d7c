"""The patient page's words: generated from a cohort's milestones, censoring said as 'not within the N months
simulated', restart courses compared by analysis.outcomes.recovery_verdict, never 'you', never advice."""
import math
import re

import pytest

from hpgviz.analysis.outcomes import recovery_verdict, SPERM_THRESHOLD
from hpgviz.content import recovery_words as words

FOLLOWED = 730.0
ADVICE = re.compile(r"\byou\b|\byour\b|\bshould\b|\brecommend", re.I)


def milestones(sperm_half, sperm_most=400.0, t_half=60.0, lh_half=25.0):
    return {"followed_days": FOLLOWED,
            "events": {words.SPERM_EVENT: {0.5: sperm_half, 0.9: sperm_most},
                       words.T_EVENT: {0.5: t_half, 0.9: 300.0}, words.LH_EVENT: {0.5: lh_half, 0.9: 90.0}}}


def test_milestone_sentence_says_half_and_nine_in_ten_by_week_or_month():
    text = words.milestone_sentence(words.SPERM_EVENT, {0.5: 170.0, 0.9: 400.0}, FOLLOWED)
    assert text == (f"In the model, half of men like this had sperm at or above {SPERM_THRESHOLD:g} million/mL by "
                    "month 6, 9 in 10 by month 14.")
    assert "by week 4" in words.milestone_sentence(words.LH_EVENT, {0.5: 25.0, 0.9: 50.0}, FOLLOWED)


def test_censoring_is_said():
    most = words.milestone_sentence(words.SPERM_EVENT, {0.5: 170.0, 0.9: math.nan}, FOLLOWED)
    assert most.endswith("9 in 10 not within the 24 months simulated.")
    none = words.milestone_sentence(words.SPERM_EVENT, {0.5: math.nan, 0.9: math.nan}, FOLLOWED)
    assert "fewer than half of men like this" in none and "within the 24 months simulated" in none


@pytest.mark.parametrize("restart_half", [135.0, 141.0, 160.0, math.nan])
def test_restart_sentence_follows_the_one_rule(restart_half):
    stop, restart = milestones(138.0), milestones(restart_half)
    text = words.restart_sentence("clomiphene 3 months", stop, restart)
    verdict = recovery_verdict(138.0, restart_half, FOLLOWED)
    if verdict == "no meaningful difference":
        assert "no meaningful difference in the model" in text and "sooner" not in text
    else:
        assert f"{verdict} than after stopping alone" in text
    assert not ADVICE.search(text)


def test_issue_18s_three_days_are_a_tie():
    text = words.restart_sentence("clomiphene 3 months", milestones(138.0), milestones(135.0))
    assert "no meaningful difference in the model" in text


def test_a_later_slowest_tenth_is_said_beside_the_median():
    """Half the men no later but 9 in 10 later by more than the margin: the sentence says both; 9 in 10 within
    the margin (or sooner): nothing about the slowest tenth."""
    later = words.restart_sentence("hCG", milestones(138.0, sperm_most=400.0), milestones(136.0, sperm_most=520.0))
    assert "no meaningful difference" in later and "the slowest tenth of men had it later" in later
    assert f"({words.when(520.0)} against {words.when(400.0)})" in later
    same = words.restart_sentence("hCG", milestones(138.0, sperm_most=400.0), milestones(136.0, sperm_most=410.0))
    assert "slowest tenth" not in same


def test_a_real_difference_is_named_with_both_months():
    text = words.restart_sentence("hCG", milestones(300.0), milestones(120.0))
    assert "sooner than after stopping alone" in text and "month 4" in text and "month 10" in text


def test_summary_has_every_part_and_no_advice():
    doc = words.summary_html(words.regimen_words("testosterone cypionate", 200, 104, 35, None),
                             words.milestone_sentences(milestones(170.0)), ["With X: no meaningful difference."])
    for part in ("What the model showed", "What the model cannot know", "Questions to ask a clinician",
                 "Labs and semen analyses clinicians commonly use to follow recovery", "not medical advice",
                 "half of men like this", "@media print", "Liu PY", "McBride JA", "WHO laboratory manual"):
        assert part in doc, part
    body = re.sub(r"<[^>]+>", " ", doc)
    questions = " ".join(words.QUESTIONS)
    assert not ADVICE.search(body.replace(questions, "")), ADVICE.search(body).group(0)
    assert "LH and FSH" in doc and "Semen analysis" in doc and "Total testosterone" in doc


def test_regimen_words_speak_of_simulated_men():
    assert words.regimen_words("x", 150, 26, 40, 30).startswith("simulated men aged about 40")
    assert "a count of about 30 million/mL" in words.regimen_words("x", 150, 26, 40, 30)
    assert "2.0 years" in words.regimen_words("x", 150, 104, 40, None)


def test_what_the_model_cannot_know_matches_the_model():
    """'The model follows sperm concentration only': no motility or shape among its series."""
    from hpgviz import Regimen, simulate
    names = set(simulate(Regimen([]), days=10).names)
    assert "sperm" in names and not {n for n in names if re.search(r"motil|morpholog|shape", n, re.I)}
    assert any("concentration only" in line for line in words.CANNOT_KNOW)


def test_labs_cite_sources_the_project_lists():
    from hpgviz.content.protocols import REFERENCES
    for _name, _what, source in words.LABS:
        assert source in REFERENCES, source
    assert all(key in REFERENCES for key in words.SUMMARY_SOURCES)


def test_a_count_below_the_threshold_before_testosterone_is_said():
    assert words.count_note(None) == [] and words.count_note(SPERM_THRESHOLD) == []
    (note,) = words.count_note(8)
    assert "8 million/mL" in note and f"below {SPERM_THRESHOLD:g} million/mL" in note
