"""Published recovery numbers that the population view and the validation compare the model with.

One place for them (DESIGN.md: one fact lives in one place). Times are months after the androgen stopped.
"""
from __future__ import annotations

MONTH_DAYS = 365.25 / 12

# Liu PY et al. Rate, extent, and modifiers of spermatogenic recovery after hormonal male contraception:
# an integrated analysis. Lancet 2006;367:1412-1420 (docs/SOURCES.md, C7 and C7+). 1,549 healthy men in
# 30 contraception studies; Kaplan-Meier share recovered to 20 million/mL after the last dose.
LIU_2006 = {
    "source": "Liu 2006 (Lancet 367:1412), 1,549 men in contraception trials",
    "threshold": 20.0,                                       # million/mL
    "share_by_month": ((6, 0.67), (12, 0.90), (16, 0.96), (24, 1.00)),
    "median_months": {20.0: 3.4, 10.0: 3.0, 3.0: 2.5},       # by threshold (million/mL)
    "faster_with": "shorter treatment, older age, higher baseline count",
}

# How often sperm do not come back: no single figure. About 0 % by 24 months after short exposure in young
# men in contraception trials (Liu 2006), about 20-30 % after long, high-dose androgen use in clinic
# series (Lykhonosov 2020; Rasmussen 2016; Kohn 2017). docs/SOURCES.md, C12.
NON_RECOVERY_RANGE = (0.0, 0.30)
NON_RECOVERY_SOURCES = "Liu 2006 (about 0 %); Lykhonosov 2020, Rasmussen 2016, Kohn 2017 (about 20-30 %)"

# Contraception trials enrolled men with normal counts (then 20 million/mL or more): the model's cohort is
# compared on the men whose untreated count meets the same entry level.
ENTRY_SPERM = 20.0
