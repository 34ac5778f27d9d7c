"""Every number the model uses, in one table: value, unit, meaning, source, confidence.

Confidence tags follow docs/SOURCES.md:
  V  read in the primary paper, label or table
  S  secondary source (review, drug-information summary)
  M  modelling assumption or memory, unverified: a placeholder, said so wherever it matters
  C  calibrated: chosen so the model meets the named calibration target (see tests/calibration/)

Nothing numeric hides elsewhere: the physiology, the agents and the population code read their
numbers from here. ``low``/``high`` bound what a Patient or a Cohort may set, so that no
combination of allowed values can break the solver.
"""
from __future__ import annotations

import math

from .parameter_row import Parameter, row as _p
from .pulse_parameters import PULSES  # the pulse mode's rows, a part of this one table (table() below)


# --- Physiology of one man: every entry may be overridden per Patient within [low, high]. ---
PHYSIOLOGY = {p.name: p for p in [
    # Set points of the healthy axis (the untreated steady state of the default 30-year-old).
    _p("T_base", 600, "ng/dL", "untreated total serum testosterone",
       "Travison 2017 JCEM (median 531 ng/dL, men 19-39 y); Bi 2018 baseline 624 ng/dL", "V", 150, 1200, cv=0.3,
       cv_source="Travison 2017: 2.5-97.5th percentiles 264-916 ng/dL (CV ~30 %); each man's own set point [V]"),
    _p("LH_base", 5.0, "IU/L", "untreated basal serum LH",
       "FAMHES, Fangchenggang Area Male Health and Examination Survey (median ~5 IU/L)", "V", 1.0, 20.0, cv=0.4,
       cv_source="FAMHES reference range 2.2-11.6 IU/L around ~5 (log-SD ~0.4) [V]"),
    _p("FSH_base", 4.5, "IU/L", "untreated serum FSH", "FAMHES (median ~4-5 IU/L)", "V", 1.0, 30.0, cv=0.6,
       cv_source="FAMHES reference range 1.8-16.5 IU/L around ~4.5 (log-SD ~0.47 below, ~0.66 above) [V]"),
    _p("E2_base", 25.0, "pg/mL", "untreated serum estradiol (LC-MS/MS)",
       "Verdonk 2019 (LC-MS/MS 3-37 pg/mL); FAMHES", "V", 5.0, 60.0, cv=0.25,
       cv_source="Verdonk 2019's upper limit 37 pg/mL as the ~95th percentile; correlated with T [S]"),
    _p("inhibin_B_base", 130.0, "pg/mL", "untreated serum inhibin B", "Grunewald 2013 (median ~130 pg/mL)",
       "V", 20.0, 400.0, cv=0.5, cv_source="Grunewald 2013: 10th-90th percentiles 55-247 pg/mL (log-SD ~0.5) [V]"),
    _p("ITT_base", 1200.0, "nmol/L", "untreated intratesticular testosterone",
       "Coviello 2005 JCEM 90:2595 (~1200 nmol/L vs ~14 nmol/L serum)", "V", 300.0, 3000.0),
    _p("sperm_base", 70.0, "million/mL", "untreated sperm concentration",
       "Cooper 2010 (typical 50-100 M/mL)", "S", 5.0, 400.0, cv=1.05,
       cv_source="WHO 2021: ~5 % of healthy men below 16 M/mL (log-SD ~0.9 around 70) [V]"),
    _p("age", 30.0, "years", "age: from 30 on, the Leydig cells need more LH for the same output "
       "(see leydig_age_slope)", "Keenan & Veldhuis 1998/2001 (mechanism)", "V", 18, 80),

    # Hypothalamus: GnRH output adapts slowly to the sex-steroid signal (an integrating controller with a
    # slow leak back to its own set point). Sustained steroid excess lowers it step by step, a deficit
    # raises it, so LH stays suppressed through a whole dosing interval (C13) and the axis defends its
    # set point until exogenous T replaces all of the man's own (C14's ED50).
    _p("gnrh_capacity", 1.0, "relative", "GnRH output of the hypothalamus at its set point, scaled to healthy "
       "(low: GnRH deficiency)", "definition (1 = healthy)", "M", 0.02, 2.0, cv=0.2, cv_source="placeholder [M]"),
    _p("gnrh_max", 6.0, "x set point", "highest GnRH drive the hypothalamus reaches without steroid feedback "
       "(castrate LH is ~6-10x normal)", "clinical ranges of castrate LH (textbook)", "S", 2.0, 15.0),
    _p("gnrh_min", 0.005, "x set point", "lowest GnRH drive: basal tone that even strong steroid feedback "
       "leaves (LH below ~0.04 IU/L on TE 200 mg/wk, C13)", "Anawalt/Matsumoto group; Wallace 1993 (C13)", "C",
       0.0005, 0.2),
    _p("gnrh_integration_rate", 0.25, "1/day", "how fast GnRH output moves per unit of (log) steroid "
       "signal error", "calibrated: LH ~5 % and FSH ~3 % of baseline after 2-3 weeks of TE 200 mg/wk "
       "(Coviello 2005, C2), with the androgen arm's excess weight", "C", 0.02, 2.0),
    _p("gnrh_release_deficit", 0.12, "ln units", "androgen fall (ln units below both the man's own level and its "
       "recent effect-site level) at which GnRH output climbs twice as fast (gain 1 + (fall/this)^2, inside the limits): "
       "T well below his own level releases GnRH within days; at rest, while T rises and at or above his level "
       "(TRT troughs, a lean man's low E2 on TRT) nothing changes", "placeholder [M]: LH rises within days of an "
       "abrupt fall in T (textbook); sized with gonadotrope_recovery so the end of hCG 1,500-5,000 IU twice weekly "
       "leaves no deeper T crash than stopping TRT alone (C27; 0.2 held only to ~2,000 IU)", "M", 0.1, 10.0),
    _p("gnrh_leak_rate", 0.25 / 20, "1/day", "slow return of GnRH output to its own set point (bounds how deep "
       "sustained excess can push it)", "calibrated: LH 86-97 % suppressed before each injection at 100 mg/wk "
       "(C13) with an ED50 near 50 mg/wk (C14)", "C", 0.001, 0.5),
    _p("gnrh_leak_rate_above", 0.10, "1/day", "return of GnRH output to its set point while it is above it: "
       "raising GnRH above normal takes a sustained deficit (pulse frequency has little room to rise), so "
       "SERMs and AIs raise LH ~1.5-2.5x in men with normal T (C17) while a castrate man still reaches the "
       "ceiling", "calibrated jointly with the older-man preset to Leder 2004 (C9, C15)", "C", 0.001, 2.0),
    _p("androgen_feedback_weight", 0.3823, "fraction", "share of the steroid signal read through androgen "
       "receptors (the rest is E2 through oestrogen receptors, which SERMs block)",
       "calibrated with the older-man preset: anastrozole raises T 67 % while E2 falls 35 % (Leder 2004, C9)", "C",
       0.05, 0.95),
    _p("androgen_excess_weight", 1.0, "1", "extra weight of the androgen arm once the androgen signal is above "
       "the man's own set point: the hypothalamus reads androgen through its own receptors (not via E2) and, "
       "above physiological levels, androgen suppresses it however low E2 is. Below the set point the two arms "
       "share the signal as androgen_feedback_weight says (C9, C15 unchanged)",
       "fitted to the DHT gel study: LH 7.8 -> 4.2 IU/L with T and E2 falling (JCEM 1984;58:231, C22); "
       "mechanism: T inhibits GnRH at the hypothalamus without aromatisation (Pitteloud 2008 JCEM 93:784)",
       "C", 0.0, 5.0),
    _p("androgen_excess_softness", 0.1, "ln units", "width of the bend where the extra androgen weight sets in "
       "(a smooth threshold at the set point, not a kink)", "placeholder", "M", 0.01, 1.0),
    _p("pituitary_estrogen_weight", 0.2, "1", "E2's direct brake on the gonadotropes' response to GnRH "
       "(LH and FSH scale as E2-read^-weight at a given GnRH): a SERM or an AI raises LH even where GnRH "
       "output is already at its ceiling, e.g. after long androgen use once GnRH is made again (C27)",
       "mechanism: E2 acts at the pituitary in men (aromatase inhibition in GnRH-deficient men on fixed GnRH "
       "pulses raises LH, Hayes 2000 JCEM 85:3027; Pitteloud 2008 JCEM 93:784); size a placeholder", "M",
       0.0, 1.0),
    _p("central_reset_max", 0.2, "ln units", "lasting lowering of the hypothalamic set point after years of "
       "androgen well above the man's own level, at age 30 (0.2: the hypothalamus then defends a T ~20 % "
       "lower, with low-normal LH, as in functional secondary hypogonadism; a few men reset far more)",
       "placeholder [M], sized to a lasting hypogonadal share after long high-dose use (Rasmussen 2016; "
       "Kanayama 2015; C12, C24)", "M", 0.0, 3.0, cv=1.0,
       cv_source="placeholder [M]: most men reset little, a few much (as the lasting germ-cell loss)"),
    _p("central_reset_threshold", 1.66, "x own T", "androgen at the effect site (relative to the man's own "
       "level) above which the lasting reset builds: only androgen well above his own level resets the set "
       "point, never his own T or replacement-level doses", "placeholder [M]; x1.4 for the slow release's T per mg; "
       "1.75 -> 1.66 when testosterone's clearance came to rise with SHBG saturation (the same dose, ~130 mg/wk)",
       "M", 1, 3),
    _p("central_reset_rate", 0.0004, "1/day", "how fast that reset heals (t1/2 ~4.7 years; it builds central_reset_onset times faster)",
       "placeholder [M], sized with the onset to Rasmussen 2016 (PLoS One 11:e0161208: ~27 % of former users hypogonadal years on) and C12 (SOURCES.md note on C12's lasting share); 0.0019 both ways before", "M", 0.0002, 0.02),
    _p("central_reset_onset", 3.0, "x rate", "how many times faster the reset builds under androgen excess than it heals (t1/2 ~1.6 years up)", "placeholder [M] (as central_reset_rate)", "M", 1.0, 20.0),
    _p("central_reset_age_slope", 0.04, "1/year", "rise of the reset per year of age over 30 (exp)",
       "placeholder [M]: older men recover T less often after long use (Kohn 2017; Rasmussen 2016)", "M",
       0.0, 0.1),
    _p("estrogen_sensitivity", 1.0, "relative", "how strongly the hypothalamus and pituitary read E2 "
       "(>1: a lowered set point, one cause of functional secondary hypogonadism)",
       "definition (1 = healthy)", "M", 0.5, 5.0),
    _p("aromatase_activity", 1.0, "relative", "conversion of T to E2, scaled to a lean healthy man "
       "(higher with more adipose tissue)", "definition (1 = healthy); obesity raises aromatisation (textbook)",
       "S", 0.3, 5.0),

    # Pituitary: LH and FSH follow the GnRH drive equally (C17); inhibin B brakes FSH alone.
    _p("fsh_drive_K", 1.5, "x set point", "GnRH drive at which FSH synthesis bends from following GnRH to "
       "saturating: suppression lowers LH and FSH alike (C17), while a GnRH drive at its castrate ceiling raises "
       "FSH only ~1.6x (the rest of a castrate man's FSH comes from losing inhibin B)",
       "placeholder shape [M], sized so castrate FSH is ~30-60 IU/L (C17) with the brake below (C26)", "M",
       0.5, 50.0),
    _p("fsh_drive_hill", 3.0, "1", "sharpness of that bend (1: a plain saturating curve, which would leave FSH "
       "less suppressed than LH on TRT)", "placeholder [M]", "M", 1.0, 6.0),
    _p("inhibin_feedback_K", 7.0, "1", "FSH can rise at most 1+K fold when inhibin B is absent: inhibin B is "
       "the brake that holds FSH when the testes are intact, so losing it alone (Sertoli-cell-only testes, "
       "normal T and LH) lifts FSH to ~20-40 IU/L",
       "Sertoli-cell-only FSH ~20-40 IU/L with inhibin B very low (C26); castrate FSH ~30-60 (C17)", "M",
       0.0, 20.0),
    _p("fsh_brake_gnrh_K", 0.025, "x healthy GnRH capacity", "GnRH pulse generator (gnrh_capacity, or a pump's "
       "pulses) at which losing inhibin B releases half of its extra FSH (Hill 2, full at a healthy capacity): "
       "FSH-beta needs GnRH pulses whatever inhibin does, so a man without GnRH neurons keeps FSH low beside "
       "immature Sertoli cells, while a man whose neurons steroids hold back (TRT) keeps the brake's release",
       "placeholder [M]: congenital GnRH deficiency has LH and FSH low with inhibin B < ~30 pg/mL (C26); "
       "TRT suppresses FSH to ~3 % (C2)", "M", 0.001, 1.0),
    _p("reserve_ke0", 0.0321, "1/day", "rate at which effect-site T follows serum T (t1/2 ~22 d)",
       "Bi 2018 CPT:PSP 7:259", "V", 0.005, 0.2, cv=0.47, cv_source="Bi 2018 (ke0, CV 47 %) [V]"),
    _p("reserve_IC50", 9.33 / 6.24, "x baseline T", "effect-site T that halves the gonadotropes' response to a "
       "GnRH bolus, relative to the man's own baseline T (9.33 ng/mL over a 6.24 ng/mL baseline)",
       "Bi 2018 (IC50 of LHRH-stimulated LH, and baseline T)", "V", 1.2, 3.0, cv=0.28, cv_source="Bi 2018 (IC50, CV 28 %) [V]"),
    _p("reserve_hill", 18.3, "1", "steepness of reserve suppression", "Bi 2018", "V", 2.0, 25.0),
    _p("reserve_kout", 0.11, "1/day", "turnover rate of the gonadotropes' releasable LH (t1/2 ~6 d)",
       "Bi 2018 (kout_LH)", "V", 0.02, 0.5),

    # Leydig cells: T secretion as a saturating function of LH (or LH-equivalent hCG).
    _p("leydig_capacity", 1.0, "relative", "Leydig cell mass/function, scaled to healthy (low: primary failure)",
       "definition (1 = healthy)", "M", 0.02, 2.0, cv=0.3, cv_source="Bi 2018 gives Emax_T CV 45 %; narrowed to 30 % so few untreated men fall below 264 ng/dL [M]"),
    _p("leydig_Lmax", 77.5, "1", "LH-stimulated T secretion as a multiple of LH-independent secretion",
       "Tornoe 2007 BJCP 63:648", "V", 5.0, 200.0),
    _p("leydig_L50", 5.18, "IU/L", "LH giving half-maximal stimulation of T secretion (age 30)", "Tornoe 2007",
       "V", 1.0, 30.0),
    _p("leydig_kappa", 1.9, "1", "steepness of T secretion in LH", "Tornoe 2007", "V", 0.5, 4.0),
    _p("leydig_acute_share", 0.4, "fraction", "share of LH-stimulated T secretion that follows LH or hCG "
       "within hours (cholesterol delivery); the rest needs steroidogenic enzymes induced over a day or two",
       "placeholder [M]: an hCG test raises T within hours and further to a plateau at 2-4 days (C29); agonist "
       "flare: T peaks ~1.7 d after LH (Tornoe 2007)", "M", 0.1, 1.0),
    _p("leydig_induction_rate", math.log(2) / 1.0, "1/day", "rate at which the induced steroidogenic enzymes "
       "follow LH or hCG stimulation (t1/2 ~1 day)", "placeholder [M], sized to C29's plateau at 2-4 days and "
       "Tornoe 2007's T peak ~1.7 d after an agonist", "M", 0.1, 5.0),
    _p("leydig_age_slope", 0.015, "1/year", "rise of the Leydig LH requirement (leydig_L50) per year over 30: "
       "ageing weakens LH's feed-forward on T, so LH rises and T falls a little",
       "Keenan & Veldhuis 1998/2001 (mechanism); size a placeholder", "M", 0.0, 0.05),
    _p("testicular_E2_fraction", 0.2, "fraction", "share of E2 secreted by the testes (the rest from "
       "peripheral aromatisation of circulating T)", "textbook (~80 % peripheral)", "S", 0.0, 0.5),

    # Steroids made outside the testes (adrenal androgens and their aromatisation in fat): what is left when
    # the testes make nothing, and a floor under T and E2 after long high-dose use (C25).
    _p("extragonadal_T", 15.0, "ng/dL", "serum T from the adrenals, left after castration",
       "Oefelein 2000 Urology 56:1021 (median after orchiectomy 15 ng/dL, 95 % CI 12-17)", "V", 5.0, 40.0),
    _p("extragonadal_E2", 5.0, "pg/mL", "serum E2 made outside the testes and not from serum T (aromatised "
       "adrenal androstenedione), at the man's own aromatase; an AI lowers it too",
       "castrate arm of a GnRH-antagonist study: E2 24 -> 5 pg/mL at 4 weeks (PMC5792144, table 1)", "V", 1.0, 15.0),

    # Sertoli cells and inhibin B.
    _p("sertoli_capacity", 1.0, "relative", "Sertoli and germ-cell mass, scaled to healthy (low: primary "
       "testicular failure)", "definition (1 = healthy)", "M", 0.02, 1.5),
    _p("sertoli_rate", 0.035, "1/day", "rate at which Sertoli function follows its drive (t1/2 ~20 d)",
       "placeholder: inhibin B falls over weeks on gonadotropin suppression", "M", 0.01, 0.5),
    _p("sertoli_fsh_K", 0.2, "relative FSH", "FSH (relative) giving half of the extra Sertoli stimulation",
       "placeholder (Sertoli function near saturation at normal FSH)", "M", 0.05, 5.0),
    _p("sertoli_fsh_share", 0.6, "fraction", "share of Sertoli function (inhibin B) driven by FSH; the rest "
       "follows the germ cells' androgen support", "placeholder (inhibin B tracks both FSH and spermatogenesis)",
       "M", 0.0, 1.0),
    _p("inhibin_floor", 0.07, "fraction", "inhibin B the Sertoli cells make without germ cells or "
       "gonadotropin drive (the rest needs spermatogenesis: inhibin B tracks the germ cells)",
       "Sertoli-cell-only men have very low inhibin B, often < 20 pg/mL (C26, clinical ranges) [M]", "M",
       0.0, 0.9),
    _p("inhibin_unstimulated", 0.25, "fraction", "share of the germ-cell-associated inhibin B that persists "
       "without gonadotropin drive (Sertoli function at zero)", "placeholder (inhibin B persists, lowered, in "
       "gonadotropin-suppressed men, who keep their germ cells)", "M", 0.0, 0.9),
    _p("germ_cell_capacity", 1.0, "relative", "spermatogonial stem cells the tubules hold, scaled to healthy: "
       "0 is germ-cell aplasia (Sertoli-cell-only testes: normal Sertoli and Leydig cells, no sperm)",
       "definition (1 = healthy); C26", "M", 0.0, 1.5),
    _p("sperm_output_threshold", 0.15, "fraction", "spermatogenic capacity (Sertoli cells x germ cells x "
       "maturity, relative) below which no sperm reach the ejaculate; above it the count grows from zero. "
       "Applied to the testis's capacity only: hormonal suppression is calibrated on its own (C5, C6)",
       "Silber 1997 (a minimal quantity of spermatogenesis, a few mature spermatids per tubule, must be "
       "exceeded before sperm appear in the ejaculate; value from memory) [M]", "M", 0.0, 0.5),
    _p("pubertal_maturity", 1.0, "relative", "how far the testis matured before GnRH deficiency began: 1 = an "
       "adult testis (acquired, post-pubertal deficiency), 0 = never went through puberty (congenital): "
       "small tubules and no spermatogenesis until gonadotropins mature it",
       "definition; C26 (prepubertal testes < 4 mL, inhibin B < ~30 pg/mL)", "M", 0.0, 1.0),
    _p("testis_maturation_rate", 0.004, "1/day", "how fast gonadotropins (FSH with the testis's own T) mature "
       "a prepubertal testis (t1/2 ~6 months)", "placeholder: in congenital GnRH deficiency testes grow and "
       "sperm appear over 6-24 months of gonadotropin or pump therapy (clinical series, SOURCES.md s.5)", "M",
       0.0005, 0.05),
    _p("prepubertal_tubule_share", 0.1, "fraction", "tubular volume of a prepubertal testis relative to an "
       "adult's", "prepubertal testes 1-3 mL vs ~20-25 mL in adults (clinical ranges) [S]", "S", 0.02, 0.5),

    # Spermatogenesis: a ~64-day germ-cell pipeline driven by ITT and FSH, then epididymal transit.
    _p("spermatogenesis_days", 64.0, "days", "mean transit time from spermatogonium to released sperm",
       "Heller & Clermont (64 d); Misell 2006 (first labelled sperm 42-76 d); published 64-74 d", "S",
       50.0, 80.0),
    _p("spermatogenesis_stages", 16, "1", "number of stages in the pipeline (sets the spread of transit times)",
       "chosen so the first new sperm appear after ~40 d (Misell 2006)", "M", 4, 32),
    _p("epididymal_days", 8.0, "days", "mean epididymal transit before ejaculation", "textbook (2-11 d)",
       "S", 2.0, 14.0),
    _p("sperm_ITT50", 0.28, "relative ITT", "the testis's own T (Leydig output, relative) at which the germ "
       "cells' androgen support is half-maximal, in the typical man. Serum T reaching the tubules is not counted: "
       "on TRT it gives a few per cent of normal ITT, far below what spermatogenesis needs. Graded, not a "
       "cliff: with the pipeline's loss and the reserve, sperm fall in parallel with LH and FSH as the dose "
       "rises (TE 50 mg/wk leaves ~40 % of them in the typical man)",
       "calibrated: TE 50 mg/wk suppresses sperm to ~50 % of placebo (ED50), 100 and 300 mg/wk alike near-"
       "maximally, 25 mg/wk little (Matsumoto 1990 JCEM 70:282, C14), with C7's recovery times (the weeks of "
       "low T after stopping must not hold sperm back for long); Coviello 2005: ITT -94 % with sperm suppressed "
       "on TE 200 mg/wk; bounded above by C6 (below 5 M/mL on TE 200) and C7's 6-month share, and below by "
       "the functional secondary hypogonadism preset's count (lower ITT50s keep more). 0.23 -> 0.28 with the hill 2.5 -> 4.5 (sci31): a man whose own T stays ~1/3 low keeps ~87 % of his count, was ~74 % (SOURCES.md C12 note)",
       "C", 0.05, 0.8, cv=0.6,
       cv_source="placeholder [M]: men differ in how much of their own T their germ cells need, so a low dose "
       "suppresses some men deeply and others little (TE 50 mg/wk: severe oligozoospermia in 4 of 7 men, "
       "Indonesian trial, Int J Androl 1994; Matsumoto 1990's spread at 50 mg/wk). Widened from 0.3 to 0.6 so "
       "that a cohort's share keeping a normal count falls step by step over TE 25-125 mg/wk (C14: no 25-mg step "
       "moving more than ~35 points; 0.3 gave 89/56/15/4/1 %, a cliff between 50 and 75 mg/wk)"),
    _p("sperm_ITT_hill", 4.5, "1", "steepness of androgen support in ITT: graded over a ~3-fold range of ITT "
       "(Hill 4.5, 10-90 % over ~2.7-fold), so no dose takes sperm from normal to none, and a lasting T deficit of ~1/3 costs little (Shankara-Narayana 2020; Rasmussen 2016)", "calibrated with sperm_ITT50 to "
       "Matsumoto 1990's parallel dose-dependent suppression of LH, FSH and sperm (C14): in a cohort the share "
       "keeping >= 15 M/mL falls by at most a third between TE 25/50/70/100 mg/wk", "C", 1.0, 8.0),
    _p("sperm_FSH50", 0.15, "relative FSH", "FSH (relative) at which FSH's share of germ-cell input is "
       "half-maximal", "placeholder: saturated at normal FSH, so low-normal FSH (C24's spread) costs no sperm", "M", 0.02, 0.8),
    _p("sperm_FSH_independent", 0.6, "fraction", "germ-cell input per unit of reserve left without FSH (own T "
       "normal); as the reserve follows it, a testis without FSH keeps about its square", "calibrated: normal men "
       "on hCG with FSH suppressed keep 25-43 % of their count (Matsumoto 1986, Bremner 1981; SOURCES.md s.5), with "
       "C21; not C16 (Hsieh 2013)", "C", 0.0, 1.0, cv=0.3, cv_source="[S]: 2 of Bremner's 5 men back in their own "
       "range; FSH-receptor loss spans severe oligozoospermia to fertility (Tapanainen 1997)"),
    _p("residual_spermatogenesis", 0.0, "fraction", "androgen support of the germ cells that escapes "
       "gonadotropin suppression (residual gonadotropin and intratesticular androgen; the mechanism is "
       "debated): 0 in the typical man, a sizeable share in the men who stay oligozoospermic on androgen "
       "(see RESPONDERS)", "WHO Task Force 1990/1996: about a third of men are not azoospermic on TE 200 "
       "mg/wk (C6)", "M", 0.0, 0.8),
    _p("residual_spermatogenesis_A50", 0.15, "x T set point", "serum androgen (T plus a non-aromatisable "
       "androgen, relative to the man's own T) at which the residual support is half of what it is at his own "
       "level (Hill 2, full at and above it): it reaches the tubules with the androgen in the blood, so it "
       "persists on TRT (serum T at or above his own) and fades where serum T sits near the adrenals' floor "
       "for years (acquired GnRH deficiency: ~5 % of his own T keeps ~11 % of it). 0.15 rather than higher: the weeks of low T after stopping TRT then cost the responders little (C7's median stays ~4 months; 0.25 gave 4.6)",
       "placeholder [M]: men who stay oligozoospermic on androgen keep a few per cent of their spermatogenesis "
       "(C6), while in gonadotropin-deficient men spermatogenesis is absent before treatment and restarts over "
       "months to years on GnRH or gonadotropins, >20 M/mL in about 1 in 4 (Liu 1988; Kung 1994: first sperm "
       "at 13 (4-52) months; SOURCES.md s.5)", "M", 0.05, 1.0),
    _p("germ_cell_loss_rate", 0.0573, "1/day", "loss rate of germ cells in the pipeline when androgen "
       "support is absent (androgen withdrawal kills spermatocytes and spermatids)",
       "calibrated: sperm halve ~every 2 weeks on TE 200 mg/wk (Handelsman 2005, C5)", "C", 0.005, 0.3, cv=0.3, cv_source="placeholder [M]"),
    _p("clearance_factor", 1.0, "relative", "individual clearance of exogenous T, scaled to typical",
       "Bi 2018 (CL between-subject CV 10 %)", "V", 0.5, 2.0, cv=0.1, cv_source="Bi 2018 (CL, CV 10 %) [V]; Bi's CVs of V/F (37 %) and ka (54 %) are not carried: every man absorbs and distributes the ester alike"),

    # Slow adaptation (states.py): months of suppression change the axis itself, and each level comes back
    # at its own pace. Falling is a relaxation towards the suppressed target at the state's rate; regrowth
    # starts from what is left (rate x regrowth x current level), so the deeper and the longer the
    # suppression, the longer the lag before recovery (Liu 2006: slower after longer exposure, C7, C20).
    _p("gnrh_synthesis_rate", 0.015, "1/day", "how fast hypothalamic GnRH synthesis falls under supraphysiological "
       "androgen (t1/2 ~46 d)", "placeholder: GnRH/kisspeptin expression falls over weeks to months of androgen excess "
       "(animal data, reviewed by Rasmussen 2016); with gnrh_synthesis_regrowth sized so that after long high-dose use "
       "LH returns after ~10 months and T with it or soon after (C19), not months later", "M", 0.001, 0.1),
    _p("gnrh_synthesis_regrowth", 1.8, "x rate", "regrowth of GnRH synthesis per unit of what is left, as a multiple of "
       "its falling rate", "calibrated: LH back after ~9-11 months after long high-dose use (Shankara-Narayana 2020, "
       "C19), with one testosterone clearance for both esters, and fast enough once it starts that T follows LH within "
       "~2-3 months rather than ~5 (C19, issue 13); a year of replacement-range use leaves few young men with a lasting "
       "T deficit (C12, C20)", "C", 0.05, 20.0, cv=0.5,
       cv_source="placeholder [M]: LH returns after months in some men, after a year or more in others (C19)"),
    _p("gnrh_synthesis_K", 0.05, "x set point", "GnRH firing (relative to its set point) at which disuse "
       "halves GnRH synthesis: neurons held near their floor by feedback for months make less GnRH",
       "placeholder [M]: LH returns later after longer suppression, with low T and low-normal LH first "
       "(Rasmussen 2016; C20)", "M", 0.001, 1.0),
    _p("gnrh_synthesis_disuse_min", 0.13, "relative", "GnRH synthesis left after long disuse alone (without androgen "
       "excess): with the GnRH neurons firing at their ceiling, LH returns within about three weeks of stopping replacement "
       "doses and overshoots ~3x for weeks rather than regrowing from near nothing", "placeholder [M]: LH after stopping TRT "
       "returns to normal rather than overshooting far (C17's coherence; clinical series), and T is low for weeks meanwhile "
       "(C20), with sperm back as in Liu 2006 (C7); 0.25 before GnRH synthesis regrew faster (issue 13)", "M", 0.0, 1.0),
    _p("gnrh_synthesis_C50", 2.45, "x baseline T", "effect-site androgen (the Bi 2018 compartment) that halves "
       "GnRH synthesis, relative to the man's own baseline: only doses well above replacement reach it",
       "placeholder [M]: dose dependence of recovery (Liu 2006, C20), sized with C19 (TE 500 mg/wk ~4.7x baseline); x1.4 "
       "for the slow release's T per mg; 2.8 -> 2.45 (hill 10 -> 13) when T's clearance came to rise with SHBG "
       "saturation (pk.saturated_T), so that 200 and 500 mg/wk keep their places", "M", 1.2, 10.0),
    _p("gnrh_synthesis_hill", 13.0, "1", "steepness of that suppression: high-dose use suppresses GnRH synthesis "
       "deeply, replacement-range doses little", "placeholder [M]: the lasting deficit grows with dose (C12, C20, C24): "
       "TE 500 mg/wk (~1.93x the C50) lowers synthesis ~5,000-fold, deep enough that LH returns only after ~10 months "
       "although synthesis then regrows fast (C19); 200 mg/wk (~0.95x) lowers it by about a third", "M", 1.0, 15.0),
    _p("gnrh_synthesis_max_suppression", 2e4, "fold", "most that androgen excess lowers GnRH synthesis (half of it at an "
       "excess this large): the neurons are silenced, not lost, so no higher dose, longer use or lower own T delays LH more",
       "placeholder [M]: LH's return after androgen abuse did not depend on its duration, sperm output's did (Shankara-"
       "Narayana 2020, C19); ~4x the typical man's ~5,000-fold on TE 500 mg/wk: C19 kept (SOURCES.md C12 note)", "M", 10.0, 1e9),
    _p("pituitary_capacity", 1.0, "relative", "gonadotrope mass and LH/FSH synthesis capacity, scaled to "
       "healthy (low: pituitary failure)", "definition (1 = healthy)", "M", 0.02, 1.5),
    _p("gonadotrope_rate", 0.1, "1/day", "how fast gonadotrope LH/FSH synthesis follows GnRH's trophic drive "
       "(t1/2 ~7 d)", "Tornoe 2007 (synthesis pool, template); GnRH priming restores the response of "
       "GnRH-deficient men within 1-2 weeks (textbook)", "M", 0.005, 0.5),
    _p("gonadotrope_recovery", 4.0, "x rate", "gonadotrope LH/FSH synthesis returns this many times faster than it "
       "shrinks (t1/2 ~2 d up)", "placeholder [M]: LH returns within days after hCG ends (C27); GnRH priming restores "
       "LH in GnRH-deficient men within about a week (textbook)", "M", 1.0, 20.0),
    _p("gonadotrope_trophic_K", 0.02, "x set point", "GnRH drive giving half of the gonadotropes' trophic "
       "support: near normal GnRH synthesis is saturated, only deep, lasting GnRH loss shrinks it",
       "placeholder", "M", 0.01, 2.0),
    _p("leydig_mass_rate", 0.017, "1/day", "how fast Leydig cell mass follows LH's trophic drive (t1/2 ~40 d)",
       "placeholder: Leydig atrophy and regrowth over weeks to months (hypophysectomy and hCG studies, "
       "textbook); sized for a hypogonadal phase after stopping long use (C20)", "M", 0.002, 0.2, cv=0.3,
       cv_source="placeholder [M]: the hypogonadal phase after stopping lasts weeks in some men, months in others"),
    _p("leydig_mass_regrowth", 0.6, "x rate", "regrowth of Leydig cell mass per unit of what is left, as a "
       "multiple of its falling rate (new Leydig cells arise from the few progenitors that remain)",
       "placeholder [M]: a hypogonadal phase of weeks to months after long use (C20); with the faster GnRH "
       "release (gnrh_release_deficit) sized to keep Liu 2006's share back by 6 months (C7)", "M", 0.1, 20.0),
    _p("leydig_regrowth_drive_max", 4.0, "x", "how much faster Leydig mass regrows under a strong LH or hCG "
       "drive than at normal LH (the regrowth scales as max * L / (max - 1 + L), L the LH-equivalent drive "
       "relative to the man's own LH: 1 at normal LH, slower while LH is still low, up to this under hCG)",
       "placeholder [M]: hCG makes Leydig cells grow (hypertrophy and new cells; textbook) and restores T within "
       "weeks after TRT (C27), while after stopping alone the testis's own T returns over weeks to months (C20)",
       "M", 1.0, 10.0),
    _p("leydig_mass_min", 0.2, "relative", "Leydig secretory mass left after long LH deprivation",
       "placeholder [M]", "M", 0.0, 1.0),
    _p("leydig_mass_K", 0.3, "x LH set point", "LH (or hCG as LH) giving half of the Leydig cells' trophic "
       "support", "placeholder", "M", 0.05, 2.0),
    _p("spermatogonia_rate", 0.008, "1/day", "how fast the spermatogonial reserve shrinks while germ-cell "
       "support is lacking (t1/2 ~87 d)", "placeholder: recovery is slower after longer suppression "
       "(Liu 2006, C7, C20)", "M", 0.001, 0.05, cv=0.3,
       cv_source="placeholder [M]: how fast the reserve shrinks differs between men (Liu 2006's spread, C7)"),
    _p("spermatogonia_regrowth", 19.0, "x rate", "regrowth of the spermatogonial reserve per unit of what is "
       "left, as a multiple of its shrinking rate", "calibrated: median 3.4 months to 20 M/mL after "
       "androgen-induced suppression (Liu 2006, C7), refitted with the graded androgen support of the germ "
       "cells (sperm_ITT50, sperm_ITT_hill) and the faster GnRH release after androgen withdrawal (gnrh_release_deficit); "
       "12 -> 16 when sperm_ITT50's spread widened (0.3 -> 0.6) and regrowth came to depend on the stem cells left "
       "(stem_cell_seeding_K): C7's median 4.1-4.2 months and C19's ~17 months kept; 16 -> 19 with the steeper threshold (sperm_ITT_hill 4.5, sci31): C7's median 4.2",
       "C", 0.5, 200.0, cv=2.5,
       cv_source="calibrated: with the other slow-state rates' spread (spermatogonia_rate, leydig_mass_rate, "
       "gnrh_synthesis_regrowth), the germ cells' own threshold (sperm_ITT50) and the men's own counts, the "
       "spread of Liu 2006's recovery times (C7) [C]"),
    _p("spermatogonia_fsh_independent", 0.1, "fraction", "regrowth pace of a depleted spermatogonial reserve without FSH or a high ITT, "
       "as a share of it with FSH (Foresta 1998)", "calibrated: C21 (Kohn 2017); hCG alone in hypogonadotropic men: late, low counts (Burris 1988, Kung 1994; SOURCES s.5)", "C", 0.0, 1.0),
    _p("spermatogonia_itt_share", 1.0, "fraction", "share of FSH's drive on that regrowth that the testis's own T above normal carries (half of it at "
       "twice normal, hCG)", "placeholder [M]: hCG alone restarts spermatogenesis with FSH low (Finkel 1985, C26), never later than stopping (C27)", "M", 0.0, 1.0),
    _p("spermatogonia_min", 0.02, "relative", "reserve left after long suppression (quiescent stem cells)", "placeholder [M]", "M", 0.001, 0.5),
    _p("stem_cell_depletion_rate", 0.0011, "1/day", "how fast the quiescent stem-cell floor thins under suppression "
       "and refills after (t1/2 ~1.7 y)", "placeholder [M]: recovery lengthens with duration beyond 2 years (C20, C27)",
       "M", 0.0001, 0.01, cv=0.5, cv_source="placeholder [M]: men differ in how fast the floor thins"),
    _p("stem_cell_depletion_max", 0.99, "fraction", "share of that floor (spermatogonia_min) lost after years: regrowth "
       "starts from fewer cells; the reserve's ceiling is untouched", "placeholder [M]: 84 vs 48 months of TC 200 "
       "mg/wk delay sperm ~7 weeks in the default man (186 vs 137 days, with stem_cell_seeding_K), C7 nearly unchanged", "M", 0.0, 0.999),
    _p("stem_cell_seeding_K", 0.12, "fraction", "share of the quiescent stem cells left (r = 1 - stem_cell_depletion) "
       "at which the reserve's regrowth runs at about half its full pace (pace x r^2 (1 + K^2) / (r^2 + K^2), 1 with "
       "all of them): the reserve regrows from clones those stem cells seed, so after years without germ-cell "
       "support (acquired GnRH deficiency, ~1 % left: ~0.7 % of the pace) it restarts only as the stem cells return, "
       "while after a year of TRT (~2/3 left) it keeps ~98 % of its pace",
       "placeholder [M]: in gonadotropin-deficient men the first sperm come after months of GnRH or gonadotropins "
       "(Liu 1988; Kung 1994: 13 (4-52) months; 99 gonadotropin-deficient men: sperm > 0 at a median 5 months, "
       "SOURCES.md s.5), while after a year of androgen suppression half are back to 20 M/mL by 3.4 months (C7). "
       "0.15 -> 0.12 (issue 13) once the tubules (tubule_capacity) carried the count's slow climb: C27's lengthening "
       "then slows beyond two years (~1.2 vs ~1.1 days a month), C21's 6-month share 0.77 at its limit", "M", 0.001, 1.0),
    _p("tubule_rate", 0.0019, "1/day", "how fast the tubules' germ-cell capacity regresses without germ-cell support "
       "or serum androgen (t1/2 ~1 year)", "placeholder [M]: adult-onset gonadotropin deficiency shrinks the "
       "seminiferous epithelium over years (C26)", "M", 0.0002, 0.02),
    _p("tubule_regrowth", 2.0, "x rate", "its regrowth per unit of what is left, as a multiple of that rate",
       "placeholder [M]: on GnRH or gonadotropins counts climb over one to two years, > 5 M/mL at a median 14 "
       "months, > 20 M/mL in about 1 in 4 (99 gonadotropin-deficient men; Liu 1988; SOURCES.md s.5)", "M", 0.1, 50.0,
       cv=0.5, cv_source="placeholder [M]: a wide spread of response times in those series (Kung 1994: 4-52 months)"),
    _p("tubule_capacity_min", 0.02, "relative", "the tubules' germ-cell capacity left after years without support",
       "placeholder [M]", "M", 0.001, 1.0),
    _p("tubule_androgen_A50", 0.3, "x T set point", "serum androgen (relative to the man's own T) at which it keeps "
       "half of the tubules from regressing (Hill 2, full at his own level): TRT keeps them, the adrenals' floor "
       "of T in GnRH deficiency does not", "placeholder [M]: Sertoli cells carry androgen receptors", "M",
       0.05, 1.0),
    _p("germ_loss_rate", 0.0019, "1/day", "rate of lasting stem-cell loss under suppression, and of its slow "
       "repair (t1/2 ~1 year)", "placeholder: a few men recover only over years (Liu 2006; Kohn 2017)", "M",
       0.0002, 0.02),
    _p("germ_loss_max", 0.04, "fraction", "lasting loss of the spermatogonial reserve after very long "
       "suppression, at age 30", "calibrated: ~20-30 % non-recovery after long, high-dose use in older men "
       "(C12) with none after a year in young men; smaller since older men's slower GnRH regrowth and lasting "
       "set-point reset carry part of C12", "C", 0.0, 1.0, cv=1.0,
       cv_source="calibrated: most men lose little, a few much (C12) [C]"),
    _p("germ_loss_age_slope", 0.06, "1/year", "rise of that loss per year of age over 30 (exp)",
       "placeholder: older age predicts poorer recovery after TRT (Kohn 2017, C21)", "M", 0.0, 0.1),
    _p("testis_volume_base", 23.2, "mL", "untreated testis volume (one testis, orchidometer)",
       "Shankara-Narayana 2020 (non-users 23.2 mL)", "V", 5.0, 40.0, cv=0.2,
       cv_source="orchidometer spread in healthy men (SD ~4-5 mL) [S]"),
    _p("testis_interstitial_share", 0.1, "fraction", "share of testis volume in the interstitium (Leydig cells)",
       "histology textbooks (~10-15 %)", "S", 0.0, 0.3),
    _p("testis_fixed_tubular_share", 0.656, "fraction", "share of tubular volume that stays without "
       "spermatogenesis (Sertoli cells, spermatogonia, tubule walls)", "calibrated: testis volume 14.3 vs "
       "23.2 mL in current androgen users (Shankara-Narayana 2020, C19)", "C", 0.1, 1.0),
    # Desensitisation and the flare belong to the glands (a property of the man, whatever drug reaches them),
    # so they live with the physiology. Leydig LH receptors under supraphysiological LH or hCG:
    _p("leydig_desensitisation_L50", 150.0, "IU/L", "LH-equivalent stimulation that half-desensitises Leydig "
       "LH receptors. Since hCG's LH-equivalent saturates at hcg_LH_max, neither hCG nor castrate LH comes near "
       "it: the desensitisation state is inert at every dose (hCG's plateau comes from hcg_LH_max)",
       "placeholder", "M", 50.0, 1000.0),
    _p("leydig_desensitisation_max", 0.6, "fraction", "largest loss of Leydig LH receptors: the remaining "
       "receptors need 1/(1 - this) times the LH or hCG for the same T (a shift of the Leydig curve, not a "
       "lower ceiling). Inert since hCG's LH-equivalent saturates (hcg_LH_max, see leydig_desensitisation_L50): kept "
       "for stimulation in the castrate range of LH and above",
       "placeholder [M]: high-dose hCG down-regulates LH receptors and T plateaus (textbook); the spare-receptor "
       "reserve keeps a saturating stimulus saturating", "M", 0.0, 0.95),
    _p("leydig_desensitisation_rate", 0.3, "1/day", "rate of Leydig desensitisation and recovery (days)",
       "placeholder", "M", 0.05, 2.0),
    # The gonadotropes under GnRH that never leaves the blood (gonadorelin given continuously or too often):
    _p("gonadorelin_flare_max", 7.0, "x healthy drive", "largest extra LH release continuous GnRH-receptor "
       "stimulation causes from full stores before the pituitary desensitises (the flare)", "calibrated to C18 "
       "with flare_stores_left: LH peak ~5x baseline (Tornoe 2007 ~4.3x, between-man CVs 30-80 %)", "C", 1.0, 10.0),
    _p("gonadorelin_flare_C50", 0.5, "relative", "continuous exposure (1 = a pump's amount, given evenly) "
       "giving half the largest flare", "placeholder", "M", 0.1, 5.0),
    _p("gonadorelin_flare_rate", 0.535 * 24, "1/day", "rate at which released LH builds up in (and leaves) the "
       "blood during a flare (LH t1/2 ~1.3 h, as lh_pulse_halflife)", "Tornoe 2007 (ke_LH 0.535/h)", "V",
       2.0, 50.0),
    _p("flare_stores_left", 0.03, "fraction", "share of the gonadotropes' releasable LH stores left under sustained GnRH-receptor "
       "exposure (which empties them); scales LH and FSH", "Tornoe 2007's LH pool; calibrated to C18/C28", "C", 0.01, 1.0),
    _p("flare_stores_rate", 0.12, "1/day", "LH stores' emptying and refilling rate", "calibrated to C18/C28", "C", 0.01, 2.0),
    _p("pituitary_desensitisation_rate", 0.17, "1/day", "rate of GnRH-receptor desensitisation and recovery", "calibrated with "
       "the LH stores to Tornoe 2007 (C18, C28; Belchetz 1978 qualitative): see docs/SOURCES.md's note", "C", 0.05, 2.0),
    _p("pituitary_desensitisation_C50", 0.2, "relative", "GnRH signal that never leaves the blood (the lowest "
       "over the recovery window; 1 = a pump's mean) giving half of the largest desensitisation. Shared by the "
       "day-scale model and the pulse mode", "placeholder: a SC pump every 90 min (trough a few per cent of its "
       "mean) keeps the pituitary responsive, pulses every 30 min or a continuous infusion do not (C10, C18, "
       "C28)", "M", 0.02, 2.0),
    _p("pituitary_desensitisation_hill", 3.0, "1", "steepness of desensitisation in that signal: receptors "
       "either recover between pulses or they do not", "placeholder (separates a pump's small trough from "
       "continuous exposure)", "M", 1.0, 6.0),
    _p("pituitary_desensitisation_max", 0.995, "fraction", "largest loss of gonadotrope responsiveness: a "
       "desensitised pituitary ignores the hypothalamus's own GnRH too, so LH stays low while T is castrate",
       "Tornoe 2007: LH 0.09-0.11x baseline at day 27 of agonist exposure with castrate T (C28)", "M", 0.0, 0.999),
]}

