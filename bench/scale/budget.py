#!/usr/bin/env python3
"""A national-scale budget file for bench/scale/budget.sh (issue 16, item 3).

    python3 bench/scale/budget.py --out DIR --lines 10000000

Writes DIR/budget-LINES.csv in the English template's format, the shape of
`cargo bench -p vigie-store --bench budget_import` (its generator, in
crates/vigie-store/benches/budget_import.rs, is the reference): the five
countries in their currencies, 25 fiscal years (1999-2023), each year a
state total per stage of the expenditure chain, a programming law's yearly
amount per programme, then sections x programmes x actions x five economic
natures x the six stages, with the intelligence service's investment and
goods-and-services lines of every third action classified `CD` (the demo's
schemes). Every section, programme and action is illustrative; amounts
grow 6 % a year from sizes in the order of the five states' defence
budgets. Deterministic (splitmix64), no key given twice.
"""

import argparse
import os

M64 = (1 << 64) - 1
COUNTRIES = [("BFA", "XOF"), ("MLI", "XOF"), ("MRT", "MRU"), ("NER", "XOF"), ("TCD", "XAF")]
SIZES = [1.0, 1.1, 0.45, 0.9, 0.7]
FIRST_YEAR, YEARS = 1999, 25
SECTIONS = [
    ("Ministry of Defence (illustrative)", "02.1",
     ["General administration", "Defence of the territory", "Support and equipment of the forces",
      "Military health service", "Military schools and training", "Veterans and military pensions"]),
    ("Ministry of Internal Security (illustrative)", "03.1",
     ["Police services", "Civil protection", "Border surveillance", "Fight against terrorism",
      "Administration and support", "Road safety"]),
    ("National Gendarmerie (illustrative)", "03.1",
     ["Territorial brigades", "Mobile gendarmerie", "Judicial police", "Equipment of the units",
      "Gendarmerie schools", "Command and administration"]),
    ("General Directorate of Intelligence (illustrative)", "02.1",
     ["Foreign intelligence", "Counter-intelligence", "Technical means", "International cooperation",
      "Administration", "Training"]),
]
CLASSIFIED_SECTION = 3
ACTIONS = ["Personnel support", "Operations", "Infrastructure", "Vehicles and logistics",
           "Communications", "Training", "Health", "Maintenance"]
NATURES = ["personnel", "goods_and_services", "transfers", "investment", "other"]
CHAIN = ["initial", "revised", "committed", "verified", "ordered", "paid"]
PLANNED_START = 6
SECTOR_START = PLANNED_START + len(SECTIONS) * 6
HEADER = ("country,fiscal_year,scope,section,program,action,economic_nature,function,"
          "stage,amount,currency,law,classification")


def mix(x):
    x = (x + 0x9E3779B97F4A7C15) & M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M64
    return x ^ (x >> 31)


def seed(*parts):
    acc = 0x5EED
    for p in parts:
        acc = mix(acc ^ p)
    return acc


def between(s, lo, hi):
    return lo + (hi - lo) * (mix(s) >> 11) / float(1 << 53)


def chain(s, base):
    initial = base
    revised = initial * between(s ^ 1, 0.92, 1.08)
    committed = revised * between(s ^ 2, 0.85, 0.99)
    verified = committed * between(s ^ 3, 0.95, 1.0)
    ordered = verified * between(s ^ 4, 0.96, 1.0)
    paid = ordered * between(s ^ 5, 0.90, 1.0)
    return [initial, revised, committed, verified, ordered, paid]


def amount(xof, currency):
    if currency == "MRU":
        cents = round(xof / 15.0 * 100.0)
        return f"{cents // 100}.{cents % 100:02d}"
    return str(round(xof))


def cell_lines(country, year, lines):
    code, currency = COUNTRIES[country]
    c, y = country, year - FIRST_YEAR
    growth = 1.06 ** y
    size = SIZES[country]
    for k in range(lines):
        if k < PLANNED_START:
            amounts = chain(seed(c, y), 1.6e12 * size * growth)
            yield (f"{code},{year},state_total,State budget (illustrative),,,,,"
                   f"{CHAIN[k]},{amount(amounts[k], currency)},{currency},,")
        elif k < SECTOR_START:
            p = k - PLANNED_START
            name, function, programs = SECTIONS[p // 6]
            start = FIRST_YEAR + 5 * (y // 5)
            value = amount(2.0e10 * size * growth * between(seed(c, y, k), 0.8, 1.2), currency)
            yield (f"{code},{year},sector,{name},{programs[p % 6]},,,{function},planned,{value},"
                   f"{currency},Military programming law {start}-{start + 4} (illustrative),")
        else:
            j = k - SECTOR_START
            stage = j % 6
            head = j // 6
            nature = NATURES[head % 5]
            heading = j // 30
            section = heading % len(SECTIONS)
            program = (heading // len(SECTIONS)) % 6
            action = heading // (len(SECTIONS) * 6)
            name, function, programs = SECTIONS[section]
            base = (between(seed(c, head), 5e7, 5e9) * between(seed(c, y, head), 0.9, 1.1)
                    * size * growth)
            amounts = chain(seed(c, y, head, 1), base)
            level = ("CD" if section == CLASSIFIED_SECTION
                     and nature in ("investment", "goods_and_services") and action % 3 == 0 else "")
            yield (f"{code},{year},sector,{name},{programs[program]},"
                   f"{action + 1:02d} {ACTIONS[action % len(ACTIONS)]},{nature},{function},"
                   f"{CHAIN[stage]},{amount(amounts[stage], currency)},{currency},,{level}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--lines", type=int, default=10_000_000)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, f"budget-{args.lines}.csv")
    cells = len(COUNTRIES) * YEARS
    with open(path + ".part", "w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER + "\n")
        for cell in range(cells):
            country, y = cell // YEARS, cell % YEARS
            n = args.lines // cells + (1 if cell < args.lines % cells else 0)
            out.writelines(line + "\n" for line in cell_lines(country, FIRST_YEAR + y, n))
    os.replace(path + ".part", path)
    print(f"wrote {path} ({args.lines} lines, {os.path.getsize(path) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
