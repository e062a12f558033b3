#!/usr/bin/env python3
"""Generate the Vigie demo budget file, ``crates/vigie-store/demo/budget.csv``.

Usage (from the repository root, or from anywhere)::

    python3 crates/vigie-store/demo/tools/generate_budget.py

Python 3 standard library only. The output is deterministic: the same input
file gives the same budget.csv byte for byte (one seeded random.Random(2021),
drawn in a fixed order).

What is real and what is not (see also ../README.md, section "Budget"):

* REAL: the yearly totals. They come from the SIPRI Military Expenditure
  Database, 2023 release, as copied in ../sipri/sipri_milex_2023release_g5sahel.csv
  (indicator ``milex_local_currency_current_calendar_year``, whole units of
  local currency, current prices).
  - BFA, MLI, NER: SIPRI reports spending, so the sum of the sector ``paid``
    amounts of a country-year equals SIPRI's figure exactly.
  - MRT, TCD: SIPRI's figures are the adopted budget (SIPRI note §), so the
    sum of the sector ``initial`` amounts equals SIPRI's figure exactly.
  A country-year without a SIPRI local-currency value is left out (NER 2015).
* DERIVED: the ``state_total`` rows. ``paid`` = SIPRI milex / (SIPRI share of
  general government expenditure / 100), rounded; ``initial`` = that x a
  drawn factor in [1.02, 1.08]. An approximation of the state budget, not
  the published budget law.
* ILLUSTRATIVE: everything finer than the yearly total: the ministry labels,
  programmes, economic natures, the split between lines, the other stages of
  the expenditure chain, the classified lines, and the programming laws
  (``planned`` rows), which are invented.

No line names a company or a person.
"""

import csv
import random
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent
SIPRI = DEMO / "sipri" / "sipri_milex_2023release_g5sahel.csv"
OUT = DEMO / "budget.csv"

YEARS = range(2015, 2024)
SEED = 2021

HEADER = [
    "country", "fiscal_year", "scope", "section", "program", "action",
    "economic_nature", "function", "stage", "amount", "currency", "law",
    "classification",
]
CHAIN = ["initial", "revised", "committed", "verified", "ordered", "paid"]

CURRENCY = {"BFA": "XOF", "MLI": "XOF", "NER": "XOF", "TCD": "XAF", "MRT": "MRU"}
# Which stage SIPRI's figure stands for (SIPRI's country notes).
ANCHOR = {"BFA": "paid", "MLI": "paid", "NER": "paid", "TCD": "initial", "MRT": "initial"}

SECTION = {
    "BFA": "Ministère de la Défense (illustratif)",
    "MLI": "Ministère de la Défense et des Anciens Combattants (illustratif)",
    "MRT": "Ministère de la Défense nationale (illustratif)",
    "NER": "Ministère de la Défense nationale (illustratif)",
    "TCD": "Ministère de la Défense nationale (illustratif)",
}
STATE_SECTION = "Budget de l'État"
COFOG_DEFENCE = "02.1"

P_ADMIN = "Administration générale"
P_TERRITORY = "Défense du territoire"
P_SUPPORT = "Soutien et équipement des forces"
PROGRAMS = [P_ADMIN, P_TERRITORY, P_SUPPORT]

# Public lines of every country: (programme, action, nature, base share of
# the initial appropriation). Personnel = 0.49 of the total.
PUBLIC_LINES = [
    (P_ADMIN, "", "personnel", 0.10),
    (P_ADMIN, "", "transfers", 0.04),
    (P_ADMIN, "", "other", 0.03),
    (P_TERRITORY, "", "personnel", 0.39),
    (P_TERRITORY, "", "goods_and_services", 0.24),
    (P_SUPPORT, "", "investment", 0.20),
]
# BFA and MLI: part of the equipment investment is classified (two lots).
CLASSIFIED_COUNTRIES = ("BFA", "MLI")
CLASSIFIED_LINES = [
    (P_SUPPORT, "Équipements opérationnels (lot classifié A)", "investment", 0.06, "CD"),
    (P_SUPPORT, "Équipements opérationnels (lot classifié B)", "investment", 0.04, "SD"),
]

# Programming laws (invented), planned yearly per programme.
LAWS = {
    "BFA": "Loi de programmation militaire 2019-2023 (illustrative)",
    "MLI": "Loi d'orientation et de programmation militaire 2019-2023 (illustrative)",
}
LAW_YEARS = range(2019, 2024)

