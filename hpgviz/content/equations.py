"""The model's equations as rendered text (LaTeX in Markdown), with the parameters and states each one uses.

The academic tier shows these beside the parameter table. They are written from hpgviz/model/axis.py,
sperm.py and reference.py; every symbol names the parameter (parameters.PHYSIOLOGY) or slow state
(states.STATES) it stands for, and tests/content/test_equations.py checks that each of those names exists and
that every slow state of the registry has an equation, so the text cannot drift from the code unseen.
A slow state that has no hand-written target below is still shown, in the generic form every relaxing
state follows (dx/dt = rate * (target - x)), with its rate parameter and meaning from the registry.

Content layer: words and tables, no drawing.
"""
from __future__ import annotations

import re

import math
from dataclasses import dataclass

from ..model import states as _states
from ..model.parameters import DRUGS, PHYSIOLOGY
from ..model.patient import VARIABILITY
from .protocols import HTMLTable

__all__ = ["Equation", "EQUATIONS", "SYMBOLS", "model_equations", "parameter_rows", "parameter_table",
           "state_rows", "slow_state_table", "half_life_days", "named_parameters", "named_states"]


@dataclass(frozen=True)
class Equation:
    title: str
    latex: str                 # display maths, without the $$ fences
    parameters: tuple = ()     # parameter names (PHYSIOLOGY or DRUGS) the equation uses
    states: tuple = ()         # slow-state names (states.STATES) the equation moves or reads
    note: str = ""


# Symbol of each parameter in the equations (LaTeX), so the table and the equations speak alike.
SYMBOLS = {
    "gnrh_capacity": r"c_G", "gnrh_min": r"G_{\min}", "gnrh_max": r"G_{\max}",
    "gnrh_integration_rate": r"k_{\mathrm{int}}", "gnrh_leak_rate": r"k_{\mathrm{leak}}",
    "gnrh_leak_rate_above": r"k_{\mathrm{leak}}^{+}", "androgen_feedback_weight": r"w",
    "estrogen_sensitivity": r"s_E", "aromatase_activity": r"a", "testicular_E2_fraction": r"f_E",
    "LH_base": r"LH_0", "T_base": r"T_0", "leydig_capacity": r"c_L", "leydig_Lmax": r"L_{\max}",
    "leydig_L50": r"L_{50}", "leydig_kappa": r"\kappa", "leydig_age_slope": r"s_{\mathrm{age}}",
    "fsh_drive_K": r"K_F", "inhibin_feedback_K": r"K_I", "sertoli_capacity": r"c_S",
    "inhibin_floor": r"f_I", "reserve_ke0": r"k_{e0}", "reserve_IC50": r"C_{50}", "reserve_hill": r"n_R",
    "reserve_kout": r"k_{\mathrm{out}}", "sertoli_rate": r"k_S", "sertoli_fsh_K": r"K_S",
    "sertoli_fsh_share": r"w_F", "pituitary_desensitisation_rate": r"k_{D_p}",
    "pituitary_desensitisation_max": r"D_{p,\max}", "pituitary_desensitisation_C50": r"C_{50,p}",
    "leydig_desensitisation_rate": r"k_{D_l}", "leydig_desensitisation_max": r"D_{l,\max}",
    "leydig_desensitisation_L50": r"L_{50,D}", "gonadorelin_flare_max": r"F_{\max}",
    "gonadorelin_flare_C50": r"C_{50,F}", "flare_stores_left": r"\Omega_{\min}", "flare_stores_rate": r"k_\Omega",
    "spermatogenesis_days": r"\tau_s",
    "spermatogenesis_stages": r"N", "epididymal_days": r"\tau_e", "sperm_ITT50": r"z_{50}",
    "sperm_ITT_hill": r"n_z", "sperm_FSH50": r"F_{50}", "sperm_FSH_independent": r"\phi",
    "germ_cell_loss_rate": r"k_{\mathrm{loss}}", "age": r"\mathrm{age}", "hcg_LH_equivalence": r"\epsilon_{hCG}",
    "hcg_LH_max": r"L_{hCG}",
    "residual_spermatogenesis": r"r", "residual_spermatogenesis_A50": r"a_{50,r}",
    "gnrh_synthesis_rate": r"k_H", "gnrh_synthesis_regrowth": r"\rho_H", "gnrh_synthesis_C50": r"C_{50,H}",
    "gnrh_synthesis_hill": r"n_H", "pituitary_capacity": r"c_P", "gonadotrope_rate": r"k_P",
    "gonadotrope_trophic_K": r"K_P", "leydig_mass_rate": r"k_M", "leydig_mass_regrowth": r"\rho_M",
    "leydig_mass_min": r"M_{\min}", "leydig_mass_K": r"K_M", "spermatogonia_rate": r"k_{Sg}",
    "spermatogonia_regrowth": r"\rho_{Sg}", "spermatogonia_fsh_independent": r"\phi_S",
    "spermatogonia_itt_share": r"\psi_S",
    "spermatogonia_min": r"S_{g,\min}", "germ_loss_rate": r"k_{\lambda}",
    "germ_loss_max": r"\lambda_{\max}", "germ_loss_age_slope": r"s_{\lambda}", "testis_volume_base": r"V_0",
    "testis_interstitial_share": r"v_I", "testis_fixed_tubular_share": r"v_F",
    "fsh_drive_hill": r"n_F", "inhibin_unstimulated": r"u_I", "germ_cell_capacity": r"c_G^{g}",
    "sperm_output_threshold": r"\theta", "pubertal_maturity": r"\mu_0", "testis_maturation_rate": r"k_{\mu}",
    "prepubertal_tubule_share": r"v_{\mathrm{pre}}", "leydig_acute_share": r"a_L",
    "leydig_induction_rate": r"k_{I}", "gonadorelin_flare_rate": r"k_{F}",
    "pituitary_desensitisation_hill": r"n_p",
    "androgen_excess_weight": r"w_X", "androgen_excess_softness": r"\delta", "dht_androgen_potency": r"p_{DHT}",
    "pituitary_estrogen_weight": r"w_P", "extragonadal_T": r"T_{\mathrm{adr}}", "extragonadal_E2": r"E_{2,\mathrm{adr}}",
    "central_reset_max": r"\rho_{\max}", "central_reset_rate": r"k_{\rho}", "central_reset_onset": r"o_{\rho}", "central_reset_age_slope": r"s_{\rho}",
    "central_reset_threshold": r"\theta_{\rho}", "gnrh_release_deficit": r"D_R",
    "leydig_regrowth_drive_max": r"g_M", "stem_cell_depletion_rate": r"k_{\delta}",
    "stem_cell_depletion_max": r"\delta_{\max}", "gonadotrope_recovery": r"\rho_P",
    "fsh_brake_gnrh_K": r"K_{\Pi}", "tubule_rate": r"k_{\tau}", "tubule_regrowth": r"\rho_{\tau}",
    "tubule_capacity_min": r"\tau_{\min}", "tubule_androgen_A50": r"a_{50,\tau}",
    "T_base": r"T_0", "E2_base": r"E_{2,0}",
    "testosterone_linear_up_to": r"C_{\mathrm{lin}}", "shbg_binding_sites": r"S_{\mathrm{SHBG}}",
    "shbg_Kd": r"K_{d}", "albumin_bound_per_free": r"N_{A}",
}

