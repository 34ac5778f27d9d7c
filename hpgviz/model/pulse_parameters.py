"""The minute-scale GnRH pulse mode's rows of the parameter table (model/pulses.py reads them).

Kept beside parameters.py so that file stays readable; ``parameters.table()`` lists them with the rest, under
the same tags (V/S/M/C, see parameters.py).
"""
from __future__ import annotations

import math

from .parameter_row import row as _p

# --- Minute-scale GnRH pulse mode (model/pulses.py): an impulsive Goodwin oscillator ---------------------
# Churilov, Medvedev et al. 2007-2018 (docs/SOURCES.md 1.3), in relative units (1 = the healthy mean):
#   between firings  x' = -b1 x  (GnRH),  r' = br (x + u - r)  (gonadotrope secretory burst, u exogenous GnRH),
#                    LH = yf + ys with yf' = bf (phi r - yf), ys' = bs ((1 - phi) r - ys),  z' = b3 (Lc LH - z)  (T)
#   at a firing t_n  x jumps by gnrh_capacity * F(z) * (1 - D), and the next firing is Phi(z) later, with
#                    F(z) = k3 + k4 / (1 + (z/h)^p),  Phi(z) = k1 + k2 (z/h)^p / (1 + (z/h)^p).
# D is the slow gonadotrope desensitisation (Tornoe 2007 style), driven by GnRH that never leaves the blood.
PULSES = {p.name: p for p in [
    _p("pulse_gnrh_halflife", 4.0, "min", "plasma/portal GnRH half-life (b1 = ln2 / this)",
       "published GnRH kinetics, t1/2 2.6-5.2 min (SOURCES.md s.2)", "V", 2.6, 5.2),
    _p("pulse_release_halflife", 3.0, "min", "half-life of the gonadotrope secretory burst that a GnRH pulse "
       "triggers (br = ln2 / this)", "calibrated: puts the LH peak ~18 min after an endogenous GnRH pulse (LH peak 13-30 min after a "
       "bolus, SOURCES.md s.2); a SC gonadorelin bolus adds its absorption (tmax ~10 min) and peaks ~35 min",
       "C", 1.0, 15.0),
    _p("pulse_LH_fast_halflife", 25.0, "min", "fast phase of LH disappearance (bf = ln2 / this)",
       "SOURCES.md s.2: LH t1/2 fast phase 20-30 min", "V", 20.0, 30.0),
    _p("pulse_LH_slow_halflife", 120.0, "min", "slow phase of LH disappearance (bs = ln2 / this)",
       "placeholder: LH disappearance is biexponential; the slow phase keeps LH well above zero between pulses",
       "M", 60.0, 240.0),
    _p("pulse_LH_fast_fraction", 0.442, "fraction", "share of secreted LH cleared in the fast phase (phi)",
       "calibrated: the mean residence time of the two phases equals an effective t1/2 of 1.3 h (Tornoe 2007, "
       "ke_LH 0.535/h)", "C", 0.1, 0.9),
    _p("pulse_T_halflife", 60 * math.log(2) / 0.0901, "min", "apparent half-life of serum T after a change in LH "
       "(b3 = ln2 / this; ~7.7 h, including the Leydig response lag)", "Tornoe 2007 (ke_T 0.0901/h, apparent)",
       "V", 120.0, 1200.0),
    _p("pulse_FSH_halflife", 274.0, "min", "FSH half-life (single exponential)", "Urban 1991 (274 +/- 45 min)",
       "V", 229.0, 319.0),
    # The pulse generator. z is T relative to the man's own set point T_base (it stands for the whole sex-steroid
    # feedback, T and the E2 aromatised from it). Derived from: interval 100 min at the set point (LH interpulse
    # 95 +/- 11 min, Veldhuis 1987), a castrate rise of mean GnRH of ~6.7x (textbook castrate LH ~6-10x),
    # mean GnRH exactly 1 at the set point (h fitted on the simulated orbit).
    _p("pulse_k1", 60.0, "min", "shortest interpulse interval (no T feedback: castrate men pulse about hourly)",
       "placeholder", "M", 30.0, 90.0),
    _p("pulse_k2", 53.333, "min", "extra interval at full T feedback (interval k1 + k2 at very high T)",
       "calibrated: interval 100 min at the set point, where (z/h)^p = 3 (Veldhuis 1987: 95 +/- 11 min)", "C",
       0.0, 200.0),
    _p("pulse_k3", 0.35, "relative x per pulse", "GnRH pulse amplitude left at very high T (2 % of the set-point "
       "pulse)", "placeholder (LH is ~5 % of baseline on TE 200 mg/wk, Coviello 2005, C2)", "M", 0.0, 5.0),
    _p("pulse_k4", 67.915, "relative x per pulse", "GnRH pulse amplitude that T feedback can remove",
       "calibrated: mean GnRH (pulse area / interval) is 1 at the set point, where (z/h)^p = 3, and ~6.6x that without feedback",
       "C", 1.0, 300.0),
    _p("pulse_h", 0.79415, "x T_base", "T (relative to the set point) at which feedback is half-maximal",
       "calibrated: mean T of the default man equals T_base on the simulated orbit", "C", 0.3, 2.0),
    _p("pulse_p", 5.0, "1", "steepness of T feedback on pulse amplitude and interval",
       "placeholder (the day-scale androgen feedback has Hill 6.44)", "M", 1.0, 10.0),
]}
