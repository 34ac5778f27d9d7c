"""The axis: GnRH -> LH/FSH -> testes -> T and E2, with its feedback, as pure functions of the state.

Time scales set the structure. LH, FSH, serum T and E2 turn over in minutes to hours, so on the day
scale a reader looks at they follow the slow states at once (quasi-steady state); ``fast`` computes
them explicitly, with no loop to solve, because every feedback acts through a slow state:

    GnRH  G = capacity * exp(u clipped to [ln G_min, ln G_max])   u: the hypothalamus's adapting output
    LH    = (1 - desensitisation) * stores * E2 gain * (G + reserve * (gonadorelin pulses + flare))   relative
            E2 gain: E2's brake at the pituitary (a slow state), lifted by a SERM or an AI; stores: releasable LH
            that continuous GnRH-receptor exposure empties and keeps from refilling (Tornoe 2007's pool)
    T     = exogenous + Leydig(LH_base * LH + hCG) + adrenal floor    Tornoe 2007's saturating Leydig curve
            (hCG as the LH-equivalent pk.effects gives, itself saturating),
            partly through enzymes induced over a day or two (the hCG test's plateau); desensitised receptors
            shift the curve (more hCG for the same T), they do not lower its ceiling
    E2    = aromatase * (80 % from circulating T + 20 % testicular, + adrenal floor)
    FSH   = saturating(LH-drive) * inhibin brake       about as sensitive to steroids as LH (C17); losing
            inhibin B alone (germ-cell aplasia) lifts it ~5-fold (C26)
    error = w * ln A + w_x * bend(ln A) + (1 - w) * ln(E2 as the receptors read it, SERMs blocking)
            A: the androgen signal (T, plus a non-aromatisable androgen such as DHT); bend: 0 below the
            set point, ~ln A above it (androgen excess suppresses on its own, whatever E2 does)
    du/dt = -k_int * (1 + (fall/D)^2) * error - k_leak(u) * u - k_bound * (u - clip(u))
            k_leak larger above the set point; fall: how far androgen has dropped below both the man's own
            level and its recent (effect-site) level, so an abrupt loss (the end of hCG) releases GnRH within days

The hypothalamus integrates the steroid error: sustained excess lowers GnRH step by step, a deficit
raises it, a leak pulls it back to its own set point (slowly from below, faster from above: raising GnRH
above normal takes a sustained deficit), and its output stays between a floor (basal
tone: feedback never silences the GnRH neurons entirely) and a ceiling (castrate LH); past either, the
controller stops adapting (k_bound pulls it back: no wind-up, so leaving a limit takes days, not
months). That
memory keeps LH suppressed through a whole dosing interval and lets the axis defend its set point
until exogenous T replaces all of a man's own (SOURCES.md C13, C14). The other slow states relax
towards targets computed here (by state name); states.py lists them all.

Everything is relative to the healthy set points (1.0 = healthy); engine.py converts to units.
The same functions run compiled, one man at a time (jit.py: Numba), and on numpy arrays with the men along
the last axis (a cohort without Numba, the steady-state search, the reference's fallback).
"""
from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

from .jit import exp, jitable, log, maximum, minimum, power
from .sperm import androgen_support
from .states import BY_NAME, RELAXING
from .units import NG_DL_PER_NMOL_L_TESTOSTERONE as NG_DL_PER_NMOL_L

# Where each relaxing slow state sits in the state sequences the stepper passes around (registry order).
(ANDROGEN_EXPOSURE, RESERVE, SERTOLI, PITUITARY_DESENSITISATION, LEYDIG_DESENSITISATION, GNRH_SYNTHESIS,
 GONADOTROPES, PITUITARY_E2_GAIN, LEYDIG_MASS, SPERMATOGONIA, CENTRAL_RESET, GERM_LOSS) = (
    RELAXING.index(name) for name in ("androgen_exposure", "gonadotrope_reserve", "sertoli",
                                      "pituitary_desensitisation", "leydig_desensitisation", "gnrh_synthesis",
                                      "gonadotrope_capacity", "pituitary_estrogen_gain", "leydig_mass",
                                      "spermatogonia", "central_reset", "germ_cell_loss"))
FLARE, STEROIDOGENESIS, MATURITY, DEPLETION, STORES, TUBULES = (
    RELAXING.index(name) for name in ("gonadotrope_flare", "leydig_steroidogenesis", "testis_maturity",
                                      "stem_cell_depletion", "gonadotrope_stores", "tubule_capacity"))

