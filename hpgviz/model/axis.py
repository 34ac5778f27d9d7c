"""The axis: rates and quasi-steady states as pure functions of state, parameters and drug effects.

Time scales set the structure. GnRH, LH, FSH, serum T and E2 turn over in minutes to hours, so on
the day scale a reader looks at they sit at quasi-steady state (QSS): one algebraic loop,
    T = T_exo + Leydig(LH + hCG),  E2 = aromatase(T),  GnRH = f_T(T) * f_E(E2, SERM-blocked),
    LH = reserve * (GnRH + gonadorelin) * pituitary responsiveness,
solved for the endogenous T by a few Newton steps. Slow processes are states stepped exactly for
their own decay: effect-site T and the gonadotrope LH reserve (Bi 2018), Sertoli function (inhibin B),
and desensitisation of the pituitary (continuous GnRH) and Leydig cells (high-dose hCG).
Spermatogenesis does not feed back on the hormones here, so the sperm pipeline is computed after
the hormone loop as a linear filter (``sperm_pipeline``).

Everything is in units relative to the healthy set points (1.0 = healthy); simulate.py converts.
The same code runs on Python floats (one patient, fastest) and on numpy arrays (a cohort): it uses
only arithmetic operators plus ``xp.exp``/``xp.log`` from the module passed in.
"""
from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np


NG_DL_PER_NMOL_L = 28.84   # testosterone: 1 nmol/L = 28.84 ng/dL

STATE_NAMES = ("Ce", "reserve", "sertoli", "pituitary_desensitisation", "leydig_desensitisation")


def derived(p):
    """Constants that follow from the parameters (computed once per simulation)."""
    L0k = p.LH_base ** p.leydig_kappa
    h0 = L0k / (p.leydig_L50 ** p.leydig_kappa + L0k)                      # Tornoe 2007 Leydig curve
    return SimpleNamespace(
        leydig_norm=1.0 / (1.0 + p.leydig_Lmax * h0),
        itt_serum_share=p.T_base / NG_DL_PER_NMOL_L / p.ITT_base,   # ITT cannot fall below serum T
        reserve_Ce50=p.reserve_IC50 * p.T_base / 100.0,                        # ng/mL, Bi 2018
        reserve_ref=1.0 / (1.0 + (1.0 / p.reserve_IC50) ** p.reserve_hill),
    )