EQUATIONS = (
    Equation("Hypothalamus: GnRH output, an integrating controller",
             r"\frac{du}{dt} = -k_{\mathrm{int}}\,\bigl(1 + (f / D_R)^2\bigr)\,e \;-\; k_{\mathrm{leak}}(u)\,u "
             r"\;-\; k_{\mathrm{bound}}"
             r"\,\bigl(u - \mathrm{clip}(u)\bigr), \qquad G = c_G\,H\, e^{\,\mathrm{clip}(u)},\quad"
             r" \mathrm{clip}(u) \in [\ln G_{\min}, \ln G_{\max}],\qquad "
             r"f = \max\bigl(0,\ \min(0, \ln C_{e,\mathrm{rel}}) - \ln A\bigr)",
             ("gnrh_integration_rate", "gnrh_release_deficit", "gnrh_leak_rate", "gnrh_leak_rate_above",
              "gnrh_capacity", "gnrh_min", "gnrh_max"), ("gnrh", "gnrh_synthesis", "androgen_exposure"),
             r"$f$ is how far the androgen signal $A$ has fallen below both the man's own level and its recent "
             r"level $C_{e,\mathrm{rel}}$ (the effect site, relative to his own T): a fast fall releases GnRH "
             r"within days; $f = 0$ at rest, while T rises and past a limit. "
             r"$k_{\mathrm{leak}}(u)$ is $k_{\mathrm{leak}}$ below the set point and $k_{\mathrm{leak}}^{+}$ above it; "
             r"$k_{\mathrm{bound}}$ = 2/day is numerical (no wind-up past a limit), not a physiological fit; "
             r"$H$ is GnRH synthesis (below)."),
    Equation("The steroid signal the hypothalamus reads",
             r"e = w \ln A + w_X\,\beta(\ln A) + (1 - w)\,\ln\!\bigl(s_E\,(1 - b_{ER})\,E_2\bigr) + \rho,"
             r"\qquad A = T + p_{DHT}\,[DHT],\qquad \beta(x) = \frac{x^2}{x + \delta}\ (x > 0),\ 0\ (x \le 0)",
             ("androgen_feedback_weight", "estrogen_sensitivity", "androgen_excess_weight", "androgen_excess_softness",
              "dht_androgen_potency"), ("central_reset",),
             r"$T$, $E_2$ and the androgen signal $A$ relative to the man's set point; above it the androgen arm "
             r"gains the weight $w_X$ (a non-aromatisable androgen such as DHT suppresses on its own); $b_{ER}$ is "
             r"the share of oestrogen receptors a SERM blocks (from its concentration); $\rho$ is a lasting "
             r"lowering of the set point (below)."),
    Equation("Pituitary: LH (relative to healthy)",
             r"LH_d = (1 - D_p)\,\Omega\,P\,Q\,\bigl(G + R\,(\Pi + \Phi)\bigr),\qquad "
             r"\Phi^{*} = F_{\max}\,\frac{c}{c + C_{50,F}}",
             ("gonadorelin_flare_max", "gonadorelin_flare_C50", "gonadorelin_flare_rate"),
             ("pituitary_desensitisation", "gonadotrope_reserve", "gonadotrope_capacity", "gonadotrope_flare",
              "pituitary_estrogen_gain"),
             r"$\Pi$: gonadorelin pulses; $c$: GnRH-receptor exposure that never leaves the blood over the "
             r"recovery window (a continuous infusion, or pulses too close together; from the drug's "
             r"concentration); $\Phi$: the flare, LH released from the stores, building up at LH's elimination "
             r"rate $k_F$ (hours); $R$: the gonadotrope reserve, $P$: gonadotrope synthesis capacity, $Q$: E2's "
             r"brake at the pituitary (below), $D_p$: pituitary desensitisation, $\Omega$: the releasable LH stores "
             r"(below). Serum LH is $LH_0\,LH_d$."),
    Equation("Leydig cells: testosterone (Tornøe 2007)",
             r"T = T_{\mathrm{exo}} + (1 - \varphi_T)\,z + \varphi_T,\quad \varphi_T = T_{\mathrm{adr}} / T_0,\qquad "
             r"z = c_L\,n_L\,M\,\bigl(1 + L_{\max}\,(a_L\,h + (1 - a_L)\,I)\bigr),\qquad "
             r"h = \frac{\bigl(L(1 - D_l)\bigr)^{\kappa}}{L_{50}(\mathrm{age})^{\kappa} + \bigl(L(1 - D_l)\bigr)^{\kappa}},"
             r"\qquad I^{*} = h,\qquad "
             r"L = LH_0\,LH_d + \frac{L_{hCG}\,\epsilon_{hCG}\,[hCG]}{L_{hCG} + \epsilon_{hCG}\,[hCG]}",
             ("leydig_capacity", "leydig_Lmax", "leydig_L50", "leydig_kappa", "LH_base", "hcg_LH_equivalence",
              "hcg_LH_max", "leydig_acute_share", "leydig_induction_rate", "extragonadal_T", "T_base"),
             ("leydig_desensitisation", "leydig_mass", "leydig_steroidogenesis"),
             r"$n_L$ scales a healthy 30-year-old to $T = 1$; $M$ is Leydig cell mass (below); $z$ is the "
             r"testis's own testosterone: a share $a_L$ follows LH or hCG within hours, the rest through the "
             r"steroidogenic enzymes $I$ induced over a day or two; hCG's LH-equivalent saturates at $L_{hCG}$, so ITT "
             r"rises with the hCG dose as gently as Coviello 2005 found; desensitisation $D_l$ means more LH or hCG "
             r"for the same output (a saturating stimulus still saturates); $\varphi_T$ the adrenals' share, left when the "
             r"testes make nothing; $L_{50}(\mathrm{age})$ follows in (5)."),
    Equation("Leydig ageing",
             r"L_{50}(\mathrm{age}) = L_{50}\,\bigl(1 + s_{\mathrm{age}}\,\max(0,\ \mathrm{age} - 30)\bigr)",
             ("leydig_L50", "leydig_age_slope", "age")),
    Equation("Estradiol",
             r"E_2 = a\,(1 - I_{AI})\,\Bigl((1 - \varphi_E)\bigl((1 - f_E)\,T + f_E\,z\bigr) + \varphi_E\Bigr),\qquad"
             r" \varphi_E = E_{2,\mathrm{adr}} / E_{2,0}",
             ("aromatase_activity", "testicular_E2_fraction", "extragonadal_E2", "E2_base"), (),
             r"$I_{AI}$: the share of aromatase an inhibitor blocks (from its concentration); $\varphi_E$: E2 made "
             r"outside the testes from adrenal precursors."),
    Equation("FSH and the inhibin B brake",
             r"FSH = \frac{LH_{d}\,(1 + K_F^{n_F})^{1/n_F}}{(K_F^{n_F} + LH_{d}^{n_F})^{1/n_F}}\cdot"
             r"\Bigl(1 + \bigl(\frac{1 + K_I}{1 + K_I\,\mathrm{Inh}} - 1\bigr)\,"
             r"\frac{p^2\,(1 + K_{\Pi}^2)}{K_{\Pi}^2 + p^2}\Bigr),\qquad p = \min(c_G + \Pi, 1),\qquad "
             r"\mathrm{Inh} = c_S\,\bigl(f_I + (1 - f_I)\,\min(c_G^{g}, 1)\,(u_I + (1 - u_I)\,S)\bigr)",
             ("fsh_drive_K", "fsh_drive_hill", "inhibin_feedback_K", "fsh_brake_gnrh_K", "sertoli_capacity",
              "inhibin_floor", "inhibin_unstimulated", "germ_cell_capacity"), ("sertoli",),
             r"$\mathrm{Inh}$ is inhibin B relative to healthy: the Sertoli cells alone make the share $f_I$; the "
             r"rest needs germ cells beside them ($c_G^{g}$), and FSH raises it. Without inhibin B, FSH rises "
             r"up to $1 + K_I$ fold at a normal GnRH drive (Sertoli-cell-only testes), but only where GnRH pulses "
             r"reach the pituitary: $p$ is the man's GnRH capacity $c_G$ plus a pump's pulses $\Pi$, so a man "
             r"without GnRH neurons keeps FSH low beside immature Sertoli cells, while TRT (neurons held back, "
             r"not missing) keeps the brake's release."),
    Equation("Every other slow state relaxes towards a target; some regrow only from what is left",
             r"\frac{dx}{dt} = k_x\,\bigl(x^{*} - x\bigr)\quad\text{or, below its target,}\quad"
             r"\frac{dx}{dt} = k_x\,\rho_x\,x\,\bigl(x^{*} - x\bigr)", (), (),
             "Each state's rate is the parameter the state table names. The second form (regrowth from what is "
             r"left, rate $\rho_x$) holds for GnRH synthesis, Leydig mass and the spermatogonial reserve: a "
             "tissue that has shrunk a long way takes long to come back."),
    Equation("Androgen exposure of the gonadotropes (Bi 2018)",
             r"C_e^{*} = T_{\mathrm{ng/mL}}", ("reserve_ke0",), ("androgen_exposure",)),
    Equation("Gonadotrope reserve: LH released by a GnRH bolus (Bi 2018)",
             r"R^{*} = \frac{1}{r_0}\cdot\frac{1}{1 + (C_e / C_{50})^{n_R}}",
             ("reserve_kout", "reserve_IC50", "reserve_hill"), ("gonadotrope_reserve", "androgen_exposure"),
             r"$r_0$ scales the healthy man to 1; $C_{50}$ is relative to his own baseline T."),
    Equation("Sertoli function",
             r"S^{*} = w_F\,\frac{(1 + K_S)\,FSH}{K_S + FSH} + (1 - w_F)\,A",
             ("sertoli_rate", "sertoli_fsh_share", "sertoli_fsh_K"), ("sertoli",),
             r"$A$ is the germ cells' androgen support (below)."),
    Equation("Desensitisation of the pituitary and of the Leydig cells",
             r"D_p^{*} = D_{p,\max}\,\frac{c^{n_p}}{c^{n_p} + C_{50,p}^{n_p}},\qquad "
             r"\Omega^{*} = 1 - (1 - \Omega_{\min})\,\frac{c^{n_p}}{c^{n_p} + C_{50,p}^{n_p}},\qquad "
             r"D_l^{*} = D_{l,\max}\,\frac{L^3}{L^3 + L_{50,D}^3}",
             ("pituitary_desensitisation_rate", "pituitary_desensitisation_max", "pituitary_desensitisation_C50",
              "pituitary_desensitisation_hill", "flare_stores_left", "flare_stores_rate",
              "leydig_desensitisation_rate", "leydig_desensitisation_max", "leydig_desensitisation_L50"),
             ("pituitary_desensitisation", "gonadotrope_stores", "leydig_desensitisation"),
             r"$\Omega$: the gonadotropes' releasable LH stores (after Tornøe 2007's LH pool), emptied by the "
             r"same exposure that desensitises, at rate $k_\Omega$; pulses with a gap let them refill."),
    Equation("Long suppression: what the slow adaptations follow", r"G_{\mathrm{rel}} = G,\qquad "
             r"L_{\mathrm{rel}} = L / LH_0,\qquad \mathrm{short} = \max(0,\ 1 - \sigma)", ("LH_base",), (),
             r"$G$ is the GnRH that reaches the pituitary (a GnRH-deficient man's gonadotropes are unprimed); "
             r"$\sigma$ is the germ cells' support (below)."),
    Equation("GnRH synthesis falls under long androgen excess",
             r"H^{*} = \frac{1}{h_0}\cdot\frac{1}{1 + \bigl(C_e / (C_{50,H}\,T_{0,\mathrm{ng/mL}})\bigr)^{n_H}}"
             r"\quad(\text{regrowth } \rho_H)",
             ("gnrh_synthesis_rate", "gnrh_synthesis_C50", "gnrh_synthesis_hill", "gnrh_synthesis_regrowth"),
             ("gnrh_synthesis", "androgen_exposure"), r"$h_0$ scales the healthy man to 1."),
    Equation("Gonadotrope synthesis capacity follows GnRH's trophic drive",
             r"P^{*} = c_P\,\frac{(1 + K_P)\,G_{\mathrm{rel}}}{K_P + G_{\mathrm{rel}}}"
             r"\quad(\text{rising } \rho_P \text{ times faster than it falls})",
             ("gonadotrope_rate", "pituitary_capacity", "gonadotrope_trophic_K", "gonadotrope_recovery"),
             ("gonadotrope_capacity",)),
    Equation("E2's brake at the pituitary",
             r"Q^{*} = \bigl(s_E\,(1 - b_{ER})\,E_2\bigr)^{-w_P}", ("pituitary_estrogen_weight", "gonadotrope_rate"),
             ("pituitary_estrogen_gain",),
             r"A SERM or an AI raises the gonadotropes' response to GnRH even when GnRH output is at its ceiling."),
    Equation("A lasting lowering of the set point after long androgen excess",
             r"\rho^{*} = \rho_{\max}\,e^{s_{\rho}\max(0,\,\mathrm{age}-30)}\,x_H,\qquad "
             r"x_H = \max\Bigl(0,\ \frac{\xi/(1 + \xi) - \xi_0/(1 + \xi_0)}{1 - \xi_0/(1 + \xi_0)}\Bigr),\quad"
             r" \xi = \bigl(C_e / (C_{50,H}\,T_{0,\mathrm{ng/mL}})\bigr)^{n_H}"
             r"\quad(\text{building } o_{\rho} \text{ times faster than it heals})",
             ("central_reset_max", "central_reset_rate", "central_reset_onset", "central_reset_age_slope",
              "central_reset_threshold",
              "gnrh_synthesis_C50", "gnrh_synthesis_hill"), ("central_reset", "androgen_exposure"),
             r"$x_H$ is the androgen excess at the effect site beyond $\theta_{\rho}$ times the man's own level "
             r"($\xi_0$ is $\xi$ there); "
             r"$\rho_{\max}$ varies much between men, so after years of high doses a share stays hypogonadal."),
    Equation("Leydig cell mass follows LH's trophic drive",
             r"M^{*} = M_{\min} + (1 - M_{\min})\,\frac{(1 + K_M^2)\,L_{\mathrm{rel}}^2}{K_M^2 + L_{\mathrm{rel}}^2}"
             r"\quad\Bigl(\text{regrowth } \rho_M\,\frac{g_M\,L_{\mathrm{rel}}}{g_M - 1 + L_{\mathrm{rel}}}\Bigr)",
             ("leydig_mass_rate", "leydig_mass_min", "leydig_mass_K", "leydig_mass_regrowth",
              "leydig_regrowth_drive_max"), ("leydig_mass",),
             r"New Leydig cells grow faster under a strong LH or hCG drive (up to $g_M$ times), slower while LH is "
             r"still low."),
    Equation("The spermatogonial reserve and its lasting loss",
             r"S_g^{*} = (1 - \lambda_g)\,\bigl(S_{g,\min}(1 - \delta_S) + (1 - S_{g,\min})(1 - \mathrm{short})\bigr)"
             r"\quad\Bigl(\text{regrowth } \rho_{Sg}\bigl(\phi_S + (1 - \phi_S)\,D\bigr)\Bigr),\qquad "
             r"D = H + (1 - H)^+\,\psi_S\,\frac{(z - 1)^+}{1 + (z - 1)^+},\qquad "
             r"\lambda_g^{*} = \lambda_{\max}(\mathrm{age})\,\mathrm{short},"
             r"\qquad \lambda_{\max}(\mathrm{age}) = "
             r"\min\bigl(\lambda_{\max}\,e^{s_{\lambda}\max(0,\,\mathrm{age}-30)},"
             r"\ 0.95\bigr),\qquad \delta_S^{*} = \delta_{\max}\,\mathrm{short}",
             ("spermatogonia_rate", "spermatogonia_min", "spermatogonia_regrowth", "spermatogonia_fsh_independent",
              "spermatogonia_itt_share",
              "germ_loss_rate", "germ_loss_max", "germ_loss_age_slope", "stem_cell_depletion_rate",
              "stem_cell_depletion_max"), ("spermatogonia", "germ_cell_loss", "stem_cell_depletion"),
             r"$H = FSH^2 (1 + F_{50}^2) / (F_{50}^2 + FSH^2)$, as in the germ cells' support below: without "
             r"FSH the reserve regrows at the fraction $\phi_S$ of its rate, unless the testis's own T $z$ is above "
             r"normal (hCG), which carries the share $\psi_S$ of FSH's drive at most (half of it at twice normal). $\delta_S$ (rate $k_{\delta}$, "
             r"t1/2 ~1.7 years) thins the quiescent floor the reserve regrows from, so recovery keeps lengthening "
             r"beyond two years."),
    Equation("Germ cells: androgen support from the testis's own testosterone, and FSH",
             r"r_a = r\,\frac{\tilde a^2\,(1 + a_{50,r}^2)}{a_{50,r}^2 + \tilde a^2},\qquad "
             r"A = r_a + (1 - r_a)\,\frac{z^{n_z}\,(1 + z_{50}^{n_z})}{z_{50}^{n_z} + z^{n_z}},\qquad "
             r"\sigma = A\,\Bigl(\phi + (1 - \phi)\,\frac{FSH^2\,(1 + F_{50}^2)}{F_{50}^2 + FSH^2}\Bigr),\qquad "
             r"g_{\mathrm{in}} = \sigma\,\min(S_g, \tau)\,\max\Bigl(0,\ \frac{c_S\,c_G^{g}\,\mu - \theta}{1 - \theta}\Bigr)",
             ("residual_spermatogenesis", "residual_spermatogenesis_A50", "sperm_ITT50", "sperm_ITT_hill", "sperm_FSH50", "sperm_FSH_independent",
              "sertoli_capacity", "germ_cell_capacity", "sperm_output_threshold"),
             ("spermatogonia", "testis_maturity", "tubule_capacity"),
             r"Serum T that reaches the tubules is not counted in $z$; $r$ is support that escapes suppression, "
             r"reaching the tubules with the serum androgen $\tilde a = \min(a, 1)$ (T plus a non-aromatisable "
             r"androgen, relative to the man's own T): kept on TRT, gone where serum T sits near the adrenals' floor. "
             r"Below the threshold $\theta$ of spermatogenic capacity no sperm reach the ejaculate (Silber 1997): "
             r"germ-cell aplasia ($c_G^{g} = 0$) or a capacity of 10 % means no sperm, not a tenth of a count."),
    Equation("The tubules' germ-cell capacity",
             r"\tau^{*} = 1 - (1 - \tau_{\min})\,\bigl(1 - \min(\sigma, 1)\bigr)\,"
             r"\Bigl(1 - \frac{\tilde a^2\,(1 + a_{50,\tau}^2)}{a_{50,\tau}^2 + \tilde a^2}\Bigr)"
             r"\quad(\text{regrowth } \rho_{\tau})",
             ("tubule_rate", "tubule_regrowth", "tubule_capacity_min", "tubule_androgen_A50"), ("tubule_capacity",),
             r"$\tau$ is the share of a full spermatogonial reserve the tubules can hold (Sertoli cells' supportive "
             r"function): it regresses over years (rate $k_{\tau}$) while neither germ-cell support $\sigma$ nor serum "
             r"androgen $\tilde a$ reaches them (acquired GnRH deficiency; TRT's serum T keeps it), and regrows from "
             r"what is left over a year or two, capping the count and the testis's filling while it does."),
    Equation("Puberty of the testis",
             r"\mu^{*} = \mu_0 + (1 - \mu_0)\,\min\bigl(H(FSH), 1\bigr)\,A",
             ("pubertal_maturity", "testis_maturation_rate"), ("testis_maturity",),
             r"$\mu_0$ is how far the testis matured before GnRH deficiency began (1: acquired, after puberty; "
             r"0: congenital); FSH and the testis's own T ($A$) mature it over months; $H$ as below."),
    Equation("The spermatogenic pipeline and the epididymis",
             r"\frac{dg_0}{dt} = k_s\,(g_{\mathrm{in}} - g_0) - \lambda g_0,\quad "
             r"\frac{dg_i}{dt} = k_s\,(g_{i-1} - g_i) - \lambda g_i,\quad "
             r"k_s = \frac{N}{\tau_s},\quad \lambda = k_{\mathrm{loss}}\,(1 - A),\quad "
             r"\frac{de_1}{dt} = \tfrac{2}{\tau_e}(g_{N-1} - e_1),\ \frac{de_2}{dt} = \tfrac{2}{\tau_e}(e_1 - e_2)",
             ("spermatogenesis_days", "spermatogenesis_stages", "germ_cell_loss_rate", "epididymal_days"), (),
             r"Sperm concentration is $e_2$ times the man's own baseline count."),
    Equation("Testis volume",
             r"V = V_0\,\Bigl(v_I\,\min(c_L, 1)\,M + (1 - v_I)\,\sqrt{\min(c_S, 1)}\,"
             r"\bigl(v_{\mathrm{pre}} + (1 - v_{\mathrm{pre}})\,\mu\bigr)"
             r"\bigl(v_F + (1 - v_F)\,\min(c_G^{g}, 1)\,\min(S_g, \tau)\,\min(S, 1)\bigr)\Bigr)",
             ("testis_volume_base", "testis_interstitial_share", "testis_fixed_tubular_share",
              "prepubertal_tubule_share"),
             ("leydig_mass", "spermatogonia", "testis_maturity", "sertoli", "tubule_capacity")),
    Equation("Injected testosterone: clearance rises as SHBG saturates",
             r"T_{\mathrm{exo}} = C\ \ (C \le C_{\mathrm{lin}}),\qquad "
             r"T_{\mathrm{exo}} = N_{A}\,x + \frac{S_{\mathrm{SHBG}}\,x}{K_{d} + x},\quad "
             r"x = x_{\mathrm{lin}}\,\frac{C}{C_{\mathrm{lin}}}\ \ (C > C_{\mathrm{lin}}),\qquad "
             r"C_{\mathrm{lin}} = N_{A}\,x_{\mathrm{lin}} + \frac{S_{\mathrm{SHBG}}\,x_{\mathrm{lin}}}{K_{d} + x_{\mathrm{lin}}}",
             ("testosterone_linear_up_to", "shbg_binding_sites", "shbg_Kd", "albumin_bound_per_free"), (),
             r"$C$: the doses' linear superposition with one clearance (Bi 2018), in closed form; the liver clears "
             r"the T that SHBG does not hold (free $x$ and albumin-bound, Vermeulen 1999's binding), so a steady input "
             r"sets the free T and total T is what binds around it: above $C_{\mathrm{lin}}$, where Bi's clearance was "
             r"fitted, total T rises less than the dose (Bhasin 2001). In the man's own units $T_{\mathrm{exo}}$ is "
             r"divided by his $T_0$ and his clearance."),
)


