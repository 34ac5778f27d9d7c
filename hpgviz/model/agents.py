"""The drug catalogue: each agent's pharmacokinetics and where it acts on the axis.

Every agent is a sum of one-compartment components with first-order absorption (a "Bateman"
profile). pk.py superposes doses and turns concentrations into the named effect signals
(``EFFECTS``) that the axis reads; the axis knows nothing about drugs.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from .parameters import DRUGS, _ka_from_tmax

EFFECTS = ("T_exo", "ER_block", "aromatase_inhibition", "hcg_LH", "gnrh_pulse", "gnrh_continuous", "androgen_exo")


@dataclass(frozen=True)
class Component:
    """One circulating species: absorption rate ka, elimination kel (1/day), clearance CL (L/day).

    ``per_mg`` scales the dose into the amount entering this component (a share of a mixture).
    Concentrations come out in dose-unit per litre times ``to_conc`` (e.g. mg/L -> ng/mL: 1000).
    """
    label: str
    ka: float
    kel: float
    CL: float
    per_dose: float = 1.0
    to_conc: float = 1.0

    @property
    def amplitude(self) -> float:
        """Peak-shape factor A so that conc(t) = dose*A*(exp(-kel t) - exp(-ka t))."""
        return self.per_dose * self.to_conc * self.ka * self.kel / (self.CL * (self.ka - self.kel))


@dataclass(frozen=True)
class Agent:
    name: str
    label: str
    family: str          # "testosterone", "SERM", "hCG", "GnRH agonist", "aromatase inhibitor"
    site: str            # where it acts, in words
    dose_unit: str
    route: str
    max_dose: float      # per administration: larger is rejected as absurd
    components: tuple[Component, ...]
    conc_unit: str
    max_per_week: float = math.inf   # amount per week beyond any reported use (frequent large doses)
    infusable: bool = False          # may be given as an even infusion (Course(..., continuous=True))


# Weekly amounts beyond anything reported, supraphysiological androgen use included (DESIGN.md: reject the
# absurd, name the field): testosterone ~3 g/week, hCG 10,000 IU a day, clomiphene 200 mg/d, enclomiphene
# and tamoxifen 100 mg/d, anastrozole 10 mg/d, DHT gel 500 mg/d, gonadorelin ~120 ug an hour (a 100 ug test dose every 90 min
# by pump is the most the explorers offer).
MAX_PER_WEEK = {"testosterone": 3000.0, "hCG": 70000.0, "clomiphene": 1400.0, "enclomiphene": 700.0,
                "tamoxifen": 700.0, "anastrozole": 70.0, "gonadorelin": 20000.0, "dht_gel": 3500.0}


def _oral(prefix, per_dose=1.0, to_conc=1000.0, label=None):
    kel = DRUGS[f"{prefix}_kel"].value
    ka = _ka_from_tmax(DRUGS[f"{prefix}_tmax"].value, kel)
    return Component(label or prefix, ka, kel, DRUGS[f"{prefix}_CL"].value, per_dose, to_conc)


def _build_catalogue() -> dict[str, Agent]:
    d = {k: p.value for k, p in DRUGS.items()}
    en = d["clomiphene_en_fraction"]
    # one testosterone from either ester: the same depot and clearance, the dose scaled to its T content
    ester = lambda e: Component(e, d["testosterone_depot_ka"], d["testosterone_depot_kel"], d["testosterone_CL"],
                                d[f"{e}_T_fraction"], 1000.0 * 100)                          # mg -> ng/dL
    # Tamoxifen's metabolite is formed as the parent is cleared: its "absorption" is the parent's kel.
    tam_metabolite = Component("N-desmethyltamoxifen", d["tamoxifen_kel"], d["desmethyltamoxifen_kel"],
                               d["desmethyltamoxifen_CL"], 1.0, 1000.0)
    hcg = lambda route: Component(f"hCG {route}", _ka_from_tmax(d[f"hcg_{route}_tmax"], d[f"hcg_{route}_kel"]),
                                  d[f"hcg_{route}_kel"], d["hcg_CL"] * d[f"hcg_{route}_kel"] / d["hcg_im_kel"])
    agents = [
        Agent("testosterone_cypionate", "testosterone cypionate", "testosterone",
              "adds testosterone to the blood", "mg", "IM", 1000, (ester("cypionate"),), "ng/dL"),
        Agent("testosterone_enanthate", "testosterone enanthate", "testosterone",
              "adds testosterone to the blood", "mg", "IM", 1000, (ester("enanthate"),), "ng/dL"),
        Agent("dht_gel", "dihydrotestosterone (DHT) gel", "non-aromatisable androgen",
              "acts on androgen receptors; not turned into E2", "mg", "transdermal", 500,
              (_oral("dht_gel", to_conc=1000.0, label="DHT"),), "ng/mL"),
        Agent("clomiphene", "clomiphene citrate", "SERM",
              "blocks oestrogen receptors at the hypothalamus and pituitary", "mg", "oral", 200,
              (_oral("enclomiphene", en, label="enclomiphene"),
               _oral("zuclomiphene", 1 - en, label="zuclomiphene")), "ng/mL"),
        Agent("enclomiphene", "enclomiphene", "SERM",
              "blocks oestrogen receptors at the hypothalamus and pituitary", "mg", "oral", 100,
              (_oral("enclomiphene"),), "ng/mL"),
        Agent("tamoxifen", "tamoxifen", "SERM",
              "blocks oestrogen receptors at the hypothalamus and pituitary", "mg", "oral", 100,
              (_oral("tamoxifen"), tam_metabolite), "ng/mL"),
        Agent("anastrozole", "anastrozole", "aromatase inhibitor",
              "blocks aromatase, the enzyme that turns T into E2", "mg", "oral", 20,
              (_oral("anastrozole"),), "ng/mL"),
        Agent("hcg", "hCG", "hCG", "acts as LH on the Leydig cells of the testes", "IU", "IM", 20000,
              (hcg("im"),), "IU/L"),
        Agent("hcg_sc", "hCG (SC)", "hCG", "acts as LH on the Leydig cells of the testes", "IU", "SC", 20000,
              (hcg("sc"),), "IU/L"),
        Agent("gonadorelin", "gonadorelin", "GnRH agonist", "acts as GnRH on the pituitary", "ug", "SC", 1000,
              (Component("gonadorelin", _ka_from_tmax(d["gonadorelin_tmax"], d["gonadorelin_kel"]),
                         d["gonadorelin_kel"], d["gonadorelin_CL"], 1.0, 1.0),), "ug/L"),
    ]
    return {a.name: a for a in agents}


def _with_limits(agent: Agent) -> Agent:
    key = agent.family if agent.family in ("testosterone", "hCG") else agent.name
    return replace(agent, max_per_week=MAX_PER_WEEK[key], infusable=agent.name == "gonadorelin")


AGENTS = {name: _with_limits(agent) for name, agent in _build_catalogue().items()}


