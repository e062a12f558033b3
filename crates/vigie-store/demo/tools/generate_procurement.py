#!/usr/bin/env python3
"""Generate the Vigie demo procurement file, ``crates/vigie-store/demo/procurement.json``.

Usage (from the repository root, or from anywhere)::

    python3 crates/vigie-store/demo/tools/generate_procurement.py

Python 3 standard library only. The output is deterministic: one seeded
random.Random(2021), drawn in a fixed order, and no clock; running the script
twice gives the same bytes.

The file is one OCDS 1.1 release package with the Vigie extension of
docs/decisions/0011-procurement-model.md. EVERY CONTRACTING PROCESS IS
ILLUSTRATIVE: titles say "(illustratif)", and no amount, date, supplier or
owner is real. The only real names are the buyers (the five ministries of
defence, by the names in the project reference file sahel-facts.md §7) and, as
opinion bodies, Mali's Conseil supérieur de la défense and Mauritania's CNCMP
(sahel-facts.md §2b). Every supplier is a fictional company whose name says
so ("Fictif", "Imaginaire"), with ``details.illustrative = true``; every
beneficial owner is "Bénéficiaire fictif …". The legal bases name a TYPE of
text ("Décret portant …") with "(illustratif)", never a real decree number.
The patterns are those of the public audits in sahel-facts.md §6 (direct
awards, over-pricing, paid but not delivered, concentration on companies of
one owner), reproduced with invented data; no process stands for a real case.

What the file holds, per country (BFA, MLI, MRT, NER, TCD; 2019-2025):
* 7 yearly framework tenders of the army stewardship ("fournitures
  courantes"), 4 lots each, awarded to regional suppliers (no bid details);
* 12 competitive single-award processes (open, selective, limited) with bid
  details: 3-4 valid bids in rotation among 6 local suppliers, sometimes a 5th,
  disqualified bid; the winner is the lowest valid bid;
* derogatory-regime processes (``tender/exemption``), direct awards,
  a few with a classified justification (``classification``, BFA/MLI);
* small direct awards under the ordinary code, and one open tender of 2025
  still in progress;
* the scenario processes of the table below.
Several processes have one release per stage (tender, award, contract,
implementation, contractAmendment), so that merging is exercised; the others
have one release with all stages.

Which process makes which flag fire (default settings of Cardinal 0.0.8 and
of docs/decisions/0011, plus ``[D007] threshold = 50000000`` and
``[D009] threshold = 500000000``). ``check()`` recomputes every flag from the
compiled releases (a port of Cardinal 0.0.8's code, R044 as on Cardinal's
``r044`` branch, and the D-flags as read below) and fails if the set of flagged
processes, buyers or tenderers differs from EXPECTED.

  flag  fires on                               why
  ----  -------------------------------------  ------------------------------------------------
  R003  ocds-vigie-bfa-2020-005                open tender, tender period of 7 days (< 15)
  R018  ocds-vigie-ner-2021-007                open tender, numberOfTenderers = 1
  R024  ocds-vigie-bfa-2022-009,               second-lowest valid bid 0.2 % above the winner
        -mrt-2021-006, -tcd-2022-008           (lower fence 4.3-4.9 %; one per currency)
  R025  tenderer VIGIE-DEMO-MLI-COUV           valid bids in 12 processes (MLI, NER), never won
  R028  ocds-vigie-mrt-2023-009                two tenderers bid the same price (two losers)
  R030  ocds-vigie-tcd-2020-004                the winner's bid is dated after the deadline
  R035  ocds-vigie-mli-2022-008                one valid bid (the winner), 3 others disqualified
  R036  ocds-vigie-bfa-2023-011,               the lowest bid is disqualified, a higher valid
        -mrt-2022-007, -tcd-2024-010           bid wins (one per currency)
  R038  buyer & procuringEntity MLI-DAF;       MLI-DAF disqualifies 26 % of the bids it gets
        tenderers VIGIE-DEMO-MLI-L7, -L8, -L9  (others 7-15 %, upper fence 19.5 %); those
        (the losers of mli-2022-008)           tenderers have every bid disqualified
  R044  ocds-vigie-ner-2022-010                two tenderers share address and contact point
  R048  tenderer VIGIE-DEMO-RX                 23 processes, items in 8 CPV divisions; the
                                               5 other suppliers with >= 20 processes have
                                               1-2 (upper fence 4.75)
  R058  ocds-vigie-ner-2023-004,               second-lowest valid bid 60 % above the winner
        -mrt-2024-005, -tcd-2021-003           (upper fence 10.3-11 %; one per currency)
  D001  ocds-vigie-mli-2019-016                derogatory, no legal basis (justification only)
  D002  BFA-MDAC 2021, 2022, 2024;            buyer-years whose derogatory value >= 50 %:
        MLI-MDAC 2019, 2020; NER-MDN 2019,     the years of the D001, D003, D004, D005,
        2021; TCD-MDN 2021, 2022, 2024         D006 and D009 processes (background
                                               derogatory awards go to the stewardships,
                                               where they stay under 50 %)
  D003  tenderer VIGIE-DEMO-TCD-OMEGA          wins 3 derogatory processes, 76 % of
        (buyer TCD-MDN)                        TCD-MDN's awarded value; owner not declared
  D004  owner BO-BFA-A (3 suppliers,           together 90 % of BFA-MDAC's awarded value,
        buyer BFA-MDAC)                        none alone >= 50 % (40, 29, 21 %); ASCE-LC
                                               pattern, §6; justifications classified CD
  D005  ocds-vigie-ner-2019-017                amendment raises the value by 38 %
  D006  ocds-vigie-ner-2020-018 (paid before   payment 6 months before the delivery;
        delivery), -ner-2021-019 (paid, never  payments, delivery milestone notMet (IGA 2020
        delivered)                             pattern, §6)
  D007  ocds-vigie-bfa-2023-017 and -018       BFA-DAF, same supplier, 48.6 M and 47.9 M XOF,
                                               51 days apart (45-50 M band)
  D008  tenderer VIGIE-DEMO-MRT-NEW            founded 2022-02-10, first award 2022-06-20
                                               (130 days)
  D009  ocds-vigie-mli-2020-017                derogatory, 2.35 bn XOF, no opinion
                                               (Mali: Conseil supérieur de la défense > 1 bn)

How the D-flags are read here (0011 gives one line each): a process's value
is the sum of its active awards; its year is the year of its first active
award; D002 per buyer and year; D003 and D004 per buyer over all years, D003
needing >= 3 processes of the supplier, D004 >= 2 suppliers of the owner;
D005 compares the last newValue with the first previousValue; D006 fires on
a payment earlier than the earliest met delivery of its contract, or with no
met delivery at all; D007 looks at contracts whose value v has
0.9 x threshold <= v < threshold, signed within 90 days; D008 uses the
earliest active award of the supplier in the file; D009 needs a non-empty
``tender/exemption/opinion``. All other processes are built so that they do
not fire these flags (winner = lowest valid bid, disqualified bids above the
winner, tender periods of 21-45 days, payments after delivery, amendments
<= 21 %, opinions on every derogatory process above 500 M, no two contracts of
a buyer and supplier in the D007 band). Flags computed per reader on a
withheld field (decision 0011, "Secrecy") are not modelled here.
"""

import json
import random
from datetime import datetime, timedelta
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent
OUT = DEMO / "procurement.json"
SEED = 2021
YEARS = range(2019, 2026)
PUBLISHED = "2025-06-30T00:00:00Z"