def named_parameters() -> set:
    """Every parameter name the equations use."""
    return {name for eq in EQUATIONS for name in eq.parameters}


def named_states() -> set:
    """Every slow-state name the hand-written equations use."""
    return {name for eq in EQUATIONS for name in eq.states}


def _parameter(name):
    return PHYSIOLOGY.get(name) or DRUGS.get(name)


def half_life_days(rate_per_day: float) -> float:
    """t1/2 = ln 2 / rate."""
    return math.log(2) / rate_per_day


def _generic_state_equations() -> list[Equation]:
    """States of the registry that no hand-written equation covers, in the generic relaxing form."""
    covered = named_states()
    escaped = {s.name: s.rate.replace("_", r"\_") for s in _states.STATES}
    return [Equation(f"{s.name.replace('_', ' ').capitalize()} ({s.unit})",
                     rf"\frac{{dx}}{{dt}} = k\,(x^{{*}} - x),\qquad k = \mathtt{{{escaped[s.name]}}}",
                     (s.rate,), (s.name,), f"{s.meaning} ({s.source}).")
            for s in _states.STATES if s.name not in covered]


def all_equations() -> list[Equation]:
    return list(EQUATIONS) + _generic_state_equations()


class _Markdown:
    """Markdown (with $$ maths) that JupyterLab, the app and the book render; plain text elsewhere."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self):
        return self.text

    def __str__(self):
        return self.text


def _value_text(name) -> str:
    p = _parameter(name)
    return f"{p.value:.4g}" if p.unit == "1" else f"{p.value:.4g} {p.unit}"


def _stacked(latex: str) -> str:
    """One line per part: the parts an equation separates with \\qquad (outside any braces) stacked, so a long
    equation fits a page's width instead of making its output scroll sideways."""
    parts, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s*,?\s*\\qquad\s*", latex):
        token = match.group()
        if token in "{}":
            depth += 1 if token == "{" else -1
        elif depth == 0:
            parts.append(latex[start:match.start()])
            start = match.end()
    parts.append(latex[start:])
    return latex if len(parts) == 1 else r"\begin{gathered}" + r" \\ ".join(parts) + r"\end{gathered}"


