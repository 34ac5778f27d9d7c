"""The minute-scale GnRH pulse mode: an impulsive (pulse-modulated) Goodwin oscillator.

The day-scale engine treats GnRH as a smooth drive. Here the hypothalamus fires discrete GnRH pulses,
as in the model of Churilov, Medvedev and co-workers (docs/SOURCES.md 1.3), so a reader can watch LH
pulses every ~100 minutes, see testosterone feedback space and shrink them, and compare gonadorelin
given by pump, by continuous infusion and by twice-weekly injection.

Equations (time in minutes; every quantity relative to the healthy mean: GnRH 1 = mean healthy
hypothalamic output, LH 1 = LH_base, T 1 = T_base, FSH 1 = FSH_base; numbers in parameters.PULSES):

    between firings   x'  = -b1 x                              endogenous GnRH
                      r'  = br ((1 - D) (x + u) - r)           gonadotrope secretory burst
                      yf' = bf (phi r - yf)                    LH, fast phase (t1/2 25 min)
                      ys' = bs ((1 - phi) r - ys)              LH, slow phase  (LH = yf + ys)
                      z'  = b3 (leydig_capacity LH - z)        testosterone (feedback signal)
                      f'  = bF (r - f)                         FSH (t1/2 274 min; no feedback role here)
    at a firing t_n   x  += gnrh_capacity F(zf),   t_n+1 = t_n + Phi(zf),   zf = z + T_exo / T_base
                      F(z) = k3 + k4 / (1 + (z/h)^p),   Phi(z) = k1 + k2 (z/h)^p / (1 + (z/h)^p)

u is exogenous GnRH (gonadorelin: plasma level from the agent catalogue's closed-form dose
superposition, scaled so that the reference pump, 10 ug every 90 min, gives a mean of 1, with the
pulse size saturating in the dose exactly as in the day-scale pk.pulse_size). D is the gonadotrope
desensitisation, a slow state in the style of Tornoe 2007's feedback compartment, with the day-scale
model's law and parameters (axis.targets): D' = kD (Dmax m^n / (m^n + C50^n) - D), where m is the *lowest*
exogenous GnRH signal over the trailing recovery window (the day scale computes the same minimum in closed
form, pk.desensitising_signal): GnRH that never leaves the blood (continuous infusion, or pulses closer
than a few half-lives) desensitises; pulses every 90-120 min leave the receptors time to recover and do not.
The endogenous generator's own troughs are always ~0 (its shortest interval k1 is 15 GnRH
half-lives), so it is left out of m: this keeps D independent of the feedback loop. The same m empties the
gonadotropes' releasable LH stores (the day scale's gonadotrope_stores, after Tornoe 2007's LH pool); the
gonadotropes answer GnRH in proportion to (1 - D) times what is left in them.

How it is solved: between firings the system is linear, time-invariant, so it is written in its
eigen-modes (all rates distinct), each a scalar exponential. The exogenous part (gonadorelin, held
at its exact mean over each grid step, times 1 - D) goes through the modes with an exact
zero-order-hold recursion (scipy.signal.lfilter, vectorised over the grid). The firing times depend
on T, so they are found by an event loop that carries the endogenous modal state from firing to
firing in closed form (a few microseconds per pulse, ~15 pulses a day); the endogenous impulses are
then binned onto the grid and filtered the same way. D varies over days, so it is taken constant
across each 4-minute GnRH pulse (its value at the firing time). The run starts on the untreated
periodic orbit (found by a one-dimensional root solve), so there is no warm-up.

Agents: gonadorelin (ug, bolus or ``continuous=True``) and the testosterone esters (their serum T
adds to the feedback signal and to the reported T). Any other agent raises a ValueError naming it:
SERMs, aromatase inhibitors and hCG act through E2 feedback and the Leydig cells, which this mode
does not resolve; use hpgviz.simulate for them. Not modelled here: inhibin B, E2 (z stands for the
whole sex-steroid feedback), estrogen_sensitivity, cohorts (one man per call), pulse-to-pulse
randomness (the generator is deterministic), and feedback memory: the generator reads serum T with
no slow effect site, so on weekly testosterone LH creeps back within each interval as T falls (the
day-scale engine is where suppression through a dosing interval, C13, belongs). A SC gonadorelin
bolus peaks in LH ~35 min after the dose: the catalogue's SC absorption (tmax ~10 min, a placeholder)
comes on top of the 13-30 min an endogenous (IV-like) pulse takes.
"""
from __future__ import annotations