# Execution profile per country, chosen so that the demo's PEFA scores
# differ. For each year: outturn = ordered / initial (aggregate, PI-1);
# execution = ordered / revised; paid = ordered x paid rate; spread = the
# standard deviation of each composition noise (programme, nature, line),
# which drives PI-2. Ranges are (low, high) for uniform draws.
PROFILE = {
    # Calm: outturn within 95-105 % in the last three years (PI-1 A).
    "NER": {"outturn": (0.94, 1.05), "recent": (0.965, 1.035), "execution": (0.93, 0.985),
            "paid_rate": (0.95, 0.99), "spread": 0.015},
    # Budget figures (adopted): moderate deviations (PI-1 B).
    "MRT": {"outturn": (0.90, 1.08), "recent": [(0.915, 0.935), (1.06, 1.08), (0.955, 0.98)],
            "execution": (0.92, 0.98), "paid_rate": (0.93, 0.98), "spread": 0.045},
    # Budget figures (adopted): wider deviations (PI-1 C).
    "TCD": {"outturn": (0.86, 1.12), "recent": [(0.86, 0.88), (1.11, 1.13), (0.87, 0.89)],
            "execution": (0.88, 0.97), "paid_rate": (0.88, 0.96), "spread": 0.08},
    # Crisis: large supplementary appropriations from 2019 (PI-1 D).
    "MLI": {"outturn": (0.88, 1.10), "crisis": (1.12, 1.22), "recent": [(1.17, 1.21), (0.79, 0.83), (1.16, 1.20)],
            "execution": (0.88, 0.96), "paid_rate": (0.86, 0.95), "spread": 0.14},
    "BFA": {"outturn": (0.92, 1.08), "crisis": (1.14, 1.26), "recent": [(1.20, 1.26), (1.26, 1.32), (1.18, 1.24)],
            "execution": (0.90, 0.97), "paid_rate": (0.90, 0.97), "spread": 0.20},
}
RECENT = (2021, 2022, 2023)
CRISIS = (2019, 2020)


def read_sipri():
    """SIPRI local-currency milex and share of government spending, 2015-2023."""
    milex, share = {}, {}
    with SIPRI.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            year = int(row["year"])
            if year not in YEARS or not row["value"]:
                continue
            key = (row["country_iso3"], year)
            if row["indicator"] == "milex_local_currency_current_calendar_year":
                # The extraction kept SIPRI's whole units ("units, not
                # millions", PROVENANCE.md); guard against a future copy in
                # millions or billions.
                unit = row["unit"].lower()
                assert "million" not in unit and "billion" not in unit, row["unit"]
                assert row["unit"].startswith(CURRENCY[row["country_iso3"]]), row["unit"]
                milex[key] = round(float(row["value"]))
            elif row["indicator"] == "milex_share_of_general_govt_expenditure":
                share[key] = float(row["value"])
    return milex, share


def uniform(rng, bounds):
    low, high = bounds
    return rng.uniform(low, high)


def lines_of(country):
    """(programme, action, nature, base share, classification) of a country."""
    lines = []
    for program, action, nature, weight in PUBLIC_LINES:
        if country in CLASSIFIED_COUNTRIES and (program, nature) == (P_SUPPORT, "investment"):
            weight -= sum(c[3] for c in CLASSIFIED_LINES)
        lines.append((program, action, nature, weight, ""))
    if country in CLASSIFIED_COUNTRIES:
        lines.extend(CLASSIFIED_LINES)
    return lines


def year_amounts(rng, country, year, target):
    """Amounts of every line at every stage for one country-year, in whole
    units, anchored on SIPRI's figure `target`."""
    profile = PROFILE[country]
    lines = lines_of(country)

    if year in RECENT and isinstance(profile["recent"], list):
        outturn = uniform(rng, profile["recent"][RECENT.index(year)])
    elif year in RECENT:
        outturn = uniform(rng, profile["recent"])
    elif year in CRISIS and "crisis" in profile:
        outturn = uniform(rng, profile["crisis"])
    else:
        outturn = uniform(rng, profile["outturn"])
    execution = uniform(rng, profile["execution"])
    paid_rate = uniform(rng, profile["paid_rate"])
    spread = profile["spread"]

    program_noise = {p: rng.gauss(0, spread) for p in PROGRAMS}
    nature_noise = {n: rng.gauss(0, spread) for n in
                    ("personnel", "goods_and_services", "transfers", "investment", "other")}

    initial = []
    for _, _, _, weight, _ in lines:
        initial.append(weight * (1 + rng.uniform(-0.12, 0.12)))

    # Ordered per line: the aggregate outturn, spread by composition noise
    # (then normalised so that the aggregate is exactly `outturn`).
    deviation = []
    for (program, _, nature, _, _), base in zip(lines, initial):
        n = program_noise[program] + nature_noise[nature] + rng.gauss(0, spread / 2)
        deviation.append(max(0.55, 1 + n))
    norm = sum(b * d for b, d in zip(initial, deviation)) / sum(initial)
    ordered = [b * outturn * d / norm for b, d in zip(initial, deviation)]

    stages = []
    for b, o in zip(initial, ordered):
        e = min(0.985, max(0.70, execution * (1 + rng.gauss(0, 0.025))))
        revised = o / e
        committed = revised * e ** 0.6
        verified = committed * e ** 0.25
        p = min(0.995, max(0.80, paid_rate * (1 + rng.gauss(0, 0.015))))
        stages.append([b, revised, committed, verified, o, o * p])

    anchor = CHAIN.index(ANCHOR[country])
    scale = target / sum(s[anchor] for s in stages)
    rounded = [[round(v * scale) for v in s] for s in stages]
    # The largest public line absorbs the rounding, so the sum is exact.
    largest = max((i for i, l in enumerate(lines) if not l[4]), key=lambda i: rounded[i][anchor])
    # Classified amounts must not look round (a round figure hints at a
    # single known contract): nudge them off the hundreds.
    for i, line in enumerate(lines):
        if line[4]:
            for k, amount in enumerate(rounded[i]):
                if amount % 100 == 0:
                    rounded[i][k] = amount - 37
    rounded[largest][anchor] += target - sum(s[anchor] for s in rounded)
    return lines, rounded