# Responder structure (a Cohort draws it): on the same androgen dose about two men in three become
# azoospermic and one in three keeps a few per cent of his spermatogenesis (WHO 1990, C6). A row here gives
# the share of men who carry a non-zero value, and its median and CV among them (log-normal).
RESPONDERS = {"residual_spermatogenesis": (0.35, 0.27, 0.5,
                                           "calibrated: ~65 % azoospermic and ~97 % below 5 M/mL at 6 months "
                                           "(WHO Task Force 1990, C6) [C]")}

# Between-subject correlations between varied parameters (a Cohort draws them together): bigger testes hold
# more Sertoli and germ cells and produce more sperm.
CORRELATIONS = {("testis_volume_base", "sperm_base"): 0.5,   # placeholder size [M]; testis volume predicts
                                                               # counts (Liu 2006 lists both as predictors)
                ("T_base", "E2_base"): 0.5,                    # E2 is made from T [M, size a placeholder]
                ("testis_volume_base", "inhibin_B_base"): 0.5}  # more Sertoli cells, more inhibin B [M]


# --- Drugs: pharmacokinetics (one-compartment, first-order absorption) and potency. ---
DRUGS = {p.name: p for p in [
    # Testosterone esters (dose in mg of ester, IM). Both release the same testosterone, cleared once: the
    # esters differ only in how much T a mg of ester holds (their molecular weights) and, at most, in the
    # depot's absorption, which Schulte-Beerbuhl & Nieschlag 1980 found practically the same (TC 200 mg vs
    # TE 194 mg, the same amount of T, gave the same serum profiles; C23).
    _p("testosterone_depot_ka", 1.22, "1/day", "absorption rate from the oily IM depot (either ester)",
       "Bi 2018 (cypionate); enanthate's profile practically the same (Schulte-Beerbuhl 1980, C23)", "V"),
    _p("testosterone_depot_kel", 2.6 / 14.4, "1/day", "apparent elimination after an IM ester (CL/V = 2.6/14.4; "
       "t1/2 ~3.9 d, the depot's slow release included). The cypionate label quotes ~8 d; Bi's fit to serum "
       "profiles in men is used", "Bi 2018; Schulte-Beerbuhl 1980 (the same for enanthate)", "V"),
    _p("testosterone_CL", 2600.0 * 288.42 / 412.61, "L/day", "apparent clearance CL/F of testosterone per mg of "
       "T released from an IM ester (one clearance for every ester)", "Bi 2018 (2,600 L/day per mg of "
       "cypionate) converted to mg of T with cypionate's T content", "V"),
    _p("testosterone_slow_fraction", 0.4, "mg T/mg T", "T released slowly from the depot per mg of T in Bi's profile, "
       "flat after one dose and built up by weekly doses: about Bi's LH-independent floor on TRT (~240 ng/dL at 100 "
       "mg/wk), while castrate men keep ~15 (C25)", "calibrated to C14 (~1.5x at TE 100 mg/wk, ~3x at 300) and C13", "M"),
    _p("testosterone_slow_halflife", 8.0, "day", "half-time of the slow release: the depot's terminal phase",
       "the cypionate label's ~8 days (14 kept T up after a stop: C20's phase fell to 15 days)", "S", 3.0, 60.0),
    # Saturable binding: the liver clears the T that SHBG does not hold (free and albumin-bound), so once T
    # rises past what SHBG can bind the free share rises and total T is cleared faster (pk.saturated_T).
    _p("testosterone_linear_up_to", 800.0, "ng/dL", "total serum T up to which the linear clearance "
       "(testosterone_CL) holds: about the mean T of Bi's men on TC 100 mg weekly, where it was fitted; "
       "below it a man's own T fills the serum beside the drug",
       "Bi 2018 (fitted to TC 100 mg/wk, mean T ~800 ng/dL in the model); placeholder [M] as a threshold", "M",
       300.0, 2000.0),
    _p("shbg_binding_sites", 35.0, "nmol/L", "T-binding capacity of SHBG in the blood of a typical young man",
       "Vermeulen 1999 JCEM 84:3666 (SHBG ~20-50 nmol/L in young men)", "S", 5.0, 150.0),
    _p("shbg_Kd", 1.0, "nmol/L", "dissociation constant of T from SHBG (association 1e9 L/mol)",
       "Vermeulen 1999 JCEM 84:3666", "V", 0.1, 10.0),
    _p("albumin_bound_per_free", 1.0 + 3.6e4 * 43.0 / 66500.0, "nmol/nmol", "non-SHBG T (free plus "
       "albumin-bound) per free T: 1 + Ka(albumin) x [albumin]",
       "Vermeulen 1999 (Ka 3.6e4 L/mol, albumin 43 g/L, 66.5 kDa)", "V", 5.0, 60.0),
    _p("cypionate_T_fraction", 288.42 / 412.61, "mg T/mg", "testosterone in a mg of testosterone cypionate",
       "molecular weights (T 288.42, cypionate 412.61 g/mol)", "V"),
    _p("enanthate_T_fraction", 288.42 / 400.58, "mg T/mg", "testosterone in a mg of testosterone enanthate",
       "molecular weights (T 288.42, enanthate 400.58 g/mol)", "V"),
    # Dihydrotestosterone gel: an androgen that cannot be aromatised (C22's test of the androgen arm alone).
    _p("dht_gel_tmax", 0.6, "day", "time of the plateau after a percutaneous dose (12-18 h)",
       "Wang 1998 JCEM 83:2749", "V"),
    _p("dht_gel_kel", math.log(2) / 0.5, "1/day", "apparent elimination from the skin reservoir: steady state "
       "by day 2-3 of daily use", "Wang 1998 (steady state by day 2-3); half-life from it", "S"),
    _p("dht_gel_CL", 250.0 * 1000 / 3.2, "L/day", "apparent clearance CL/F: 125 mg twice daily raises serum DHT "
       "by ~3.2 ng/mL (0.52 -> 3.70 ng/mL)", "JCEM 1984;58:231 (derived)", "V"),
    _p("dht_androgen_potency", 2.5, "x testosterone", "androgen-receptor action of serum DHT per ng, as a "
       "multiple of T's (DHT binds the receptor 2-3x more tightly and leaves it ~5x more slowly)",
       "review of AR binding (2-3x; bioassays 2-10x)", "S"),
]}


