"""Sentences a reader sees about what the model does, each with the scenario that shows it and a check.

Every sentence in the notebooks' text, the README, the instructor guide and the book that states what the
model does (a number, a direction, a comparison) is either printed by code from the model when the page
runs, or registered here: ``text`` is the sentence's words as the reader sees them (a fragment of one
sentence, without markdown), ``where`` the files that carry it, ``scenario`` the run in words, and
``check`` a function that runs the model through the public API and returns (holds, measured), the
measured values in words for the failure message. tests/content/test_claims.py runs every check;
tests/content/test_prose.py fails on a sentence about the model that is in neither place.

A claim with ``pending`` names the branch whose model change makes it true: its test is a strict
expected failure until that change is merged (then the strictness turns the pass into a signal to drop
the mark).

The checks compare the model with the reference ranges, with published values (each cited) or with the
model itself; none holds a number copied from a run.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import (claim_checks as checks, dose_checks as doses, fsh_checks as fsh, gnrh_deficiency_checks as gnrh,
               published_checks as published, recovery_words, review_checks as review)


@dataclass(frozen=True)
class Claim:
    key: str
    text: str                       # the words the reader sees (one sentence or a fragment of one)
    where: tuple[str, ...]          # files, relative to the repository root
    scenario: str
    check: Callable[[], tuple[bool, str]]
    pending: str = ""               # branch whose model change this sentence already describes


# --- the registry ---------------------------------------------------------------------------------------

_NB01, _NB02 = "notebooks/01_fundamentals.ipynb", "notebooks/02_intermediate.ipynb"
_NB03A, _NB03B = "notebooks/03a_mechanisms.ipynb", "notebooks/03b_populations_and_evidence.ipynb"
_GUIDE, _README = "docs/instructors.md", "README.md"

CLAIMS = (
    Claim("slower than the trials", "more slowly than the volunteers of the contraception trials",
          (_NB01, _NB02, _GUIDE), "a cohort after 12 months of enanthate, recovery to 20 M/mL (validation C7)",
          checks.slower_than_trials),
    Claim("esters equal per mg", "the two esters give the same testosterone per milligram", (_NB01,),
          "200 mg/week of cypionate or enanthate for a year: mean T over weeks 40-52", checks.esters_equal),
    Claim("no TRT dose protects sperm",
          "at 100 mg a week of either ester, the model man's sperm count falls to less than half its untreated level",
          (_NB01,), "100 mg/week of each ester for a year: lowest sperm against the untreated man's",
          checks.low_dose_no_protection),
    Claim("AI on TRT keeps LH down", "in the model they rise by too little to see on the figure", (_NB01,),
          "TRT 200 mg/week with anastrozole 0.5 mg twice a week: LH before the week-12 injection",
          checks.ai_on_trt_keeps_lh_down),
    Claim("AI on TRT hardly at 200 mg", "Hardly at 200 mg a week: the injected testosterone remains the main brake",
          (_NB01,), "cypionate 200 mg/week with anastrozole 1 mg daily for 26 weeks: LH over weeks 21-26",
          review.ai_hardly_lifts_lh_at_200mg),
    Claim("AI or SERM on TRT partly at 100 mg", "At lower TRT doses the model lets LH partly return, a result no "
          "study has checked: an aromatase inhibitor or a SERM on its own raises a man's testosterone (Leder 2004) by about as much as 100 mg "
          "a week does", (_NB01,), "cypionate 100 mg/week with and without anastrozole 1 mg or clomiphene 25 mg daily, "
          "and each drug alone, for 26 weeks: LH and T over weeks 21-26", review.ai_or_serm_partly_lifts_lh_at_100mg),
    Claim("balance on TRT by dose", "On TRT of 200 mg a week or more, LH stays near zero whatever the anastrozole "
          "dose", (_NB02,), "the estradiol balance explorer's two men on cypionate 100-300 mg/week with anastrozole "
          "1 or 2 mg daily: LH over weeks 10-12", review.balance_on_trt_by_dose),
    Claim("balance at 100 mg", "At 100 to 150 mg a week, the higher anastrozole doses let it rise part of the way",
          (_NB02,), "as 'balance on TRT by dose'", review.balance_on_trt_by_dose),
    Claim("older man LH", "his LH rise is close to the one that trial reported", (_NB01, _NB02),
          "the older-man preset on anastrozole 1 mg daily, weeks 10-12, against Leder 2004 (C15)",
          checks.older_man_lh_like_trial),
    Claim("clomiphene in a healthy man",
          "Relatively less in the model: testosterone rises by a smaller factor in the healthy man, by about as many "
          "ng/dL, and it stays inside the reference range", (_NB02,),
          "clomiphene 25 mg daily for 12 weeks, the healthy man and the secondary hypogonadism preset",
          checks.clomiphene_healthy_vs_secondary),
    Claim("the most anastrozole",
          "at the top of the slider the healthy man's estradiol is near the edge of the too-low zone, while LH "
          "and testosterone are still rising, testosterone far above its reference range", (_NB02,),
          "anastrozole 1.5 and 2 mg daily without TRT in the healthy man, weeks 10-12", checks.most_anastrozole),
    Claim("E2 peaks of the protocols",
          "in the model all four protocols peak within a few pg/mL of stopping alone (the injections' own estradiol as "
          "they wash out), hCG followed by clomiphene about as high as the rest", (_NB02,),
          "the four default protocols after 26 weeks of TRT: highest E2 after the stop", checks.e2_peaks),
    Claim("secondary hypogonadism E2", "the model's preset has a higher estradiol than the healthy man", (_GUIDE,),
          "the secondary_hypogonadism preset untreated, against the healthy man", checks.secondary_e2_above_healthy),
    Claim("first sperm by week 8", "the model's man has his first sperm back 5 to 8 weeks after a 12-week course",
          (_GUIDE,), "12 weeks of 200 mg/week cypionate, then a stop: first sperm and the count at week 8",
          checks.first_sperm_by_week_8),
    Claim("WHO 2021 threshold", "16 million/mL", (_NB01, _NB02),
          "the threshold of the model's recovery times: the WHO 2021 lower limit", checks.threshold_is_who_2021),
    Claim("azoospermia proxy", "In the model: fewer than 0.1 million/mL", (_NB01, _NB02, _NB03A, _NB03B),
          "the model's proxy for azoospermia", checks.azoospermia_proxy),
    Claim("C21 selected men", "about three in four model men on hCG with clomiphene reach a total motile count of 5 "
          "million within 6 months and more than 8 in 10 within 12 (Kohn 2017: ~65 % and ~70 %), about as many as on "
          "stopping alone (about 7 and 9 in 10)", (_README,), "validation C21 (300 men), and the same cohort stopping "
          "alone", checks.c21_selected_men),
    Claim("C21 counts nearly all", "those azoospermic or severely oligospermic (below 5 M/mL) when TRT stops, which "
          "after 42 months is nearly all of them", (_README,), "validation C21's cohort stopping alone: the share "
          "below 5 M/mL at the stop", checks.c21_counts_nearly_all),
    Claim("testis without FSH", "the testis's own T alone keeps about a third of a man's sperm output, more in some "
          "men and less in others", (_README,), "hCG 5,000 IU twice a week for two years in the healthy man; the "
          "between-man spread of sperm_FSH_independent", fsh.testis_without_fsh),
    Claim("TRT with hCG keeps less", "lowers the count of a man on TRT with hCG 500 IU every other day to well under "
          "his own over a year, never to azoospermia", (_README,),
          "cypionate 200 mg/week with hCG 500 IU every other day for a year", fsh.trt_with_hcg_keeps_less),
    Claim("hypogonadal men keep their count", "a man like them (the secondary hypogonadism preset) keeps his count on "
          "the same combination: hCG lifts his intratesticular T well above his own low level, which makes up for the "
          "FSH that TRT takes away", (_README, _NB03A), "the secondary hypogonadism preset: cypionate 200 mg/week "
          "with hCG 500 IU every other day for a year, and without hCG", fsh.hypogonadal_men_keep_their_count),
    Claim("SC gonadorelin lingers", "30 minutes after a subcutaneous dose a fifth or more of it is still to reach the "
          "blood", (_GUIDE, _NB03A), "one subcutaneous gonadorelin dose: the share not yet absorbed after 30 min",
          checks.sc_gonadorelin_lingers),
    Claim("ITT carries the germ cells", "The model gives intratesticular testosterone a larger share of germ-cell "
          "support than FSH does", (_GUIDE,), "the germ-cell input left without FSH when ITT is normal",
          checks.itt_carries_germ_cells),
    Claim("hCG keeps sperm on TRT", "qualitative (better than TRT alone)", (_NB02,),
          "TRT 200 mg/week with hCG 500 IU every other day against TRT alone: sperm at week 26", checks.hcg_keeps_sperm_on_trt),
    Claim("hCG test in GnRH deficiency", "Read the table: in the model it is larger than in the healthy man", (_NB03A,),
          "hCG 5,000 IU once, T 72 h later, in a man whose GnRH neurons make 5 % and in the healthy man",
          checks.hcg_test_in_gnrh_deficiency),
    Claim("hCG test in compensated failure", "The hCG test shows the weakness: testosterone rises far less than in "
          "the healthy man", (_NB03A,), "hCG 5,000 IU once, T 72 h later, with the Leydig cells at 50 % and in the "
          "healthy man", checks.hcg_test_in_compensated_failure),
    Claim("LH returns after three weeks", "From about three weeks after the last injection, LH returns and the testes "
          "add their own testosterone", (_GUIDE,), "12 weeks of cypionate 200 mg/week: LH 14 and 24 days after the last "
          "injection", checks.lh_returns_after_three_weeks),
    Claim("older men recover later", "so where its age thirds differ, the older men recover later", (_NB03B,),
          "a year of enanthate 200 mg/week at age 30 and 60: days to the WHO 2021 limit", checks.older_men_recover_later),
    Claim("50 mg enanthate keeps a third", "at 50 mg/week of enanthate the typical man keeps about a third of his "
          "count", (_README,), "a year of enanthate 50 mg/week: lowest sperm against untreated",
          checks.low_dose_enanthate_keeps_a_third),
    Claim("no sperm cliff", "in a cohort the share keeping a normal count falls gradually from 25 to 100 mg/week, with "
          "no dose at which most men lose it at once", (_README,),
          "100 men on enanthate 25, 50, 70 or 100 mg/week for 26 weeks: the share at or above the WHO 2021 limit",
          checks.no_sperm_cliff),
    Claim("secondary hypogonadism count", "The same support leaves the functional secondary hypogonadism preset, whose "
          "testes make about two fifths of normal T, with a count above the WHO limit but about a third of the healthy "
          "man's: the model ties sperm to the testis's own T more tightly than is shown for such men", (_README,),
          "the secondary_hypogonadism preset untreated: sperm and the testis's own T against the healthy man",
          checks.secondary_hypogonadism_count),
    Claim("SERM and AI in young men", "so clomiphene and anastrozole raise LH and T only about 1.3- to 1.5-fold in "
          "young men with normal T", (_README,), "clomiphene 25 mg or anastrozole 1 mg daily, healthy man, weeks 10-12",
          checks.drugs_raise_lh_and_t),
    Claim("LH after stopping", "LH is back in range within about two to three weeks after replacement doses, and overshoots "
          "to about 3x normal for some weeks while the shrunken Leydig cells catch up; after long doses well above "
          "replacement it takes most of a year", (_README,),
          "26 or 104 weeks of 200 mg/week cypionate, then a stop; validation C19", checks.lh_after_stopping),
    Claim("enanthate trough", "Trough T on weekly enanthate is ~1.8x baseline at 200 mg/week", (_README,),
          "enanthate 200 mg/week: T just before the week-10 injection", doses.enanthate_trough),
    Claim("enanthate depot", "both esters share Bi 2018's depot, whose fast part falls about four-fold within a week, "
          "and a slow release that adds a nearly flat level", (_README,),
          "the parameter table's ester rows", doses.enanthate_trough),
    Claim("slow release is Bi's floor", "in men on TRT Bi's floor is about what the depot's slow release supplies at "
          "100 mg/week", (_README,), "cypionate 100 mg/week for 24 weeks: the slow part beside Bi 2018's kin_T / CL",
          checks.slow_release_is_bis_floor),
    Claim("slow release parameters", "0.4 of the T of Bi's profile, half-time 8 days", (_README,),
          "the parameter table's slow-release rows", checks.slow_release_parameters),
    Claim("slow release after the stop", "recovery after 12 months of 200 mg/week is a little slower than Liu 2006's "
          "median (C7 at 20 M/mL: about 4 months against 3.4)", (_README,), "validation C7", checks.slow_release_after_stop),
    Claim("mean T at 300", "C14's mean T at 300 mg/week is ~3.2x (Matsumoto: ~3x)", (_README,),
          "enanthate 300 mg/week for 26 weeks: mean T over weeks 22-26", doses.mean_t_at_300),
    Claim("trough doubling", "the model's trough rises ~1.7-fold over that doubling, where one linear clearance gave "
          "2-fold", (_README,), "enanthate 300 and 600 mg/week with the own T held down by continuous gonadorelin "
          "(Bhasin 2001's design): trough before the week-20 injection", doses.trough_doubling_300_to_600),
    Claim("LH below Coviello", "At 200 mg/week LH over the second and third weeks (~1 % of baseline) is below "
          "Coviello's ~5 %", (_README,), "enanthate 200 mg/week for three weeks: LH over days 14-21 (C2)",
          checks.lh_below_coviello),
    Claim("older-man preset", "the older-man preset is fitted to Leder 2004's baseline", (_README,),
          "the older_low_T preset untreated", checks.older_preset_baseline),
    Claim("age alone", "Age alone (Patient(age=70)) lowers T by ~10 % with LH ~45 % higher", (_README,),
          "Patient(age=70) untreated against the default man", checks.age_alone),
    Claim("secondary preset LH", "its LH (2.4 - 4.2 IU/L) then matches that study", (_README,),
          "the secondary_hypogonadism preset, untreated and on clomiphene 25 mg daily (weeks 10-12)",
          checks.secondary_preset_lh),
    Claim("longer course, slower return", "sperm return later after the longer course", (_NB03A,),
          "200 mg/week for 26 or 104 weeks, then a stop: days to the WHO 2021 limit", checks.longer_course_slower),
    Claim("own T few per cent without LH", "which leaves only a few per cent of his secretion without LH", (_README,),
          "cypionate 500 mg/week for 24 weeks: the man's own T at its lowest", published.own_t_few_percent_without_lh),
    Claim("total T beside Bi", "So on TRT total T is lower than in Bi's typical man at 100 mg/week, where his floor "
          "still counts; at 250 and 500 mg/week its troughs are higher, where the depot's slow release grows with the "
          "dose, while its averages are no higher than his, because hpgviz clears total T faster once SHBG is "
          "saturated (Bi's clearance is linear)",
          (_README,), "cypionate 100/250/500 mg weekly for 24 weeks beside Bi 2018's typical man",
          published.total_t_beside_bi),
    Claim("reserve at 100 mg vs Bi", "At 100 mg/week this decides the LH reserve: with so little of his own T, "
          "effect-site T stays below Bi's steep switch (IC50 9.33 ng/mL, Hill 18.3) and the reserve hardly falls, "
          "where Bi's typical man loses more than half of it (C4 at 100 mg/week is a strict xfail)", (_README,),
          "cypionate 100 mg weekly for 24 weeks beside Bi 2018's typical man", published.reserve_at_100_vs_bi),
    Claim("sperm reaches zero, Bi never", "and can reach zero", (_README,),
          "cypionate 500 mg weekly for 24 weeks beside Bi 2018's typical man", published.sperm_reaches_zero_bi_never),
    Claim("Bi CVs not carried", "The population takes Bi 2018's between-subject CV of clearance (10 %) but not those "
          "of its volume (37 %) and absorption rate (54 %)", (_README,), "the parameter table's CVs",
          published.bi_cvs_not_carried),
    Claim("Leydig spread narrowed", "The spread of Leydig output is narrowed from Bi's 45 % (Emax_T) to 30 %, so that "
          "few untreated men fall below the normal range", (_README,), "400 untreated men: T below 264 ng/dL",
          published.leydig_spread_narrowed),
    Claim("acquired GnRH deficiency", "his testes stay adult-sized, hCG alone (FSH stays suppressed) restarts "
          "spermatogenesis (as Finkel 1985 found), but slowly: in the typical man under 1 M/mL at a year and a count "
          "near the WHO limit at two years", (_README,), "the acquired_gnrh_deficiency preset: untreated, hCG 2,000 IU three "
          "times a week (validation C26), gonadorelin 10 ug every 90 min", gnrh.acquired_gnrh_deficiency),
    Claim("acquired GnRH deficiency on hCG cohort", "In a cohort of such men on hCG alone about one in eight reach 20 "
          "M/mL within a year and about a third within two years, more than a published series reached with hCG "
          "and FSH together (24 %, mostly men with congenital deficiency), so for hCG alone the model is likely "
          "optimistic", (_README,), "200 men of the acquired_gnrh_deficiency preset, hCG 2,000 IU three times a week "
          "for two years", gnrh.acquired_gnrh_deficiency_cohort_on_hcg),
    Claim("acquired GnRH deficiency pump", "brings the first sperm after about five months, a low count at six "
          "months, about a sixth of a normal count at a year and about two fifths at two years in the typical man",
          (_README,),
          "the acquired_gnrh_deficiency preset on gonadorelin 10 ug every 90 min", gnrh.acquired_gnrh_deficiency),
    Claim("acquired GnRH deficiency pump cohort", "In a cohort of such men about two in five reach 20 M/mL within a "
          "year on the pump, still more than those series show: once the pump restores LH, FSH and T, the stem cells "
          "left after years without support return (about a fifth of them by six months, a third by a year) and the "
          "reserve regrows from them, but the tubules, regressed over years without germ-cell support or serum "
          "androgen, hold only part of it and regrow over one to two years (under a third of a full reserve at a "
          "year); the responders of C6 gain little: the support they keep on TRT comes with serum T, which GnRH "
          "deficiency leaves near the adrenals' floor", (_README,),
          "200 men around the acquired_gnrh_deficiency preset on gonadorelin 10 ug every 90 min for a year",
          gnrh.acquired_gnrh_deficiency_cohort),
    Claim("TRT keeps the tubules", "TRT's serum T keeps the tubules (a placeholder rule, tubule_capacity), so recovery "
          "after TRT (C6, C7) is not capped this way", (_README,), "cypionate 200 mg/week for a year, then a year "
          "after the stop, the default man", gnrh.trt_keeps_the_tubules),
    Claim("congenital GnRH deficiency", "his testes are prepubertal (~1.5 mL, inhibin B ~25 pg/mL, no sperm): hCG "
          "alone gives no sperm, and a pump matures the testes over months (first sperm after ~6-12 months, ~5 M/mL "
          "and ~11 mL at two years)", (_README,), "the congenital_gnrh_deficiency preset: untreated, hCG 2,000 IU three "
          "times a week for a year, gonadorelin 10 ug every 90 min for two years", gnrh.congenital_gnrh_deficiency),
    Claim("congenital FSH", "His FSH (~1.4 IU/L) sits below the range although his inhibin B is very low: losing "
          "inhibin B releases FSH only where GnRH pulses reach the pituitary (his own neurons or a pump; a "
          "placeholder gate, fsh_brake_gnrh_K), so on a pump his FSH is above the range's lower limit within a month",
          (_README,), "the congenital_gnrh_deficiency preset untreated (validation C26), and on gonadorelin 10 ug "
          "every 90 min for a month", gnrh.congenital_fsh_below_range),
    Claim("Sertoli-cell-only FSH", "lifts FSH to ~24 IU/L with normal T and LH; castrate FSH is ~45-55 IU/L",
          (_README,), "the sertoli_cell_only preset, and a man without Leydig or Sertoli function, untreated",
          checks.sertoli_cell_only_fsh),
    Claim("sperm threshold", "a placeholder of 15 % of normal): below it the ejaculate is azoospermic, so a testis at "
          "10 % capacity makes no sperm rather than a tenth of a count", (_README,),
          "Sertoli capacity 10 %, untreated; the parameter table's threshold", checks.sperm_threshold),
    Claim("Leydig failure FSH", "A Leydig-cell failure at 5 % leaves FSH in its range (~9 IU/L) while LH is ~47",
          (_README,), "Leydig capacity 5 %, untreated", checks.leydig_failure_fsh),
    Claim("agonist flare, one rule", "flares LH over hours (peak ~7 h, ~5x) and T over a day or two (~1.7x at "
          "~2 days), then desensitises the pituitary: one rule, the lowest GnRH level over two hours, in both the "
          "day-scale model and the pulse mode, so pulses every 30 minutes desensitise in both", (_README,),
          "160 ug/day of continuous gonadorelin for 4 weeks; pulses every 30 min (validation C18, C28)",
          checks.agonist_flare_and_one_rule),
    Claim("agonist against Tornoe", "the flare is larger, and LH falls back below baseline sooner (~6 days\n  vs ~8) "
          "and lower (~0.02x on day 27 vs ~0.1x); T is castrate by day 19 on a pump's amount (~46 ng/dL", (_README,),
          "160 ug/day of continuous gonadorelin for 4 weeks (validation C18)", checks.agonist_against_tornoe),
    Claim("ten times the pump castrates", "Ten times the pump's amount drives T to castrate levels\n  (~29 ng/dL) within four weeks",
          (_README,), "continuous gonadorelin at ten times the pump's amount for four weeks (validation C28)",
          checks.ten_times_pump_castrates),
    Claim("hCG test plateau", "so T rises within hours to a plateau at 2-4 days (~1.6x, less than the ~2x published, "
          "because hCG's stimulation saturates) and stays above baseline for a week; in primary Leydig failure, where LH already drives the cells near their maximum, hCG adds little",
          (_README,), "hCG 5,000 IU once in the default man (validation C29) and at Leydig capacity 5 %",
          checks.hcg_test_plateau),
    Claim("lasting reset", "after years of androgen well above a man's own level his hypothalamic set point may stay "
          "lowered for years (more with dose, duration and age, and much more in some men than others), so a share of "
          "men stays hypogonadal with low-normal LH", (_README,),
          "100 men aged 50 after 5 years of enanthate 500 mg/week, and aged 30 after a year at 200, two years later",
          checks.lasting_reset),
    Claim("LH's return stops lengthening", "after years of high doses LH's return stops lengthening with the years of "
          "use while sperm's does not", (_README,), "a man whose own T is 400 ng/dL, enanthate 500 mg/week for 2 or 7 "
          "years, then nothing", checks.lh_return_stops_lengthening),
    Claim("older men not back", "~37 % of model men aged 50 have no sperm back (>= 20 M/mL) 24 months after 5 years "
          "of 500 mg/week, against ~20-30 % published", (_README,), "validation C12", checks.older_men_not_back),
    Claim("C7 spread from rates", "its spread comes from between-man differences in the slow states' rates "
          "(spermatogonial regrowth the largest, CV 250 %, calibrated) and in the men's own counts; by 16 months at least "
          "as many model men are back as Liu's 96 %", (_README,),
          "validation C7 and the parameter table's CVs", checks.c7_spread_from_rates),
    Claim("ester content only", "differ only by the T a milligram holds (~3 %)", (_README,),
          "the parameter table's T content of each ester; a year at 200 mg/week of each", checks.ester_content_only),
    Claim("100 mg near Matsumoto", "With the slow release, 100 mg/week gives a mean T about 1.35x a man's own "
          "(Matsumoto 1990: ~1.5x) and LH stays suppressed through each dosing interval, as Matsumoto found (C13 and "
          "C14 at 100 mg/week are met), beyond Bi 2018's typical subject (who kept ~25 % of his sperm at 100 mg/week)",
          (_README,), "enanthate 100 mg/week for 26 weeks", checks.hundred_mg_near_matsumoto),
    Claim("androgen arm alone", "so an AI or a SERM alone raises LH; above it the androgen arm gains weight (fitted to a "
          "DHT gel study: a non-aromatisable androgen lowered LH with T and E2 falling), so TRT 200 mg/week with "
          "anastrozole or clomiphene keeps LH suppressed like TRT alone", (_README,),
          "validation C22; anastrozole 1 mg daily alone", checks.androgen_arm_alone),
    Claim("AI keeps few more", "Men whose own T is high get less above their own level from TRT 200 mg/week; in them "
          "an AI still lifts the brake a little, and a few more men of a cohort (up to about 1 in 10) keep some sperm "
          "with anastrozole than without, within C22's ten points", (_README,),
          "validation C22 (a cohort on TC 200 mg/week with and without anastrozole)", checks.ai_keeps_few_more),
    Claim("extragonadal floor", "the adrenals keep T near 15 ng/dL and E2 near 5 pg/mL when the testes make nothing, in "
          "the stepper and the reference ODE alike; the model's DHT study lowers T less (-70 %) than published (-82 %)",
          (_README,), "validation C25; DHT gel 125 mg twice daily for 10 days", checks.extragonadal_floor),
    Claim("restart agents", "T (more sperm than stopping alone after 12 weeks), and after replacement doses, when it ends "
          "the hypothalamus, released as T falls below the man's own level, brings LH back within days: T dips no "
          "lower than after stopping the ester alone, at 1,500 to 5,000 IU twice a week", (_README,),
          "a year of cypionate 200 mg/week, then nothing or hCG 1,500, 3,000 or 5,000 IU twice a week for 12 weeks",
          checks.after_hcg_crash),
    Claim("long hCG brings no sooner", "Given for longer, hCG brings sperm back no sooner in the model: after two years "
          "of 500 mg/week, a year of hCG 2,000 IU twice a week brings them back no sooner than stopping alone, with "
          "FSH near zero while it is taken, and after a year of 200 mg/week, six months of 5,000 IU twice a week "
          "bring neither the median man nor the slowest tenth of men back sooner", (_README,),
          "two years of enanthate 500 mg/week then nothing or a year of hCG 2,000 IU twice a week; 200 men, a year "
          "of cypionate 200 mg/week then nothing or hCG 5,000 IU twice a week for six months",
          review.long_hcg_brings_no_sooner),
    Claim("stopping TRT and hCG together", "When such a man stops both after a year of 200 mg/week, the model's LH "
          "comes back about three months later than after stopping TRT alone (hCG's extra T deepens the loss of GnRH "
          "synthesis), T falls to about 40 ng/dL against about 260, and the count kept on hCG falls to near zero before "
          "it is back for good, about six months after the stop against three and a half", (_README,),
          "enanthate 200 mg/week for a year with or without hCG 500 IU every other day beside it, then both stop",
          review.stopping_trt_and_hcg_together),
    Claim("stopping together is a knife-edge", "The difference is a knife-edge of the model's dose-response: 200 "
          "mg/week sits where its loss of GnRH synthesis under androgen excess turns steep, so after a year a typical "
          "man's LH is back about four weeks after stopping 250 mg/week but about two and a half months after 300, "
          "and beside 100 mg/week hCG deepens neither LH's return nor T's low", (_README,),
          "enanthate 100, 250 or 300 mg/week for a year (100 mg/week also with hCG 500 IU every other day), then stop",
          review.stopping_together_is_a_knife_edge),
    Claim("hCG adds more serum T than published", "hCG's extra T is itself larger than published: on 200 mg/week, "
          "500 IU every other day adds about the man's own serum T again, where Coviello 2005's figure suggests about "
          "two thirds of it, because the model's testis sends one output to both the blood and the tubules", (_README,),
          "enanthate 200 mg/week for three weeks, alone or with hCG 500 IU every other day",
          review.hcg_adds_more_serum_t_than_published),
    Claim("a year of hCG no later", "The testis's own T above its normal level carries part of FSH's drive on the "
          "regrowth of the spermatogonial reserve (a placeholder size), so after two years of 500 mg/week a year of hCG "
          "at 250 to 5,000 IU brings the first sperm at the WHO limit no later than stopping alone (at 2,000 IU twice a "
          "week about two months later, at the edge of a tie); at 2,000 and 5,000 IU the count the typical man reaches "
          "on hCG (10 to 22 M/mL) falls again when hCG ends, before his own LH is "
          "back, to below 3 M/mL within four months, and is back for good no sooner than after stopping alone (later "
          "at 5,000 IU)", (_README,), "two years of enanthate 500 mg/week, then nothing or a year of hCG "
          "250 IU every other day, 2,000 IU twice or three times a week, 5,000 IU twice a week or every other day",
          review.hcg_year_no_later_first_sperm),
    Claim("hCG and SERMs after TRT", "and sperm return no later than after stopping alone", (_README,),
          "validation C27", checks.restart_agents),
    Claim("hCG at a higher dose does not delay", "so after a year of TRT even 2,000 IU three times a week holds T "
          "near or below the man's own level: FSH comes back beside it rather than staying low as C27 expects (a "
          "strict xfail), and sperm come back no later than after stopping alone, with or without clomiphene",
          (_README,), "12 months of cypionate 200 mg/week, then nothing, hCG 2,000 IU three times a week, or that hCG "
          "with clomiphene 25 mg daily, for 12 weeks", fsh.hcg_at_higher_dose_does_not_delay),
    Claim("hCG saturates", "hCG's stimulation of the Leydig cells saturates (fitted to Coviello 2005's "
          "intratesticular T at three doses)", (_README,), "TE 200 mg/week with hCG 125, 250 or 500 IU every other "
          "day for 3 weeks (C2/C3)", fsh.hcg_saturates),
    Claim("lengthening with duration", "Sperm recovery lengthens with duration (a cohort's median about two months "
          "more after 84 than after 48 months): the quiescent stem cells the reserve regrows from keep dwindling over "
          "years of suppression (a placeholder rate, t1/2 ~1.7 years)",
          (_README,), "26 or 104 weeks of cypionate 200 mg/week; validation C27 (48 vs 84 months)",
          checks.lengthening_with_duration),
    Claim("lengthening slows narrowly", "C27 expects the lengthening to slow beyond two years; in the model it slows "
          "from two to four years and speeds up again beyond four, because few quiescent stem cells are left after "
          "years of TRT, so that from two to seven years as a whole it is hardly slower (about one extra day a "
          "month of use, as from one to two years", (_README,), "12, 24, 48 and 84 months of cypionate 200 mg/week, the default man",
          checks.lengthening_slows_narrowly),
    Claim("cohort spread", "untreated T ~320-1,030 ng/dL at the 2.5-97.5th percentiles around Bi 2018's median of 600, "
          "against Travison's 264-916 around 531), ~4 % below 16 M/mL", (_README,), "validation C24", checks.cohort_spread),
    Claim("fortnightly stops sperm", "200 mg of cypionate every two weeks stops sperm production in most men: LH comes "
          "back to about two thirds of the man's own level before the next injection, and after a year about 1 in 8 "
          "of a cohort keep a normal count", (_README,),
          "cypionate 200 mg every two weeks for a year: one man's LH before an injection; 100 men's counts",
          review.fortnightly_stops_sperm),
    Claim("sparse doses escape late", "250 mg of enanthate every three or four weeks lets LH and FSH come back for the "
          "last week or two of each interval, as in hypogonadal men given 400 mg every four weeks (Snyder 1980), and a "
          "cohort keeps a normal count a little more often than on the same mean weekly amount given weekly (about two "
          "in five men every four weeks and one in four every three weeks; the rest do not)", (_README,),
          "enanthate 250 mg every 28 or 21 days for a year: one man's LH early and late in an interval; 100 men's "
          "counts against the same mean weekly amount given weekly", review.sparse_doses_escape_late),
    Claim("AI at 100 mg", "anastrozole 1 mg twice a week added to 100 mg/week raises the share of men keeping a normal "
          "count from about 1 in 20 to about 1 in 5", (_README,),
          "100 men, cypionate 100 mg/week for 26 weeks with and without anastrozole 1 mg twice a week",
          review.ai_lifts_sperm_kept_at_100mg),
    Claim("less T and E2 than the AI alone", "with LH at zero, 100 mg/week with anastrozole 1 mg daily leaves the "
          "hypothalamus less T and less E2 than anastrozole alone does, and there LH rises", (_README,),
          "cypionate 100 mg/week alone and with anastrozole 1 mg daily, and anastrozole alone, for 26 weeks: LH, T "
          "and E2 over weeks 21-26", review.less_t_and_e2_than_the_ai_alone),
    Claim("stronger androgen feedback", "Stronger androgen feedback that does keep it down blunts the rise on an AI "
          "alone and deepens the DHT study's LH fall beyond C22", (_README,), "androgen_excess_weight 4 instead of "
          "the table's: cypionate 100 mg/week with anastrozole 1 mg daily and anastrozole alone for 26 weeks; DHT gel "
          "125 mg twice daily for 10 days", review.stronger_androgen_feedback_blunts_the_ai_and_the_dht_study),
    Claim("daily AI or SERM at 100 mg", "with anastrozole 1 mg or clomiphene 25 mg daily instead about two in five of the "
          "cohort keep it", (_README,), "100 men, cypionate 100 mg/week for 26 weeks with anastrozole 1 mg or "
          "clomiphene 25 mg daily", review.daily_ai_or_serm_at_100mg),
    Claim("daily AI or SERM at 100 mg, notebook", "At 100 mg a week the model is on weak ground, and its brake is "
          "weaker: in a simulated group of men on 100 mg a week, about 1 in 20 keep a normal sperm count on TRT alone "
          "and about two in five with daily anastrozole or clomiphene beside it", (_NB01,), "100 men, cypionate 100 mg/week for 26 "
          "weeks alone and with anastrozole 1 mg or clomiphene 25 mg daily", review.daily_ai_or_serm_at_100mg),
    Claim("hCG after long high dose", "After two years of 500 mg/week, hCG 2,000 IU three times a week for six months "
          "brings sperm only to a low count (about 1 M/mL) with FSH near zero (GnRH synthesis still suppressed), where stopping alone takes more than a "
          "year", (_README,), "two years of cypionate 500 mg/week, then nothing or hCG 2,000 IU three times a week "
          "for six months", review.hcg_after_long_high_dose),
    Claim("T lags LH after long high dose", "after two years of 500 mg/week, LH is back at its lower limit about 9-10 "
          "months after the stop and T stays below 300 ng/dL about two months longer, while GnRH synthesis, regrowing, "
          "still holds LH below the man's own level and the Leydig cells regrow from their floor; in a cohort aged 50, "
          "about half are below 300 ng/dL a year after the stop, about 1 in 5 two years after and about 1 in 8 three "
          "years after, and after five years of use about 1 in 4 three years after (Rasmussen 2016: ~27 % of former "
          "users, years later)", (_README,), "two years of enanthate 500 mg/week, then nothing: the default man; 200 "
          "men aged 50 after two and five years", review.t_lags_lh_after_long_high_dose),
    Claim("older men recover sperm later at 65", "after 12 months of 200 mg/week enanthate the typical man of 65 takes "
          "about a tenth longer than the man of 30 to get his sperm back, no meaningful difference by the model's "
          "margin rule", (_README,),
          "12 months of enanthate 200 mg/week, then a stop: the default man at 30, 50 and 65",
          review.older_men_recover_sperm_later),
    Claim("older man as long after a year", "After a year's use an older man takes about as long as a young one in "
          "the model (a difference inside the spread between men).", ("notebooks/00_men_like_this.ipynb",),
          "12 months of enanthate 200 mg/week, then a stop: the default man at 30, 50 and 65",
          review.older_men_recover_sperm_later),
    Claim("older men not back after years", "After years of high doses, more older men are still without a normal "
          "count two years on, in the model as in clinic series (Kohn 2017).", ("notebooks/00_men_like_this.ipynb",),
          "five years of enanthate 500 mg/week, then a stop: 200 men at 30 and at 65",
          review.older_men_not_back_after_years_of_high_doses),
    Claim("low doses stop sperm in fewer men", recovery_words.LOW_DOSE_NOTE, (),
          "100 men on either ester at 50 or 100 mg/week for 26 weeks: the share at or above the WHO 2021 limit",
          review.low_doses_stop_sperm_in_fewer_men),
    Claim("clomiphene on TRT", "clomiphene added to TRT 200 mg/week leaves as many men without sperm as TRT alone",
          (_README,), "150 men, cypionate 200 mg/week for 26 weeks with and without clomiphene 25 mg daily",
          review.clomiphene_on_trt_keeps_no_sperm),
    Claim("castrate months after high dose", "after two years of 500 mg/week T stays near castrate levels for months "
          "after the stop, and clomiphene from the stop lifts it only a little", (_README,),
          "enanthate 500 mg/week for two years, then nothing or clomiphene 25 mg daily for 90 days",
          review.castrate_months_after_high_dose),
    Claim("restart agents a year on", "started then, once GnRH is being made again and E2 has come back, clomiphene or "
          "anastrozole raise LH and T about 1.4-fold within three months", (_README,),
          "enanthate 500 mg/week for two years, then nothing, clomiphene 25 mg or anastrozole 1 mg daily for 90 days "
          "from a year after the stop", review.restart_agents_act_a_year_on),
    Claim("restart agents for a year from the stop", "Taken from the stop for a year, they raise LH about twice and T "
          "about 1.5-fold by its end, but bring LH back no sooner: what delays it is GnRH synthesis", (_README,),
          "enanthate 500 mg/week for two years, then nothing, clomiphene 25 mg or anastrozole 1 mg daily for a year "
          "from the stop", review.restart_agents_for_a_year_from_the_stop),
    Claim("young men low T a year on", "A year of 200 mg/week leaves about one young man in fifteen below 300 ng/dL a "
          "year after the stop, a little more than untreated", (_README,),
          "150 men aged 30, enanthate 200 mg/week for a year, T a year after the stop", review.young_men_low_t_a_year_on),
)


def claims() -> tuple[Claim, ...]:
    return CLAIMS
