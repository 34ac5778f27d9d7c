"""The drug catalogue: each agent's pharmacokinetics and where it acts on the axis.

Every agent is a sum of one-compartment components with first-order absorption (a "Bateman"
profile). pk.py superposes doses and turns concentrations into the named effect signals
(``EFFECTS``) that the axis reads; the axis knows nothing about drugs.

Each agent declares its effect: its family (``FAMILIES``: where and how it acts, in words) and, per
component, the channel it acts through, its potency and its efficacy. pk.py, the agent table, the diagram and
the outcomes read these declarations, never an agent's name, so a drug of an existing family is one ``Agent``
entry here (its PK parameters, with sources, go in parameters.py).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from .parameters import DRUGS

EFFECTS = ("T_exo", "ER_block", "aromatase_inhibition", "hcg_LH", "gnrh_pulse", "gnrh_continuous", "androgen_exo")
# How a component's concentration becomes an effect (pk.effects reads it): added as serum T (T_exo) or as a
# non-aromatisable androgen (androgen_exo), as LH on the Leydig cells (hcg_LH), by competitive occupancy of
# central oestrogen receptors (ER) or of aromatase (aromatase), or as GnRH pulses and exposure (gnrh).
CHANNELS = ("T_exo", "androgen_exo", "hcg_LH", "ER", "aromatase", "gnrh")


@dataclass(frozen=True)
class Component:
    """One circulating species: absorption rate ka, elimination kel (1/day), clearance CL (L/day).

    ``per_mg`` scales the dose into the amount entering this component (a share of a mixture).
    Concentrations come out in dose-unit per litre times ``to_conc`` (e.g. mg/L -> ng/mL: 1000).
    ``channel`` (CHANNELS) is where its concentration acts; ``potency`` turns the concentration into that
    channel's unit (1/Ki for an occupancy, an LH equivalence, an androgen potency); ``efficacy`` is the
    share of full action at full occupancy (a partial agonist blocks less).
    """
    label: str
    ka: float
    kel: float
    CL: float
    per_dose: float = 1.0
    to_conc: float = 1.0
    channel: str = ""
    potency: float = 1.0
    efficacy: float = 1.0

    @property
    def amplitude(self) -> float:
        """Peak-shape factor A so that conc(t) = dose*A*(exp(-kel t) - exp(-ka t))."""
        return self.per_dose * self.to_conc * self.ka * self.kel / (self.CL * (self.ka - self.kel))


@dataclass(frozen=True)
class Family:
    """What the agents of one family share, declared once: the family in words, where it acts (a short
    phrase and the gland or tissue), how (one sentence), and whether it acts by blocking a signal (the
    diagram draws a cross). The agent table, the diagram's badges and the explorers read it."""
    name: str
    words: str
    site: str
    mechanism: str
    target: str
    blocks: bool = False


FAMILIES = {f.name: f for f in (
    Family("testosterone", "testosterone ester", "adds testosterone to the blood",
           "Adds testosterone to the blood; the hypothalamus and pituitary read it as feedback and switch off",
           "Blood (acts on every androgen target; suppresses hypothalamus and pituitary)"),
    Family("non-aromatisable androgen", "androgen that is not turned into estradiol (dihydrotestosterone)",
           "acts on androgen receptors; not turned into E2",
           "Acts on androgen receptors like testosterone but is not turned into estradiol: it shows that androgen "
           "feedback alone switches the axis off", "Blood (androgen receptors; suppresses hypothalamus and pituitary)"),
    Family("SERM", "selective oestrogen receptor modulator (SERM)",
           "blocks oestrogen receptors at the hypothalamus and pituitary",
           "Blocks oestrogen receptors in the hypothalamus and pituitary, hiding the estradiol feedback, so GnRH, "
           "LH and FSH rise", "Hypothalamus, pituitary", blocks=True),
    Family("aromatase inhibitor", "aromatase inhibitor (AI)", "blocks aromatase, the enzyme that turns T into E2",
           "Blocks aromatase, the enzyme that turns testosterone into estradiol: less estradiol, less feedback",
           "Aromatase in fat, brain and testes", blocks=True),
    Family("hCG", "gonadotropin (LH analogue)", "acts as LH on the Leydig cells of the testes",
           "Binds the LH receptor on Leydig cells and acts as a long-lasting LH: intratesticular and serum "
           "testosterone rise; does not replace FSH", "Testes (Leydig cells)"),
    Family("GnRH agonist", "GnRH analogue (gonadotropin-releasing hormone)", "acts as GnRH on the pituitary",
           "Is GnRH itself: pulses every ~90 min make the pituitary release LH and FSH; continuous exposure "
           "desensitises it", "Pituitary (gonadotrope cells)"),
)}


