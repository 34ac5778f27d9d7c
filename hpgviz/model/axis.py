"""The axis: GnRH -> LH/FSH -> testes -> T and E2, with its feedback, as pure functions of the state.

Time scales set the structure. LH, FSH, serum T and E2 turn over in minutes to hours, so on the day
scale a reader looks at they follow the slow states at once (quasi-steady state); ``fast`` computes
them explicitly, with no loop to solve, because every feedback acts through a slow state:

    GnRH  G = capacity * exp(u clipped to [ln G_min, ln G_max])   u: the hypothalamus's adapting output
    LH    = (1 - desensitisation) * E2 gain * (G + reserve * (gonadorelin pulses + flare))   relative to healthy
            E2 gain: E2's brake at the pituitary (a slow state), lifted by a SERM or an AI
    T     = exogenous + Leydig(LH_base * LH + hCG) + adrenal floor    Tornoe 2007's saturating Leydig curve,
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
The same code runs on Python floats (one patient, fastest) and on numpy arrays (a cohort).
"""
from __future__ import annotations

import math
from types import SimpleNamespace

from .sperm import make_androgen_support
from .states import BY_NAME, RELAXING

# Where each relaxing slow state sits in the state sequences the stepper passes around (registry order).
(ANDROGEN_EXPOSURE, RESERVE, SERTOLI, PITUITARY_DESENSITISATION, LEYDIG_DESENSITISATION, GNRH_SYNTHESIS,
 GONADOTROPES, PITUITARY_E2_GAIN, LEYDIG_MASS, SPERMATOGONIA, CENTRAL_RESET, GERM_LOSS) = (
    RELAXING.index(name) for name in ("androgen_exposure", "gonadotrope_reserve", "sertoli",
                                      "pituitary_desensitisation", "leydig_desensitisation", "gnrh_synthesis",
                                      "gonadotrope_capacity", "pituitary_estrogen_gain", "leydig_mass",
                                      "spermatogonia", "central_reset", "germ_cell_loss"))
FLARE, STEROIDOGENESIS, MATURITY = (RELAXING.index(name) for name in
                                    ("gonadotrope_flare", "leydig_steroidogenesis", "testis_maturity"))

NG_DL_PER_NMOL_L = 28.84   # testosterone: 1 nmol/L = 28.84 ng/dL
GERM_LOSS_CAP = 0.95       # some stem cells always survive: the lasting loss stays below this fraction
GNRH_BOUND_RATE = 2.0      # 1/day: how fast the controller returns inside its limits (numerical, not a fit)
RELEASE_TAPER = 0.05      # ln units past a GnRH limit over which the deficit gain fades (numerical, not a fit)


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


def spermatogenic_output(capacity, threshold):
    """Sperm reaching the ejaculate per unit of healthy output, from the testis's spermatogenic capacity
    (Sertoli cells x germ cells x maturity, relative): nothing below the threshold (Silber 1997), then a
    straight line through (1, 1), so a capacity of 10 % is azoospermia, not 10 % of a normal count."""
    above = (capacity - threshold) / (1.0 - threshold)
    return above * (above > 0)


def germ_cell_input(f, s, p):
    """Germ cells entering spermatogenesis (1 = healthy): the support per unit of reserve (fast) times the
    spermatogonial reserve (a slow state) and what the man's Sertoli cells, germ cells and the testis's
    maturity let reach the ejaculate."""
    capacity = p.sertoli_capacity * p.germ_cell_capacity * s[MATURITY]
    return f["germ_support"] * s[SPERMATOGONIA] * spermatogenic_output(capacity, p.sperm_output_threshold)


def T_ngml_of(p):
    """The man's baseline serum T in ng/mL (the unit of the Bi 2018 effect site)."""
    return p.T_base / 100.0


def _regrow(x, target, regrowth):
    """Effective target of a state that shrinks at its rate but regrows from what is left: while below
    its target it moves at rate * regrowth * x (so dx/dt = rate * (returned - x))."""
    below = target > x
    return x + (target - x) * (1.0 + below * (regrowth * x - 1.0))


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
        synthesis_ref=1.0 / (1.0 + (1.0 / p.gnrh_synthesis_C50) ** p.gnrh_synthesis_hill),
        reset_ref=_excess(p.central_reset_threshold, p),      # the androgen excess where the reset starts
        reset_max_aged=p.central_reset_max * math.e ** (p.central_reset_age_slope * _years_over_30(p.age)),
        germ_loss_max_aged=_at_most(p.germ_loss_max * math.e ** (p.germ_loss_age_slope * _years_over_30(p.age)),
                                    GERM_LOSS_CAP),
    )