# --- Reference ranges shaded behind the curves (conventional units). ---
REFERENCE_RANGES = {
    "T": (264.0, 916.0),        # ng/dL, Travison 2017 JCEM, men 19-39 y [V]
    "E2": (3.0, 37.0),          # pg/mL, LC-MS/MS, Verdonk 2019 [V]
    "LH": (2.2, 11.6),          # IU/L, FAMHES (Fangchenggang Area Male Health and Examination Survey) [V]
    "FSH": (1.8, 16.5),         # IU/L, FAMHES [V]
    "inhibin_B": (55.0, 247.0),  # pg/mL, 10th-90th percentile, Grunewald 2013 [V]
    "sperm": (16.0, None),      # million/mL, WHO 2021 (6th edition) lower reference limit [V]; the one
                                # reader-facing threshold (analysis.events.SPERM_THRESHOLD reads it). WHO 2010
                                # said 15 (Cooper 2010): calibration targets read against it keep it
                                # (analysis/targets.py WHO_SPERM).
}
HYPOGONADAL_T = 300.0          # ng/dL, AUA threshold [S]
AZOOSPERMIA = 0.1              # million/mL: the model's proxy for azoospermia (DESIGN.md)
# Estradiol zones drawn by the explorers (pg/mL, LC-MS/MS). Where "too low" begins is not settled.
E2_TOO_LOW = 10.0              # below ~10 pg/mL men lose bone and libido (Finkelstein 2013 NEJM) [S, approximate]
E2_TOO_HIGH = REFERENCE_RANGES["E2"][1]   # the zone's top is the reference range's (Verdonk 2019) [V]
# Functional sensitivity of routine LH and FSH immunoassays: lower values are drawn at this floor and said
# as "below detection" (sensitive research assays reach ~0.04 IU/L, Anawalt/Matsumoto group) [S, approximate].
DETECTION_LIMITS = {"LH": 0.1, "FSH": 0.1}   # IU/L