GERM_LOSS_CAP = 0.95       # some stem cells always survive: the lasting loss stays below this fraction
GNRH_BOUND_RATE = 2.0      # 1/day: how fast the controller returns inside its limits (numerical, not a fit)
RELEASE_TAPER = 0.05      # ln units past a GnRH limit over which the deficit gain fades (numerical, not a fit)


@jitable
def _at_most(x, cap):
    """min(x, cap) for floats and arrays alike."""
    over = x - cap
    return x - over * (over > 0)


def _years_over_30(age):
    """Years of age past 30 (0 below), for floats and arrays alike."""
    years = age - 30.0
    return years * (years > 0)


def leydig_L50(p):
    """LH giving half-maximal T secretion at this man's age (the Leydig cells need more LH with age)."""
    return p.leydig_L50 * (1.0 + p.leydig_age_slope * _years_over_30(p.age))


@jitable
def spermatogenic_output(capacity, threshold):
    """Sperm reaching the ejaculate per unit of healthy output, from the testis's spermatogenic capacity
    (Sertoli cells x germ cells x maturity, relative): nothing below the threshold (Silber 1997), then a
    straight line through (1, 1), so a capacity of 10 % is azoospermia, not 10 % of a normal count."""
    above = (capacity - threshold) / (1.0 - threshold)
    return above * (above > 0)


@jitable
def germ_cell_input(P, f, s):
    """Germ cells entering spermatogenesis (1 = healthy): the support per unit of reserve (fast) times the
    spermatogonial reserve the tubules can hold (slow states) and what the man's Sertoli cells, germ cells and
    the testis's maturity let reach the ejaculate."""
    capacity = P[SERTOLI_CAP] * P[GERM_CAPACITY] * s[MATURITY]
    held = minimum(s[SPERMATOGONIA], s[TUBULES])
    return f[F_GERM_SUPPORT] * held * spermatogenic_output(capacity, P[OUTPUT_THRESHOLD])


def T_ngml_of(p):
    """The man's baseline serum T in ng/mL (the unit of the Bi 2018 effect site)."""
    return p.T_base / 100.0


@jitable
def _regrow(x, target, regrowth):
    """Effective target of a state that shrinks at its rate but regrows from what is left: while below
    its target it moves at rate * regrowth * x (so dx/dt = rate * (returned - x))."""
    below = target > x
    return x + (target - x) * (1.0 + below * (regrowth * x - 1.0))


@jitable
def _normalised_hill2(x2, k2):
    """A Hill curve of coefficient 2 in x (given as x2 = x^2, k2 = K^2), scaled to 1 at x = 1."""
    return x2 * (1.0 + k2) / (x2 + k2)


@jitable
def _faster_up(x, target, speedup):
    """Effective target of a state that rises `speedup` times faster than it falls."""
    below = target > x
    return x + (target - x) * (1.0 + below * (speedup - 1.0))


@jitable
def _saturated(excess, inverse_max):
    """Androgen excess's suppression of GnRH synthesis, saturating: the neurons are not lost, so however high
    the dose or long the use, synthesis falls at most ~1/inverse_max-fold (half of that at excess = max)."""
    return excess / (1.0 + excess * inverse_max)


def _excess(level, p):
    """Androgen excess at the effect site (0-1): the share by which it lowers GnRH synthesis, at `level`
    times the man's own T."""
    x = (level / p.gnrh_synthesis_C50) ** p.gnrh_synthesis_hill
    return x / (1.0 + x)


def derived(p):
    """Constants that follow from the parameters (computed once per simulation)."""
    L0k = p.LH_base ** p.leydig_kappa
    h0 = L0k / (p.leydig_L50 ** p.leydig_kappa + L0k)     # Tornoe 2007 Leydig curve, healthy 30-year-old
    return SimpleNamespace(
        leydig_norm=1.0 / (1.0 + p.leydig_Lmax * h0),
        leydig_L50_aged=leydig_L50(p),
        itt_serum_share=p.T_base / NG_DL_PER_NMOL_L / p.ITT_base,   # ITT cannot fall below serum T
        reserve_Ce50=p.reserve_IC50 * p.T_base / 100.0,                        # ng/mL, Bi 2018
        reserve_ref=1.0 / (1.0 + (1.0 / p.reserve_IC50) ** p.reserve_hill),
        synthesis_ref=1.0 / (1.0 + _saturated((1.0 / p.gnrh_synthesis_C50) ** p.gnrh_synthesis_hill,
                                              1.0 / p.gnrh_synthesis_max_suppression)),
        reset_ref=_excess(p.central_reset_threshold, p),      # the androgen excess where the reset starts
        reset_max_aged=p.central_reset_max * math.e ** (p.central_reset_age_slope * _years_over_30(p.age)),
        germ_loss_max_aged=_at_most(p.germ_loss_max * math.e ** (p.germ_loss_age_slope * _years_over_30(p.age)),
                                    GERM_LOSS_CAP),
    )