COUNTRIES = {
    "BFA": {
        "name": "Burkina Faso", "currency": "XOF", "city": "Ouagadougou", "phone": "+226", "scale": 1,
        "ministry": ("BFA-MDAC", "Ministère de la Défense et des Anciens Combattants"),
        "legal_basis": "Décret portant réglementation des marchés publics spéciaux (illustratif), art. 3",
        "opinion_body": "Commission spéciale des marchés de défense (illustrative)",
    },
    "MLI": {
        "name": "Mali", "currency": "XOF", "city": "Bamako", "phone": "+223", "scale": 1,
        "ministry": ("MLI-MDAC", "Ministère de la Défense et des Anciens Combattants"),
        "legal_basis": "Décret fixant le régime des marchés exclus du code des marchés publics (illustratif), art. 2",
        "opinion_body": "Conseil supérieur de la défense",
    },
    "MRT": {
        "name": "Mauritanie", "currency": "MRU", "city": "Nouakchott", "phone": "+222", "scale": 15,
        "ministry": ("MRT-MDN", "Ministère de la Défense nationale"),
        "legal_basis": "Décret d'application du code des marchés publics relatif aux marchés de défense (illustratif), art. 5",
        "opinion_body": "Commission nationale de contrôle des marchés publics (CNCMP)",
    },
    "NER": {
        "name": "Niger", "currency": "XOF", "city": "Niamey", "phone": "+227", "scale": 1,
        "ministry": ("NER-MDN", "Ministère de la Défense nationale"),
        "legal_basis": "Décret portant procédures spéciales de passation des marchés de défense et de sécurité (illustratif), art. 4",
        "opinion_body": "Commission spéciale des marchés de défense (illustrative)",
    },
    "TCD": {
        "name": "Tchad", "currency": "XAF", "city": "N'Djamena", "phone": "+235", "scale": 1,
        "ministry": ("TCD-MDN", "Ministère délégué à la Présidence chargé de la Défense nationale, "
                                "des Anciens Combattants et Victimes de Guerre"),
        "legal_basis": "Décret portant code des marchés publics, dispositions relatives à la défense (illustratif), art. 6",
        "opinion_body": "Commission spéciale des marchés de défense (illustrative)",
    },
}
DAF_NAME = "Intendance militaire (Direction de l'administration et des finances)"
MINISTRY_SOURCE = "sahel-facts.md §7 (exact title unverified for MRT, NER; TCD as of 2019)"

# CPV code: (description, mainProcurementCategory)
CPV = {
    "15800000": ("Vivres et rations", "goods"),
    "09134100": ("Gazole", "goods"),
    "18100000": ("Tenues et uniformes", "goods"),
    "34300000": ("Pièces détachées de véhicules", "goods"),
    "33600000": ("Produits pharmaceutiques", "goods"),
    "35300000": ("Armes, munitions et pièces associées", "goods"),
    "35400000": ("Véhicules militaires et pièces associées", "goods"),
    "32500000": ("Matériel de télécommunications", "goods"),
    "30200000": ("Matériel informatique", "goods"),
    "39500000": ("Articles textiles (literie, tentes)", "goods"),
    "45210000": ("Travaux de construction de bâtiments", "works"),
    "50600000": ("Entretien de matériel de défense", "services"),
    "55500000": ("Services de restauration collective", "services"),
    "60100000": ("Transport routier de marchandises", "services"),
}
COMPETITIVE_CPV = ["35400000", "32500000", "30200000", "39500000", "45210000", "50600000", "33600000", "60100000"]
DEROGATORY_CPV = ["35300000", "35400000", "50600000", "32500000"]
LOTS = [("Lot 1 : vivres", "15800000"), ("Lot 2 : carburant", "09134100"),
        ("Lot 3 : habillement", "18100000"), ("Lot 4 : pièces détachées", "34300000")]

GREEK = ["Alpha", "Bêta", "Gamma", "Delta", "Epsilon", "Zêta", "Êta", "Thêta", "Iota", "Kappa"]
LOCAL_KINDS = ["Sahel Fictif Équipements SARL", "Société Imaginaire de Logistique", "Établissements Fictifs",
               "Entreprise Imaginaire de Travaux", "Comptoir Fictif du Matériel", "Société Fictive de Services"]

SUPPLIERS = {}   # id -> party (without roles)
PROCESSES = []   # specs, see process()


def iso(d):
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def supplier(sid, name, country, founded, owner=None, same_as=None):
    """A fictional supplier. `same_as`: share the address and contact point of
    that supplier (R044)."""
    c = COUNTRIES[country]
    n = len(SUPPLIERS) + 1
    party = {
        "id": sid,
        "name": name,
        "identifier": {"scheme": "VIGIE-DEMO", "id": sid},
        "address": {"streetAddress": f"Lot fictif n° {100 + n}, zone illustrative", "locality": c["city"],
                    "countryName": c["name"]},
        "contactPoint": {"name": f"Service commercial {sid[11:]}",
                         "email": f"{sid.lower().replace('vigie-demo-', '')}@example.org",
                         "telephone": f"{c['phone']} 00 00 {n // 100:02d} {n % 100:02d}"},
        "details": {"illustrative": True, "foundingDate": founded},
    }
    if same_as:
        other = SUPPLIERS[same_as]
        party["address"] = dict(other["address"])
        party["contactPoint"] = dict(other["contactPoint"])
    if owner:  # otherwise the owner is not declared
        party["beneficialOwners"] = [{"id": owner[0], "name": owner[1]}]
    SUPPLIERS[sid] = party
    return sid


def make_suppliers(rng):
    regional = [
        ("RA", "Société Imaginaire de Vivres du Sahel SA", "MLI"),
        ("RB", "Carburants Fictifs de l'Ouest SA", "NER"),
        ("RC", "Atelier Fictif d'Habillement Militaire SARL", "BFA"),
        ("RD", "Pièces Imaginaires Automobiles Sahel SARL", "TCD"),
        ("RE", "Fournitures Fictives Générales Bêta SA", "MRT"),
        ("RX", "Comptoir Imaginaire Multiservices SA", "BFA"),
    ]
    for i, (code, name, country) in enumerate(regional):
        supplier(f"VIGIE-DEMO-{code}", name, country, f"{2003 + i}-0{1 + i}-15",
                 (f"BO-R{i + 1}", f"Bénéficiaire fictif R{i + 1}"))
    for country in COUNTRIES:
        for k in range(6):
            name = f"{LOCAL_KINDS[k].split(' SARL')[0]} {GREEK[k]} ({country})"
            if LOCAL_KINDS[k].endswith("SARL"):
                name += " SARL"
            supplier(f"VIGIE-DEMO-{country}-L{k + 1}", name, country,
                     f"{2005 + rng.randrange(10)}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}",
                     (f"BO-{country}-L{k + 1}", f"Bénéficiaire fictif {country}-{k + 1}"))
    # Scenario suppliers.
    supplier("VIGIE-DEMO-MLI-COUV", "Société Fictive de Couverture Gamma (MLI)", "MLI", "2012-04-02",
             ("BO-MLI-C", "Bénéficiaire fictif MLI-C"))
    supplier("VIGIE-DEMO-MLI-L7", "Entreprise Imaginaire Non Conforme (MLI)", "MLI", "2014-09-09",
             ("BO-MLI-7", "Bénéficiaire fictif MLI-7"))
    supplier("VIGIE-DEMO-MLI-L8", "Société Imaginaire Écartée Thêta (MLI)", "MLI", "2011-03-21",
             ("BO-MLI-8", "Bénéficiaire fictif MLI-8"))
    supplier("VIGIE-DEMO-MLI-L9", "Établissements Fictifs Écartés Iota (MLI)", "MLI", "2013-07-30",
             ("BO-MLI-9", "Bénéficiaire fictif MLI-9"))
    supplier("VIGIE-DEMO-MLI-WIN", "Société Fictive Retenue Kappa (MLI)", "MLI", "2010-10-10",
             ("BO-MLI-W", "Bénéficiaire fictif MLI-W"))
    supplier("VIGIE-DEMO-NER-K1", "Société Fictive Jumelle Un (NER)", "NER", "2016-05-04",
             ("BO-NER-K", "Bénéficiaire fictif NER-K"))
    supplier("VIGIE-DEMO-NER-K2", "Société Fictive Jumelle Deux (NER)", "NER", "2016-06-01",
             ("BO-NER-K", "Bénéficiaire fictif NER-K"), same_as="VIGIE-DEMO-NER-K1")
    supplier("VIGIE-DEMO-NER-ARM", "Société Imaginaire d'Armement Sahel (NER)", "NER", "2009-02-11",
             ("BO-NER-A", "Bénéficiaire fictif NER-A"))
    owner_a = ("BO-BFA-A", "Bénéficiaire fictif A")
    supplier("VIGIE-DEMO-BFA-A1", "Sahel Fictif Armement SARL (BFA)", "BFA", "2012-01-17", owner_a)
    supplier("VIGIE-DEMO-BFA-A2", "Société Imaginaire de Défense Oméga (BFA)", "BFA", "2015-08-03", owner_a)
    supplier("VIGIE-DEMO-BFA-A3", "Établissements Fictifs Sigma Équipements (BFA)", "BFA", "2018-11-26", owner_a)
    supplier("VIGIE-DEMO-BFA-D1", "Société Fictive d'Optique Militaire (BFA)", "BFA", "2007-06-06",
             ("BO-BFA-D", "Bénéficiaire fictif BFA-D"))
    supplier("VIGIE-DEMO-TCD-OMEGA", "Société Fictive Oméga Défense (TCD)", "TCD", "2010-12-01")
    supplier("VIGIE-DEMO-MRT-NEW", "Société Imaginaire Nouvelle Création (MRT)", "MRT", "2022-02-10",
             ("BO-MRT-N", "Bénéficiaire fictif MRT-N"))
    supplier("VIGIE-DEMO-MRT-AIR", "Société Fictive Aéro-Sahel (MRT)", "MRT", "2008-03-03",
             ("BO-MRT-A", "Bénéficiaire fictif MRT-A"))
    supplier("VIGIE-DEMO-MLI-AERO", "Société Imaginaire Aéronautique Delta (MLI)", "MLI", "2006-05-19",
             ("BO-MLI-D", "Bénéficiaire fictif MLI-D"))