def model_equations() -> _Markdown:
    """The day-scale model as equations, each followed by its symbols with their values and tags."""
    out = []
    for k, eq in enumerate(all_equations(), 1):
        out.append(f"**({k}) {eq.title}**\n\n$$\n{_stacked(eq.latex)}\n$$\n")
        if eq.note:
            out.append(eq.note + "\n")
        symbols = [f"${SYMBOLS.get(n, n)}$ = `{n}` = {_value_text(n)} [{_parameter(n).tag}]"
                   for n in eq.parameters if _parameter(n) is not None]
        if symbols:
            out.append("Symbols: " + "; ".join(symbols) + ".\n")
    return _Markdown("\n".join(out))


def _cv(name):
    """Between-subject coefficient of variation: from the parameter if it carries one, else the Cohort's."""
    value = getattr(_parameter(name), "cv", 0.0)
    return float(value) if value else next((cv for key, cv, _ in VARIABILITY if key == name), None)


def parameter_rows() -> list[dict]:
    """One row per parameter the equations use, in the order they first appear."""
    seen, rows = [], []
    for eq in all_equations():
        seen += [n for n in eq.parameters if n not in seen and _parameter(n) is not None]
    for name in seen:
        p, cv = _parameter(name), _cv(name)
        rows.append({"symbol": SYMBOLS.get(name, name), "parameter": name, "value": f"{p.value:.4g}",
                     "unit": p.unit, "meaning": p.meaning, "source": p.source, "tag": p.tag,
                     "between-subject CV": f"{cv:.0%}" if cv else "-"})
    return rows