# The parameters the equations read, bound once per man (``bind``): rows of a float array, so the same
# functions read them for one man (a compiled kernel's row), for a cohort (numpy rows) and in the reference.
PARAMS = ("cap", "k_int", "k_leak", "k_leak_up", "release_D", "log_gmin", "log_gmax", "KF_n", "nF", "fsh_top",
          "wA", "wE", "wX", "soft", "T_floor", "E2_floor", "sens", "arom", "fE", "kappa", "Lmax", "LH_base", "L50k",
          "leydig_gain", "KI", "floor", "sertoli_cap", "germ_cells", "unstimulated", "puberty", "prepubertal",
          "acute", "share", "flare_max", "flare_C50", "T_ngml", "Ce50", "reserve_hill", "reserve_ref", "KS", "wF",
          "Dp_max", "Dp_C50_n", "Dp_n", "Dl_max", "Dl_L50_3", "FI", "F50h", "residual", "V_int", "V_fix",
          "tubule_scale", "leydig_volume", "itt50_h", "itt_hill", "syn_Ce50", "syn_hill", "syn_ref", "pit_cap", "KP",
          "M_min", "KM2", "drive_max", "S_min", "loss_max", "wP", "reset_max", "excess_ref", "regrow_H", "regrow_M",
          "regrow_S", "SFI", "KH", "H_min", "germ_capacity", "output_threshold", "T_exo_scale", "T_base",
          "gonadotrope_up", "depletion_max", "stem_K2", "residual_A2", "stores_left", "tubule_min", "tubule_A2",
          "regrow_T", "brake_K2", "reset_onset", "SITT", "syn_inv_max")
(CAP, K_INT, K_LEAK, K_LEAK_UP, RELEASE_D, LOG_GMIN, LOG_GMAX, KF_N, N_F, FSH_TOP, W_A, W_E, W_X, SOFT, T_FLOOR,
 E2_FLOOR, SENS, AROM, F_E, KAPPA, L_MAX, LH_BASE, L50K, LEYDIG_GAIN, K_I, INHIBIN_FLOOR, SERTOLI_CAP, GERM_CELLS,
 UNSTIMULATED, PUBERTY, PREPUBERTAL, ACUTE, SHARE, FLARE_MAX, FLARE_C50, T_NGML, CE50, RESERVE_HILL, RESERVE_REF,
 K_S, W_F, DP_MAX, DP_C50_N, DP_N, DL_MAX, DL_L50_3, F_I, F50H, RESIDUAL, V_INT, V_FIX, TUBULE_SCALE,
 LEYDIG_VOLUME, ITT50_H, ITT_HILL, SYN_CE50, SYN_HILL, SYN_REF, PIT_CAP, K_P, M_MIN, K_M2, DRIVE_MAX, S_MIN,
 LOSS_MAX, W_P, RESET_MAX, EXCESS_REF, REGROW_H, REGROW_M, REGROW_S, S_FI, K_H, H_MIN, GERM_CAPACITY,
 OUTPUT_THRESHOLD, T_EXO_SCALE, T_BASE, GONADOTROPE_UP, DEPLETION_MAX, STEM_K2, RESIDUAL_A2,
 STORES_LEFT, TUBULE_MIN, TUBULE_A2, REGROW_T, BRAKE_K2, RESET_ONSET, S_ITT, SYN_INV_MAX) = range(len(PARAMS))

# The fast hormones and the intermediate signals ``fast`` computes, rows of its output (``as_dict`` names them).
FIELDS = ("T", "E2", "GnRH", "LH", "FSH", "leydig_stimulation", "inhibin_B", "ITT", "T_endogenous", "L_eff",
          "error", "d_error_du", "androgen_deficit", "d_deficit_du", "continuous", "beyond_limit", "firing",
          "gnrh_signal", "own_ITT", "androgen_support", "germ_support", "E2_read", "testis_volume", "serum_androgen")
(F_T, F_E2, F_GNRH, F_LH, F_FSH, F_LEYDIG_STIMULATION, F_INHIBIN_B, F_ITT, F_T_ENDOGENOUS, F_L_EFF, F_ERROR,
 F_D_ERROR_DU, F_ANDROGEN_DEFICIT, F_D_DEFICIT_DU, F_CONTINUOUS, F_BEYOND_LIMIT, F_FIRING, F_GNRH_SIGNAL,
 F_OWN_ITT, F_ANDROGEN_SUPPORT, F_GERM_SUPPORT, F_E2_READ, F_TESTIS_VOLUME, F_SERUM_ANDROGEN) = range(len(FIELDS))

