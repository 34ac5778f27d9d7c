"""The patient page's explorer without a browser: men like the one described as a cohort, the answer in words
generated from it, the recovery window across the figure, restart courses said by the one rule, the pre-TRT count
given to every man, and the printable summary."""
import matplotlib

matplotlib.use("Agg")

import base64  # noqa: E402
import html  # noqa: E402
import re  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from hpgviz.analysis.outcomes import recovery_milestones, recovery_verdict, SPERM_THRESHOLD  # noqa: E402
from hpgviz.analysis.published import MONTH_DAYS  # noqa: E402
from hpgviz.content import recovery_words as words  # noqa: E402
from hpgviz.explorers import patient  # noqa: E402
from explorer_testing import assert_no_error  # noqa: E402

YOU = re.compile(r"\byou\b|\byour\b", re.I)


@pytest.fixture(scope="module")
def men():
    return patient.MenLikeThisExplorer(years=0.5, restart="none")


def test_the_answer_in_words_comes_from_the_cohort(men):
    assert_no_error(men)
    res = men.runs["stop_only"]
    assert res["sperm"].shape[0] == patient.MEN
    expected = words.milestone_sentences(recovery_milestones(res))
    assert men.summary_text == expected[0]
    assert "half of men like this" in men.summary_text or "fewer than half of men like this" in men.summary_text
    assert f"{SPERM_THRESHOLD:g} million/mL" in men.summary_text
    for sentence in expected[1:]:
        assert sentence in men.words.value.replace("&#x27;", "'")
    assert not YOU.search(men.summary_text + men.words.value)


def test_the_recovery_window_takes_the_width(men):
    for ax in men.axes:
        lo, hi = ax.get_xlim()
        assert lo == pytest.approx(-patient.LEAD_DAYS / MONTH_DAYS) and hi == pytest.approx(24, abs=0.1)
        assert hi / (hi - lo) > 0.9          # after the stop: over nine tenths of the axis
    months, median = (np.asarray(v, float) for v in men.medians[0].get_data())
    assert months[0] == pytest.approx(-patient.LEAD_DAYS / MONTH_DAYS, abs=0.05)
    assert np.all(np.isfinite(median)) and np.all(median >= 0)


def test_a_known_count_is_every_mans_count():
    cohort = patient.men_like(40, count=25)
    assert cohort.values["sperm_base"] == 25 and np.ndim(cohort.values["age"]) == 0
    spread = patient.men_like(40)
    assert np.ndim(spread.values["sperm_base"]) == 1
    with pytest.raises(ValueError, match="count before testosterone"):
        patient.men_like(40, count=1000)


def test_a_lower_count_before_testosterone_takes_longer(men):
    before = men.milestones["stop_only"]["events"][words.SPERM_EVENT][0.5]
    men.set(count_known=True, count=20)
    assert_no_error(men)
    after = men.milestones["stop_only"]["events"][words.SPERM_EVENT][0.5]
    assert np.isnan(after) or after > before
    men.set(count_known=False)


def test_a_restart_course_is_said_by_the_rule(men):
    men.set(restart="clomiphene")
    assert_no_error(men)
    stop, other = (men.milestones[k] for k in ("stop_only", "clomiphene"))
    for event, line in zip((words.SPERM_EVENT, words.T_EVENT), men.restart_lines_text):
        verdict = recovery_verdict(stop["events"][event][0.5], other["events"][event][0.5], stop["followed_days"])
        assert (("no meaningful difference in the model" in line) == (verdict == "no meaningful difference")), line
    assert any(len(line.get_xdata()) for line in men.restart_lines)
    men.set(restart="none")
    assert not any(len(line.get_xdata()) for line in men.restart_lines)


def test_print_summary_gives_the_page_and_a_download(men):
    men.print_button.click()
    assert_no_error(men)
    box = men.summary_box.value
    assert "What the model cannot know" in box and "Questions to ask a clinician" in box
    link = re.search(r'href="data:text/html;base64,([^"]+)"', box)
    document = base64.b64decode(link.group(1)).decode("utf-8")
    assert document == men.summary_document() and men.summary_text in document
    assert not YOU.search(re.sub(r"<[^>]+>", " ", document))


def test_a_press_sent_just_before_a_new_layout_still_prints():
    """A phone's page lays the explorer out anew once it has measured its screen; a tap on "Print summary" the page
    sent just before the swap arrives at the old button, which must still be open (the kernel drops a message to a
    closed widget: the summary never came, CI saw it). It is closed at the next relayout, as every old part, and a
    summary already shown stays."""
    from hpgviz.viz.style import use_screen
    ex = patient.MenLikeThisExplorer(years=0.5, restart="none")
    try:
        old_button = ex.print_button
        ex.screen.value = "390 1"
        assert old_button.comm is not None and ex.print_button is not old_button
        old_button._handle_button_msg(None, {"event": "click"}, [])   # the message the page sent
        assert_no_error(ex)
        assert "What the model cannot know" in ex.summary_box.value
        ex.screen.value = "0 1"   # and a summary shown stays on the new layout
        assert old_button.comm is None and "What the model cannot know" in ex.summary_box.value
    finally:
        use_screen(None)
        ex.close()