def planned_amounts(rng, lines, amounts):
    """One planned figure per programme (in millions, as such laws state them),
    the total 90-115 % of the initial appropriation."""
    by_program = {p: 0 for p in PROGRAMS}
    for line, stages in zip(lines, amounts):
        by_program[line[0]] += stages[0]
    factor = rng.uniform(0.90, 1.15)
    noise = {p: 1 + rng.gauss(0, 0.05) for p in PROGRAMS}
    total = sum(by_program.values())
    norm = sum(by_program[p] * noise[p] for p in PROGRAMS) / total
    return {p: round(by_program[p] * factor * noise[p] / norm / 1e6) * 1_000_000 for p in PROGRAMS}


def generate():
    milex, share = read_sipri()
    rng = random.Random(SEED)
    rows = []
    for country in sorted(CURRENCY):
        currency = CURRENCY[country]
        section = SECTION[country]
        for year in YEARS:
            target = milex.get((country, year))
            if target is None:
                continue
            lines, amounts = year_amounts(rng, country, year, target)
            for (program, action, nature, _, level), stages in zip(lines, amounts):
                for stage, amount in zip(CHAIN, stages):
                    rows.append([country, year, "sector", section, program, action, nature,
                                 COFOG_DEFENCE, stage, amount, currency, "", level])
            if country in LAWS and year in LAW_YEARS:
                plan = planned_amounts(rng, lines, amounts)
                for program in PROGRAMS:
                    rows.append([country, year, "sector", section, program, "", "",
                                 COFOG_DEFENCE, "planned", plan[program], currency,
                                 LAWS[country], ""])
            pct = share.get((country, year))
            if pct is not None:
                paid = round(target / (pct / 100))
                initial = round(paid * rng.uniform(1.02, 1.08))
                for stage, amount in (("initial", initial), ("paid", paid)):
                    rows.append([country, year, "state_total", STATE_SECTION, "", "", "",
                                 "", stage, amount, currency, "", ""])
    return rows


def check(rows):
    """The promises of the README, checked on every run."""
    index = {h: i for i, h in enumerate(HEADER)}
    col = lambda r, name: r[index[name]]
    public = {col(r, "amount") for r in rows if not col(r, "classification")}
    totals = {}
    chains = {}
    for r in rows:
        if col(r, "scope") != "sector" or col(r, "stage") == "planned":
            continue
        base = (col(r, "country"), col(r, "fiscal_year"), col(r, "stage"))
        for group in ((), (col(r, "program"),), (col(r, "economic_nature"),)):
            totals[base + group] = totals.get(base + group, 0) + col(r, "amount")
        line = tuple(r[:8])
        chains.setdefault(line, {})[col(r, "stage")] = col(r, "amount")
    for line, stages in chains.items():
        values = [stages[s] for s in CHAIN]
        assert all(a >= b for a, b in zip(values[1:], values[2:])), line
    total_values = set(totals.values())
    for r in rows:
        if col(r, "classification"):
            amount = col(r, "amount")
            assert amount % 100 and amount not in public and amount not in total_values, r
    keys = [tuple(r[:9]) + (r[11],) for r in rows]
    assert len(keys) == len(set(keys)), "duplicate natural key"


def main():
    rows = generate()
    check(rows)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"{OUT}: {len(rows)} rows")


if __name__ == "__main__":
    main()