# The drug inputs, rows of ``drug`` in agents.EFFECTS order as pk.effects gives them, the same for every man
# (T_exo in ng/dL, ER_block, aromatase inhibition, hCG as LH in IU/L, gonadorelin pulse drive, continuous GnRH
# exposure, non-aromatisable androgen in ng/dL).
(D_T_EXO, D_ER_BLOCK, D_AI, D_HCG, D_PULSE, D_CONTINUOUS, D_ANDROGEN_EXO) = range(7)


def bind(p, c, n=1):
    """The parameters the equations read, computed once: an array (len(PARAMS), n) for n men (p's values
    are floats or arrays of n; a batch whose varied parameters the equations do not read still gets a column
    a man). Its rows are named by PARAMS."""
    log = np.log
    KF, nF = p.fsh_drive_K, p.fsh_drive_hill
    values = dict(
        cap=p.gnrh_capacity, k_int=p.gnrh_integration_rate, k_leak=p.gnrh_leak_rate,
        k_leak_up=p.gnrh_leak_rate_above, release_D=p.gnrh_release_deficit,
        log_gmin=log(p.gnrh_min), log_gmax=log(p.gnrh_max),
        KF_n=KF ** nF, nF=nF, fsh_top=(1.0 + KF ** nF) ** (1.0 / nF),
        wA=p.androgen_feedback_weight, wE=1.0 - p.androgen_feedback_weight,
        wX=p.androgen_excess_weight, soft=p.androgen_excess_softness,
        T_floor=p.extragonadal_T / p.T_base, E2_floor=p.extragonadal_E2 / p.E2_base,
        sens=p.estrogen_sensitivity, arom=p.aromatase_activity, fE=p.testicular_E2_fraction,
        kappa=p.leydig_kappa, Lmax=p.leydig_Lmax, LH_base=p.LH_base, L50k=c.leydig_L50_aged ** p.leydig_kappa,
        leydig_gain=p.leydig_capacity * c.leydig_norm,
        KI=p.inhibin_feedback_K, floor=p.inhibin_floor, sertoli_cap=p.sertoli_capacity,
        germ_cells=_at_most(p.germ_cell_capacity, 1.0),       # inhibin B needs germ cells beside the Sertoli cells
        unstimulated=p.inhibin_unstimulated, puberty=p.pubertal_maturity, prepubertal=p.prepubertal_tubule_share,
        acute=p.leydig_acute_share, share=c.itt_serum_share,
        flare_max=p.gonadorelin_flare_max, flare_C50=p.gonadorelin_flare_C50,
        T_ngml=p.T_base / 100.0, Ce50=c.reserve_Ce50, reserve_hill=p.reserve_hill, reserve_ref=c.reserve_ref,
        KS=p.sertoli_fsh_K, wF=p.sertoli_fsh_share,
        Dp_max=p.pituitary_desensitisation_max,
        Dp_C50_n=p.pituitary_desensitisation_C50 ** p.pituitary_desensitisation_hill,
        Dp_n=p.pituitary_desensitisation_hill,
        Dl_max=p.leydig_desensitisation_max, Dl_L50_3=p.leydig_desensitisation_L50 ** 3,
        FI=p.sperm_FSH_independent, F50h=p.sperm_FSH50 ** 2, residual=p.residual_spermatogenesis,
        V_int=p.testis_interstitial_share, V_fix=p.testis_fixed_tubular_share,
        tubule_scale=_at_most(p.sertoli_capacity, 1.0) ** 0.5,     # fewer Sertoli cells, smaller tubules [M]
        leydig_volume=_at_most(p.leydig_capacity, 1.0),            # fewer Leydig cells, less interstitium [M]
        itt50_h=p.sperm_ITT50 ** p.sperm_ITT_hill, itt_hill=p.sperm_ITT_hill,
        syn_Ce50=p.gnrh_synthesis_C50 * T_ngml_of(p), syn_hill=p.gnrh_synthesis_hill, syn_ref=c.synthesis_ref,
        pit_cap=p.pituitary_capacity, KP=p.gonadotrope_trophic_K,
        M_min=p.leydig_mass_min, KM2=p.leydig_mass_K ** 2, drive_max=p.leydig_regrowth_drive_max,
        S_min=p.spermatogonia_min, loss_max=c.germ_loss_max_aged,
        wP=p.pituitary_estrogen_weight, reset_max=c.reset_max_aged, excess_ref=c.reset_ref,
        # regrowth factors by the parameter each state names in the registry (states.py)
        **{key: getattr(p, BY_NAME[name].regrowth) for key, name in (
            ("regrow_H", "gnrh_synthesis"), ("regrow_M", "leydig_mass"), ("regrow_S", "spermatogonia"),
            ("regrow_T", "tubule_capacity"))},
        SFI=p.spermatogonia_fsh_independent, KH=p.gnrh_synthesis_K, H_min=p.gnrh_synthesis_disuse_min,
        germ_capacity=p.germ_cell_capacity, output_threshold=p.sperm_output_threshold,
        T_exo_scale=p.T_base * p.clearance_factor, T_base=p.T_base,
        gonadotrope_up=p.gonadotrope_recovery, depletion_max=p.stem_cell_depletion_max,
        stem_K2=p.stem_cell_seeding_K ** 2, residual_A2=p.residual_spermatogenesis_A50 ** 2,
        stores_left=p.flare_stores_left, tubule_min=p.tubule_capacity_min, tubule_A2=p.tubule_androgen_A50 ** 2,
        brake_K2=p.fsh_brake_gnrh_K ** 2, reset_onset=p.central_reset_onset, SITT=p.spermatogonia_itt_share,
        syn_inv_max=1.0 / p.gnrh_synthesis_max_suppression,
    )
    P = np.empty((len(PARAMS), max(n, *(np.size(v) for v in values.values()))))
    for i, name in enumerate(PARAMS):
        P[i] = values[name]          # a float fills its row; a cohort's array gives each man his own
    return P