# ---------------------------------------------------------------- processes

def process(country, buyer, year, seq, **kw):
    """Register one process spec. Keys: method, details, cpv, title, start,
    period, value, bids [(supplier, amount, status, late)], awards
    [(supplier, amount, cpv, title)], tenderers, derog {...}, level,
    amendments [factor...], impl ('normal'|'before'|'never'|None), stages,
    open_only, signed_offset."""
    spec = dict(country=country, buyer=buyer, year=year, seq=seq, ocid=f"ocds-vigie-{country.lower()}-{year}-{seq:03d}")
    spec.update(kw)
    PROCESSES.append(spec)
    return spec


def money(c, xof):
    """An amount in the country's currency from an XOF-equivalent figure,
    rounded to 1,000 (XOF, XAF) or 100 (MRU)."""
    scale = COUNTRIES[c]["scale"]
    step = 100 if scale > 1 else 1000
    return int(round(xof / scale / step) * step)


def start_date(rng, year, month=None):
    month = month or 1 + rng.randrange(11)
    return datetime(year, month, 1 + rng.randrange(27), 9, 0, 0)


def make_processes(rng):
    seqs = {}

    def nseq(c, y):
        seqs[(c, y)] = seqs.get((c, y), 0) + 1
        return seqs[(c, y)]

    # Scenario sequence numbers are fixed so that the docstring's ocids hold:
    # they are reserved here and the background takes the other numbers.
    reserved = {
        ("BFA", 2020): [5], ("BFA", 2022): [9], ("BFA", 2023): [11, 17, 18],
        ("MLI", 2019): [16], ("MLI", 2020): [17], ("MLI", 2022): [8],
        ("MRT", 2021): [6], ("MRT", 2022): [7], ("MRT", 2023): [9], ("MRT", 2024): [5],
        ("NER", 2019): [17], ("NER", 2020): [18], ("NER", 2021): [7, 19], ("NER", 2022): [10], ("NER", 2023): [4],
        ("TCD", 2020): [4], ("TCD", 2021): [3], ("TCD", 2022): [8], ("TCD", 2024): [10],
    }

    def free_seq(c, y):
        while True:
            s = nseq(c, y)
            if s not in reserved.get((c, y), []):
                return s

    # Scenario kinds placed on the competitive cycle: (country, k) -> (kind, year)
    cycle_scenarios = {
        ("BFA", 1): ("R003", 2020), ("BFA", 5): ("R024", 2022), ("BFA", 8): ("R036", 2023),
        ("MLI", 6): ("R035", 2022),
        ("MRT", 3): ("R024", 2021), ("MRT", 5): ("R036", 2022), ("MRT", 8): ("R028", 2023), ("MRT", 10): ("R058", 2024),
        ("NER", 3): ("R018", 2021), ("NER", 6): ("R044", 2022), ("NER", 8): ("R058", 2023),
        ("TCD", 1): ("R030", 2020), ("TCD", 2): ("R058", 2021), ("TCD", 5): ("R024", 2022), ("TCD", 10): ("R036", 2024),
    }
    scenario_seq = {
        ("BFA", "R003"): 5, ("BFA", "R024"): 9, ("BFA", "R036"): 11, ("MLI", "R035"): 8,
        ("MRT", "R024"): 6, ("MRT", "R036"): 7, ("MRT", "R028"): 9, ("MRT", "R058"): 5,
        ("NER", "R018"): 7, ("NER", "R044"): 10, ("NER", "R058"): 4,
        ("TCD", "R030"): 4, ("TCD", "R058"): 3, ("TCD", "R024"): 8, ("TCD", "R036"): 10,
    }

    for c, cfg in COUNTRIES.items():
        ministry = cfg["ministry"][0]
        daf = f"{c}-DAF"
        pool = [f"VIGIE-DEMO-{c}-L{k + 1}" for k in range(6)]

        # 1. Yearly framework tenders, 4 lots (R048 population).
        for y in YEARS:
            i = list(COUNTRIES).index(c) * 7 + (y - 2019)
            winners = [
                "VIGIE-DEMO-RE" if i % 3 == 0 else "VIGIE-DEMO-RA",
                "VIGIE-DEMO-RX" if i % 5 == 0 else "VIGIE-DEMO-RB",
                "VIGIE-DEMO-RE" if i % 3 == 1 else "VIGIE-DEMO-RC",
                "VIGIE-DEMO-RX" if i % 5 == 2 else "VIGIE-DEMO-RD",
            ]
            awards = []
            for (title, cpv), w in zip(LOTS, winners):
                awards.append((w, money(c, rng.uniform(120e6, 420e6)), cpv, title))
            process(c, daf, y, free_seq(c, y), method="open", details="Appel d'offres ouvert (allotissement)",
                    cpv=None, title=f"Fournitures courantes des forces armées, exercice {y}",
                    start=start_date(rng, y, 1 + rng.randrange(3)), period=30 + rng.randrange(10),
                    awards=awards, tenderers=8 + rng.randrange(5), impl="normal" if y < 2025 else None,
                    stages=y % 2 == 0)

        # 2. Competitive single-award cycle: process k has bidders pool[k..k+3],
        # winner pool[k % 6]; every other process gets a 5th, disqualified bid.
        for k in range(12):
            kind, year = cycle_scenarios.get((c, k), (None, 2019 + (k * 7) // 12))
            seq = scenario_seq[(c, kind)] if kind else free_seq(c, year)
            buyer = ministry if k % 2 == 0 else daf
            if c == "MLI" and kind is None and k in (3, 9):
                buyer = daf
            cpv = COMPETITIVE_CPV[(k + len(c)) % len(COMPETITIVE_CPV)]
            method, details = [("open", "Appel d'offres ouvert"), ("open", "Appel d'offres ouvert"),
                               ("selective", "Appel d'offres restreint"), ("open", "Appel d'offres ouvert"),
                               ("limited", "Demande de cotations")][k % 5]
            if kind in ("R003", "R018", "R024", "R058", "R030", "R028", "R036", "R044"):
                method, details = "open", "Appel d'offres ouvert"
            winner_amount = money(c, rng.uniform(90e6, 900e6))
            # Every 4th process has 3 valid bids, so that win ratios are not all equal (R025).
            bidders = [pool[(k + j) % 6] for j in range(3 if kind is None and k % 4 == 3 else 4)]
            ratio = rng.uniform(0.06, 0.09)
            bids = [(bidders[0], winner_amount, "valid", False),
                    (bidders[1], money(c, winner_amount * cfg["scale"] * (1 + ratio)), "valid", False)]
            for j, b in enumerate(bidders[2:]):
                bids.append((b, money(c, winner_amount * cfg["scale"] * (1 + ratio + 0.04 + 0.05 * j + rng.uniform(0, 0.03))),
                             "valid", False))
            if k % 4 in (1, 2):
                bids.append((pool[(k + 4) % 6], money(c, winner_amount * cfg["scale"] * (1.25 + rng.uniform(0, 0.1))),
                             "disqualified", False))
            if c in ("MLI", "NER") and kind is None:
                bids.append(("VIGIE-DEMO-MLI-COUV", money(c, winner_amount * cfg["scale"] * (1.35 + rng.uniform(0, 0.1))),
                             "valid", False))
            if c == "MLI" and kind is None and k in (3, 9):
                bids.append(("VIGIE-DEMO-MLI-L7", money(c, winner_amount * cfg["scale"] * 1.3), "disqualified", False))
                bids.append(("VIGIE-DEMO-MLI-L8" if k == 3 else "VIGIE-DEMO-MLI-L9",
                             money(c, winner_amount * cfg["scale"] * 1.33), "disqualified", False))
            period = 21 + rng.randrange(25)
            extra = {}
            if kind == "R003":
                period = 7
                details = "Appel d'offres ouvert (procédure d'urgence)"
            elif kind in ("R024",):
                bids[1] = (bids[1][0], money(c, winner_amount * cfg["scale"] * 1.002), "valid", False)
            elif kind == "R058":
                for j in range(1, 4):
                    b = bids[j]
                    bids[j] = (b[0], money(c, winner_amount * cfg["scale"] * (1.60 + 0.07 * j)), "valid", False)
            elif kind == "R018":
                bids = bids[:1]
            elif kind == "R030":
                bids[0] = (bids[0][0], bids[0][1], "valid", True)
            elif kind == "R028":
                bids[3] = (bids[3][0], bids[2][1], "valid", False)
            elif kind == "R036":
                bids.append(("VIGIE-DEMO-" + {"BFA": "BFA-D1", "MRT": "MRT-AIR", "TCD": "RD"}[c],
                             money(c, winner_amount * cfg["scale"] * 0.93), "disqualified", False))
            elif kind == "R035":
                buyer = daf
                bids = [("VIGIE-DEMO-MLI-WIN", winner_amount, "valid", False),
                        ("VIGIE-DEMO-MLI-L7", money(c, winner_amount * 1.05), "disqualified", False),
                        ("VIGIE-DEMO-MLI-L8", money(c, winner_amount * 1.08), "disqualified", False),
                        ("VIGIE-DEMO-MLI-L9", money(c, winner_amount * 1.11), "disqualified", False)]
            elif kind == "R044":
                bids.append(("VIGIE-DEMO-NER-K1", money(c, winner_amount * 1.21), "valid", False))
                bids.append(("VIGIE-DEMO-NER-K2", money(c, winner_amount * 1.24), "valid", False))
            winner = bids[0][0]
            amend = None
            if kind is None and k in (4, 7):
                amend = [1.1] if k == 4 else [1.12, 1.08]
            process(c, buyer, year, seq, method=method, details=details, cpv=cpv,
                    title=f"{CPV[cpv][0]} ({details.lower()})",
                    start=start_date(rng, year), period=period, bids=bids,
                    awards=[(winner, winner_amount, cpv, None)], amendments=amend,
                    impl="normal" if year < 2025 else None, stages=k % 3 == 0 or kind is not None, **extra)

        # 3. Derogatory-regime direct awards (background), with opinion.
        for j, y in enumerate((2019, 2021, 2023)):
            cpv = DEROGATORY_CPV[(j + len(c)) % 4]
            w = pool[j] if j < 2 else {"BFA": "VIGIE-DEMO-BFA-D1", "MLI": "VIGIE-DEMO-MLI-AERO",
                                       "MRT": "VIGIE-DEMO-MRT-AIR", "NER": "VIGIE-DEMO-NER-ARM",
                                       "TCD": "VIGIE-DEMO-RD"}[c]
            amount = money(c, rng.uniform(150e6, 450e6))
            derog_process(rng, c, daf, y, free_seq(c, y), cpv, w, amount, opinion=True,
                          level=("CD" if j == 1 else "SD") if c in ("BFA", "MLI") else None,
                          stages=j == 1)

        # 4. Small direct awards under the ordinary code; 1 open tender in progress.
        rx_cpvs = {"BFA": ["30200000", "39500000"], "MLI": ["45210000", "55500000"], "MRT": ["60100000"],
                   "NER": ["33600000", "30200000"], "TCD": ["39500000", "55500000"]}[c]
        for cpv in rx_cpvs:
            y = 2019 + rng.randrange(6)
            process(c, daf, y, free_seq(c, y), method="direct", details="Entente directe (code des marchés publics)",
                    cpv=cpv, title=f"{CPV[cpv][0]} (entente directe)", start=start_date(rng, y),
                    awards=[("VIGIE-DEMO-RX", money(c, rng.uniform(8e6, 30e6)), cpv, None)], tenderers=1,
                    impl="normal", stages=False)
        process(c, ministry, 2025, free_seq(c, 2025), method="open", details="Appel d'offres ouvert",
                cpv="32500000", title=f"{CPV['32500000'][0]} (appel d'offres ouvert en cours)",
                start=datetime(2025, 5, 20, 9), period=40, open_only=True, value=money(c, 350e6))

    # 5. Scenario processes outside the cycle.
    # BFA: D004, companies of one owner (ASCE-LC pattern), classified justifications.
    for y, seq, sid, amount in ((2021, free_seq("BFA", 2021), "VIGIE-DEMO-BFA-A1", 3.85e9),
                                (2021, free_seq("BFA", 2021), "VIGIE-DEMO-BFA-A2", 2.92e9),
                                (2022, free_seq("BFA", 2022), "VIGIE-DEMO-BFA-A3", 3.41e9),
                                (2022, free_seq("BFA", 2022), "VIGIE-DEMO-BFA-A1", 2.77e9),
                                (2024, free_seq("BFA", 2024), "VIGIE-DEMO-BFA-A2", 1.96e9)):
        derog_process(rng, "BFA", "BFA-MDAC", y, seq, "35300000", sid, money("BFA", amount), opinion=True,
                      level="CD", stages=True)
    # BFA: D007, two purchases just under the threshold, 51 days apart.
    for seq, amount, d in ((17, 48_600_000, datetime(2023, 3, 6, 9)), (18, 47_900_000, datetime(2023, 4, 26, 9))):
        process("BFA", "BFA-DAF", 2023, seq, method="limited", details="Demande de prix", cpv="39500000",
                title=f"{CPV['39500000'][0]} (demande de prix)", start=d - timedelta(days=30), period=21,
                awards=[("VIGIE-DEMO-BFA-L3", amount, "39500000", None)], tenderers=3, impl="normal",
                stages=False, signed_at=d)
    # MLI: D001 (no legal basis), D009 (no opinion above 1 bn).
    derog_process(rng, "MLI", "MLI-MDAC", 2019, 16, "35400000", "VIGIE-DEMO-MLI-AERO", 870_450_000,
                  opinion=True, level=None, stages=True, no_legal_basis=True)
    derog_process(rng, "MLI", "MLI-MDAC", 2020, 17, "50600000", "VIGIE-DEMO-MLI-AERO", 2_350_000_000,
                  opinion=False, level="SD", stages=True)
    # NER: D005 (+38 %), D006 (paid before delivery; paid, never delivered).
    derog_process(rng, "NER", "NER-MDN", 2019, 17, "35400000", "VIGIE-DEMO-NER-ARM", 1_240_000_000,
                  opinion=True, level=None, stages=True, amendments=[1.38])
    derog_process(rng, "NER", "NER-MDN", 2020, 18, "32500000", "VIGIE-DEMO-NER-ARM", 640_300_000,
                  opinion=True, level=None, stages=True, impl="before")
    derog_process(rng, "NER", "NER-MDN", 2021, 19, "35300000", "VIGIE-DEMO-NER-ARM", 915_700_000,
                  opinion=True, level=None, stages=True, impl="never")
    # TCD: D003, one supplier of undeclared owner wins most of the ministry's value.
    for y, amount in ((2021, 4.2e9), (2022, 3.6e9), (2024, 5.1e9)):
        derog_process(rng, "TCD", "TCD-MDN", y, free_seq("TCD", y), "35400000", "VIGIE-DEMO-TCD-OMEGA",
                      money("TCD", amount), opinion=True, level=None, stages=y == 2022)
    # MRT: D008, supplier founded four months before its first award.
    process("MRT", "MRT-DAF", 2022, free_seq("MRT", 2022), method="direct",
            details="Entente directe (code des marchés publics)", cpv="55500000",
            title=f"{CPV['55500000'][0]} (entente directe)", start=datetime(2022, 6, 1, 9),
            awards=[("VIGIE-DEMO-MRT-NEW", 1_840_000, "55500000", None)], tenderers=1, impl="normal",
            stages=True, award_at=datetime(2022, 6, 20, 9))


def derog_process(rng, c, buyer, year, seq, cpv, sid, amount, opinion, level, stages,
                  no_legal_basis=False, amendments=None, impl="normal"):
    cfg = COUNTRIES[c]
    start = start_date(rng, year)
    exemption = {
        "legalBasis": cfg["legal_basis"],
        "justification": "Besoins de défense couverts par le secret ; publicité incompatible avec la protection "
                         "des intérêts essentiels de l'État (illustratif)",
        "approvingAuthority": {"id": f"{buyer}-MIN", "name": "Ministre chargé de la Défense (fonction ; illustratif)"},
    }
    if no_legal_basis:
        del exemption["legalBasis"]
    if opinion:
        exemption["opinion"] = {"body": cfg["opinion_body"], "date": iso(start - timedelta(days=12)),
                                "reference": f"AVIS-ILLUSTRATIF-{c}-{year}-{seq:03d}"}
    process(c, buyer, year, seq, method="direct", details="Entente directe (régime dérogatoire)", cpv=cpv,
            title=f"{CPV[cpv][0]} (régime dérogatoire)", start=start, derog=exemption, level=level,
            awards=[(sid, amount, cpv, None)], tenderers=1, amendments=amendments, impl=impl, stages=stages)


# ---------------------------------------------------------------- releases

def org_ref(party):
    return {"id": party["id"], "name": party["name"]}


def buyer_party(c, bid):
    cfg = COUNTRIES[c]
    if bid.endswith("-DAF"):
        name, details = f"{DAF_NAME} ({cfg['name']})", {"illustrative": True,
                                                          "source": "institutions.csv (placeholder name)"}
    else:
        name, details = cfg["ministry"][1], {"illustrative": False, "source": MINISTRY_SOURCE}
    return {"id": bid, "name": name, "identifier": {"scheme": "VIGIE-INST", "id": bid, "legalName": name},
            "address": {"locality": cfg["city"], "countryName": cfg["name"]},
            "roles": ["buyer", "procuringEntity"], "details": details}


def build(rng, spec):
    """The releases of one process: one per stage, or one with all stages."""
    c = spec["country"]
    cfg = COUNTRIES[c]
    cur = cfg["currency"]
    ocid = spec["ocid"]
    buyer = buyer_party(c, spec["buyer"])
    start = spec["start"]
    period = spec.get("period")
    end = start + timedelta(days=period) if period else start + timedelta(days=10)
    lots = spec.get("cpv") is None
    awards_spec = spec.get("awards", [])
    total = sum(a[1] for a in awards_spec) if awards_spec else spec.get("value")
    label = "Illustratif"
    items = []
    for n, a in enumerate(awards_spec or [(None, total, spec["cpv"], None)]):
        items.append({"id": f"{n + 1}", "description": f"{CPV[a[2]][0]} (illustratif)",
                      "classification": {"scheme": "CPV", "id": a[2]},
                      "quantity": 1})
    tender = {
        "id": f"{ocid}-tender",
        "title": f"{spec['title']} (illustratif)",
        "description": f"{label} : processus fictif de démonstration.",
        "status": "active",
        "procuringEntity": org_ref(buyer),
        "items": items,
        "value": {"amount": total, "currency": cur},
        "procurementMethod": spec["method"],
        "procurementMethodDetails": spec["details"],
        "mainProcurementCategory": CPV[items[0]["classification"]["id"]][1],
    }
    if spec["method"] != "direct":
        tender["tenderPeriod"] = {"startDate": iso(start), "endDate": iso(end)}
        tender["awardCriteria"] = "priceOnly"
    if spec.get("derog"):
        tender["exemption"] = spec["derog"]
    base = {"ocid": ocid, "initiationType": "tender", "language": "fr", "country": c}
    if spec.get("level"):
        base["classification"] = [{"path": "/tender/exemption/justification", "level": spec["level"]}]

    planning = {
        "rationale": f"Besoin des forces de défense et de sécurité : {spec['title'].lower()} (illustratif)",
        "budget": {"description": "Crédits d'équipement du programme défense de la loi de finances (illustratif)",
                   "amount": {"amount": total, "currency": cur}},
    }
    r_tender = dict(base, id=f"{ocid}-01-tender", date=iso(start), tag=["tender"],
                    parties=[buyer], buyer=org_ref(buyer), planning=planning, tender=tender)
    if spec.get("open_only"):
        return [r_tender]

    # Award stage.
    award_date = spec.get("award_at") or end + timedelta(days=14 + rng.randrange(20))
    parties = {}
    bids = []
    for n, (sid, amount, status, late) in enumerate(spec.get("bids", [])):
        p = SUPPLIERS[sid]
        parties.setdefault(sid, dict(p, roles=["tenderer"]))
        when = end + timedelta(days=3) if late else end - timedelta(days=1 + (n * 2) % 7)
        bids.append({"id": f"{ocid}-bid-{n + 1}", "date": iso(when), "status": status,
                     "tenderers": [org_ref(p)], "value": {"amount": amount, "currency": cur}})
    awards = []
    for n, (sid, amount, cpv, title) in enumerate(awards_spec):
        p = SUPPLIERS[sid]
        roles = parties[sid]["roles"] + ["supplier"] if sid in parties else ["supplier"]
        parties[sid] = dict(p, roles=roles)
        awards.append({"id": f"{ocid}-award-{n + 1}",
                       "title": f"{title} (illustratif)" if title else f"Attribution (illustratif)",
                       "status": "active", "date": iso(award_date),
                       "value": {"amount": amount, "currency": cur}, "suppliers": [org_ref(p)],
                       "items": [items[n]]})
    n_tenderers = len({b["tenderers"][0]["id"] for b in bids}) if bids else spec.get("tenderers", 1)
    award_tender = {"id": tender["id"], "status": "complete", "numberOfTenderers": n_tenderers}
    award_part = {"parties": list(parties.values()), "tender": award_tender, "awards": awards}
    if bids:
        award_part["bids"] = {"details": bids}

    # Contract stage.
    signed = spec.get("signed_at") or award_date + timedelta(days=7 + rng.randrange(14))
    contracts = []
    for n, a in enumerate(awards):
        contracts.append({"id": f"{ocid}-contract-{n + 1}", "awardID": a["id"], "title": a["title"],
                          "status": "active", "dateSigned": iso(signed), "value": dict(a["value"]),
                          "period": {"startDate": iso(signed), "endDate": iso(signed + timedelta(days=270))}})

    # Implementation: delivery then payment(s), or the D006 patterns.
    impl_parts = []
    impl = spec.get("impl")
    if impl and signed + timedelta(days=200) < datetime(2025, 6, 1):
        for n, (con, a) in enumerate(zip(contracts, awards)):
            payee = a["suppliers"][0]
            amount = con["value"]["amount"]
            delivered = signed + timedelta(days=60 + rng.randrange(90))
            milestone = {"id": f"{con['id']}-livraison", "title": "Livraison et réception (illustratif)",
                         "type": "delivery", "dueDate": iso(signed + timedelta(days=120))}
            pays = [(delivered + timedelta(days=20 + rng.randrange(30)), amount)]
            if impl == "before":
                milestone.update(status="met", dateMet=iso(signed + timedelta(days=240)))
                pays = [(signed + timedelta(days=45), amount // 2), (signed + timedelta(days=60), amount - amount // 2)]
            elif impl == "never":
                milestone.update(status="notMet")
                pays = [(signed + timedelta(days=30), amount)]
            else:
                milestone.update(status="met", dateMet=iso(delivered))
            transactions = [{"id": f"{con['id']}-paiement-{m + 1}",
                             "date": iso(d), "value": {"amount": v, "currency": cur},
                             "payer": org_ref(buyer), "payee": payee} for m, (d, v) in enumerate(pays)]
            impl_parts.append((max(d for d, _ in pays), {"id": con["id"], "awardID": con["awardID"], "implementation": {
                "milestones": [milestone], "transactions": transactions}}))

    amend_parts = []
    if spec.get("amendments"):
        con = contracts[0]
        value = con["value"]["amount"]
        amendments = []
        for m, factor in enumerate(spec["amendments"]):
            new = int(round(value * factor / 1000) * 1000)
            when = signed + timedelta(days=90 + 60 * m)
            amendments.append({"id": f"{con['id']}-avenant-{m + 1}", "date": iso(when),
                               "rationale": f"Avenant n° {m + 1} : quantités supplémentaires (illustratif)",
                               "previousValue": {"amount": value, "currency": cur},
                               "newValue": {"amount": new, "currency": cur}})
            value = new
            amend_parts.append((when, {"id": con["id"], "awardID": con["awardID"], "value": {"amount": new, "currency": cur},
                                       "amendments": list(amendments)}))

    if not spec.get("stages"):
        # One release with every stage.
        final = json.loads(json.dumps(contracts))
        for _, part in impl_parts:
            next(x for x in final if x["id"] == part["id"])["implementation"] = part["implementation"]
        for _, part in amend_parts:
            con = next(x for x in final if x["id"] == part["id"])
            con["value"], con["amendments"] = part["value"], part["amendments"]
        tags = ["tender", "award", "contract"] + (["implementation"] if impl_parts else []) \
            + (["contractAmendment"] if amend_parts else [])
        tender_all = dict(tender, **award_tender)
        rel = dict(base, id=f"{ocid}-01-full", date=iso(max([signed] + [d for d, _ in impl_parts + amend_parts])),
                   tag=tags, parties=[buyer] + award_part["parties"], buyer=org_ref(buyer),
                   tender=tender_all, awards=awards, contracts=final)
        if bids:
            rel["bids"] = award_part["bids"]
        return [rel]

    releases = [r_tender,
                dict(base, id=f"{ocid}-02-award", date=iso(award_date), tag=["award"], **award_part),
                dict(base, id=f"{ocid}-03-contract", date=iso(signed), tag=["contract"], contracts=contracts)]
    staged = [(d, "implementation", p) for d, p in impl_parts] + [(d, "contractAmendment", p) for d, p in amend_parts]
    staged.sort(key=lambda x: (x[0], x[1]))
    for m, (d, tag, part) in enumerate(staged):
        releases.append(dict(base, id=f"{ocid}-{m + 4:02d}-{tag}", date=iso(d), tag=[tag], contracts=[part]))
    return releases


# ---------------------------------------------------------------- checks

def merge(a, b):
    """OCDS merge of b into a (objects recursively, arrays of objects with id
    by id, other arrays replaced)."""
    for key, value in b.items():
        if isinstance(value, dict) and isinstance(a.get(key), dict):
            merge(a[key], value)
        elif (isinstance(value, list) and value and all(isinstance(v, dict) and "id" in v for v in value)
              and isinstance(a.get(key), list)):
            index = {x.get("id"): x for x in a[key]}
            for v in value:
                if v["id"] in index:
                    merge(index[v["id"]], v)
                else:
                    a[key].append(json.loads(json.dumps(v)))
                    index[v["id"]] = a[key][-1]
        else:
            a[key] = json.loads(json.dumps(value))
    return a


def compile_releases(releases):
    by_ocid = {}
    for r in releases:
        by_ocid.setdefault(r["ocid"], []).append(r)
    compiled = []
    for ocid, rs in by_ocid.items():
        out = {}
        for r in sorted(rs, key=lambda r: r["date"]):
            merge(out, {k: v for k, v in r.items() if k not in ("id", "date", "tag")})
        compiled.append(out)
    return compiled


def quantile(values, tau):
    """statrs 0.16 Data::quantile (R-8)."""
    s = sorted(values)
    n = len(s)
    h = (n + 1 / 3) * tau + 1 / 3
    hf = int(h)
    if hf <= 0 or tau == 0:
        return s[0]
    if hf >= n or tau == 1:
        return s[-1]
    a, b = s[hf - 1], s[hf]
    return a + (h - hf) * (b - a)


def cardinal(compiled, currency):
    """Cardinal 0.0.8 indicators with default settings (and `currency` set)."""
    res = {k: set() for k in ("R003", "R018", "R024", "R025", "R028", "R030", "R035", "R036", "R038", "R044",
                              "R048", "R058")}
    ratios, winners = {}, {}
    r025, r038b, r038p, r038t, r048 = {}, {}, {}, {}, {}
    for rel in compiled:
        ocid = rel["ocid"]
        tender = rel.get("tender", {})
        if tender.get("status") == "cancelled":
            continue
        awards = rel.get("awards")
        details = rel.get("bids", {}).get("details")
        submitted = [b for b in (details or []) if b.get("status") not in ("invited", "withdrawn", None)]
        complete = None
        if awards is not None and details is not None:
            complete = []
            for a in awards:
                st = a.get("status")
                if st == "active":
                    complete.append(a)
                elif st not in ("cancelled", "unsuccessful"):
                    complete = None
                    break
        # R003
        tp = tender.get("tenderPeriod", {})
        if "startDate" in tp and "endDate" in tp:
            d = datetime.strptime(tp["endDate"], "%Y-%m-%dT%H:%M:%SZ") - datetime.strptime(tp["startDate"], "%Y-%m-%dT%H:%M:%SZ")
            if d.days < 15:
                res["R003"].add(ocid)
        # R018
        if tender.get("procurementMethod") in ("open", "selective") and tender.get("numberOfTenderers") == 1:
            res["R018"].add(ocid)
        # SecondLowestBidRatio, R025
        if complete is not None and len(complete) == 1 and len(complete[0].get("suppliers", [])) == 1:
            sup = complete[0]["suppliers"][0]["id"]
            valid = [(b["tenderers"][0]["id"], b["value"]["amount"], b["value"]["currency"]) for b in details
                     if b.get("status") == "valid" and "value" in b and len(b["tenderers"]) == 1]
            w = wa = l = la = None
            for tid, amt, cur in valid:
                if cur != currency:
                    continue
                if tid == sup:
                    if wa is None or amt < wa:
                        w, wa = tid, amt
                elif la is None or amt < la:
                    l, la = tid, amt
            if w and l and la >= wa:
                ratios[ocid] = (la - wa) / wa
                winners[ocid] = (w, l)
            for tid in {b["tenderers"][0]["id"] for b in details if b.get("status") == "valid" and len(b["tenderers"]) == 1}:
                f = r025.setdefault(tid, [0, 0])
                f[0] += tid == sup
                f[1] += 1
        # R028
        prices = {}
        for b in submitted:
            if "value" in b:
                ids = frozenset(t["id"] for t in b["tenderers"])
                key = (b["value"]["amount"], b["value"]["currency"])
                if key in prices and prices[key] != ids:
                    res["R028"].add(ocid)
                prices[key] = ids
        # R030
        if "endDate" in tp and awards is not None and details is not None:
            sup_ids = {s["id"] for a in awards if a.get("status") == "active" for s in a.get("suppliers", [])}
            for b in details:
                if b.get("status") == "valid" and b.get("date", "") > tp["endDate"]:
                    if any(t["id"] in sup_ids for t in b["tenderers"]):
                        res["R030"].add(ocid)
        # R035
        if complete is not None:
            sup_ids = {s["id"] for a in complete for s in a.get("suppliers", [])}
            valid_ids = {t["id"] for b in details if b.get("status") == "valid" for t in b["tenderers"]}
            disq_ids = {t["id"] for b in details if b.get("status") == "disqualified" for t in b["tenderers"]}
            if len(valid_ids) == 1 and valid_ids == sup_ids and len(disq_ids - valid_ids) >= 1:
                res["R035"].add(ocid)
        # R036
        if awards and any(a.get("status") == "active" for a in awards):
            lowest, lowest_disq, has_valid = None, False, False
            for b in submitted:
                if "value" in b and b["value"]["currency"] == currency:
                    if lowest is None or b["value"]["amount"] < lowest:
                        lowest, lowest_disq = b["value"]["amount"], b["status"] == "disqualified"
                    has_valid |= b["status"] == "valid"
            if has_valid and lowest_disq:
                res["R036"].add(ocid)
        # R038
        if submitted:
            disq = 0
            for b in submitted:
                inc = b["status"] == "disqualified"
                disq += inc
                for t in b["tenderers"]:
                    f = r038t.setdefault(t["id"], [0, 0])
                    f[0] += inc
                    f[1] += 1
            for store, key in ((r038b, rel.get("buyer", {}).get("id")), (r038p, tender.get("procuringEntity", {}).get("id"))):
                if key:
                    f = store.setdefault(key, [0, 0])
                    f[0] += disq
                    f[1] += len(submitted)
        # R044 (Cardinal branch r044)
        tenderers = [p for p in rel.get("parties", []) if "tenderer" in p.get("roles", [])]
        for p in tenderers:
            for q in tenderers:
                if p["id"] == q["id"]:
                    continue
                addr = lambda x: " ".join(x["address"].get(f, "").strip().lower() for f in
                                          ("streetAddress", "locality", "region", "postalCode", "countryName")
                                          if f in x["address"]) if "streetAddress" in x.get("address", {}) else None
                same_addr = addr(p) is not None and addr(p) == addr(q)
                same_cp = False
                cp1, cp2 = p.get("contactPoint"), q.get("contactPoint")
                if cp1 and cp2:
                    for f in ("name", "email", "telephone", "faxNumber", "url"):
                        if f in cp1 and f in cp2:
                            same_cp = cp1[f] == cp2[f]
                            break
                if same_addr or same_cp:
                    res["R044"].add(ocid)
        # R048
        seen = set()
        for a in awards or []:
            if a.get("status") == "active" and "items" in a and len(a.get("suppliers", [])) == 1:
                sid = a["suppliers"][0]["id"]
                for it in a["items"]:
                    if "classification" in it:
                        e = r048.setdefault(sid, [0, set()])
                        if sid not in seen:
                            seen.add(sid)
                            e[0] += 1
                        e[1].add(it["classification"]["id"][:2])
    meta = {}
    # R024 / R058
    if ratios:
        q1, q3 = quantile(ratios.values(), 0.25), quantile(ratios.values(), 0.75)
        lower, upper = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
        meta["R024/R058"] = (round(q1, 4), round(q3, 4), round(lower, 4), round(upper, 4))
        if q1 > 0 and lower > 0:
            res["R024"] = {o for o, r in ratios.items() if r <= lower}
        if upper > 0:
            res["R058"] = {o for o, r in ratios.items() if r >= upper}
    # R025
    counts = [f[1] for f in r025.values()]
    rs = [f[0] / f[1] for f in r025.values()]
    up = quantile(counts, 0.75)
    q1, q3 = quantile(rs, 0.25), quantile(rs, 0.75)
    lower = q1 - 1.5 * (q3 - q1)
    meta["R025"] = (up, round(q1, 4), round(q3, 4), round(lower, 4))
    if q1 > 0 and lower > 0:
        res["R025"] = {t for t, f in r025.items() if f[1] >= up and f[0] / f[1] <= lower}
    # R038
    for name, store, minimum in (("Buyer", r038b, 2), ("ProcuringEntity", r038p, 2), ("Tenderer", r038t, 2)):
        rr = {k: f[0] / f[1] for k, f in store.items() if f[1] >= minimum}
        if rr:
            q1, q3 = quantile(rr.values(), 0.25), quantile(rr.values(), 0.75)
            fence = q3 + 1.5 * (q3 - q1)
            meta["R038 " + name] = round(fence, 4)
            if fence > 0:
                res["R038"] |= {f"{name}:{k}" for k, r in rr.items() if r >= fence}
    # R048
    lengths = {k: len(v[1]) for k, v in r048.items() if v[0] >= 20}
    if lengths:
        q1, q3 = quantile(lengths.values(), 0.25), quantile(lengths.values(), 0.75)
        fence = q3 + 1.5 * (q3 - q1)
        meta["R048"] = (sorted(lengths.values()), round(fence, 4))
        res["R048"] = {k for k, v in lengths.items() if v >= fence}
    return res, meta


def defence_flags(compiled, d007_threshold=50_000_000, d009_threshold=500_000_000):
    """D001-D009 as read in the docstring."""
    res = {f"D00{i}": set() for i in range(1, 10)}
    value, year, parties = {}, {}, {}
    for rel in compiled:
        ocid = rel["ocid"]
        active = [a for a in rel.get("awards", []) if a.get("status") == "active"]
        value[ocid] = sum(a["value"]["amount"] for a in active)
        year[ocid] = min(a["date"] for a in active)[:4] if active else None
        for p in rel.get("parties", []):
            parties[p["id"]] = p
        ex = rel.get("tender", {}).get("exemption")
        if ex is not None:
            if not ex.get("legalBasis") or not ex.get("justification"):
                res["D001"].add(ocid)
            if value[ocid] > d009_threshold and not ex.get("opinion"):
                res["D009"].add(ocid)
        for con in rel.get("contracts", []):
            am = con.get("amendments", [])
            if am and am[-1]["newValue"]["amount"] > am[0]["previousValue"]["amount"] * 1.25:
                res["D005"].add(ocid)
            imp = con.get("implementation", {})
            met = [m["dateMet"] for m in imp.get("milestones", [])
                   if m.get("type") == "delivery" and m.get("status") == "met" and m.get("dateMet")]
            for t in imp.get("transactions", []):
                if not met or t["date"] < min(met):
                    res["D006"].add(ocid)
    # Per buyer.
    by_buyer = {}
    for rel in compiled:
        if year[rel["ocid"]]:
            by_buyer.setdefault(rel["buyer"]["id"], []).append(rel)
    for bid, rels in by_buyer.items():
        years = {}
        for rel in rels:
            y = years.setdefault(year[rel["ocid"]], [0, 0])
            y[1] += value[rel["ocid"]]
            if "exemption" in rel["tender"]:
                y[0] += value[rel["ocid"]]
        for y, (d, t) in years.items():
            if t and d / t >= 0.5:
                res["D002"].add(f"{bid}:{y}")
        total = sum(value[r["ocid"]] for r in rels)
        won, nproc = {}, {}
        for rel in rels:
            for a in rel["awards"]:
                if a.get("status") == "active":
                    s = a["suppliers"][0]["id"]
                    won[s] = won.get(s, 0) + a["value"]["amount"]
                    nproc.setdefault(s, set()).add(rel["ocid"])
        for s, v in won.items():
            if v / total >= 0.5 and len(nproc[s]) >= 3:
                res["D003"].add(f"{bid}:{s}")
        owners = {}
        for s, v in won.items():
            for bo in parties[s].get("beneficialOwners", []):
                o = owners.setdefault(bo["id"], [0, set()])
                o[0] += v
                o[1].add(s)
        for o, (v, sups) in owners.items():
            if v / total >= 0.5 and len(sups) >= 2:
                res["D004"].add(f"{bid}:{o}")
    # D007
    contracts = {}
    for rel in compiled:
        for con in rel.get("contracts", []):
            a = next(a for a in rel["awards"] if a["id"] == con["awardID"])
            v = con["value"]["amount"]
            if d007_threshold * 0.9 <= v < d007_threshold:
                contracts.setdefault((rel["buyer"]["id"], a["suppliers"][0]["id"]), []).append(
                    (con["dateSigned"], rel["ocid"]))
    for key, cs in contracts.items():
        cs.sort()
        for (d1, o1), (d2, o2) in zip(cs, cs[1:]):
            if (datetime.strptime(d2, "%Y-%m-%dT%H:%M:%SZ") - datetime.strptime(d1, "%Y-%m-%dT%H:%M:%SZ")).days <= 90:
                res["D007"] |= {o1, o2}
    # D008
    first = {}
    for rel in compiled:
        for a in rel.get("awards", []):
            if a.get("status") == "active":
                s = a["suppliers"][0]["id"]
                first[s] = min(first.get(s, a["date"]), a["date"])
    for s, d in first.items():
        founded = parties[s].get("details", {}).get("foundingDate")
        if founded and (datetime.strptime(d[:10], "%Y-%m-%d") - datetime.strptime(founded, "%Y-%m-%d")).days < 180:
            res["D008"].add(s)
    return res


EXPECTED = {
    "R003": {"ocds-vigie-bfa-2020-005"},
    "R018": {"ocds-vigie-ner-2021-007"},
    "R024": {"ocds-vigie-bfa-2022-009", "ocds-vigie-mrt-2021-006", "ocds-vigie-tcd-2022-008"},
    "R025": {"VIGIE-DEMO-MLI-COUV"},
    "R028": {"ocds-vigie-mrt-2023-009"},
    "R030": {"ocds-vigie-tcd-2020-004"},
    "R035": {"ocds-vigie-mli-2022-008"},
    "R036": {"ocds-vigie-bfa-2023-011", "ocds-vigie-mrt-2022-007", "ocds-vigie-tcd-2024-010"},
    "R038": {"Buyer:MLI-DAF", "ProcuringEntity:MLI-DAF", "Tenderer:VIGIE-DEMO-MLI-L7",
             "Tenderer:VIGIE-DEMO-MLI-L8", "Tenderer:VIGIE-DEMO-MLI-L9"},
    "R044": {"ocds-vigie-ner-2022-010"},
    "R048": {"VIGIE-DEMO-RX"},
    "R058": {"ocds-vigie-ner-2023-004", "ocds-vigie-mrt-2024-005", "ocds-vigie-tcd-2021-003"},
    "D001": {"ocds-vigie-mli-2019-016"},
    "D002": {"BFA-MDAC:2021", "BFA-MDAC:2022", "BFA-MDAC:2024", "MLI-MDAC:2019", "MLI-MDAC:2020",
             "NER-MDN:2019", "NER-MDN:2021", "TCD-MDN:2021", "TCD-MDN:2022", "TCD-MDN:2024"},
    "D003": {"TCD-MDN:VIGIE-DEMO-TCD-OMEGA"},
    "D004": {"BFA-MDAC:BO-BFA-A"},
    "D005": {"ocds-vigie-ner-2019-017"},
    "D006": {"ocds-vigie-ner-2020-018", "ocds-vigie-ner-2021-019"},
    "D007": {"ocds-vigie-bfa-2023-017", "ocds-vigie-bfa-2023-018"},
    "D008": {"VIGIE-DEMO-MRT-NEW"},
    "D009": {"ocds-vigie-mli-2020-017"},
}


def check(releases):
    compiled = compile_releases(releases)
    ocids = [r["ocid"] for r in compiled]
    assert len(ocids) == len(set(ocids))
    ids = [(r["ocid"], r["id"]) for r in releases]
    assert len(ids) == len(set(ids)), "duplicate release id"
    for party in SUPPLIERS.values():
        assert any(w in party["name"] for w in ("Fictif", "Fictive", "Imaginaire")), party["name"]
        assert all(bo["name"].startswith("Bénéficiaire fictif") for bo in party.get("beneficialOwners", []))
    for r in releases:
        assert "(illustratif)" in r.get("tender", {}).get("title", "(illustratif)")
    results = {}
    # Cardinal with each currency as the reference currency: XOF, XAF and MRU
    # must each give every flag (Cardinal takes the first currency it meets).
    for currency in ("XOF", "XAF", "MRU"):
        res, meta = cardinal(compiled, currency)
        for code in ("R024", "R036", "R058"):
            mine = {o for o in EXPECTED[code] if COUNTRIES[o.split("-")[2].upper()]["currency"] == currency}
            assert res[code] == mine, (currency, code, res[code], mine, meta)
        if currency == "XOF":
            results.update(res)
            results["meta"] = meta
    results.update(defence_flags(compiled))
    for code, expected in EXPECTED.items():
        if code in ("R024", "R036", "R058"):
            continue
        assert results[code] == expected, (code, sorted(results[code]), results.get("meta"))
    return compiled, results


def main():
    rng = random.Random(SEED)
    make_suppliers(rng)
    make_processes(rng)
    releases = []
    for spec in sorted(PROCESSES, key=lambda s: s["ocid"]):
        releases.extend(build(rng, spec))
    compiled, results = check(releases)
    package = {
        "uri": "https://vigie.invalid/demo/procurement.json",
        "version": "1.1",
        "publishedDate": PUBLISHED,
        "publisher": {"name": "Vigie demo (illustrative)"},
        "license": "https://www.apache.org/licenses/LICENSE-2.0",  # the repository's licence (decision 0005)
        "publicationPolicy": "https://vigie.invalid/demo/README.md#procurement-illustrative",
        "releases": releases,
    }
    # One release per line: small, and a regenerated file diffs release by release.
    head = json.dumps({k: v for k, v in package.items() if k != "releases"}, ensure_ascii=False, indent=1)
    body = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in releases)
    text = head[:-2] + ',\n "releases": [\n' + body + "\n ]\n}\n"
    assert json.loads(text) == package
    OUT.write_text(text, encoding="utf-8")
    per = {}
    for r in compiled:
        per[r["country"]] = per.get(r["country"], 0) + 1
    print(f"{OUT}: {len(releases)} releases, {len(compiled)} processes {per}, {len(text.encode())} bytes")
    for code in sorted(k for k in results if k != "meta"):
        print(f"  {code}: {', '.join(sorted(results[code]))}")
    print("  meta:", results["meta"])


if __name__ == "__main__":
    main()