import math

import numpy as np
from scipy.ndimage import minimum_filter1d
from scipy.optimize import brentq
from scipy.signal import lfilter

from .agents import AGENTS
from .engine import Result
from .parameters import DRUGS, PULSES
from .patient import Cohort, Patient
from .pk import gnrh_signal_scale, interval_means, point_values
from .regimen import Regimen, check_number
from .units import unit_of

MIN_HOURS, MAX_HOURS = 2.0, 6 * 7 * 24.0          # a couple of pulses up to six weeks
MIN_DT_MINUTES, MAX_DT_MINUTES = 0.25, 10.0
HANDLED_AGENTS = ("gonadorelin", "testosterone_cypionate", "testosterone_enanthate")
SERIES = ("GnRH", "LH", "FSH", "T")
# State order of the linear system between firings.
X, R, YF, YS, Z, F = range(6)


def _check_inputs(regimen, hours, patient, dt_minutes):
    if regimen is None:
        regimen = Regimen([])
    if not isinstance(regimen, Regimen):
        raise TypeError(f"regimen must be a Regimen (use Regimen([]) for no drug), got {type(regimen).__name__}")
    for course in regimen.courses:
        if course.agent not in HANDLED_AGENTS:
            raise ValueError(f"agent {course.agent!r} is not modelled in the pulse mode, which handles "
                             f"{', '.join(HANDLED_AGENTS)}; use hpgviz.simulate for {course.agent!r}")
    hours = check_number("hours", hours, MIN_HOURS, MAX_HOURS)
    dt_minutes = check_number("dt_minutes", dt_minutes, MIN_DT_MINUTES, MAX_DT_MINUTES)
    patient = Patient() if patient is None else patient
    if isinstance(patient, Cohort):
        raise TypeError("patient must be a single Patient in the pulse mode (one man per call); "
                        "use cohort.patient(i) for man i of a Cohort")
    if not isinstance(patient, Patient):
        raise TypeError(f"patient must be a Patient, got {type(patient).__name__}")
    return regimen, hours, patient, dt_minutes


def system(values: dict):
    """The linear system between firings for one man: (rates lam, V, V^-1) with s = V q, q_j' = -lam_j q_j.

    ``values`` holds the PULSES numbers plus the patient's leydig_capacity."""
    rate = lambda name: math.log(2) / values[name]
    b1, br, bf, bs, b3, bF = (rate(f"pulse_{n}_halflife") for n in ("gnrh", "release", "LH_fast", "LH_slow",
                                                                      "T", "FSH"))
    phi, lc = values["pulse_LH_fast_fraction"], values["leydig_capacity"]
    M = np.zeros((6, 6))
    M[X, X] = -b1
    M[R, X], M[R, R] = br, -br
    M[YF, R], M[YF, YF] = bf * phi, -bf
    M[YS, R], M[YS, YS] = bs * (1 - phi), -bs
    M[Z, YF], M[Z, YS], M[Z, Z] = b3 * lc, b3 * lc, -b3
    M[F, R], M[F, F] = bF, -bF
    lam = -np.diag(M).copy()
    gaps = np.abs(lam[:, None] / lam[None, :] - 1) + np.eye(len(lam))
    if gaps.min() < 0.01:
        raise ValueError("pulse-mode half-lives must differ by at least 1 % (the modal solution needs distinct "
                         f"rates), got rates {np.round(lam, 6).tolist()} per minute")
    # M is lower triangular: its eigenvalues are its diagonal; eigenvectors by back-substitution via eig.
    w, V = np.linalg.eig(M)
    order = [int(np.argmin(np.abs(w + l))) for l in lam]
    V = np.real(V[:, order])
    return lam, V, np.linalg.inv(V), br


def _feedback(zf, v):
    """Pulse amplitude F(z) (before gnrh_capacity) and the interval Phi(z) in minutes."""
    s = (max(zf, 0.0) / v["pulse_h"]) ** v["pulse_p"]
    return v["pulse_k3"] + v["pulse_k4"] / (1 + s), v["pulse_k1"] + v["pulse_k2"] * s / (1 + s)