def test_settings_reopen_and_the_csv(men):
    text = men.settings_text()
    other = patient.MenLikeThisExplorer(years=0.5, restart="none")
    other.reopen(text.replace("age=35", "age=36"))
    assert other.age.value == 36
    assert men.csv_text().splitlines()[1].startswith("months after the stop,stop only: median sperm")


def test_restart_families_say_differences_by_the_one_rule():
    """The fundamentals' restart-families explorer states each ticked family against stopping alone by
    analysis.outcomes' verdicts: a tie is 'no meaningful difference in the model', never a direction."""
    from hpgviz.analysis.outcomes import level_verdict, outcomes
    from hpgviz.explorers import agents
    from hpgviz.explorers.runs import SPERM_KEY
    families = agents.RestartFamilies()
    for key in families.boxes:
        families.set(**{k: k == key for k in families.boxes})
        assert_no_error(families)
        back = [outcomes(r)[SPERM_KEY] for r in (families.stop_only, families.result)]
        verdict = recovery_verdict(*back, families.days - agents._TRT_STOP)
        phrase = words.comparison_phrase("sperm back", verdict)
        assert phrase in families.summary_text, (key, families.summary_text)
    assert level_verdict(0.01, 0.05, floor=0.1) == "no meaningful difference"   # both below detection


def test_a_known_low_count_is_below_the_threshold_untreated_in_the_model():
    """count_note's sentence: men given a count under the threshold stay under it with no testosterone at all."""
    from hpgviz import Regimen, simulate
    res = simulate(Regimen([]), days=60, patient=patient.men_like(35, count=8, n=20), dt=1.0)
    assert np.all(res["sperm"] < SPERM_THRESHOLD) and np.allclose(res["sperm"][:, -1], 8, rtol=0.05)


def test_a_low_dose_carries_the_models_shortfall(men):
    """Below LOW_DOSE_MG a week the page says the model stops sperm in fewer men, as the dose-finding trials did
    (the claim "low doses stop sperm in fewer men" checks that against the model); at 200 mg/week it does not."""
    assert men.dose.value >= words.LOW_DOSE_MG and words.LOW_DOSE_NOTE not in men.sentences
    men.dose.value = words.LOW_DOSE_MG / 2
    try:
        assert_no_error(men)
        assert words.LOW_DOSE_NOTE in men.sentences
        assert html.escape(words.LOW_DOSE_NOTE) in men.words.value
        assert words.LOW_DOSE_NOTE in men.summary_document()
    finally:
        men.dose.value = 200


@pytest.mark.parametrize("key", ["stop_only", "hcg_then_clomiphene"])
def test_the_cohort_resolution_shows_what_the_full_one_does(key):
    """The page runs its men at simulate's cohort resolution (patient.PAGE_GRID); against the full resolution at
    the same one-day points: every milestone in the words within 3 days (they are said in months), and the
    middle man and the band's edges of each panel, from the month before the stop on, within 3 % of the panel's
    largest value (measured: within 2 %)."""
    explorer = patient.MenLikeThisExplorer(years=1.0, restart="none")
    regimen = explorer.regimen(key)
    days = explorer.years.value * 52 * 7 + patient.FOLLOW_UP_DAYS
    page = patient._simulate_cohort(regimen, days, float(explorer.age.value), None)
    full = patient.simulate(regimen, days=days, patient=patient.men_like(explorer.age.value), dt=1.0)
    np.testing.assert_array_equal(page.t, full.t)
    for (event, by_share), (_, by_share_full) in zip(recovery_milestones(page)["events"].items(),
                                                      recovery_milestones(full)["events"].items()):
        for share, day in by_share.items():
            assert np.isnan(day) == np.isnan(by_share_full[share]), (event, share)
            assert np.isnan(day) or abs(day - by_share_full[share]) <= 3, (event, share)
    shown = page.t >= days - patient.FOLLOW_UP_DAYS - patient.LEAD_DAYS
    for name, _, _ in patient.PANELS:
        lines = [np.percentile(r[name][:, shown], [10, 50, 90], axis=0) for r in (page, full)]
        assert np.max(np.abs(lines[0] - lines[1])) <= 0.03 * np.max(lines[1]), name