@dataclass(frozen=True)
class Agent:
    name: str
    label: str
    family: str          # a key of FAMILIES
    dose_unit: str
    route: str
    max_dose: float      # per administration: larger is rejected as absurd
    components: tuple[Component, ...]
    conc_unit: str
    max_per_week: float = math.inf   # amount per week beyond any reported use (frequent large doses)
    infusable: bool = False          # may be given as an even infusion (Course(..., continuous=True))

    @property
    def site(self) -> str:
        """Where it acts, in words (its family's)."""
        return FAMILIES[self.family].site

    @property
    def is_testosterone(self) -> bool:
        """Testosterone therapy: the suppression recovery times are counted from the end of."""
        return self.family == "testosterone"


# Weekly amounts beyond anything reported, supraphysiological androgen use included (DESIGN.md: reject the
# absurd, name the field): testosterone ~3 g/week, hCG 10,000 IU a day, clomiphene 200 mg/d, enclomiphene
# and tamoxifen 100 mg/d, anastrozole 10 mg/d, DHT gel 500 mg/d, gonadorelin ~120 ug an hour (a 100 ug test dose every 90 min
# by pump is the most the explorers offer).
MAX_PER_WEEK = {"testosterone": 3000.0, "hCG": 70000.0, "clomiphene": 1400.0, "enclomiphene": 700.0,
                "tamoxifen": 700.0, "anastrozole": 70.0, "gonadorelin": 20000.0, "dht_gel": 3500.0}


def _ka_from_tmax(tmax_days: float, k_el: float) -> float:
    """Absorption rate that puts the peak of a one-compartment profile at tmax (bisection).

    The time of peak ln(ka/kel)/(ka - kel) falls steadily as ka rises (it is 1/kel at ka = kel), so a
    peak later than 1/kel needs absorption slower than elimination (a flip-flop profile)."""
    def t_peak(ka):
        return 1.0 / k_el if abs(ka - k_el) < 1e-12 * k_el else math.log(ka / k_el) / (ka - k_el)
    lo, hi = k_el * 1e-6, k_el * 1e6
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        lo, hi = (lo, mid) if t_peak(mid) < tmax_days else (mid, hi)
    ka = math.sqrt(lo * hi)
    if abs(ka - k_el) < 1e-6 * k_el:    # exactly at the degenerate point: nudge off it
        ka *= 1.000001
    return ka


def _oral(prefix, per_dose=1.0, to_conc=1000.0, label=None, **effect):
    kel = DRUGS[f"{prefix}_kel"].value
    ka = _ka_from_tmax(DRUGS[f"{prefix}_tmax"].value, kel)
    return Component(label or prefix, ka, kel, DRUGS[f"{prefix}_CL"].value, per_dose, to_conc, **effect)


