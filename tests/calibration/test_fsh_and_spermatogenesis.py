"""What the testis's own T does without FSH (issue 13; docs/SOURCES.md section 5 and C21, C26, C27): it keeps
spermatogenesis going at a reduced level and restarts a depleted spermatogonial reserve only slowly. Each test
writes the published value beside its citation; a value the model misses stays as a strict xfail with the
reason (house rules).
"""
import numpy as np
import pytest

from hpgviz import Cohort, Course, Patient, Regimen, simulate
from hpgviz.analysis.events import time_to
from hpgviz.model.parameters import AZOOSPERMIA, REFERENCE_RANGES

from helpers import WEEK

TC, TE = "testosterone_cypionate", "testosterone_enanthate"
WHO_LIMIT = REFERENCE_RANGES["sperm"][0]


def _course(agent, dose, every, start=0, stop=None):
    return Course(agent, dose=dose, every_days=every, start_day=start, stop_day=stop)


@pytest.mark.xfail(strict=True, reason=(
    "the model keeps ~52 % over months 4-7: a maintained spermatogonial reserve shrinks only at "
    "spermatogonia_rate (t1/2 ~3 months) towards the lower level FSH's absence sets, so the fall is slower than "
    "in Matsumoto's men; the long-run level (~38 % at two years) lies between Matsumoto's 25 % and Bremner "
    "1981's 43 %"))
def test_hcg_alone_lowers_a_normal_mans_count_to_a_quarter():
    """Matsumoto 1986 JCEM 62:1184: hCG 5,000 IU twice a week in 8 normal men suppressed FSH and lowered sperm
    from 88 +/- 24 to 22 +/- 7 M/mL (mean +/- SEM) over the last 4 of 7 months: 25 % of their own. Tolerance
    +/-0.15: about twice the SEM of the ratio, for a small study."""
    res = simulate(Regimen([_course("hcg", 5000, 3.5)]), days=214)
    months_4_to_7 = (res.t >= 91) & (res.t <= 213)
    kept = float(np.mean(res["sperm"][months_4_to_7]) / res["sperm"][0])
    assert res.at(200, "FSH") < 0.1 * res["FSH"][0]
    assert abs(kept - 0.25) <= 0.15, f"kept {kept:.0%} of the man's own (Matsumoto 1986: 25 %)"


def test_hcg_alone_after_long_high_dose_use_gives_no_normal_count_within_6_months():
    """C21 (Kohn 2017: after TRT, hCG with a SERM brings ~65 % only to a total motile count > 5 M by 6 months)
    and hCG alone in men without FSH (Burris 1988 JCEM 66:1144: under 10 M/mL at conception in all but one man):
    after two years of TE 500 mg/wk, 26 weeks of hCG 2,000 IU three times a week, with FSH below its range, bring
    the typical man no count at the WHO limit within 6 months."""
    stop = 730
    res = simulate(Regimen([_course(TE, 500, WEEK, 0, stop), _course("hcg", 2000, 7 / 3, stop, stop + 26 * WEEK)]),
                   days=stop + 183)
    on_hcg = res.t > stop + 30
    assert np.max(res["FSH"][on_hcg]) < REFERENCE_RANGES["FSH"][0]
    assert np.max(res["sperm"][res.t > stop]) < WHO_LIMIT


def test_hcg_alone_in_acquired_gnrh_deficiency_gives_a_low_count():
    """Burris 1988 (hCG alone in hypogonadotropic men: sperm concentration under 10 M/mL at conception in all but
    one man) and Kung 1994 (first sperm after a median 13 months; 11 of 17 needed FSH added): in the acquired
    GnRH-deficiency preset, hCG 2,000 IU twice a week gives sperm (C26, Finkel 1985) but under 10 M/mL at a year;
    in a cohort of such men at most half reach 20 M/mL within the year."""
    hcg = Regimen([_course("hcg", 2000, 3.5)])
    one = simulate(hcg, days=366, patient=Patient.preset("acquired_gnrh_deficiency"))
    assert AZOOSPERMIA < one.at(365, "sperm") < 10.0
    men = simulate(hcg, days=366, patient=Cohort(100, seed=1, base=Patient.preset("acquired_gnrh_deficiency")))
    assert np.mean(men["sperm"][:, -1] >= 20.0) <= 0.5


def test_c27_usual_hcg_restart_does_not_delay_sperm():
    """C27: no restart agent delays the return of sperm compared with stopping alone after replacement doses:
    after 12 months of TC 200 mg/wk, hCG 2,000 IU three times a week for 12 weeks (Finkel 1985's dose) brings
    sperm to 15 M/mL no more than a week later than stopping alone (a week is a tie, as C20)."""
    stop = 364
    days = {}
    for arm, extra in (("alone", []), ("hCG", [_course("hcg", 2000, 7 / 3, stop, stop + 84)])):
        res = simulate(Regimen([_course(TC, 200, WEEK, 0, stop), *extra]), days=stop + 400)
        days[arm] = time_to(res, "sperm", 15.0, after=stop)[0]
    assert days["hCG"] - days["alone"] <= 7.0, days
