#!/usr/bin/env python3
"""Write N recommendations and M findings shaped like the demo's, for the
follow-up scale bench (issue 16, item 3): deterministic (seeded), every
record marked illustrative, every institution one of the demo's.

    python3 bench/scale/followup.py --out DIR --recommendations 100000 --findings 10000

writes DIR/findings-M.json and DIR/recommendations-N-K.json (K = 1, 2, …,
PART recommendations each: a file of records is read whole, up to 64 MB),
the files `vigie import findings` and `vigie import recommendations` read,
on a database holding the demo (its countries, institutions, 2021
workshops).
"""
import argparse
import json
import os
import random

NOTE = "Illustratif : enregistrement généré pour le banc d'essai de Vigie. / Illustrative: generated for Vigie's scale bench."
# Per country: addressees, the findings' institution, a court.
PLACES = {
    "BFA": (["BFA-ARCOP", "BFA-DAF", "BFA-CODES", "BFA-IGA"], "BFA-IGA", "BFA-TGI"),
    "MLI": (["MLI-DGMP-DSP", "MLI-DAF", "MLI-CDSPC", "MLI-IGA"], "MLI-BVG", "MLI-TGI"),
    "NER": (["NER-ARMP", "NER-DAF", "NER-CDS", "NER-IGA"], "NER-CDC", "NER-TGI"),
    "MRT": (["MRT-DAF", "MRT-IGA", "MRT-CDS"], "MRT-IGA", None),
}
THEMES = ["procurement", "judicial_followup", "partners", "budget", "parliament", "civil_society"]
HISTORIES = [[], ["in_progress"], ["implemented"], ["in_progress", "partially_implemented"], ["not_accepted"]]
OUTCOMES = ["pending", "dismissed", "convicted", "acquitted"]
# Recommendations per file: about 21 MB.
PART = 20_000


def findings(rng, count):
    out = []
    for i in range(count):
        country = rng.choice(list(PLACES))
        _, institution, court = PLACES[country]
        year = rng.randrange(2015, 2026)
        f = {
            "code": f"FND-SCALE-{i:07d}", "country": country, "institution": institution,
            "source": "audit", "title": {"fr": f"Constat généré {i}", "en": f"Generated finding {i}"},
            "period": {"from": str(year - 2), "to": str(year - 1)},
            "reported_on": f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
            "illustrative": True, "source_note": NOTE,
        }
        if rng.random() < 0.7:
            currency = "MRU" if country == "MRT" else "XOF"
            f["amount_at_stake"] = {"amount": str(rng.randrange(1_000_000, 5_000_000_000)), "currency": currency}
        if court:
            f["referrals"] = [
                {"court": court, "referred_on": f"{year}-12-{n + 1:02d}", "case_ref": f"SCALE-{i}-{n}",
                 "outcome": rng.choice(OUTCOMES)}
                for n in range(rng.choice([0, 0, 1, 2]))
            ]
        out.append(f)
    return {"findings": out}


def recommendations(rng, count, findings_count):
    out = []
    for i in range(count):
        country = rng.choice(list(PLACES))
        addressees = PLACES[country][0]
        r = {
            "code": f"REC-SCALE-{i:07d}", "theme": rng.choice(THEMES[:3]), "priority": rng.choice(["high", "medium", "low"]),
            "made_on": "2021-03-18",
            "title": {"fr": f"Recommandation générée {i}", "en": f"Generated recommendation {i}"},
            "text": {"fr": "Texte généré. " + NOTE, "en": "Generated text. " + NOTE},
            "countries": [country], "addressees": rng.sample(addressees, 2),
            "illustrative": True, "source_note": NOTE,
        }
        if findings_count and rng.random() < 0.3:
            r["source"] = "audit"
            r["finding"] = f"FND-SCALE-{rng.randrange(findings_count):07d}"
            r["made_on"] = "2026-01-15"
        else:
            r["source"] = "conference_workshop"
            r["workshop"] = {"conference": 1, "session": "W1"}
        r["history"] = [
            {"to": s, "reason": "suivi", "by": "dcaf", "institution": "DCAF", "on": f"2026-0{n + 2}-01"}
            for n, s in enumerate(rng.choice(HISTORIES))
        ]
        out.append(r)
    return {"recommendations": out}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--recommendations", type=int, default=100_000)
    parser.add_argument("--findings", type=int, default=10_000)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(20261207)
    files = [(f"findings-{args.findings}.json", findings(rng, args.findings))]
    recs = recommendations(rng, args.recommendations, args.findings)["recommendations"]
    for k, start in enumerate(range(0, len(recs), PART)):
        part = {"recommendations": recs[start:start + PART]}
        files.append((f"recommendations-{args.recommendations}-{k + 1}.json", part))
    for name, doc in files:
        with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=1)
        print(f"wrote {os.path.join(args.out, name)}")


if __name__ == "__main__":
    main()