def _periodic_start(v, lam, V, Vinv, cap):
    """Modal state just before a firing on the untreated periodic orbit (constant amplitude and period)."""
    w_x = Vinv[:, X]

    def state_before(zf):
        amp, period = _feedback(zf, v)
        decay = np.exp(-lam * period)
        return cap * amp * w_x * decay / (1 - decay)

    zf = brentq(lambda z: float(V[Z] @ state_before(z)) - z, 1e-12, 100.0, xtol=1e-14)
    return state_before(zf)


def _drug_signals(regimen, t_days, days, p):
    """Exogenous GnRH (relative; at the grid points and as exact means over each step), exogenous T
    relative to the man's set point (at the grid points), and each agent's concentration (res.exposure)."""
    d = {k: q.value for k, q in DRUGS.items()}
    n = len(t_days)
    gnrh_points, gnrh_means, t_exo, exposure = np.zeros(n), np.zeros(n - 1), np.zeros(n), {}
    for course in regimen.courses:
        comps = AGENTS[course.agent].components         # an ester's depot has a fast and a slow part
        comp = comps[0]
        conc = sum(point_values(course, c, t_days, days) for c in comps)
        exposure[course.agent] = exposure.get(course.agent, 0.0) + conc
        if course.agent == "gonadorelin":
            scale = gnrh_signal_scale(course, d)
            gnrh_points += scale * conc
            gnrh_means += scale * interval_means(course, comp, t_days, days)
        else:
            t_exo += conc
    return gnrh_points, gnrh_means, t_exo / (p.T_base * p.clearance_factor), exposure


def _relax_from_zero(target, rate_per_day, h):
    """x_0 = 0, x_k+1 = a x_k + (1 - a) target_k: a slow state's exact step for a target held over each step."""
    decay = math.exp(-rate_per_day / 1440.0 * h)
    return np.clip(lfilter([0.0, 1 - decay], [1.0, -decay], target), 0.0, 1.0)


