#!/usr/bin/env python3
"""Write line-delimited OCDS compiled releases for benchmarking `vigie redflags`.

Two shapes, each written as `<shape>-<size>.jsonl` in the output directory:

real  Copies of the 510 real compiled releases in
      `real-examples-compiled.jsonl.gz` (beside this script; see PROVENANCE.md),
      repeated to N lines. Copy 0 is byte-identical to the source. In copy k > 0
      the `ocid` and the release `id` get the suffix `-k` so that every line is a
      distinct contracting process, and every organization id (`parties[].id`,
      `buyer.id`, `procuringEntity.id`, `tenderers[].id`, `suppliers[].id`,
      `payer.id`, `payee.id`, ...) gets the suffix `-o<k // ORG_BLOCK>` (none in
      block 0). Each organization therefore takes part in ORG_BLOCK times as
      many processes as in the source, whatever N: the number of distinct
      buyers and tenderers grows with N, as in a larger real register, and
      cross-process indicators (R025, R038, R048) have work on repeated ids.

bids  Synthetic processes with several `bids/details`, built so that each of
      Cardinal's eleven indicators (R003 R018 R024 R025 R028 R030 R035 R036
      R038 R048 R058) flags something at every size, amid a majority of
      unremarkable processes. Bid currency is UAH (the settings file written by
      run.sh says `currency = UAH`). Pools of buyers and tenderers grow with N,
      so per-organization counts stay about the same at every size. Every
      organization is fictional: ids `XX-BENCH-...` (no real register), names
      "Synthetic ...", country "Atlantis".

Deterministic: the same arguments always produce the same bytes (seeded
`random.Random`, no clock, no hash randomization). Standard library only.

Usage: generate.py [--out DIR] [--shapes real,bids] [--sizes 10k,100k,1m]
                   [--org-block 10] [--force]
"""

import argparse
import gzip
import json
import os
import random
import re
import sys
from datetime import date, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "real-examples-compiled.jsonl.gz")