def make_axis(p, c, xp):
    """Bind the parameters once and return the axis equations as fast closures.

    ``solve(z, drug, state, max_iterations)`` finds the QSS endogenous T (relative to T_base), z, for
    drug = (x_exo, er_block, ai, hcg_LH, gnrh_agonist) and state = the five slow states, by a
    safeguarded Newton iteration in log z (see below). ``hormones`` returns the fast hormones at a
    solution; ``targets`` where each
    slow state is heading. Binding constants in closures keeps a one-patient step at a few microseconds
    (attribute look-ups would dominate); the same closures run vectorised on arrays for a cohort and
    for the reported series."""
    KT, nT, KE, nE = p.androgen_feedback_K, p.androgen_feedback_n, p.estrogen_feedback_K, p.estrogen_feedback_n
    sens, gmax = p.estrogen_sensitivity, (1 + p.androgen_feedback_K) * (1 + p.estrogen_feedback_K)
    fE, cap, kappa = p.testicular_E2_fraction, p.gnrh_capacity, p.leydig_kappa
    L50k = p.leydig_L50 ** kappa
    leydig_gain, Lmax, LH_base = p.leydig_capacity * c.leydig_norm, p.leydig_Lmax, p.LH_base
    aF, KI, floor = p.fsh_gnrh_exponent, p.inhibin_feedback_K, p.inhibin_floor
    T_ngml = p.T_base / 100.0
    IC50, hill, ref = c.reserve_Ce50, p.reserve_hill, c.reserve_ref
    KS, Dp_max, Dp_C50 = p.sertoli_fsh_K, p.pituitary_desensitisation_max, p.pituitary_desensitisation_C50
    Dl_max, Dl_L50_3 = p.leydig_desensitisation_max, p.leydig_desensitisation_L50 ** 3
    exp, log = xp.exp, xp.log

    def newton_terms(z, x_exo, ai, e_sens, lh_gain, gnrh_add, hcg, stim, cap_gmax, leydig_gain):
        """Residual rho = ln(z / Leydig(z)) of the fast loop and its slope in ln z (>= 1). The two
        constants a Cohort varies here travel with the arguments, so the solver can compact them."""
        t = x_exo + z
        e = (1 - ai) * ((1 - fE) * t + fE * z) + 1e-300
        aT = KT * t ** nT                                  # androgen pathway
        aE = KE * (e_sens * e) ** nE                       # oestrogen pathway (SERM-blocked)
        G = cap_gmax / ((1 + aT) * (1 + aE))
        L = lh_gain * (G + gnrh_add) + hcg + 1e-12
        Lk = L ** kappa
        h = Lk / (L50k + Lk)
        z_new = leydig_gain * (1 + stim * h)
        # d z_new / d z through T and E2 -> GnRH -> LH -> Leydig, all in closed form
        dG_dz = -G * (nT * aT / ((1 + aT) * t) + nE * aE / ((1 + aE) * e) * (1 - ai))
        dznew_dz = leydig_gain * stim * kappa * h * (1 - h) / L * lh_gain * dG_dz
        return log(z / z_new), 1 - z / z_new * dznew_dz

    def loop_inputs(drug, state):
        """Per-call constants of the fast loop, and the bracket [lo, hi] that holds its root: the
        Leydig output with no LH-driven stimulation and with maximal stimulation."""
        x_exo, er_block, ai, hcg, gnrh_add = drug
        lh_gain = LH_base * state[1] * (1 - state[3])
        stim = Lmax * (1 - state[4])
        L_floor = (lh_gain * gnrh_add + hcg + 1e-12) ** kappa
        lo = leydig_gain * (1 + stim * L_floor / (L50k + L_floor))
        hi = leydig_gain * (1 + stim)
        return (x_exo, ai, sens * (1 - er_block), lh_gain, gnrh_add, hcg, stim, cap_gmax, leydig_gain), lo, hi

    # Safeguarded Newton in log z. The residual rises monotonically in ln z; a Newton step (at most a
    # factor e: a trust region) that leaves the bracket is replaced by a geometric bisection. Plain
    # Newton can cycle here, because GnRH saturates at both ends of its steep feedback curve. The two
    # versions below differ only in how they branch: plain Python for floats, masks for arrays.
    # Converged: the residual is tiny, or an accepted Newton step was below 1e-5 in ln z, which leaves
    # an error of order its square (~1e-10) since Newton converges quadratically here.
    def solve_float(z, drug, state, max_iterations):
        args, lo, hi = loop_inputs(drug, state)
        z = min(max(z, lo), hi)
        for _ in range(max_iterations):
            rho, slope = newton_terms(z, *args)
            if -1e-10 < rho < 1e-10:
                break
            if rho < 0:
                lo = z
            else:
                hi = z
            d = min(max(-rho / slope, -1.0), 1.0)
            step = z * exp(d)
            if lo < step < hi:
                z = step
                if -1e-5 < d < 1e-5:
                    break
            else:
                z = math.sqrt(lo * hi)
        return z

    def solve_array(z, drug, state, max_iterations):
        args, lo, hi = loop_inputs(drug, state)
        z = np.clip(z, lo, hi)
        shape = z.shape
        active = None                                      # flat indices still iterating, once compacted
        for _ in range(max_iterations):
            rho, slope = newton_terms(z, *args)
            done = np.abs(rho) < 1e-10
            lo, hi = np.where(rho < 0, z, lo), np.where(rho > 0, z, hi)
            d = np.clip(-rho / slope, -1.0, 1.0)
            step = z * exp(d)
            inside = (step > lo) & (step < hi)
            # converged entries stay put: a bisection would throw them out again
            z_next = np.where(done, z, np.where(inside, step, np.sqrt(lo * hi)))
            done |= inside & (np.abs(d) < 1e-5)
            if active is None:
                z = z_next
                if np.all(done):
                    return z
                if done.mean() > 0.5 and compactable:      # most have converged: iterate on the rest only
                    result = np.broadcast_to(z, shape).ravel().copy()
                    active = np.flatnonzero(np.broadcast_to(~done, shape))
                    flat = lambda a: np.broadcast_to(a, shape).ravel()[active]
                    args, lo, hi, z = [flat(a) for a in args], flat(lo), flat(hi), flat(z)
                continue
            result[active] = z_next
            if np.all(done):
                break
            keep = ~done
            active, z = active[keep], z_next[keep]
            args, lo, hi = [a[keep] for a in args], lo[keep], hi[keep]
        if active is None:
            return z
        return result.reshape(shape)

    # Compaction needs every other constant of newton_terms to be a scalar (true for a Cohort, which
    # varies only leydig_capacity and gnrh_capacity among them).
    compactable = all(np.ndim(v) == 0 for v in (KT, nT, KE, nE, fE, kappa, L50k))

    solve = solve_float if xp is math else solve_array
    cap_gmax = cap * gmax

    def feedback(t, e, er_block):
        """GnRH drive (relative) from the androgen and oestrogen pathways."""
        return cap_gmax / ((1 + KT * t ** nT) * (1 + KE * (sens * e * (1 - er_block)) ** nE))

    def hormones(z, drug, state):
        """Fast hormones (relative to healthy) at a solved z."""
        x_exo, er_block, ai, hcg, gnrh_add = drug
        R, sertoli, dp = state[1], state[2], state[3]
        t = x_exo + z
        e = (1 - ai) * ((1 - fE) * t + fE * z)
        G = feedback(t, e, er_block)
        drive = (G + gnrh_add) * (1 - dp)
        inhibin = floor + (1 - floor) * sertoli
        fsh = R * drive ** aF * (1 + KI) / (1 + KI * inhibin)
        return t, e, G, R * drive, fsh, inhibin, LH_base * R * drive + hcg

    def targets(t, fsh, L_eff, Ce, gnrh_continuous):
        """Where each slow state is heading (the input of its exponential decay)."""
        L3 = L_eff ** 3
        return (T_ngml * t,
                reserve(Ce),
                (1 + KS) * fsh / (KS + fsh),
                Dp_max * gnrh_continuous / (gnrh_continuous + Dp_C50),
                Dl_max * L3 / (L3 + Dl_L50_3))

    def reserve(Ce):
        return 1.0 / (1.0 + (Ce / IC50) ** hill) / ref

    return solve, hormones, targets, reserve


def slow_rates(p):
    """Rates (1/day) of the five slow states, in STATE_NAMES order."""
    return (p.reserve_ke0, p.reserve_kout, p.sertoli_rate, p.pituitary_desensitisation_rate,
            p.leydig_desensitisation_rate)


def itt(t, z, c):
    """Intratesticular T (relative): Leydig output, plus serum T that the testis cannot fall below."""
    return (1 - c.itt_serum_share) * z + c.itt_serum_share * t


