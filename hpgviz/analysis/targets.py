"""The published numbers the model is checked against (docs/SOURCES.md, calibration targets), each once:
its calibration id, what is measured, the published value, the tolerance and why, and its citation.
validation.py runs the model for each and compares; published.py draws the published points."""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..model.parameters import AZOOSPERMIA, REFERENCE_RANGES

MONTH = 30.44                      # days
WEEK = 7.0
SEED = 2006                        # the default virtual population (any fixed number; Liu 2006's year)
ENTRY_SPERM = 20.0                 # M/mL: contraception-trial entry (WHO 1999 normal limit)
RECOVERY_SPERM = 20.0              # M/mL: Liu 2006's primary recovery threshold
WHO_SPERM = 15.0                   # M/mL: WHO 2010 lower limit, the edition of C19's and C27's studies; a
                                   # calibration threshold, not the reader-facing one (events.SPERM_THRESHOLD)
CRYPTO_UPPER = 1.0                 # M/mL: upper edge of "cryptozoospermic" here (see the module docstring)
SEVERE_OLIGO = 5.0                 # M/mL: severe oligozoospermia's upper edge; Kohn 2017 took men on TRT who were
                                   # azoospermic or severely oligospermic at the visit (AUA 2016 abstract PD07-11)
TMC_CONCENTRATION = 5.0 / (3.0 * 0.5)   # M/mL giving a total motile count of 5 million (3 mL, 50 % motile)
FOLLOW_24 = math.ceil(24 * MONTH)  # days of follow-up after the stop: 731


@dataclass(frozen=True)
class Target:
    key: str            # unique name of the row
    id: str             # calibration target in docs/SOURCES.md
    quantity: str
    value: float
    tolerance: float
    check: str          # near: |model - value| <= tol; at_most: model <= value + tol;
                        # at_least: model >= value - tol; above: model > value (a strict ordering)
    unit: str
    defence: str        # why this tolerance, in one line
    citation: str
    scenario: str       # key into SCENARIOS

    def passes(self, model: float) -> bool:
        if model is None or not math.isfinite(model):
            return False
        return {"near": abs(model - self.value) <= self.tolerance + 1e-12,
                "at_most": model <= self.value + self.tolerance + 1e-12,
                "at_least": model >= self.value - self.tolerance - 1e-12,
                "above": model > self.value}[self.check]


LIU = "Liu 2006 Lancet 367:1412"
SN = "Shankara-Narayana 2020 JCEM 105:1827"
KOHN = "Kohn 2017 Fertil Steril 107:351"
TORNOE = "Tornoe 2007 Br J Clin Pharmacol 63:648 (triptorelin)"
C20_MEANINGFUL_DAYS = 7.0      # a recovery "slower" by less than a week is a tie
KM_LIU_NOTE = ("Liu's 1549 men give a narrow interval, but they pooled many regimens (TE, TU, implants, with "
           "progestins); the model runs one regimen, so about +/-25 % of the median")


def _t(key, id, quantity, value, tolerance, check, unit, defence, citation, scenario):
    return Target(key, id, quantity, float(value), float(tolerance), check, unit, defence, citation, scenario)