def as_dict(f):
    """The output of ``fast`` by field name."""
    return {name: f[i] for i, name in enumerate(FIELDS)}


@jitable
def fast(P, u, s, drug, f):
    """The fast hormones for the GnRH state u, the other slow states s (rows in states.RELAXING order) and the
    drug inputs (rows D_*, the same for every man), written into the rows of f (FIELDS). Explicit: no loop to
    solve. P is ``bind``'s array for one man (a kernel's row, or a list of floats), or with the men along its
    last axis (numpy) like u and s."""
    # exogenous T in units of the man's set point, scaled by his clearance; a non-aromatisable androgen in
    # units of his set point
    x_exo, androgen_exo = drug[D_T_EXO] / P[T_EXO_SCALE], drug[D_ANDROGEN_EXO] / P[T_BASE]
    er_block, ai, hcg = drug[D_ER_BLOCK], drug[D_AI], drug[D_HCG]
    pulse, continuous = drug[D_PULSE], drug[D_CONTINUOUS]
    log_gmin, log_gmax = P[LOG_GMIN], P[LOG_GMAX]
    KF_n, nF, fsh_top, wA, wE, wX, soft = P[KF_N], P[N_F], P[FSH_TOP], P[W_A], P[W_E], P[W_X], P[SOFT]
    T_floor, E2_floor, sens, arom, fE = P[T_FLOOR], P[E2_FLOOR], P[SENS], P[AROM], P[F_E]
    kappa, Lmax, LH_base, L50k, leydig_gain = P[KAPPA], P[L_MAX], P[LH_BASE], P[L50K], P[LEYDIG_GAIN]
    KI, floor, sertoli_cap, germ_cells, unstimulated = (P[K_I], P[INHIBIN_FLOOR], P[SERTOLI_CAP], P[GERM_CELLS],
                                                        P[UNSTIMULATED])
    prepubertal, acute, share, T_ngml, release_D = P[PREPUBERTAL], P[ACUTE], P[SHARE], P[T_NGML], P[RELEASE_D]
    FI, F50h, residual, V_int, V_fix = P[F_I], P[F50H], P[RESIDUAL], P[V_INT], P[V_FIX]

    u_in = minimum(maximum(u, log_gmin), log_gmax)
    firing = exp(u_in)                # the controller's output relative to its set point
    G = P[CAP] * s[GNRH_SYNTHESIS] * firing
    q = (1.0 - s[PITUITARY_DESENSITISATION]) * s[GONADOTROPES] * s[PITUITARY_E2_GAIN] * s[STORES]
    drive = q * (G + s[RESERVE] * (pulse + s[FLARE]))
    L_eff = LH_base * drive + hcg + 1e-12
    # desensitised (down-regulated) LH receptors need more LH or hCG for the same output: a strong
    # stimulus still saturates the Leydig cells, so more hCG never gives less T
    Lk = (L_eff * (1.0 - s[LEYDIG_DESENSITISATION])) ** kappa
    h = Lk / (L50k + Lk)
    mass = s[LEYDIG_MASS]
    # acute share of the stimulated output follows LH at once; the rest through the induced enzymes
    leydig_response = leydig_gain * mass * Lmax
    z = leydig_gain * mass + leydig_response * (acute * h + (1.0 - acute) * s[STEROIDOGENESIS])
    t = x_exo + (1.0 - T_floor) * z + T_floor        # the adrenals' T under the testes' own
    e_total = (1.0 - fE) * t + fE * z
    e_gonadal = (1.0 - E2_floor) * e_total          # E2 from T and the testes, then the extragonadal E2
    e = arom * (1.0 - ai) * (e_gonadal + E2_floor)
    a = t + androgen_exo
    ln_a = log(a)
    above = ln_a * (ln_a > 0)
    e_read = sens * (1.0 - er_block) * e             # E2 as the oestrogen receptors read it
    # a lasting reset of the set point reads as a steroid excess that is not there
    error = wA * ln_a + wX * above * above / (above + soft) + wE * log(e_read) + s[CENTRAL_RESET]
    maturity = s[MATURITY]
    # Sertoli cells with germ cells make inhibin B, more under FSH (immature ones too: boys' inhibin B)
    inhibin = sertoli_cap * (floor + (1.0 - floor) * germ_cells
                             * (unstimulated + (1.0 - unstimulated) * s[SERTOLI]))
    itt = (1.0 - share) * z + share * t
    own_itt = z                       # the testis's own T, relative (serum T reaching the tubules is not counted)
    # d(error)/du through GnRH -> LH -> Leydig -> T and E2, in closed form (for the stepper's Jacobian)
    dz_du = acute * leydig_response * kappa * h * (1.0 - h) * LH_base * q * G / L_eff * (u_in == u)
    # androgen fallen below both the man's own level and its recent level (the effect site, t1/2 ~3 weeks),
    # in units of gnrh_release_deficit: 0 at rest, however low a man's own T sits, and while T is rising
    recent = log(s[ANDROGEN_EXPOSURE] / T_ngml)
    fall = recent * (recent < 0) - ln_a
    short = fall > 0
    deficit = fall * short / release_D
    bend_slope = above * (above + 2.0 * soft) / ((above + soft) * (above + soft))
    # FSH follows GnRH drive below its set point and saturates above (sharp bend), times the inhibin brake,
    # whose release needs GnRH pulses (own neurons or a pump): without them losing inhibin B lifts FSH little
    pulsing = minimum(P[CAP] + pulse, 1.0)
    release = ((1.0 + KI) / (1.0 + KI * inhibin) - 1.0) * _normalised_hill2(pulsing * pulsing, P[BRAKE_K2])
    fsh = drive * fsh_top / (KF_n + power(drive, nF)) ** (1.0 / nF) * (1.0 + release)
    # germ cells entering spermatogenesis per unit of reserve (1 = healthy): androgen support (the
    # testis's own T, or what escapes suppression) times FSH's share
    fsh2 = fsh * fsh
    # the residual support reaches the tubules with the serum androgen (exogenous or not): kept on TRT, gone
    # after years of GnRH deficiency, where serum T sits near the adrenals' floor
    a_in = minimum(a, 1.0)
    residual = residual * _normalised_hill2(a_in * a_in, P[RESIDUAL_A2])
    androgen = residual + (1.0 - residual) * androgen_support(own_itt, P[ITT50_H], P[ITT_HILL])
    support = androgen * (FI + (1.0 - FI) * _normalised_hill2(fsh2, F50h))
    # tubules fill with germ cells as the reserve and Sertoli function (a slow state, t1/2 ~3 weeks) allow,
    # so testis volume changes over weeks to months, and a testis with few Sertoli cells is small
    filled = germ_cells * minimum(s[SPERMATOGONIA], s[TUBULES]) * minimum(s[SERTOLI], 1.0)
    tubules = P[TUBULE_SCALE] * (prepubertal + (1.0 - prepubertal) * maturity)
    volume = (V_int * P[LEYDIG_VOLUME] * mass
              + (1.0 - V_int) * tubules * (V_fix + (1.0 - V_fix) * filled))
    f[F_T], f[F_E2], f[F_GNRH], f[F_LH], f[F_FSH] = t, e, G, drive, fsh
    f[F_LEYDIG_STIMULATION], f[F_INHIBIN_B], f[F_ITT], f[F_T_ENDOGENOUS], f[F_L_EFF] = h, inhibin, itt, t - x_exo, L_eff
    f[F_ERROR] = error
    f[F_D_ERROR_DU] = ((wA + wX * bend_slope) * (1.0 - T_floor) / a
                       + wE * (1.0 - E2_floor) * (1.0 - (1.0 - fE) * T_floor) / (e_gonadal + E2_floor)) * dz_du
    f[F_ANDROGEN_DEFICIT], f[F_D_DEFICIT_DU] = deficit, short * (T_floor - 1.0) / a * dz_du / release_D
    f[F_CONTINUOUS], f[F_BEYOND_LIMIT], f[F_FIRING], f[F_GNRH_SIGNAL] = continuous, u - u_in, firing, G + pulse
    f[F_OWN_ITT], f[F_ANDROGEN_SUPPORT], f[F_GERM_SUPPORT], f[F_E2_READ] = own_itt, androgen, support, e_read
    f[F_TESTIS_VOLUME], f[F_SERUM_ANDROGEN] = volume, a
    return f