def _build_catalogue() -> list[Agent]:
    d = {k: p.value for k, p in DRUGS.items()}
    en = d["clomiphene_en_fraction"]
    enclomiphene = dict(channel="ER", potency=1 / d["enclomiphene_Ki"])
    tamoxifen = dict(channel="ER", potency=1 / d["tamoxifen_Ki"])
    # One testosterone from either ester: the same depot and clearance, the dose scaled to its T content. The
    # depot empties in two parts on one channel: Bi 2018's profile (the fast part) and a slow release over weeks.
    ester = lambda e, label, ka, share: Component(label, ka, d["testosterone_depot_kel"], d["testosterone_CL"],
                                                  d[f"{e}_T_fraction"] * share, 1000.0 * 100, channel="T_exo")
    slow_ka = math.log(2) / d["testosterone_slow_halflife"]
    depot = lambda e: (ester(e, e, d["testosterone_depot_ka"], 1.0),
                       ester(e, f"{e} slow release", slow_ka, d["testosterone_slow_fraction"]))  # mg -> ng/dL
    # Tamoxifen's metabolite is formed as the parent is cleared: its "absorption" is the parent's kel.
    tam_metabolite = Component("N-desmethyltamoxifen", d["tamoxifen_kel"], d["desmethyltamoxifen_kel"],
                               d["desmethyltamoxifen_CL"], 1.0, 1000.0, **tamoxifen)
    hcg = lambda route: Component(f"hCG {route}", _ka_from_tmax(d[f"hcg_{route}_tmax"], d[f"hcg_{route}_kel"]),
                                  d[f"hcg_{route}_kel"], d["hcg_CL"] * d[f"hcg_{route}_kel"] / d["hcg_im_kel"],
                                  channel="hcg_LH", potency=d["hcg_LH_equivalence"])
    return [
        Agent("testosterone_cypionate", "testosterone cypionate", "testosterone", "mg", "IM", 1000,
              depot("cypionate"), "ng/dL"),
        Agent("testosterone_enanthate", "testosterone enanthate", "testosterone", "mg", "IM", 1000,
              depot("enanthate"), "ng/dL"),
        # ng/mL of DHT -> ng/dL of T with the same androgen action
        Agent("dht_gel", "dihydrotestosterone (DHT) gel", "non-aromatisable androgen", "mg", "transdermal", 500,
              (_oral("dht_gel", label="DHT", channel="androgen_exo", potency=100.0 * d["dht_androgen_potency"]),),
              "ng/mL"),
        # zuclomiphene is a partial agonist: at the same occupancy it blocks less
        Agent("clomiphene", "clomiphene citrate", "SERM", "mg", "oral", 200,
              (_oral("enclomiphene", en, label="enclomiphene", **enclomiphene),
               _oral("zuclomiphene", 1 - en, label="zuclomiphene", channel="ER", potency=1 / d["zuclomiphene_Ki"],
                     efficacy=1 - d["zuclomiphene_agonism"])), "ng/mL"),
        Agent("enclomiphene", "enclomiphene", "SERM", "mg", "oral", 100, (_oral("enclomiphene", **enclomiphene),),
              "ng/mL"),
        Agent("tamoxifen", "tamoxifen", "SERM", "mg", "oral", 100, (_oral("tamoxifen", **tamoxifen), tam_metabolite),
              "ng/mL"),
        Agent("anastrozole", "anastrozole", "aromatase inhibitor", "mg", "oral", 20,
              (_oral("anastrozole", channel="aromatase", potency=1 / d["anastrozole_IC50"]),), "ng/mL"),
        Agent("hcg", "hCG", "hCG", "IU", "IM", 20000, (hcg("im"),), "IU/L"),
        Agent("hcg_sc", "hCG (SC)", "hCG", "IU", "SC", 20000, (hcg("sc"),), "IU/L"),
        Agent("gonadorelin", "gonadorelin", "GnRH agonist", "ug", "SC", 1000,
              (Component("gonadorelin", _ka_from_tmax(d["gonadorelin_tmax"], d["gonadorelin_kel"]),
                         d["gonadorelin_kel"], d["gonadorelin_CL"], 1.0, 1.0, channel="gnrh"),), "ug/L",
              infusable=True),
    ]


def _with_limit(agent: Agent) -> Agent:
    """The weekly limit of the agent, or else of its family (a new ester inherits testosterone's)."""
    return replace(agent, max_per_week=MAX_PER_WEEK.get(agent.name, MAX_PER_WEEK.get(agent.family)))


def _checked(agent: Agent) -> Agent:
    if agent.family not in FAMILIES:
        raise ValueError(f"agent {agent.name!r}: family must be one of {sorted(FAMILIES)}, got {agent.family!r}")
    for comp in agent.components:
        if comp.channel not in CHANNELS:
            raise ValueError(f"agent {agent.name!r}, component {comp.label!r}: channel must be one of {CHANNELS}, "
                             f"got {comp.channel!r}")
    if agent.name not in MAX_PER_WEEK and agent.family not in MAX_PER_WEEK:
        raise ValueError(f"agent {agent.name!r}: MAX_PER_WEEK needs an entry for it or its family")
    return _with_limit(agent)


AGENTS = {agent.name: _checked(agent) for agent in _build_catalogue()}
