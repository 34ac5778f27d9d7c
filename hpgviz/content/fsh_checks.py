"""Checks of what the README says the model does without FSH (issue 13: spermatogenesis on the testis's own T
alone, C16, C21, C27): each runs the model through the public API and returns (holds, measured), as
content.claim_checks does."""

from __future__ import annotations

from ..analysis.outcomes import SPERM_THRESHOLD
from ..model.parameters import AZOOSPERMIA, REFERENCE_RANGES, table as parameter_table
from ..model.regimen import Course
from .scenario_runs import WEEK, days_to as _days_to, run as _run, trt as _trt


def testis_without_fsh():
    """The healthy man on hCG 5,000 IU twice a week (FSH suppressed, as in Matsumoto 1986) for two years keeps about
    a third of his count (25-45 %), and the men who need FSH least keep much more than those who need it most."""
    res = _run((Course("hcg", dose=5000.0, every_days=3.5, start_day=0),), 730)
    kept = res["sperm"][-1] / res["sperm"][0]
    fsh = float(res["FSH"][-1])
    spec = {row.name: row for row in parameter_table("physiology")}["sperm_FSH_independent"]
    holds = 0.25 <= kept <= 0.45 and fsh < 0.1 * REFERENCE_RANGES["FSH"][0] and spec.cv >= 0.2
    return holds, f"sperm after two years of hCG {kept:.0%} of the man's own, FSH {fsh:.2g} IU/L; between-man CV {spec.cv:g}"


def trt_with_hcg_keeps_less():
    """TRT 200 mg/week with hCG 500 IU every other day for a year: the count ends well under the man's own (< 60 %)
    and never reaches azoospermia."""
    res = _run((Course("testosterone_cypionate", dose=200.0, every_days=7, start_day=0),
                Course("hcg", dose=500.0, every_days=2, start_day=0)), 366)
    kept = res.at(365, "sperm") / res["sperm"][0]
    return kept < 0.6 and res["sperm"].min() > AZOOSPERMIA, (
        f"at a year {kept:.0%} of the man's own; lowest {res['sperm'].min():.1f} M/mL")


def hypogonadal_men_keep_their_count():
    """The secondary hypogonadism preset (below 300 ng/dL, as Hsieh 2013's men) on cypionate 200 mg/week with hCG 500
    IU every other day for a year: the count never below 70 % of his own (a semen analysis varies ~30 %), his
    intratesticular T "well above his own" (at least 1.5x) with FSH suppressed (< a tenth of its range's floor),
    and without hCG his count goes (below the azoospermia line)."""
    trt = (Course("testosterone_cypionate", dose=200.0, every_days=7, start_day=0),)
    hcg = (Course("hcg", dose=500.0, every_days=2, start_day=0),)
    both, alone = _run(trt + hcg, 366, "secondary_hypogonadism"), _run(trt, 366, "secondary_hypogonadism")
    kept = float((both["sperm"] / both["sperm"][0]).min())
    itt, fsh = both.at(182, "ITT") / both["ITT"][0], both.at(182, "FSH")
    holds = bool(both["T"][0] < 300 and kept >= 0.7 and itt >= 1.5 and fsh < 0.1 * REFERENCE_RANGES["FSH"][0]
             and alone["sperm"][-1] < AZOOSPERMIA)
    return holds, (f"own T {both['T'][0]:.0f} ng/dL; lowest count {kept:.0%} of his own, ITT {itt:.1f}x his own, FSH "
                   f"{fsh:.2g} IU/L; without hCG {alone['sperm'][-1]:.2g} M/mL at a year")


def hcg_at_higher_dose_does_not_delay():
    """After 12 months of cypionate 200 mg/week, 12 weeks of hCG 2,000 IU three times a week: T on hCG no higher
    than 10 % above the man's own, FSH back in its range, and sperm at the WHO limit no later than a week after
    stopping alone, with or without clomiphene 25 mg daily."""
    stop = 52 * WEEK
    hcg = Course("hcg", dose=2000.0, every_days=7 / 3, start_day=stop, stop_day=stop + 12 * WEEK)
    clomiphene = Course("clomiphene", dose=25.0, every_days=1, start_day=stop, stop_day=stop + 12 * WEEK)
    end = stop + 400
    runs = {"alone": _run(_trt(weeks=52), end), "hCG": _run(_trt(weeks=52, extra=(hcg,)), end),
            "hCG + clomiphene": _run(_trt(weeks=52, extra=(hcg, clomiphene)), end)}
    days = {arm: _days_to(res, "sperm", SPERM_THRESHOLD, stop) for arm, res in runs.items()}
    fsh, t_ratio = runs["hCG"].at(stop + 60, "FSH"), runs["hCG"].at(stop + 60, "T") / runs["hCG"]["T"][0]
    holds = (days["hCG"] <= days["alone"] + 7 and days["hCG + clomiphene"] <= days["alone"] + 7
             and fsh >= REFERENCE_RANGES["FSH"][0] and t_ratio <= 1.1)
    return holds, (", ".join(f"{arm} {d:.0f} days" for arm, d in days.items())
                   + f" to {SPERM_THRESHOLD:g} M/mL; on hCG FSH {fsh:.2g} IU/L, T {t_ratio:.2f}x his own")


def hcg_saturates():
    """Coviello 2005's three doses: intratesticular T rises from 125 to 500 IU every other day by a factor within
    1.4-2.5 (published 1.68: -25 % to +26 %), where a linear LH-equivalent gave ~3.5."""
    itt = {}
    for dose in (125.0, 500.0):
        res = _run((Course("testosterone_enanthate", dose=200.0, every_days=7, start_day=0, stop_day=21),
                    Course("hcg", dose=dose, every_days=2, start_day=0, stop_day=21)), 21)
        itt[dose] = res.at(21, "ITT") / res["ITT"][0]
    ratio = itt[500.0] / itt[125.0]
    return 1.4 <= ratio <= 2.5, (f"ITT {100 * (itt[125.0] - 1):+.0f} % at 125 IU and {100 * (itt[500.0] - 1):+.0f} % "
                                 f"at 500 IU: x{ratio:.2f} (Coviello 2005 x1.68)")