@jitable
def gnrh_rate(P, u, f):
    """du/dt and its derivative in u (the integrating controller; past a limit it stops adapting)."""
    k_leak = P[K_LEAK]
    beyond = f[F_BEYOND_LIMIT]
    outside = beyond != 0
    leak = k_leak + (P[K_LEAK_UP] - k_leak) * (u > 0)
    error = f[F_ERROR]
    # androgen lost below the man's own level releases GnRH faster, inside the limits only (no wind-up); the
    # gain fades over RELEASE_TAPER past a limit rather than switching off there, because a switch makes u
    # chatter on the limit and stalls an adaptive solver (the LSODA reference)
    # (the stepper's slope leaves the taper out: past a limit its sign can turn the step unstable, and the
    # taper only shapes how the gain leaves, which k_bound's pull dominates)
    ratio = minimum(abs(beyond / RELEASE_TAPER), 1e6)
    taper = 1.0 / (1.0 + ratio * ratio)
    deficit = f[F_ANDROGEN_DEFICIT] * taper
    gain = 1.0 + deficit * deficit
    k_int = P[K_INT]
    return (-k_int * gain * error - leak * u - GNRH_BOUND_RATE * beyond,
            -k_int * (gain * f[F_D_ERROR_DU] + 2.0 * deficit * f[F_D_DEFICIT_DU] * taper * error)
            - leak - GNRH_BOUND_RATE * outside)