def _desensitisation(gnrh_points, h, v):
    """Gonadotrope desensitisation D and the share of the releasable LH stores emptied on the grid, both driven
    by the lowest exogenous GnRH signal over the trailing recovery window: the day-scale laws (axis.targets),
    read off the minute grid instead of pk.desensitising_signal's closed form."""
    if not np.any(gnrh_points):
        return np.zeros_like(gnrh_points), np.zeros_like(gnrh_points)
    width = max(1, int(round(DRUGS["pulse_recovery_window"].value / h)) + 1)
    # trailing window [k - width + 1, k]; before t = 0 there was no drug
    trough = minimum_filter1d(gnrh_points, size=width, origin=(width - 1) // 2, mode="constant", cval=0.0)
    m = (trough / v["pituitary_desensitisation_C50"]) ** v["pituitary_desensitisation_hill"]
    desensitising = m / (1.0 + m)
    D = _relax_from_zero(v["pituitary_desensitisation_max"] * desensitising, v["pituitary_desensitisation_rate"], h)
    emptied = _relax_from_zero((1.0 - v["flare_stores_left"]) * desensitising, v["flare_stores_rate"], h)
    return D, emptied


def _filter_modes(lam, h, v_in):
    """q_k = exp(-lam h) q_k-1 + v_k for every mode (rows of v_in), vectorised over the grid."""
    out = np.empty_like(v_in)
    for j, l in enumerate(lam):
        out[j] = lfilter([1.0], [1.0, -math.exp(-l * h)], v_in[j])
    return out


def _bin_impulses(times, amps, coeff, lam, h, n):
    """Modal impulses of size amps*coeff at ``times`` (minutes), carried to the next grid point."""
    k = np.ceil(times / h - 1e-9).astype(int)
    keep = k < n
    k, times, amps = k[keep], times[keep], amps[keep]
    v = np.zeros((len(lam), n))
    lag = k * h - times
    for j, l in enumerate(lam):
        v[j] = np.bincount(k, weights=amps * coeff[j] * np.exp(-l * lag), minlength=n)
    return v


def simulate_pulses(regimen: Regimen | None = None, hours: float = 48.0, patient=None,
                    dt_minutes: float = 1.0) -> Result:
    """Minute-scale simulation of GnRH pulses and their LH, FSH and T for one man.

    Returns the same Result as hpgviz.simulate: ``res.t`` in days, ``res["GnRH"]`` (relative, 1 = mean
    healthy hypothalamic output), ``res["LH"]``, ``res["FSH"]`` (IU/L), ``res["T"]`` (ng/dL); also
    ``res.states["pituitary_desensitisation"]`` and ``["gonadotrope_stores"]`` (0-1), and ``res.pulse_times`` (days) with
    ``res.pulse_amplitudes`` (relative GnRH jump) for the endogenous firings."""
    regimen, hours, patient, h = _check_inputs(regimen, hours, patient, dt_minutes)
    p = patient.namespace()
    v = {k: q.value for k, q in PULSES.items()}
    # the gonadotropes' desensitisation is the same gland property as on the day scale
    for key in ("leydig_capacity", "pituitary_desensitisation_rate", "pituitary_desensitisation_max",
                "pituitary_desensitisation_C50", "pituitary_desensitisation_hill", "flare_stores_left",
                "flare_stores_rate"):
        v[key] = getattr(p, key)
    cap = p.gnrh_capacity
    lam, V, Vinv, br = system(v)
    days = hours / 24.0
    n = int(math.floor(hours * 60.0 / h + 1e-9)) + 1
    t_min = np.arange(n) * h
    t_days = t_min / 1440.0

    gnrh_points, gnrh_means, t_exo, exposure = _drug_signals(regimen, t_days, days, p)
    D, emptied = _desensitisation(gnrh_points, h, v)
    responsive = (1.0 - D) * (1.0 - emptied)     # what desensitisation and the emptied LH stores leave
    # Exogenous part: exact zero-order hold of that share of u over each step, through every mode.
    u = 0.5 * (responsive[:-1] + responsive[1:]) * gnrh_means
    hold = -np.expm1(-lam * h) / lam * (Vinv[:, R] * br)      # mode response to a unit input held for h
    v_exo = np.zeros((6, n))
    v_exo[:, 1:] = hold[:, None] * u[None, :]
    s_exo = V @ _filter_modes(lam, h, v_exo) if np.any(u) else np.zeros((6, n))
    z_exo = s_exo[Z] + t_exo                                    # feedback signal from drugs (relative)

    # Endogenous firings: the event loop (closed form between firings; Python floats, ~15 firings a day).
    q0 = _periodic_start(v, lam, V, Vinv, cap)
    q, w_x, v_z, rates = q0.tolist(), Vinv[:, X].tolist(), V[Z].tolist(), lam.tolist()
    z_list, R_list, end, modes = z_exo.tolist(), responsive.tolist(), t_min[-1], range(len(rates))
    times, amps, kicks = [], [], []
    tn = 0.0
    while tn <= end:
        i = min(int(tn / h), n - 2)
        frac = tn / h - i
        z_drug = z_list[i] + frac * (z_list[i + 1] - z_list[i])
        r_now = R_list[i] + frac * (R_list[i + 1] - R_list[i])
        amp, period = _feedback(sum(a * b for a, b in zip(v_z, q)) + z_drug, v)
        amp *= cap
        times.append(tn)
        amps.append(amp)
        kick = amp * r_now                 # what the (desensitised, emptied) gonadotropes answer
        kicks.append(kick)
        q = [(q[j] + kick * w_x[j]) * math.exp(-rates[j] * period) for j in modes]
        tn += period
    times, amps = np.array(times), np.array(amps)

    # Endogenous part on the grid: the starting orbit's state plus every firing's impulse.
    v_endo = _bin_impulses(times, np.array(kicks), Vinv[:, X], lam, h, n)
    v_endo[:, 0] += q0
    s = V @ _filter_modes(lam, h, v_endo) + s_exo
    v_x = _bin_impulses(times, amps, np.ones(1), lam[X:X + 1], h, n)[0]
    v_x[0] += V[X] @ q0                  # the pre-start orbit's GnRH still decaying at t = 0 (~0)
    gnrh_endo = lfilter([1.0], [1.0, -math.exp(-lam[X] * h)], v_x)

    rel = {"GnRH": gnrh_endo + gnrh_points, "LH": s[YF] + s[YS], "FSH": s[F], "T": s[Z] + t_exo}
    scale = {"GnRH": 1.0, "LH": p.LH_base, "FSH": p.FSH_base, "T": p.T_base}
    series = {name: np.maximum(rel[name] * scale[name], 0.0) for name in SERIES}
    units = {name: unit_of(name) for name in SERIES}
    res = Result(t_days, series, units, regimen, patient, exposure, {"pituitary_desensitisation": D,
                                                                      "gonadotrope_stores": 1.0 - emptied},
                 h / 1440.0)
    res.pulse_times = times / 1440.0
    res.pulse_amplitudes = amps
    return res
