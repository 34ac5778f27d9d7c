"""Per-agent tests: each agent's closed-form pharmacokinetics against its parameter table, and where
each agent acts on the axis."""
import math
from pathlib import Path

import numpy as np
import pytest

import hpgviz as hpg
from hpgviz.model.agents import AGENTS
from hpgviz.model.pk import effects, interval_means, point_values
from hpgviz.model.parameters import DRUGS

COMPONENTS = [(name, comp) for name, agent in AGENTS.items() for comp in agent.components]


@pytest.mark.parametrize("agent,component", COMPONENTS, ids=[f"{a}:{c.label}" for a, c in COMPONENTS])
def test_single_dose_profile_matches_its_rates(agent, component):
    """One dose: the peak falls where ka and kel put it, the tail decays at the slower of the two rates
    (absorption, in a flip-flop profile, or elimination), and the area is dose / clearance."""
    ka, kel = component.ka, component.kel
    t_peak = math.log(ka / kel) / (ka - kel)
    course = hpg.Course(agent, AGENTS[agent].max_dose / 10, hpg.model.regimen.MAX_INTERVAL_DAYS, 0, 1)
    near = np.linspace(0.0, 3 * t_peak, 300001)                     # fine grid around the peak
    assert near[np.argmax(point_values(course, component, near, 3 * t_peak))] == pytest.approx(t_peak, rel=1e-4)
    tail_start = t_peak + 14 / abs(ka - kel)                          # faster exponential gone (e^-14)
    span = tail_start + 14 * math.log(2) / min(ka, kel)                # < 0.01 % of the area left out
    times = np.linspace(0.0, span, 400001)
    conc = point_values(course, component, times, span)
    tail = times > tail_start
    slope = np.polyfit(times[tail], np.log(conc[tail]), 1)[0]
    assert -slope == pytest.approx(min(ka, kel), rel=1e-3)
    area = np.trapezoid(conc, times)
    expected = course.dose * component.per_dose * component.to_conc / component.CL
    assert area == pytest.approx(expected, rel=2e-3)


@pytest.mark.parametrize("prefix", ["enclomiphene", "zuclomiphene", "tamoxifen", "anastrozole", "hcg_im",
                                    "hcg_sc", "gonadorelin"])
def test_published_peak_times_are_reproduced(prefix):
    """Where the table gives a time of peak (label or product information), the profile peaks there."""
    kel, tmax = DRUGS[f"{prefix}_kel"].value, DRUGS[f"{prefix}_tmax"].value
    comp = next(c for a in AGENTS.values() for c in a.components if math.isclose(c.kel, kel))
    assert math.log(comp.ka / comp.kel) / (comp.ka - comp.kel) == pytest.approx(tmax, rel=1e-6)


def test_clomiphene_steady_state_matches_helo_2017():
    """Helo 2017: 25 mg/d clomiphene in men gives enclomiphene ~2.2 and zuclomiphene ~44 ng/mL at steady
    state. The clearances are derived from these, so the time-average over a late week must return
    them (interval means: point samples every half day would alias the daily profile)."""
    course = hpg.Course("clomiphene", 25, 1, 0)
    en, zu = AGENTS["clomiphene"].components
    week = np.array([358.0, 365.0])
    assert interval_means(course, en, week, 365)[0] == pytest.approx(2.2, rel=0.01)
    assert interval_means(course, zu, week, 365)[0] == pytest.approx(44, rel=0.03)   # still ~1 % short of plateau


def test_each_family_acts_where_it_should():
    """Each agent moves only its own effect channel: T esters add T, SERMs block oestrogen receptors,
    anastrozole inhibits aromatase, hCG acts as LH, gonadorelin as GnRH."""
    expected = {"testosterone_cypionate": "T_exo", "testosterone_enanthate": "T_exo", "clomiphene": "ER_block",
                "enclomiphene": "ER_block", "tamoxifen": "ER_block", "anastrozole": "aromatase_inhibition",
                "hcg": "hcg_LH", "hcg_sc": "hcg_LH", "gonadorelin": "gnrh_pulse"}
    edges = np.arange(0.0, 30.5, 0.5)
    for agent, channel in expected.items():
        every = 0.0625 if agent == "gonadorelin" else 3.5
        out = effects(hpg.Regimen([hpg.Course(agent, AGENTS[agent].max_dose / 20, every, 0, 30)]), edges, 30)
        moved = {name for name, values in out.items() if np.any(values > 0)}
        assert channel in moved and moved <= {channel, "gnrh_continuous"}, (agent, moved)