@jitable
def gonadotrope_reserve(P, Ce):
    """Bi 2018's LHRH-stimulated LH: the gonadotropes' response to a GnRH bolus (1 = healthy)."""
    return 1.0 / (1.0 + (Ce / P[CE50]) ** P[RESERVE_HILL]) / P[RESERVE_REF]


@jitable
def targets(P, f, s, out, settle):
    """Where each relaxing slow state is heading, written into out's rows (states.RELAXING order, each by its
    state's name; states.py gives their rates).
    A state that regrows from what is left heads for x + (target - x) * regrowth * x while below it;
    ``settle`` gives the plain targets instead (where each state comes to rest, for the steady state)."""
    F50h, syn_Ce50, syn_hill, excess_ref = P[F50H], P[SYN_CE50], P[SYN_HILL], P[EXCESS_REF]
    H_min, KH, KS, wF, KP, M_min, KM2 = P[H_MIN], P[K_H], P[K_S], P[W_F], P[K_P], P[M_MIN], P[K_M2]
    drive_max, S_min, SFI, puberty = P[DRIVE_MAX], P[S_MIN], P[S_FI], P[PUBERTY]
    L3 = f[F_L_EFF] ** 3
    fsh = f[F_FSH]
    fsh2 = fsh * fsh
    fsh_share = fsh2 * (1.0 + F50h) / (F50h + fsh2)      # FSH's effect on germ cells (1 = healthy)
    continuous = f[F_CONTINUOUS]
    m_n = power(continuous, P[DP_N])
    Ce = s[ANDROGEN_EXPOSURE]
    G_rel = f[F_GNRH_SIGNAL]        # pulsatile GnRH reaching the pituitary, own or pumped (priming)
    L_rel = f[F_L_EFF] / P[LH_BASE]
    L_rel2 = L_rel * L_rel
    short = 1.0 - f[F_GERM_SUPPORT]
    short = short * (short > 0)                          # how far germ-cell support falls short of normal
    androgen_excess = power(Ce / syn_Ce50, syn_hill)
    excess = (androgen_excess / (1.0 + androgen_excess) - excess_ref) / (1.0 - excess_ref)  # well above his own
    excess = excess * (excess > 0)                                           # (0 at rest, 1 at most)
    firing = f[F_FIRING]
    synthesis = ((H_min + (1.0 - H_min) * (1.0 + KH) * firing / (KH + firing))   # disuse lowers GnRH synthesis,
                 / (1.0 + _saturated(androgen_excess, P[SYN_INV_MAX])) / P[SYN_REF])  # androgen excess too
    # new Leydig cells grow faster under a stronger LH or hCG drive (at most drive_max times)
    mass = M_min + (1.0 - M_min) * (1.0 + KM2) * L_rel2 / (KM2 + L_rel2)
    mass_regrowth = P[REGROW_M] * drive_max * L_rel / (drive_max - 1.0 + L_rel)
    # the floor the reserve falls to (quiescent stem cells) sinks slowly over years without support
    spermatogonia = (1.0 - s[GERM_LOSS]) * (S_min * (1.0 - s[DEPLETION]) + (1.0 - S_min) * (1.0 - short))
    # the reserve regrows from clones the quiescent stem cells seed: where years without support have thinned
    # them (acquired GnRH deficiency), it restarts slowly, gaining pace as the stem cells return
    stem_cells = 1.0 - s[DEPLETION]
    seeded = _normalised_hill2(stem_cells * stem_cells, P[STEM_K2])
    # the testis's own T above its normal level (hCG) carries part of FSH's drive: half of that part at twice normal
    itt_above = f[F_OWN_ITT] - 1.0
    itt_above = itt_above * (itt_above > 0)
    fsh_short = 1.0 - _at_most(fsh_share, 1.0)
    drive = fsh_share + fsh_short * P[S_ITT] * itt_above / (1.0 + itt_above)
    spermatogonia_regrowth = P[REGROW_S] * (SFI + (1.0 - SFI) * drive) * seeded
    # the tubules regress while neither germ-cell support nor serum androgen (the Sertoli cells' androgen
    # receptors; TRT keeps it) reaches them, and regrow from what is left
    a_in = minimum(f[F_SERUM_ANDROGEN], 1.0)
    unsupported = (1.0 - minimum(f[F_GERM_SUPPORT], 1.0)) * (1.0 - _normalised_hill2(a_in * a_in, P[TUBULE_A2]))
    tubules = 1.0 - (1.0 - P[TUBULE_MIN]) * unsupported
    if not settle:
        synthesis = _regrow(s[GNRH_SYNTHESIS], synthesis, P[REGROW_H])
        mass = _regrow(s[LEYDIG_MASS], mass, mass_regrowth)
        spermatogonia = _regrow(s[SPERMATOGONIA], spermatogonia, spermatogonia_regrowth)
        tubules = _regrow(s[TUBULES], tubules, P[REGROW_T])
    out[ANDROGEN_EXPOSURE] = P[T_NGML] * f[F_T]
    out[RESERVE] = gonadotrope_reserve(P, Ce)
    out[SERTOLI] = wF * (1.0 + KS) * fsh / (KS + fsh) + (1.0 - wF) * f[F_ANDROGEN_SUPPORT]
    desensitising = m_n / (m_n + P[DP_C50_N])         # 0-1: GnRH-receptor exposure that never leaves the blood
    out[PITUITARY_DESENSITISATION] = P[DP_MAX] * desensitising
    # the same exposure keeps releasing the LH stores, so they never refill between pulses (Tornoe 2007's pool)
    out[STORES] = 1.0 - (1.0 - P[STORES_LEFT]) * desensitising
    out[LEYDIG_DESENSITISATION] = P[DL_MAX] * L3 / (L3 + P[DL_L50_3])
    out[GNRH_SYNTHESIS] = synthesis
    gonadotropes = P[PIT_CAP] * (1.0 + KP) * G_rel / (KP + G_rel)
    if not settle:
        gonadotropes = _faster_up(s[GONADOTROPES], gonadotropes, P[GONADOTROPE_UP])
    out[GONADOTROPES] = gonadotropes
    out[PITUITARY_E2_GAIN] = f[F_E2_READ] ** -P[W_P]          # a SERM or an AI lifts E2's brake
    out[LEYDIG_MASS] = mass
    out[SPERMATOGONIA] = spermatogonia
    out[TUBULES] = tubules
    reset = P[RESET_MAX] * excess
    if not settle:
        reset = _faster_up(s[CENTRAL_RESET], reset, P[RESET_ONSET])     # builds over a year or two, heals over years
    out[CENTRAL_RESET] = reset
    out[GERM_LOSS] = P[LOSS_MAX] * short
    out[DEPLETION] = P[DEPLETION_MAX] * short
    # continuous GnRH-receptor stimulation empties the LH stores into the blood: LH rises over hours
    out[FLARE] = P[FLARE_MAX] * continuous / (continuous + P[FLARE_C50])
    out[STEROIDOGENESIS] = f[F_LEYDIG_STIMULATION]
    # puberty happens once: FSH and the testis's own T mature the tubules beyond what they had reached
    out[MATURITY] = puberty + (1.0 - puberty) * _at_most(fsh_share, 1.0) * f[F_ANDROGEN_SUPPORT]
    return out