def make_axis(p, c, xp):
    """Bind the parameters once and return the axis as closures (``fast``, ``gnrh_rate``, ``targets``).

    ``fast(u, s, drug)`` gives the fast hormones (a dict by name) for the GnRH state u, the other slow
    states s (a sequence in states.RELAXING order) and drug = (T_exo relative, ER_block, aromatase inhibition, hCG as LH in IU/L,
    gonadorelin pulse drive, continuous GnRH exposure). Binding constants in closures keeps a
    one-patient step at a few microseconds; the same closures run on arrays for a cohort."""
    exp, log = xp.exp, xp.log
    cap, k_int, k_leak = p.gnrh_capacity, p.gnrh_integration_rate, p.gnrh_leak_rate
    k_leak_up, release_D = p.gnrh_leak_rate_above, p.gnrh_release_deficit
    log_gmin, log_gmax, k_bound = log(p.gnrh_min), log(p.gnrh_max), GNRH_BOUND_RATE
    scalar = xp is math
    clip = lambda u: xp.minimum(xp.maximum(u, log_gmin), log_gmax)   # noqa: E731 (arrays)
    KF, nF = p.fsh_drive_K, p.fsh_drive_hill
    KF_n, fsh_top = KF ** nF, (1.0 + KF ** nF) ** (1.0 / nF)
    wA = p.androgen_feedback_weight
    wE = 1.0 - wA
    wX, soft = p.androgen_excess_weight, p.androgen_excess_softness
    T_floor, E2_floor = p.extragonadal_T / p.T_base, p.extragonadal_E2 / p.E2_base
    sens, arom, fE = p.estrogen_sensitivity, p.aromatase_activity, p.testicular_E2_fraction
    kappa, Lmax, LH_base = p.leydig_kappa, p.leydig_Lmax, p.LH_base
    L50k = c.leydig_L50_aged ** kappa
    leydig_gain = p.leydig_capacity * c.leydig_norm
    KI, floor, sertoli_cap = p.inhibin_feedback_K, p.inhibin_floor, p.sertoli_capacity
    germ_cells = _at_most(p.germ_cell_capacity, 1.0)       # inhibin B needs germ cells beside the Sertoli cells
    unstimulated = p.inhibin_unstimulated
    puberty, prepubertal = p.pubertal_maturity, p.prepubertal_tubule_share
    acute = p.leydig_acute_share
    share = c.itt_serum_share
    flare_max, flare_C50 = p.gonadorelin_flare_max, p.gonadorelin_flare_C50
    T_ngml, Ce50, hill, ref = p.T_base / 100.0, c.reserve_Ce50, p.reserve_hill, c.reserve_ref
    KS, wF = p.sertoli_fsh_K, p.sertoli_fsh_share
    Dp_max, Dp_C50_n, Dp_n = (p.pituitary_desensitisation_max, p.pituitary_desensitisation_C50
                              ** p.pituitary_desensitisation_hill, p.pituitary_desensitisation_hill)
    Dl_max, Dl_L50_3 = p.leydig_desensitisation_max, p.leydig_desensitisation_L50 ** 3
    FI, F50h, residual = p.sperm_FSH_independent, p.sperm_FSH50 ** 2, p.residual_spermatogenesis
    V_int, V_fix = p.testis_interstitial_share, p.testis_fixed_tubular_share
    tubule_scale = _at_most(p.sertoli_capacity, 1.0) ** 0.5     # fewer Sertoli cells, smaller tubules [M]
    leydig_volume = _at_most(p.leydig_capacity, 1.0)               # fewer Leydig cells, less interstitium [M]
    germ_androgen = make_androgen_support(p)
    syn_Ce50, syn_hill, syn_ref = p.gnrh_synthesis_C50 * T_ngml_of(p), p.gnrh_synthesis_hill, c.synthesis_ref
    pit_cap, KP = p.pituitary_capacity, p.gonadotrope_trophic_K
    M_min, KM2, drive_max = p.leydig_mass_min, p.leydig_mass_K ** 2, p.leydig_regrowth_drive_max
    S_min, loss_max = p.spermatogonia_min, c.germ_loss_max_aged
    wP, reset_max, excess_ref = p.pituitary_estrogen_weight, c.reset_max_aged, c.reset_ref
    # regrowth factors by the parameter each state names in the registry (states.py)
    regrow_H, regrow_M, regrow_S = (getattr(p, BY_NAME[name].regrowth)
                                    for name in ("gnrh_synthesis", "leydig_mass", "spermatogonia"))
    SFI = p.spermatogonia_fsh_independent
    KH, H_min = p.gnrh_synthesis_K, p.gnrh_synthesis_disuse_min

    def fast(u, s, drug):
        x_exo, er_block, ai, hcg, pulse, continuous, androgen_exo = drug
        u_in = (log_gmin if u < log_gmin else log_gmax if u > log_gmax else u) if scalar else clip(u)
        firing = exp(u_in)                # the controller's output relative to its set point
        G = cap * s[GNRH_SYNTHESIS] * firing
        q = (1.0 - s[PITUITARY_DESENSITISATION]) * s[GONADOTROPES] * s[PITUITARY_E2_GAIN]
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
        # FSH follows GnRH drive below its set point and saturates above (sharp bend), times the inhibin brake
        fsh = drive * fsh_top / (KF_n + drive ** nF) ** (1.0 / nF) * (1.0 + KI) / (1.0 + KI * inhibin)
        # germ cells entering spermatogenesis per unit of reserve (1 = healthy): androgen support (the
        # testis's own T, or what escapes suppression) times FSH's share
        fsh2 = fsh * fsh
        androgen = residual + (1.0 - residual) * germ_androgen(own_itt)
        support = androgen * (FI + (1.0 - FI) * fsh2 * (1.0 + F50h) / (F50h + fsh2))
        # tubules fill with germ cells as the reserve and Sertoli function (a slow state, t1/2 ~3 weeks) allow,
        # so testis volume changes over weeks to months, and a testis with few Sertoli cells is small
        sertoli_now = s[SERTOLI]
        filled = germ_cells * s[SPERMATOGONIA] * ((sertoli_now if sertoli_now < 1.0 else 1.0) if scalar
                                                  else xp.minimum(sertoli_now, 1.0))
        tubules = tubule_scale * (prepubertal + (1.0 - prepubertal) * maturity)
        volume = V_int * leydig_volume * mass + (1.0 - V_int) * tubules * (V_fix + (1.0 - V_fix) * filled)
        return {"T": t, "E2": e, "GnRH": G, "LH": drive, "FSH": fsh, "leydig_stimulation": h,
                "inhibin_B": inhibin, "ITT": itt, "T_endogenous": t - x_exo, "L_eff": L_eff, "error": error,
                "d_error_du": ((wA + wX * bend_slope) * (1.0 - T_floor) / a
                               + wE * (1.0 - E2_floor) * (1.0 - (1.0 - fE) * T_floor) / (e_gonadal + E2_floor)) * dz_du,
                "androgen_deficit": deficit, "d_deficit_du": short * (T_floor - 1.0) / a * dz_du / release_D,
                "continuous": continuous,
                "beyond_limit": u - u_in, "firing": firing, "gnrh_signal": G + pulse, "own_ITT": own_itt,
                "androgen_support": androgen, "germ_support": support, "E2_read": e_read,
                "testis_volume": volume}

    def gnrh_rate(u, f):
        """du/dt and its derivative in u (the integrating controller; past a limit it stops adapting)."""
        beyond = f["beyond_limit"]
        outside = beyond != 0
        leak = k_leak + (k_leak_up - k_leak) * (u > 0)
        error = f["error"]
        # androgen lost below the man's own level releases GnRH faster, inside the limits only (no wind-up); the
        # gain fades over RELEASE_TAPER past a limit rather than switching off there, because a switch makes u
        # chatter on the limit and stalls an adaptive solver (the LSODA reference)
        # (the stepper's slope leaves the taper out: past a limit its sign can turn the step unstable, and the
        # taper only shapes how the gain leaves, which k_bound's pull dominates)
        ratio = beyond / RELEASE_TAPER
        taper = 1.0 / (1.0 + ratio * ratio) if scalar else 1.0 / (1.0 + xp.minimum(xp.abs(ratio), 1e6) ** 2)
        deficit = f["androgen_deficit"] * taper
        gain = 1.0 + deficit * deficit
        return (-k_int * gain * error - leak * u - k_bound * beyond,
                -k_int * (gain * f["d_error_du"] + 2.0 * deficit * f["d_deficit_du"] * taper * error)
                - leak - k_bound * outside)

    def reserve(Ce):
        """Bi 2018's LHRH-stimulated LH: the gonadotropes' response to a GnRH bolus (1 = healthy)."""
        return 1.0 / (1.0 + (Ce / Ce50) ** hill) / ref

    def targets(f, s, settle=False):
        """Where each relaxing slow state is heading, a dict by state name (states.py gives their rates;
        states.in_order lines them up with the state sequence).
        A state that regrows from what is left heads for x + (target - x) * regrowth * x while below it;
        ``settle`` gives the plain targets instead (where each state comes to rest, for the steady state)."""
        regrow = (lambda x, target, regrowth: target) if settle else _regrow
        L3 = f["L_eff"] ** 3
        fsh = f["FSH"]
        fsh2 = fsh * fsh
        fsh_share = fsh2 * (1.0 + F50h) / (F50h + fsh2)      # FSH's effect on germ cells (1 = healthy)
        continuous = f["continuous"]
        m_n = continuous ** Dp_n
        Ce = s[ANDROGEN_EXPOSURE]
        G_rel = f["gnrh_signal"]        # pulsatile GnRH reaching the pituitary, own or pumped (priming)
        L_rel = f["L_eff"] / LH_base
        L_rel2 = L_rel * L_rel
        short = 1.0 - f["germ_support"]
        short = short * (short > 0)                          # how far germ-cell support falls short of normal
        excess = (Ce / syn_Ce50) ** syn_hill
        excess = (excess / (1.0 + excess) - excess_ref) / (1.0 - excess_ref)   # androgen well above his own
        excess = excess * (excess > 0)                                           # (0 at rest, 1 at most)
        return {
            "androgen_exposure": T_ngml * f["T"],
            "gonadotrope_reserve": reserve(Ce),
            "sertoli": wF * (1.0 + KS) * fsh / (KS + fsh) + (1.0 - wF) * f["androgen_support"],
            "pituitary_desensitisation": Dp_max * m_n / (m_n + Dp_C50_n),
            "leydig_desensitisation": Dl_max * L3 / (L3 + Dl_L50_3),
            # disuse lowers GnRH synthesis, androgen excess too
            "gnrh_synthesis": regrow(s[GNRH_SYNTHESIS],
                                     (H_min + (1.0 - H_min) * (1.0 + KH) * f["firing"] / (KH + f["firing"]))
                                     / (1.0 + (Ce / syn_Ce50) ** syn_hill) / syn_ref, regrow_H),
            "gonadotrope_capacity": pit_cap * (1.0 + KP) * G_rel / (KP + G_rel),
            "pituitary_estrogen_gain": f["E2_read"] ** -wP,          # a SERM or an AI lifts E2's brake
            # new Leydig cells grow faster under a stronger LH or hCG drive (at most drive_max times)
            "leydig_mass": regrow(s[LEYDIG_MASS], M_min + (1.0 - M_min) * (1.0 + KM2) * L_rel2 / (KM2 + L_rel2),
                                  regrow_M * drive_max * L_rel / (drive_max - 1.0 + L_rel)),
            "spermatogonia": regrow(s[SPERMATOGONIA], (1.0 - s[GERM_LOSS]) * (S_min + (1.0 - S_min) * (1.0 - short)),
                                    regrow_S * (SFI + (1.0 - SFI) * fsh_share)),
            "central_reset": reset_max * excess,
            "germ_cell_loss": loss_max * short,
            # continuous GnRH-receptor stimulation empties the LH stores into the blood: LH rises over hours
            "gonadotrope_flare": flare_max * continuous / (continuous + flare_C50),
            "leydig_steroidogenesis": f["leydig_stimulation"],
            # puberty happens once: FSH and the testis's own T mature the tubules beyond what they had reached
            "testis_maturity": puberty + (1.0 - puberty) * _at_most(fsh_share, 1.0) * f["androgen_support"],
        }

    return SimpleNamespace(fast=fast, gnrh_rate=gnrh_rate, targets=targets, reserve=reserve,
                           T_ngml=T_ngml)