# --- Restart agents (issue: restart agents and the intermediate tier). PK from docs/SOURCES.md s.2. ---
DRUGS.update({p.name: p for p in [
    # Clomiphene citrate = 62 % enclomiphene + 38 % zuclomiphene (label, ASRM) [S].
    _p("clomiphene_en_fraction", 0.62, "fraction", "enclomiphene share of clomiphene citrate", "label, ASRM", "S"),
    _p("enclomiphene_kel", math.log(2) / (10 / 24), "1/day", "enclomiphene elimination (t1/2 ~10 h)",
       "drug-information summary", "S"),
    _p("enclomiphene_tmax", 0.2, "day", "time of peak after an oral dose (~5 h)", "placeholder", "M"),
    _p("enclomiphene_CL", 0.62 * 25e3 / 2.2, "L/day", "apparent clearance: 25 mg/d clomiphene gives "
       "enclomiphene 2.2 ng/mL at steady state", "Helo 2017 (derived)", "V"),
    _p("zuclomiphene_kel", math.log(2) / 30, "1/day", "zuclomiphene elimination (t1/2 taken as ~30 d: it "
       "accumulates and stays detectable > 1 month)", "label, ASRM (qualitative); value a placeholder", "M"),
    _p("zuclomiphene_tmax", 0.3, "day", "time of peak after an oral dose", "placeholder", "M"),
    _p("zuclomiphene_CL", 0.38 * 25e3 / 44, "L/day", "apparent clearance: 25 mg/d clomiphene gives "
       "zuclomiphene 44 ng/mL at steady state", "Helo 2017 (derived)", "V"),
    _p("enclomiphene_Ki", 0.37, "ng/mL", "enclomiphene concentration occupying half the hypothalamic/pituitary "
       "oestrogen receptors", "calibrated: clomiphene 25 mg/d doubles T in secondary hypogonadism "
       "(Ramasamy 2014, C8), with E2's brake at the pituitary", "C"),
    _p("zuclomiphene_Ki", 15.0, "ng/mL", "zuclomiphene half-occupancy (a weaker antagonist, taken as 10x "
       "enclomiphene's Ki)", "placeholder", "M"),
    _p("serm_effect_halflife", 3.0, "day", "half-time for a SERM's central effect to follow its plasma level "
       "(receptor and GnRH-neuron equilibration: LH rises over days, not within hours)", "placeholder", "M"),
    _p("serm_max_block", 0.8, "fraction", "largest net block of central oestrogen receptors a SERM reaches at "
       "full occupancy (SERMs are partial agonists): enclomiphene 25 mg/d and clomiphene 25 mg/d raise T about "
       "equally (Wiehle 2014; Ramasamy 2014) although clomiphene holds less enclomiphene",
       "placeholder, chosen from that comparison", "M"),
    _p("zuclomiphene_agonism", 0.5, "fraction", "zuclomiphene's intrinsic oestrogenic activity (0 = pure "
       "blocker, 1 = acts like E2)", "placeholder (zuclomiphene is the oestrogenic isomer)", "M"),
    # Tamoxifen and its long-lived active metabolite N-desmethyltamoxifen.
    _p("tamoxifen_kel", math.log(2) / 6, "1/day", "tamoxifen elimination (t1/2 5-7 d)", "label", "V"),
    _p("tamoxifen_tmax", 0.23, "day", "time of peak (4-7 h)", "label", "V"),
    _p("tamoxifen_CL", 20e3 / 122, "L/day", "apparent clearance: 20 mg/d gives ~122 ng/mL at steady state",
       "label (from memory)", "M"),
    _p("desmethyltamoxifen_kel", math.log(2) / 14, "1/day", "N-desmethyltamoxifen elimination (t1/2 ~14 d)",
       "label", "S"),
    _p("desmethyltamoxifen_CL", 20e3 / 353, "L/day", "apparent clearance of the metabolite per mg tamoxifen: "
       "20 mg/d gives ~353 ng/mL at steady state", "label (from memory)", "M"),
    _p("tamoxifen_Ki", 151.0, "ng/mL", "tamoxifen (+ metabolite) concentration occupying half the central "
       "oestrogen receptors", "placeholder: 20 mg/d set to block as much as clomiphene 25 mg/d after 4 months "
       "(no head-to-head potency data in men)", "M"),
    # Anastrozole.
    _p("anastrozole_kel", math.log(2) / (50 / 24), "1/day", "elimination (t1/2 ~50 h)", "label", "S"),
    _p("anastrozole_tmax", 2 / 24, "day", "time of peak (~2 h)", "label", "S"),
    _p("anastrozole_CL", 40.0, "L/day", "apparent clearance (1 mg/d gives ~25 ng/mL at steady state)",
       "placeholder", "M"),
    _p("anastrozole_IC50", 11.89, "ng/mL", "concentration halving aromatase activity",
       "calibrated with the older_low_T preset: 1 mg/d lowers E2 ~35 % and raises T ~67 % in older men "
       "(Leder 2004, C9)", "C"),
    _p("anastrozole_Imax", 0.95, "fraction", "maximal aromatase inhibition", "AIs suppress E2 >90 % in "
       "postmenopausal women (label)", "S"),
    # hCG: an LH-receptor agonist at the Leydig cells.
    _p("hcg_im_kel", math.log(2) / (30 / 24), "1/day", "hCG IM terminal elimination (t1/2 27-34 h)",
       "product information", "V"),
    _p("hcg_im_tmax", 10.5 / 24, "day", "hCG IM time of peak (9-12 h)", "product information", "V"),
    _p("hcg_sc_kel", math.log(2) / (38 / 24), "1/day", "hCG SC terminal elimination (t1/2 33-43 h)",
       "product information", "V"),
    _p("hcg_sc_tmax", 15 / 24, "day", "hCG SC time of peak (12-18 h)", "product information", "V"),
    _p("hcg_CL", 20.0 * math.log(2) / (30 / 24), "L/day", "apparent clearance (V/F ~20 L)", "placeholder", "M"),
    _p("hcg_LH_equivalence", 0.75, "IU/L LH per IU/L hCG", "LH-equivalent stimulation of Leydig cells per "
       "unit of serum hCG at low hCG levels (it saturates at hcg_LH_max)", "calibrated with hcg_LH_max: TE 200 "
       "mg/wk + hCG 250 IU every other day keeps ITT -7 % (Coviello 2005, C3; the model -4 %), 125 and 500 IU "
       "-42 % and +26 % (published -25 % and +26 %)", "C"),
    _p("hcg_LH_max", 10.0, "IU/L LH", "largest LH-equivalent stimulation hCG gives the Leydig cells (its "
       "LH-equivalent saturates as top * x / (top + x), x = hcg_LH_equivalence * serum hCG): the Leydig response "
       "to hCG levels off at modest serum levels, so ITT rises with the dose ~2.2-fold in the model (Coviello ~1.7-fold) from 125 to 500 IU every "
       "other day (Coviello 2005: -25 %, -7 %, +26 %) rather than ~3.5-fold as LH's own curve would give",
       "calibrated with hcg_LH_equivalence to Coviello 2005 (C2/C3: ITT -25/-7/+26 % at 125/250/500 IU every "
       "other day on TE 200 mg/wk; its serum T rose about as much at 250 as at 500 IU, read secondhand); in normal "
       "men a 5-8x higher hCG level gave the same acute T rise and a second dose a day later none (a study of hCG "
       "6,000 IU under three protocols: abstract read, authors not recorded) [the saturating form is M]", "C"),
    # Gonadorelin: GnRH at the pituitary; pulses stimulate, continuous exposure desensitises.
    _p("gonadorelin_kel", math.log(2) / (4 / 1440), "1/day", "plasma elimination (t1/2 2.6-5.2 min)",
       "published GnRH kinetics", "V"),
    _p("gonadorelin_tmax", 10 / 1440, "day", "time of peak after a SC bolus (~10 min)", "placeholder", "M"),
    _p("gonadorelin_CL", 3000.0, "L/day", "apparent clearance", "placeholder", "M"),
    _p("gonadorelin_reference_dose", 10.0, "ug", "pulse dose that, every 90 min, restores a healthy GnRH drive",
       "pump therapy 5-20 ug every 90-120 min", "S"),
    _p("gonadorelin_reference_every", 0.0625, "day", "pulse interval of that pump (90 min)",
       "pump therapy; LH interpulse 95 +/- 11 min (Veldhuis 1987)", "V"),
    _p("gonadorelin_pulse_D50", 10.0, "ug", "bolus dose giving half the largest LH pulse (pulse size "
       "saturates: a 100 ug test dose releases about twice a 10 ug pulse)", "placeholder", "M"),
    _p("lh_pulse_rise", 15 / 1440, "day", "half-time of the rise of an LH pulse after a GnRH bolus (LH peaks "
       "13-30 min after it)", "published GnRH/LH kinetics (SOURCES.md s.2)", "V"),
    _p("lh_pulse_halflife", 1.3 / 24, "day", "effective half-life of LH in a pulse (each bolus gives one LH "
       "pulse lasting a few hours)", "Tornoe 2007 (ke_LH 0.535/h)", "V"),
    _p("pulse_recovery_window", 120.0, "min", "GnRH-free time the receptors need to recover: desensitisation "
       "reads the lowest GnRH signal over this trailing window (both engines), so for any pump interval up to "
       "it the trough between pulses decides", "placeholder (pulses every 90-120 min keep the pituitary "
       "responsive; continuous exposure does not, Belchetz 1978)", "M", 15.0, 180.0),
]})


def table(group: str = "all") -> list[Parameter]:
    """The parameter table as a list of rows, for notebooks and docs (groups: physiology, drugs, pulses)."""
    groups = {"physiology": PHYSIOLOGY, "drugs": DRUGS, "pulses": PULSES}
    if group == "all":
        return [row for rows in groups.values() for row in rows.values()]
    if group not in groups:
        raise ValueError(f"group must be one of {sorted(groups)} or 'all', got {group!r}")
    return list(groups[group].values())