def test_high_dose_hcg_saturates_leydig_stimulation():
    """hCG is an LH-receptor agonist whose stimulation saturates: in a man without his own LH, T rises with
    the dose up to a few thousand IU, but doubling 5,000 IU twice weekly to 10,000 IU adds little (under
    10 %): twice the dose raises the LH-equivalent signal by less than a fifth, below hcg_LH_max."""
    man = hpg.Patient(gnrh_capacity=0.05)
    runs = {dose: hpg.simulate(hpg.Regimen([hpg.Course("hcg", dose, 3.5, 0, 56)]), days=56, patient=man)
            for dose in (1000, 5000, 10000)}
    late = lambda res, name: float(np.mean(res[name][res.t >= 42] if name in res else
                                           res.states[name][res.t >= 42]))
    assert late(runs[1000], "T") < late(runs[5000], "T")
    assert late(runs[10000], "T") < 1.10 * late(runs[5000], "T")
    signal = {dose: effects(hpg.Regimen([hpg.Course("hcg", dose, 3.5, 0, 56)]), np.arange(0.0, 56.5, 0.5),
                            56)["hcg_LH"].mean() for dose in (5000, 10000)}
    assert signal[10000] < 1.2 * signal[5000] and signal[10000] < DRUGS["hcg_LH_max"].value


def test_twice_weekly_gonadorelin_cannot_stand_in_for_pulses():
    """A seed document's claim, corrected: gonadorelin lasts minutes, so two injections a week give
    two LH pulses a week, not the ~11 a day of a healthy man; in a man without GnRH they barely
    move LH, while a pump every 90 min restores it (see TOPICS.md)."""
    man = hpg.Patient(gnrh_capacity=0.05)
    lh = lambda course: float(np.mean(hpg.simulate(hpg.Regimen([course]), days=60, patient=man)["LH"][-28:]))
    untreated = float(hpg.simulate(hpg.Regimen([]), days=1, patient=man)["LH"][0])
    twice_weekly = lh(hpg.Course("gonadorelin", 100, 3.5, 0))
    pump = lh(hpg.Course("gonadorelin", 10, 0.0625, 0))
    assert twice_weekly < untreated * 1.3
    assert pump > 2.2 > untreated                      # back in the reference range


# --- Drugs declare their effect (issue 15): PK reads the declaration, never a name --------------------------

def test_every_agent_declares_a_family_and_each_component_a_channel():
    from hpgviz.model.agents import CHANNELS, FAMILIES
    for name, agent in AGENTS.items():
        assert agent.family in FAMILIES and agent.site == FAMILIES[agent.family].site, name
        assert all(c.channel in CHANNELS and c.potency > 0 and 0 < c.efficacy <= 1 for c in agent.components), name


def test_pk_and_outcomes_never_dispatch_on_an_agent_name():
    root = Path(hpg.__file__).parent
    for module in ("model/pk.py", "analysis/outcomes.py"):
        text = (root / module).read_text()
        for name in AGENTS:
            assert f'"{name}"' not in text, f"{module} names the agent {name!r}: read its declaration instead"
        assert 'startswith("testosterone")' not in text, module


def test_a_new_drug_of_an_existing_family_is_one_catalogue_entry(monkeypatch):
    """A SERM declared with twice enclomiphene's potency acts, through PK alone, as enclomiphene at twice the
    dose: nothing but its catalogue entry tells the model what it does."""
    from dataclasses import replace
    from hpgviz.model.pk import effects
    en = AGENTS["enclomiphene"]
    double = replace(en, name="test_serm", components=tuple(replace(c, potency=2 * c.potency) for c in en.components))
    monkeypatch.setitem(AGENTS, "test_serm", double)
    grid = np.linspace(0, 40, 161)
    new = effects(hpg.Regimen([hpg.Course("test_serm", 10, 1, 0, 30)]), grid, 40)
    old = effects(hpg.Regimen([hpg.Course("enclomiphene", 20, 1, 0, 30)]), grid, 40)
    assert np.max(new["ER_block"]) > 0.1
    for signal in new:
        np.testing.assert_allclose(new[signal], old[signal], rtol=1e-12, atol=1e-15)