SIZES = {"510": 510, "1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}

# Keys whose value is an organization reference (or a list of them) in OCDS 1.1 (and
# 1.0 data upgraded to 1.1); their `id` is the organization's id within the process.
ORG_KEYS = frozenset(
    (
        "parties",
        "buyer",
        "procuringEntity",
        "tenderers",
        "suppliers",
        "payer",
        "payee",
        "providerOrganization",
        "receiverOrganization",
        "funders",
    )
)


def parse_size(text):
    key = text.lower()
    if key in SIZES:
        return SIZES[key]
    if key.endswith("k"):
        return int(key[:-1]) * 1_000
    if key.endswith("m"):
        return int(key[:-1]) * 1_000_000
    return int(key)


def dumps(value):
    """Compact JSON, as in the source file (it round-trips byte for byte)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------------------
# real shape


MARK = re.compile(r"@@VIGIE-(OCID|RID|ORG)-(\d+)@@")


def real_templates():
    """Parse the 510 source lines once; return per line a list of literal fragments
    and slots, where a slot is ("OCID", text), ("RID", text) or ("ORG", text), text
    being the JSON-escaped original string (without quotes)."""
    templates = []
    seen_ocids = set()
    with gzip.open(SOURCE, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            release = json.loads(line)
            assert dumps(release) == line, "source line does not round-trip"
            slots = []

            def mark(kind, value):
                slots.append((kind, dumps(value)[1:-1]))
                return "@@VIGIE-%s-%d@@" % (kind, len(slots) - 1)

            def org(ref):
                if isinstance(ref, dict) and isinstance(ref.get("id"), str):
                    ref["id"] = mark("ORG", ref["id"])

            def walk(node):
                if isinstance(node, dict):
                    for key, value in node.items():
                        if key in ORG_KEYS:
                            if isinstance(value, list):
                                for ref in value:
                                    org(ref)
                            else:
                                org(value)
                        walk(value)
                elif isinstance(node, list):
                    for value in node:
                        walk(value)

            ocid = release.get("ocid")
            assert isinstance(ocid, str) and ocid not in seen_ocids, ocid
            seen_ocids.add(ocid)
            walk(release)
            release["ocid"] = mark("OCID", ocid)
            if isinstance(release.get("id"), str):
                release["id"] = mark("RID", release["id"])
            text = dumps(release)
            assert "@@VIGIE-" not in line
            parts = []
            pos = 0
            for m in MARK.finditer(text):
                parts.append(text[pos : m.start()])
                parts.append(slots[int(m.group(2))])
                pos = m.end()
            parts.append(text[pos:])
            templates.append(parts)
    return templates


def write_real(path, n, org_block):
    templates = real_templates()
    count = len(templates)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        buf = []
        written = 0
        copy = 0
        while written < n:
            line_suffix = "" if copy == 0 else "-%d" % copy
            block = copy // org_block
            org_suffix = "" if block == 0 else "-o%d" % block
            for parts in templates:
                if written >= n:
                    break
                pieces = []
                for part in parts:
                    if part.__class__ is str:
                        pieces.append(part)
                    elif part[0] == "ORG":
                        pieces.append(part[1] + org_suffix)
                    else:
                        pieces.append(part[1] + line_suffix)
                pieces.append("\n")
                buf.append("".join(pieces))
                written += 1
                if len(buf) >= 2000:
                    out.write("".join(buf))
                    buf.clear()
            copy += 1
        out.write("".join(buf))
    return count


# ---------------------------------------------------------------------------
# bids shape

# UNSPSC segments (first two digits of the 8-digit codes).
SEGMENTS = [
    "10", "11", "12", "13", "14", "15", "20", "21", "22", "23", "24", "25", "26", "27",
    "30", "31", "32", "39", "40", "41", "42", "43", "44", "45", "46", "47", "48", "49",
    "50", "51", "52", "53", "55", "56", "60", "70", "71", "72", "73", "76", "77", "78",
    "80", "81", "82", "83", "84", "85", "86", "90", "91", "92", "93", "94", "95",
]  # fmt: skip

ITEM_NAMES = [
    "Spare parts", "Fuel", "Field rations", "Protective equipment", "Radio sets",
    "Vehicle maintenance", "Construction works", "Medical supplies", "Training services",
    "Software licences", "Office furniture", "Uniforms", "Generators", "Optical devices",
    "Catering", "Consulting", "Cleaning services", "Tyres", "Laboratory equipment", "Printing",
]  # fmt: skip

BASE_DAY = date(2022, 1, 1)
DAYS = [(BASE_DAY + timedelta(days=d)).isoformat() for d in range(1200)]


def ts(day, hour, minute=0):
    return "%sT%02d:%02d:00Z" % (DAYS[day], hour, minute)


def org_ref(oid, name):
    return '{"id":"%s","name":"%s"}' % (oid, name)


def party(oid, name, roles, region):
    return (
        '{"id":"%s","name":"%s","identifier":{"scheme":"XX-BENCH","id":"%s","legalName":"%s"},'
        '"address":{"streetAddress":"%d Main Street","locality":"%s","region":"%s","countryName":"Atlantis"},'
        '"contactPoint":{"name":"Procurement office","email":"office@example.org","telephone":"+000000000000"},'
        '"roles":[%s]}'
        % (oid, name, oid[9:], name, len(name) * 7 % 200 + 1, region, region, ",".join('"%s"' % r for r in roles))
    )


REGIONS = ["North", "South", "East", "West", "Centre", "Coast", "Hills", "Islands"]


def write_bids(path, n, seed=20261129):
    rnd = random.Random(seed)
    r = rnd.random
    gauss = rnd.gauss

    n_tenderers = max(60, n // 50)
    n_buyers = max(20, n // 100)

    def pick(k):
        return int(r() * k)

    # Tenderer roles. ~2% each of: losers (bid often, never win: R025), disqualified-prone
    # (R038 tenderer), heterogeneous suppliers (R048). Everybody else is ordinary.
    kind = []
    for t in range(n_tenderers):
        x = r()
        kind.append("L" if x < 0.02 else "D" if x < 0.04 else "H" if x < 0.06 else "N")
    if "L" not in kind:
        kind[1] = "L"
    if "D" not in kind:
        kind[2] = "D"
    if "H" not in kind:
        kind[3] = "H"
    t_id = ["XX-BENCH-T%07d" % t for t in range(n_tenderers)]
    t_name = ["Synthetic tenderer %d" % t for t in range(n_tenderers)]
    t_home = [(SEGMENTS[pick(len(SEGMENTS))], SEGMENTS[pick(len(SEGMENTS))]) for _ in range(n_tenderers)]
    # Losers are drawn three times as often as others (they are "top" tenderers by bid count).
    weighted = []
    for t in range(n_tenderers):
        weighted.extend([t] * (3 if kind[t] == "L" else 1))
    winners = [t for t in range(n_tenderers) if kind[t] != "L"]

    b_id = ["XX-BENCH-B%07d" % b for b in range(n_buyers)]
    b_name = ["Synthetic military unit %d" % b for b in range(n_buyers)]
    b_bad = [r() < 0.03 for _ in range(n_buyers)]
    if not any(b_bad):
        b_bad[0] = True
    b_region = [REGIONS[pick(len(REGIONS))] for _ in range(n_buyers)]
    pe_id = ["XX-BENCH-P%07d" % b for b in range(n_buyers)]
    pe_name = ["Synthetic procurement agency %d" % b for b in range(n_buyers)]

    with open(path, "w", encoding="utf-8", newline="\n") as out:
        buf = []
        for i in range(n):
            ocid = "ocds-b3nch0-%09d" % i
            b = pick(n_buyers)
            if r() < 0.7:
                pe, pe_nm = b_id[b], b_name[b]
            else:
                p = pick(n_buyers)
                pe, pe_nm = pe_id[p], pe_name[p]
            x = r()
            method = "open" if x < 0.7 else "selective" if x < 0.9 else "limited"

            start = pick(900)
            duration = 3 + pick(12) if r() < 0.15 else 15 + pick(31)  # R003 below 15 days
            end = start + duration
            t_start = ts(start, 9)
            t_end = ts(end, 17)
            estimate = round(10 ** (4 + 3 * r()), 2)

            # Scenario.
            single = r() < 0.08  # R018 when competitive
            x = r()
            r024 = x < 0.03  # winner just below the second-lowest valid bid
            r058 = 0.03 <= x < 0.06  # heavily discounted winning bid
            r035 = r() < 0.02  # every other bid disqualified
            r036 = r() < 0.03  # lowest bid disqualified
            r028 = r() < 0.03  # two losing tenderers with the same price
            r030 = r() < 0.02  # winning bid arrived after the deadline
            cancelled = r() < 0.01  # tender cancelled: excluded by Cardinal
            x = r()
            award_shape = "pending" if x < 0.02 else "lots" if x < 0.05 else "retried" if x < 0.08 else "one"

            winner = winners[pick(len(winners))]
            participants = [winner]
            if not single:
                k = 2 + pick(5)
                tries = 0
                while len(participants) < k and tries < 50:
                    t = weighted[pick(len(weighted))]
                    if t not in participants:
                        participants.append(t)
                    tries += 1

            # Amounts: winner lowest; second-lowest at ratio ~N(0.10, 0.015); others above.
            w_amount = round(estimate * (0.85 + 0.15 * r()), 2)
            if r024:
                ratio = 0.0005 + 0.02 * r()
            elif r058:
                ratio = 0.3 + 0.9 * r()
            else:
                ratio = max(0.001, gauss(0.10, 0.015))
            amounts = [w_amount]
            prev = round(w_amount * (1 + ratio), 2)
            for j in range(1, len(participants)):
                amounts.append(prev)
                prev = round(prev * (1.01 + 0.25 * r()), 2)
            if r028 and len(participants) >= 3:
                amounts[2] = amounts[1]

            statuses = ["valid"] * len(participants)
            for j in range(1, len(participants)):
                t = participants[j]
                p_dq = 0.5 if b_bad[b] else 0.04
                if kind[t] == "D":
                    p_dq = max(p_dq, 0.7)
                if r035 or r() < p_dq:
                    statuses[j] = "disqualified"
                elif r() < 0.01:
                    statuses[j] = "withdrawn"
            if r036 and len(participants) >= 2:
                amounts[-1] = round(w_amount * (0.8 + 0.15 * r()), 2)
                statuses[-1] = "disqualified"

            bids = []
            for j, t in enumerate(participants):
                if j == 0 and r030:
                    bday, bhour = end + 1 + pick(5), 10
                else:
                    bday, bhour = start + pick(duration + 1), 8 + pick(9)
                    if bday == end and bhour > 16:
                        bhour = 16
                bids.append(
                    '{"id":"%s-bid-%d","date":"%s","status":"%s","tenderers":[%s],'
                    '"value":{"amount":%.2f,"currency":"UAH"}}'
                    % (ocid, j + 1, ts(bday, bhour, pick(60)), statuses[j], org_ref(t_id[t], t_name[t]), amounts[j])
                )

            # Items, classified by the winner's home segments (or any segment for "H").
            n_items = 1 + pick(3)
            items = []
            for j in range(n_items):
                if kind[winner] == "H" or r() < 0.05:
                    seg = SEGMENTS[pick(len(SEGMENTS))]
                else:
                    seg = t_home[winner][pick(2)]
                code = "%s%06d" % (seg, pick(1000000))
                items.append(
                    '{"id":"%d","description":"%s","classification":{"scheme":"UNSPSC","id":"%s",'
                    '"description":"Commodity %s"},"quantity":%d,"unit":{"name":"Each","value":'
                    '{"amount":%.2f,"currency":"UAH"}}}'
                    % (j + 1, ITEM_NAMES[pick(len(ITEM_NAMES))], code, code, 1 + pick(500), round(estimate / 100, 2))
                )
            items_json = ",".join(items)

            aday = end + 10 + pick(30)
            awards = []
            contracts = []

            def award(aid, status, supplier, amount, award_items):
                awards.append(
                    '{"id":"%s","title":"Award %s","status":"%s","date":"%s","value":{"amount":%.2f,'
                    '"currency":"UAH"},"suppliers":[%s],"items":[%s]}'
                    % (aid, aid, status, ts(aday, 12), amount, org_ref(t_id[supplier], t_name[supplier]), award_items)
                )
                if status == "active":
                    contracts.append(
                        '{"id":"%s-c","awardID":"%s","status":"active","dateSigned":"%s",'
                        '"value":{"amount":%.2f,"currency":"UAH"}}' % (aid, aid, ts(aday + 5, 12), amount)
                    )

            if award_shape == "retried" and len(participants) >= 2:
                award(ocid + "-a0", "unsuccessful" if r() < 0.5 else "cancelled", participants[1], amounts[1], items_json)
            if award_shape == "pending":
                award(ocid + "-a1", "pending", winner, w_amount, items_json)
            elif award_shape == "lots" and len(participants) >= 2 and statuses[1] == "valid":
                award(ocid + "-a1", "active", winner, w_amount, items[0])
                award(ocid + "-a2", "active", participants[1], amounts[1], ",".join(items[1:]) or items[0])
            else:
                award(ocid + "-a1", "active", winner, w_amount, items_json)

            suppliers = {winner, participants[1]} if len(awards) == 2 and award_shape == "lots" else {winner}
            parties = [
                party(b_id[b], b_name[b], ["buyer"] if pe != b_id[b] else ["buyer", "procuringEntity"], b_region[b])
            ]
            if pe != b_id[b]:
                parties.append(party(pe, pe_nm, ["procuringEntity"], b_region[b]))
            for t in participants:
                roles = ["tenderer", "supplier"] if t in suppliers else ["tenderer"]
                parties.append(party(t_id[t], t_name[t], roles, REGIONS[t % len(REGIONS)]))

            tenderers = ",".join(org_ref(t_id[t], t_name[t]) for t in participants)
            line = (
                '{"ocid":"%s","id":"%s-compiled","date":"%s","tag":["compiled"],"initiationType":"tender",'
                '"language":"en","parties":[%s],"buyer":%s,"tender":{"id":"%s-t","title":"Supply lot %d",'
                '"status":"%s","procuringEntity":%s,"items":[%s],"value":{"amount":%.2f,"currency":"UAH"},'
                '"procurementMethod":"%s","mainProcurementCategory":"goods","awardCriteria":"priceOnly",'
                '"tenderPeriod":{"startDate":"%s","endDate":"%s"},"numberOfTenderers":%d,"tenderers":[%s]},'
                '"bids":{"details":[%s]},"awards":[%s],"contracts":[%s]}\n'
                % (
                    ocid,
                    ocid,
                    ts(aday + 5, 12),
                    ",".join(parties),
                    org_ref(b_id[b], b_name[b]),
                    ocid,
                    i,
                    "cancelled" if cancelled else "complete",
                    org_ref(pe, pe_nm),
                    items_json,
                    estimate,
                    method,
                    t_start,
                    t_end,
                    len(participants),
                    tenderers,
                    ",".join(bids),
                    ",".join(awards),
                    ",".join(contracts),
                )
            )
            buf.append(line)
            if len(buf) >= 2000:
                out.write("".join(buf))
                buf.clear()
        out.write("".join(buf))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="target/bench-redflags", help="output directory (not in git)")
    parser.add_argument("--shapes", default="real,bids")
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--org-block", type=int, default=10, help="real: copies that share organization ids")
    parser.add_argument("--force", action="store_true", help="rewrite files that exist")
    args = parser.parse_args(argv)

    os.makedirs(args.out, exist_ok=True)
    for shape in args.shapes.split(","):
        for size in args.sizes.split(","):
            n = parse_size(size)
            path = os.path.join(args.out, "%s-%s.jsonl" % (shape, size.lower()))
            if os.path.exists(path) and not args.force:
                print("exists: %s" % path, file=sys.stderr)
                continue
            tmp = path + ".tmp"
            if shape == "real":
                write_real(tmp, n, args.org_block)
            elif shape == "bids":
                write_bids(tmp, n)
            else:
                parser.error("unknown shape: %s" % shape)
            os.replace(tmp, path)
            print("wrote %s (%d lines, %.1f MB)" % (path, n, os.path.getsize(path) / 1e6), file=sys.stderr)


if __name__ == "__main__":
    main()