def parameter_table() -> HTMLTable:
    return HTMLTable(parameter_rows(), "The parameters in the equations: value, unit, source and confidence",
                     ["symbol", "parameter", "value", "unit", "meaning", "source", "tag", "between-subject CV"],
                     "Tags: V read in the primary paper, S secondary source, M modelling placeholder, C calibrated "
                     "to a published target. Between-subject CV: the spread the virtual cohort draws for this "
                     "parameter (log-normal), '-' where every man has the same value.")


def state_rows() -> list[dict]:
    """One row per slow state: its rate parameter, half-life, meaning and what switching it off removes."""
    rows = []
    for s in _states.STATES:
        rate = _parameter(s.rate).value
        t_half = half_life_days(rate)
        carries, _, off = s.meaning.partition(" Off: ")   # the registry may say what switching off does
        carries = carries.rstrip(". ") if off else carries
        off = off or "held at its untreated value, so the mechanism it carries stops acting"
        rows.append({"state": s.name, "unit": s.unit, "rate parameter": s.rate, "rate (1/day)": f"{rate:.3g}",
                     "half-time": f"{t_half:.1f} days" if t_half >= 1 else f"{t_half * 24:.1f} hours",
                     "what it carries": carries, "switched off": off if s.switchable else "cannot be switched off",
                     "source": f"{s.source} [{s.tag}]"})
    return rows


def slow_state_table() -> HTMLTable:
    return HTMLTable(state_rows(), "The slow states: how fast each moves, and what switching it off removes",
                     ["state", "unit", "rate parameter", "rate (1/day)", "half-time", "what it carries", "switched off",
                      "source"],
                     "Half-time = ln 2 / rate: the time to cover half the distance to its target. For GnRH the rate "
                     "is the controller's gain per unit of steroid error, so its half-time is only a scale.")