TARGETS = (
    # --- C6: suppression on TE 200 mg/wk -----------------------------------------------------------
    _t("C6 azoospermic by 6 months", "C6", "share with sperm < 0.1 M/mL (azoospermia proxy) by 6 months",
       0.65, 0.10, "near", "share",
       "binomial 95 % interval of the trial (~+/-0.06 for 271 men) widened for the large differences between "
       "its centres", "WHO Task Force 1990 Lancet 336:955", "C6"),
    _t("C6 below 5 M/mL by 6 months", "C6", "share with sperm < 5 M/mL by 6 months", 0.97, 0.03, "near", "share",
       "a share near 1 in a trial of hundreds of men: its binomial 95 % interval is ~+/-0.02-0.03",
       "WHO Task Force 1995 (via SOURCES.md C6)", "C6"),
    # --- C7: recovery after 12 months of TE 200 mg/wk ----------------------------------------------
    _t("C7 median to 20 M/mL", "C7", "Kaplan-Meier median time to sperm >= 20 M/mL after stopping",
       3.4, 0.85, "near", "months", KM_LIU_NOTE, LIU, "C7"),
    _t("C7 median to 10 M/mL", "C7", "Kaplan-Meier median time to sperm >= 10 M/mL after stopping",
       3.0, 0.75, "near", "months", KM_LIU_NOTE, LIU, "C7"),
    _t("C7 median to 3 M/mL", "C7", "Kaplan-Meier median time to sperm >= 3 M/mL after stopping",
       2.5, 0.65, "near", "months", KM_LIU_NOTE, LIU, "C7"),
    _t("C7 share at 20 M/mL by 6 months", "C7", "Kaplan-Meier share with sperm >= 20 M/mL by 6 months",
       0.67, 0.10, "near", "share",
       "pooled regimens and centres (as for the median): +/-0.10 around a share near the curve's steep part",
       LIU, "C7"),
    _t("C7 share at 20 M/mL by 12 months", "C7", "Kaplan-Meier share with sperm >= 20 M/mL by 12 months",
       0.90, 0.07, "near", "share", "the curve flattens here, so the pooled trials' spread is smaller: +/-0.07",
       LIU, "C7"),
    _t("C7 share at 20 M/mL by 16 months", "C7", "Kaplan-Meier share with sperm >= 20 M/mL by 16 months",
       0.96, 0.04, "near", "share", "near the plateau: +/-0.04 keeps 'almost all' and excludes 'nine in ten'",
       LIU, "C7"),
    _t("C7 share at 20 M/mL by 24 months", "C7", "Kaplan-Meier share with sperm >= 20 M/mL by 24 months",
       1.00, 0.02, "near", "share", "Liu's estimate is 100 %; a share of at least 98 % is the same finding",
       LIU, "C7"),
    # --- C12: non-recovery ---------------------------------------------------------------------------
    _t("C12 young men not recovered", "C12",
       "share not back to sperm >= 20 M/mL 24 months after 12 months of TE 200 mg/wk (men aged 30)",
       0.0, 0.02, "at_most", "share",
       "no man failed to recover in the contraception trials; 2 % is one man in 50, the resolution of a model cohort",
       LIU, "C7"),
    _t("C12 older long high-dose not recovered", "C12",
       "share not back to sperm >= 20 M/mL 24 months after 5 years of TE 500 mg/wk (men aged 50)",
       0.25, 0.05, "near", "share",
       "the published non-recovery after long high-dose use spans ~20-30 %: the range itself",
       "Lykhonosov 2020; Rasmussen 2016; Kohn 2017 (via SOURCES.md C12)", "C12"),
    # --- C19: long high-dose use ---------------------------------------------------------------------
    _t("C19 median to LH in range", "C19", "Kaplan-Meier median time to LH back in its reference range after stopping",
       10.0, 2.0, "near", "months",
       "published ~9-11 months from a cross-sectional comparison of former users: widened by a month each side",
       SN, "C19"),
    _t("C19 median to sperm output", "C19", "Kaplan-Meier median time to sperm >= 15 M/mL (WHO) after stopping",
       14.0, 3.0, "near", "months",
       "~14 months from a cross-sectional comparison (time since stopping was self-reported): about +/-20 %",
       SN, "C19"),
    _t("C19 testis volume in users", "C19", "testis volume at the end of use relative to before (users 14.3 vs "
       "non-users 23.2 mL)", 14.3 / 23.2, 0.10, "near", "ratio",
       "orchidometer volumes are read in 1-5 mL steps (~+/-2 mL on 14 mL): about +/-0.1 on the ratio", SN, "C19"),
    # --- C20: duration and dose ----------------------------------------------------------------------
    *(_t(f"C20 {label} {what}", "C20", f"days to {what} after stopping: {label}", C20_MEANINGFUL_DAYS, 0.0, "above",
         "days", "an ordering (Liu's predictors): only its direction is claimed, and a difference of under a week "
         "is a tie (below the model's weekly dosing and any blood-test schedule)", "Liu 2006 [R]; SOURCES.md "
         "C19-C20", "C20")
      for label in ("24 minus 3 months of TC 200 mg/wk", "500 minus 200 mg/wk of TC for 24 months")
      for what in ("LH in range", "T >= 300 ng/dL", "sperm >= 20 M/mL")),
    _t("C20 hypogonadal phase", "C20",
       "days with T < 300 ng/dL after stopping 12 months of TC 200 mg/wk (default man)", 21.0, 0.0, "at_least", "days",
       "'T low for weeks to months' read at its weakest: at least three weeks", "Liu 2006 [R]; SOURCES.md C19-C20",
       "C20"),
    # --- C21: hCG restart after TRT ----------------------------------------------------------------
    _t("C21 TMC > 5 M by 6 months", "C21", "share with a total motile count > 5 million (sperm > 3.33 M/mL) "
       "by 6 months of hCG, among men below 5 M/mL at the stop (Kohn's entry)", 0.65, 0.12, "near", "share",
       "a retrospective clinic series of a few dozen men: binomial 95 % interval about +/-0.12", KOHN, "C21"),
    _t("C21 TMC > 5 M by 12 months", "C21", "share with a total motile count > 5 million (sperm > 3.33 M/mL) "
       "by 12 months of hCG, among men below 5 M/mL at the stop (Kohn's entry)", 0.70, 0.12, "near", "share",
       "a retrospective clinic series of a few dozen men: binomial 95 % interval about +/-0.12", KOHN, "C21"),
    _t("C21 azoospermic recover", "C21", "share of men azoospermic (< 0.1 M/mL) at the restart reaching "
       "TMC > 5 million by 12 months", 0.648, 0.15, "near", "share",
       "a subgroup of a small series: binomial 95 % interval about +/-0.15", KOHN, "C21"),
    _t("C21 cryptozoospermic recover", "C21", "share of men cryptozoospermic (0.1 to < 1 M/mL) at the restart "
       "reaching TMC > 5 million by 12 months", 0.917, 0.15, "near", "share",
       "a subgroup of a small series (12 men give 91.7 % = 11/12): +/-0.15", KOHN, "C21"),
    _t("C21 azoospermic recover less often", "C21", "recovery share, cryptozoospermic minus azoospermic",
       0.0, 0.0, "above", "share", "an ordering: only its direction is claimed", KOHN, "C21"),
    # --- SERMs after TRT: they move hormones, not the sperm clock -----------------------------------
    _t("C21 SERM raises LH", "C21", "mean LH over the first 3 months after the stop, clomiphene 25 mg/d / "
       "stopping alone", 1.0, 0.0, "above", "ratio",
       "a direction: a SERM lifts gonadotropins by lifting oestrogen feedback", "Ramasamy 2014 (C8); SOURCES.md s.5",
       "C21 SERM"),
    _t("C21 SERM raises T", "C21", "mean T over the first 3 months after the stop, clomiphene 25 mg/d / "
       "stopping alone", 1.0, 0.0, "above", "ratio", "a direction: more LH gives more T (C8)",
       "Ramasamy 2014 (C8); SOURCES.md s.5", "C21 SERM"),
    _t("C21 SERM no sperm-timing benefit", "C21", "Kaplan-Meier median days to sperm >= 20 M/mL, clomiphene "
       "25 mg/d / stopping alone", 1.0, 0.10, "near", "ratio",
       "no trial shows a SERM shortening sperm recovery after TRT; within 10 % means the model invents none",
       "evidence gap (SOURCES.md s.5; project brief)", "C21 SERM"),
    # --- C26: failure phenotypes (one man each: the presets) ---------------------------------------
    _t("C26 Sertoli-cell-only FSH", "C26", "FSH of the Sertoli-cell-only man (germ-cell aplasia)", 30.0, 10.0,
       "near", "IU/L", "the published clinical span itself, 20-40 IU/L", "clinical ranges (SOURCES.md C26)", "C26"),
    _t("C26 Sertoli-cell-only inhibin B", "C26", "inhibin B of the Sertoli-cell-only man", 20.0, 0.0, "at_most",
       "pg/mL", "'very low': at most 20 pg/mL, where it is often undetectable", "clinical ranges (SOURCES.md C26)",
       "C26"),
    _t("C26 Sertoli-cell-only sperm", "C26", "sperm of the Sertoli-cell-only man", AZOOSPERMIA, 0.0, "at_most",
       "M/mL", "azoospermic: at most the model's azoospermia proxy", "clinical ranges (SOURCES.md C26)", "C26"),
    _t("C26 Klinefelter-like FSH", "C26", "FSH of the Klinefelter-like man", 30.0, 0.0, "at_least", "IU/L",
       "'FSH > 30': a bound, read as it stands", "clinical ranges (SOURCES.md C26)", "C26"),
    _t("C26 Klinefelter-like LH", "C26", "LH of the Klinefelter-like man", 15.0, 0.0, "at_least", "IU/L",
       "'LH > 15': a bound, read as it stands", "clinical ranges (SOURCES.md C26)", "C26"),
    _t("C26 Klinefelter-like testis volume", "C26", "testis volume of the Klinefelter-like man", 4.0, 0.0,
       "at_most", "mL", "'testes <= 4 mL': a bound, read as it stands", "clinical ranges (SOURCES.md C26)", "C26"),
    _t("C26 congenital GnRH deficiency testis volume", "C26", "testis volume of the congenital GnRH-deficient man",
       4.0, 0.0, "at_most", "mL", "'prepubertal testes (< 4 mL)': a bound", "clinical ranges (SOURCES.md C26)",
       "C26"),
    _t("C26 congenital GnRH deficiency inhibin B", "C26", "inhibin B of the congenital GnRH-deficient man", 30.0,
       0.0, "at_most", "pg/mL", "'inhibin B < ~30 pg/mL': a bound", "clinical ranges (SOURCES.md C26)", "C26"),
    _t("C26 congenital GnRH deficiency FSH", "C26", "FSH of the congenital GnRH-deficient man (low: below the "
       "reference range)", REFERENCE_RANGES["FSH"][0], 0.0, "at_most", "IU/L", "'LH/FSH low': below the FAMHES "
       "lower limit", "clinical ranges (SOURCES.md C26)", "C26"),
    _t("C26 acquired GnRH deficiency sperm on hCG alone", "C26", "sperm after 12 months of hCG 2,000 IU three "
       "times a week alone, acquired (post-pubertal) GnRH deficiency", 5.0, 0.0, "at_least", "M/mL",
       "'hCG alone starts spermatogenesis': sperm clearly present (a third of the WHO 2021 limit)",
       "Finkel 1985 NEJM 313:651", "C26"),
    # --- C28 and C18 deepened: one pulse physiology, and Tornoe 2007's agonist exposure -----------------
    _t("C28 day-scale LH, pulses every 30 min", "C28", "day-scale LH at day 13 of gonadorelin 10 ug every 30 min, "
       "relative to baseline (desensitised: below 1)", 1.0, 0.0, "at_most", "x baseline",
       "the verdict, 'desensitises (LH falls)', read as LH below its baseline", "Belchetz 1978 (SOURCES.md C28)",
       "C28"),
    _t("C28 pulse-mode LH, pulses every 30 min", "C28", "pulse-mode LH at day 13 of the same regimen, relative to "
       "baseline", 1.0, 0.0, "at_most", "x baseline", "the same verdict in the minute-scale engine",
       "Belchetz 1978 (SOURCES.md C28)", "C28"),
    _t("C28 T on continuous gonadorelin at 10x the pump", "C28", "mean T over days 25-28 of continuous "
       "gonadorelin at ten times the pump's daily amount", 50.0, 0.0, "at_most", "ng/dL",
       "'towards castrate levels': below the castrate threshold of androgen-deprivation practice (50 ng/dL)",
       "SOURCES.md C28", "C28"),
    _t("C18 agonist LH peak time", "C18", "hours from the start of continuous exposure (a pump's daily amount, "
       "even) to the LH peak", 5.5, 3.5, "near", "h", "Tornoe's observed span, 2-9 h", TORNOE, "C18"),
    _t("C18 agonist T peak time", "C18", "days from the start of exposure to the T peak", 1.7, 0.85, "near", "days",
       "'about a day or two': +/-50 % of Tornoe's 1.7 d", TORNOE, "C18"),
    _t("C18 agonist LH below baseline", "C18", "day on which LH falls back below baseline after the flare", 8.0,
       3.0, "near", "days", "Tornoe's typical subject; between-man CVs of 30-80 % on the rates that set it",
       TORNOE, "C18"),
    _t("C18 agonist LH at day 27", "C18", "LH at day 27 of exposure relative to baseline", 0.1, 0.1, "at_most",
       "x baseline", "'<= ~0.2x': twice Tornoe's typical 0.09-0.11x", TORNOE, "C18"),
    _t("C18 agonist T at day 19", "C18", "T at day 19 of exposure", 50.0, 0.0, "at_most", "ng/dL",
       "'below 0.5 ng/mL by day 19', as Tornoe reports it", TORNOE, "C18"),
    # --- C29: the hCG test (5,000 IU once) --------------------------------------------------------------------
    _t("C29 hCG test T at 72 h", "C29", "T 72 h after hCG 5,000 IU relative to before", 2.0, 0.5, "near",
       "x baseline", "'about 2x': 1.5-2.5x", "clinical hCG test protocols (SOURCES.md C29)", "C29"),
    _t("C29 hCG test peak day", "C29", "day of the highest T after the injection", 3.0, 1.0, "near", "days",
       "'a plateau at ~2-4 days'", "clinical hCG test protocols (SOURCES.md C29)", "C29"),
    _t("C29 hCG test lowest T within a week", "C29", "lowest T within 7 days of the injection relative to "
       "before", 1.0, 0.0, "at_least", "x baseline", "'never below baseline within a week'",
       "clinical hCG test protocols (SOURCES.md C29)", "C29"),
    # --- C22: the androgen arm of feedback on its own ----------------------------------------------
    _t("C22 DHT gel lowers LH", "C22", "fall of LH after 10 days of DHT gel 125 mg twice daily (7.8 -> 4.2 IU/L)",
       1 - 4.2 / 7.8, 0.20, "near", "share", "12 men, LH 7.8 +/- 1 (SE) before: a group mean resolved to about "
       "+/-0.2 of its fall", "JCEM 1984;58:231 [R]", "C22"),
    _t("C22 TRT + AI trough LH", "C22", "trough LH suppression at 6 months, TC 200 mg/wk + anastrozole 1 mg/d",
       0.85, 0.0, "at_least", "share", "the target's own floor: at least 85 % below baseline", "SOURCES.md C22",
       "C22"),
    _t("C22 TRT + SERM trough LH", "C22", "trough LH suppression at 6 months, TC 200 mg/wk + clomiphene 25 mg/d",
       0.85, 0.0, "at_least", "share", "the target's own floor: at least 85 % below baseline", "SOURCES.md C22",
       "C22"),
    _t("C22 AI changes azoospermia", "C22", "azoospermic share at 6 months, TC 200 mg/wk + anastrozole 1 mg/d "
       "minus TC 200 mg/wk alone", 0.0, 0.10, "near", "share", "the target's 'within ~10 points'",
       "SOURCES.md C22", "C22"),
    # --- C23: one testosterone, two esters -----------------------------------------------------------
    _t("C23 esters per mg", "C23", "trough LH suppression at 6 months, TE / TC at 100 mg/wk", 1.0, 0.05, "near",
       "ratio", "'the same per mg beyond a few per cent': +/-5 %", "Schulte-Beerbuhl & Nieschlag 1980 [R]", "C23"),
    # --- C24: men differ -----------------------------------------------------------------------------
    _t("C24 T 2.5th percentile", "C24", "2.5th percentile of untreated T", 264.0, 66.0, "near", "ng/dL",
       "+/-25 %: a percentile of a reference population, and the model's median is Bi 2018's 600, not 531",
       "Travison 2017 JCEM 102:1161 [V]", "C24"),
    _t("C24 T 97.5th percentile", "C24", "97.5th percentile of untreated T", 916.0, 229.0, "near", "ng/dL",
       "+/-25 %, as for the 2.5th percentile", "Travison 2017 JCEM 102:1161 [V]", "C24"),
    _t("C24 below 16 M/mL", "C24", "share of untreated men below 16 M/mL", 0.05, 0.03, "near", "share",
       "the WHO limit is the ~5th percentile; +/-3 points", "WHO 2021 [V]", "C24"),
    # --- C25: the extragonadal floor -------------------------------------------------------------------
    _t("C25 castrate T", "C25", "T with almost no testicular output (Leydig and GnRH capacity at their floors)",
       15.0, 5.0, "near",
       "ng/dL", "95 % CI of the median 12-17 ng/dL, widened for men's spread", "Oefelein 2000 Urology 56:1021 [R]",
       "C25"),
    _t("C25 castrate E2", "C25", "E2 with almost no testicular output", 5.0, 2.5, "near", "pg/mL",
       "a castrate group's mean near the LC-MS/MS floor: +/-50 %", "PMC5792144 table 1 [R]", "C25"),
    _t("C25 lowest T after long high-dose use", "C25", "lowest T after stopping TE 500 mg/wk for 24 months",
       15.0, 3.0, "at_least", "ng/dL", "never below the castrate floor (its CI's low end, 12 ng/dL)",
       "Oefelein 2000 [R]; SOURCES.md C25", "C25"),
    # --- C27: restart agents ------------------------------------------------------------------------
    _t("C27 hCG delays sperm", "C27", "days to sperm >= 15 M/mL after 12 months of TC 200 mg/wk: hCG 1,500 IU "
       "twice weekly for 12 weeks minus stopping alone", 0.0, C20_MEANINGFUL_DAYS, "at_most", "days",
       "no restart agent delays sperm; under a week is a tie (as C20)", "Finkel 1985 [R]; Kohn 2017 [R]", "C27"),
    _t("C27 crash after hCG", "C27", "lowest T after hCG ends minus lowest T after stopping TRT alone (the "
       "same 12 months of TC 200 mg/wk), the smallest over hCG 1,500, 3,000 and 5,000 IU twice weekly for 12 weeks",
       0.0, 0.0, "at_least", "ng/dL",
       "'no deeper crash': the lowest T after hCG at least that after stopping alone", "SOURCES.md C27", "C27"),
    _t("C27 SERM after long high-dose use", "C27", "LH on day 90 of clomiphene 25 mg/d started a year after "
       "stopping 24 months of TE 500 mg/wk (once GnRH is made again) / stopping alone, same day", 1.0, 0.0, "above",
       "ratio",
       "a direction: not inert once GnRH is made again", "Kohn 2017 [R]; SOURCES.md C27", "C27"),
    _t("C27 recovery keeps lengthening", "C27", "median days to sperm >= 15 M/mL in a cohort after 84 minus "
       "after 48 months of TC 200 mg/wk", C20_MEANINGFUL_DAYS, 0.0, "above", "days", "a direction: longer use, slower recovery, "
       "beyond 2 years; under a week is a tie (as C20)", "Liu 2006 [R]; issue 13", "C27"),
)
BY_KEY = {t.key: t for t in TARGETS}
IDS = tuple(dict.fromkeys(t.id for t in TARGETS))
