"""Speed of the minute-scale pulse mode (hpgviz.model.pulses), and the scenarios it is built to show.

Prints figures; never fails on timing. Run: .venv/bin/python benchmarks/bench_pulses.py
(accuracy against an LSODA integration of the same equations is a test: tests/test_pulses.py).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from hpgviz.model.patient import Patient  # noqa: E402
from hpgviz.model.pulses import simulate_pulses  # noqa: E402
from hpgviz.model.regimen import Course, Regimen  # noqa: E402

SCENARIOS = {
    "untreated": None,
    "pump 10 ug / 90 min": Regimen([Course("gonadorelin", 10, 0.0625)]),
    "continuous (same amount)": Regimen([Course("gonadorelin", 10, 0.0625, continuous=True)]),
    "100 ug twice weekly": Regimen([Course("gonadorelin", 100, 3.5)]),
    "TE 200 mg weekly": Regimen([Course("testosterone_enanthate", 200, 7)]),
}


def timed(repeats=20, **kwargs):
    simulate_pulses(**kwargs)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        simulate_pulses(**kwargs)
        times.append(time.perf_counter() - start)
    return 1000 * float(np.median(times))


def main():
    print("run time (median of 20), one man")
    for name, reg in SCENARIOS.items():
        print(f"  2 weeks at 1 min, {name:26s} {timed(regimen=reg, hours=336):6.1f} ms")
    print(f"  6 weeks at 0.25 min, pump                 {timed(3, regimen=SCENARIOS['pump 10 ug / 90 min'], hours=1008, dt_minutes=0.25):6.1f} ms")
    for label, man in (("healthy man", Patient()), ("GnRH-deficient man (gnrh_capacity 0.05)", Patient(gnrh_capacity=0.05))):
        base = simulate_pulses(hours=336, patient=man)
        own = base["LH"].mean()
        print(f"\n{label}: LH over 2 weeks (IU/L); 'above' = share of time LH > untreated mean + 1 IU/L")
        print(f"  {'':26s} {'mean d0-14':>10s} {'max 1-h':>8s} {'d13-14':>7s} {'above':>6s} {'T d13-14':>9s} "
              f"{'interval':>8s}")
        for name, reg in SCENARIOS.items():
            r = simulate_pulses(reg, hours=336, patient=man)
            hourly = r["LH"][:-1].reshape(-1, 60).mean(axis=1)
            last = r.t >= 13
            print(f"  {name:26s} {r['LH'].mean():10.2f} {hourly.max():8.2f} {r['LH'][last].mean():7.2f} "
                  f"{(r['LH'] > own + 1).mean():6.1%} {r['T'][last].mean():9.0f} "
                  f"{np.diff(r.pulse_times[r.pulse_times >= 13]).mean() * 1440:6.1f} m")


if __name__ == "__main__":
    main()
