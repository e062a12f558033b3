#!/usr/bin/env python3
"""Writes demo/governance/{profiles,framework,assessments}.json.

Profiles: one per national institution of institutions.csv. Their wording is
generic and illustrative, by kind of institution; the only legal bases are
the four texts sahel-facts.md gives with a number (and a date where it gives
one), copied below with their source. Nothing else is invented: no law
number, no date. The framework is Vigie's own wording. The assessments are
invented scores, deterministic, marked illustrative.

Run from crates/vigie-store/demo: python3 tools/generate_governance.py
"""
import csv
import json

COUNTRIES = ["BFA", "MLI", "MRT", "NER", "TCD"]
YEARS = [2022, 2023, 2024]


def bi(fr, en):
    return {"fr": fr, "en": en}


# What each kind of institution does and its mandate, in generic words.
KIND = {
    "parliament_commission": (
        bi("Contrôle parlementaire du secteur de la défense et de la sécurité.", "Parliamentary oversight of the defence and security sector."),
        bi("Examiner le budget de la défense et son exécution, entendre les responsables, proposer des enquêtes (formulation générique, illustrative).",
           "Examine the defence budget and its execution, hear officials, propose inquiries (generic, illustrative wording)."),
    ),
    "court_of_auditors": (
        bi("Contrôle externe des finances publiques.", "External audit of public finances."),
        bi("Auditer les comptes et la gestion des services de défense et de sécurité et rendre compte de ses constats (formulation générique, illustrative).",
           "Audit the accounts and management of the defence and security services and report its findings (generic, illustrative wording)."),
    ),
    "armed_forces_inspectorate": (
        bi("Inspection interne des forces armées.", "Internal inspection of the armed forces."),
        bi("Contrôler le fonctionnement et la gestion des unités et services des armées, sur ordre de l'autorité (formulation générique, illustrative).",
           "Inspect the functioning and management of army units and services, on the authority's orders (generic, illustrative wording)."),
    ),
    "police_inspectorate": (
        bi("Inspection interne des forces de police.", "Internal inspection of the police."),
        bi("Contrôler les services de police et enquêter sur les manquements (formulation générique, illustrative).",
           "Inspect police services and investigate misconduct (generic, illustrative wording)."),
    ),
    "army_stewardship": (
        bi("Gestion administrative et financière des armées (service contrôlé).", "Administrative and financial management of the armed forces (the audited service)."),
        bi("Exécuter le budget des armées et tenir les comptes que les organes de contrôle vérifient (formulation générique, illustrative).",
           "Execute the armed forces' budget and keep the accounts oversight bodies check (generic, illustrative wording)."),
    ),
    "finance_control": (
        bi("Contrôle financier a priori de la dépense.", "Prior financial control of spending."),
        bi("Viser les engagements de dépense de la défense avant leur exécution (formulation générique, illustrative).",
           "Approve defence spending commitments before they are executed (generic, illustrative wording)."),
    ),
    "procurement_directorate": (
        bi("Contrôle ou régulation de la commande publique.", "Control or regulation of public procurement."),
        bi("Contrôler la passation des marchés publics, y compris, selon les textes, ceux de la défense (formulation générique, illustrative).",
           "Control the award of public contracts, including, as the texts provide, defence contracts (generic, illustrative wording)."),
    ),
    "ombudsman": (
        bi("Médiation entre l'administration et les citoyens.", "Mediation between the administration and citizens."),
        bi("Recevoir les réclamations des citoyens contre l'administration, y compris les services de sécurité (formulation générique, illustrative).",
           "Receive citizens' complaints against the administration, security services included (generic, illustrative wording)."),
    ),
    "civil_society": (
        bi("Veille citoyenne.", "Citizen watch."),
        bi("Suivre et documenter la gestion des ressources de défense (exemple illustratif).", "Follow and document the management of defence resources (illustrative example)."),
    ),
    "press": (
        bi("Information du public.", "Informing the public."),
        bi("Enquêter et informer sur la gestion des ressources de défense (exemple illustratif).", "Investigate and report on the management of defence resources (illustrative example)."),
    ),
    "court": (
        bi("Justice pénale de droit commun.", "Ordinary criminal justice."),
        bi("Juger les infractions dont elle est saisie, y compris sur renvoi des organes de contrôle (formulation générique, illustrative).",
           "Try the offences referred to it, including on referral by oversight bodies (generic, illustrative wording)."),
    ),
}

UNKNOWN_NOTE = bi("Non documenté dans les sources de Vigie.", "Not documented in Vigie's sources.")

# Legal bases given with a number in sahel-facts.md, with their source.
LOI_005_2024 = {
    "kind": "law",
    "number": "Loi n°005-2024/ALT",
    "date": "2024-04-20",
    "title": bi("Loi portant réglementation générale de la commande publique",
                "Law on the general regulation of public procurement"),
    "source": "https://burkina24.com/2025/09/30/commande-publique-au-burkina-faso-larcop-informe-les-hommes-de-medias-sur-les-innovations-majeures-de-la-nouvelle-reglementation/ (sahel-facts.md §2b)",
}
LOI_2021_024 = {
    "kind": "law",
    "number": "Loi n°2021-024",
    "date": None,
    "title": bi("Code des marchés publics (abroge la loi n°2010-044 du 22 juillet 2010)",
                "Public procurement code (repeals Law n°2010-044 of 22 July 2010)"),
    "source": "https://www.cridem.org/C_Info.php?article=785526 (sahel-facts.md §2b)",
}
SOURCED = {
    "MLI-BVG": {
        "legal_bases": [{
            "kind": "law",
            "number": "Loi n°2012-009",
            "date": "2012-02-08",
            "title": bi("Loi relative au Bureau du Vérificateur général (intitulé complet non repris par la source)",
                        "Law on the Office of the Auditor General (full title not given by the source)"),
            "source": "https://maliweb.net/politique/conseil-des-ministres/communique-du-conseil-des-ministres-du-mercredi-20-juin-2018-2762889.html?amp=1 (sahel-facts.md §7)",
        }],
    },
    "BFA-ARCOP": {
        "legal_bases": [LOI_005_2024],
        "access": "full",
        "access_note": bi("Selon la source, la loi n°005-2024/ALT donne à l'ARCOP le pouvoir d'accéder à toutes les sources d'information.",
                          "According to the source, Law n°005-2024/ALT gives ARCOP the power to access all sources of information."),
    },
    "MRT-CNCMP": {
        "legal_bases": [LOI_2021_024],
        "mandate": bi("Donner un avis, non contraignant, sur les procédures dérogatoires (entente directe, consultation simplifiée, appel d'offres restreint).",
                      "Give a non-binding opinion on derogatory procedures (direct agreement, simplified consultation, restricted tender)."),
    },
    "MRT-ARMP": {
        "legal_bases": [LOI_2021_024],
        "mandate": bi("Réguler la commande publique ; publier les deux positions quand l'autorité contractante s'écarte de l'avis de la CNCMP.",
                      "Regulate public procurement; publish both positions when the contracting authority departs from the CNCMP's opinion."),
    },
}

# Illustrative reporting lines: which kinds report to the country's parliament committee.
REPORTS_TO_PARLIAMENT = {"court_of_auditors", "procurement_directorate", "ombudsman"}


def profiles():
    rows = list(csv.DictReader(open("institutions.csv", encoding="utf-8")))
    national = [r for r in rows if r["country"] in COUNTRIES and r["kind"] in KIND]
    parliament = {r["country"]: r["code"] for r in national if r["kind"] == "parliament_commission"}
    out = []
    for r in national:
        functions, mandate = KIND[r["kind"]]
        p = {
            "institution": r["code"],
            "functions": functions,
            "mandate": mandate,
            "legal_bases": [],
            "access": "unknown",
            "access_note": UNKNOWN_NOTE,
            "reporting_lines": [],
            "source": "illustrative profile (generic wording by kind of institution)",
            "illustrative": True,
        }
        extra = SOURCED.get(r["code"], {})
        p.update(extra)
        if extra:
            p["source"] = "legal basis: sahel-facts.md (see each text's source); other wording illustrative"
        if r["kind"] in REPORTS_TO_PARLIAMENT and r["country"] in parliament:
            p["reporting_lines"].append({
                "to": parliament[r["country"]],
                "nature": bi("Rapport transmis au Parlement (illustratif)", "Report transmitted to Parliament (illustrative)"),
            })
        out.append(p)
    return {"profiles": out}


def band_set(c0, c1, c2, c3, c4):
    return [{"score": i, "criterion": bi(*c)} for i, c in enumerate([c0, c1, c2, c3, c4])]


def q(code, text, guidance, evidence, bands):
    return {"code": code, "text": bi(*text), "guidance": bi(*guidance), "evidence": bi(*evidence), "bands": bands}


# Bands shared by questions about publication, then by questions about powers.
def publication(what_fr, what_en):
    return band_set(
        (f"Rien n'est publié sur {what_fr}.", f"Nothing is published on {what_en}."),
        (f"Des informations éparses sur {what_fr} circulent, sans publication officielle.", f"Scattered information on {what_en} circulates, with no official publication."),
        (f"Une publication officielle existe mais elle est agrégée ou irrégulière.", f"An official publication exists but it is aggregated or irregular."),
        (f"Une publication officielle, détaillée et régulière, avec des lacunes justifiées.", f"A detailed, regular official publication, with justified gaps."),
        (f"Publication complète, détaillée, régulière et réutilisable (données ouvertes).", f"Complete, detailed, regular and reusable publication (open data)."),
    )


def power(what_fr, what_en):
    return band_set(
        (f"Aucun texte ne prévoit {what_fr}.", f"No text provides for {what_en}."),
        (f"Un texte le prévoit mais il n'est pas appliqué.", f"A text provides for it but it is not applied."),
        (f"Appliqué au cas par cas, selon le bon vouloir de l'exécutif.", f"Applied case by case, at the executive's discretion."),
        (f"Appliqué régulièrement, avec des exceptions motivées par écrit.", f"Applied regularly, with exceptions justified in writing."),
        (f"Garanti par la loi, appliqué sans exception et vérifiable par le public.", f"Guaranteed by law, applied without exception and verifiable by the public."),
    )


def framework():
    return {
        "code": "VIGIE-GOV",
        "version": 1,
        "title": bi("Grille Vigie de gouvernance des ressources de défense", "Vigie defence resource governance framework"),
        "description": bi(
            "Grille illustrative rédigée pour Vigie : cinq domaines de risque, notes de 0 à 4. Elle ne reprend aucun indice publié.",
            "Illustrative framework written for Vigie: five risk areas, scores 0 to 4. It does not reproduce any published index."),
        "illustrative": True,
        "areas": [
            {"code": "BT", "title": bi("Transparence budgétaire", "Budget transparency"), "questions": [
                q("BT1", ("Le budget de la défense et de la sécurité est-il publié avec une ventilation par programme et par nature ?", "Is the defence and security budget published broken down by programme and by economic nature?"),
                  ("Examiner la loi de finances et ses annexes de l'année.", "Examine the year's finance law and its annexes."),
                  ("Loi de finances, annexes budgétaires.", "Finance law, budget annexes."),
                  publication("la ventilation du budget de la défense", "the breakdown of the defence budget")),
                q("BT2", ("L'exécution du budget de la défense est-elle publiée et comparable au budget voté ?", "Is the execution of the defence budget published and comparable with the voted budget?"),
                  ("Comparer la loi de règlement ou les rapports d'exécution au budget voté.", "Compare the settlement law or execution reports with the voted budget."),
                  ("Loi de règlement, rapports trimestriels d'exécution.", "Settlement law, quarterly execution reports."),
                  publication("l'exécution du budget de la défense", "defence budget execution")),
                q("BT3", ("Les fonds spéciaux et ressources hors budget de la défense figurent-ils dans les documents budgétaires ?", "Do special funds and off-budget defence resources appear in budget documents?"),
                  ("Rechercher les fonds de soutien, comptes spéciaux et dons affectés aux forces.", "Look for support funds, special accounts and donations earmarked for the forces."),
                  ("Textes créant les fonds, leurs comptes, les documents budgétaires.", "Texts creating the funds, their accounts, budget documents."),
                  publication("les ressources hors budget", "off-budget resources")),
            ]},
            {"code": "PR", "title": bi("Marchés et régime dérogatoire", "Procurement and derogatory regime"), "questions": [
                q("PR1", ("Le champ du régime dérogatoire (marchés secrets) est-il délimité par un texte publié ?", "Is the scope of the derogatory (secret) procurement regime set by a published text?"),
                  ("Identifier le texte, la liste des biens couverts et les seuils.", "Identify the text, the list of goods covered and the thresholds."),
                  ("Texte du régime dérogatoire, liste des biens et services couverts.", "Text of the derogatory regime, list of goods and services covered."),
                  power("la délimitation du régime dérogatoire", "limits to the derogatory regime")),
                q("PR2", ("Les marchés passés sous régime dérogatoire font-ils l'objet d'un contrôle indépendant ?", "Are contracts awarded under the derogatory regime reviewed independently?"),
                  ("Vérifier qui contrôle, avant ou après la passation, et si ce contrôle a eu lieu.", "Check who reviews, before or after award, and whether the review took place."),
                  ("Rapports de contrôle, avis de l'organe de régulation.", "Review reports, regulator's opinions."),
                  power("un contrôle indépendant des marchés dérogatoires", "independent review of derogatory contracts")),
                q("PR3", ("Des statistiques agrégées sur les marchés dérogatoires (nombre, valeur, mode de passation) sont-elles publiées ?", "Are aggregate statistics on derogatory contracts (number, value, award method) published?"),
                  ("Chercher les rapports annuels de l'organe de régulation.", "Look for the regulator's annual reports."),
                  ("Rapport annuel de la régulation, statistiques de la commande publique.", "Regulator's annual report, procurement statistics."),
                  publication("les marchés dérogatoires", "derogatory contracts")),
            ]},
            {"code": "CI", "title": bi("Information classifiée et accès", "Classified information and access"), "questions": [
                q("CI1", ("Un texte publié définit-il les niveaux de classification, qui classifie et pour combien de temps ?", "Does a published text set the classification levels, who classifies and for how long?"),
                  ("Identifier le texte et vérifier s'il fixe des durées.", "Identify the text and check whether it sets durations."),
                  ("Textes sur le secret de la défense.", "Texts on defence secrecy."),
                  power("de règles de classification", "classification rules")),
                q("CI2", ("Les organes de contrôle ont-ils un droit d'accès aux informations classifiées nécessaires à leur mandat ?", "Do oversight bodies have a right of access to the classified information their mandate needs?"),
                  ("Lire les textes de chaque organe et les refus d'accès connus.", "Read each body's texts and known refusals of access."),
                  ("Textes des organes, rapports mentionnant des refus.", "Bodies' texts, reports mentioning refusals."),
                  power("l'accès des organes de contrôle", "oversight bodies' access")),
                q("CI3", ("Existe-t-il une procédure de déclassification et de recours contre un refus d'accès ?", "Is there a procedure for declassification and appeal against a refusal of access?"),
                  ("Vérifier l'existence de l'autorité de recours et ses décisions.", "Check that an appeal authority exists and what it has decided."),
                  ("Texte de la procédure, décisions de recours.", "Text of the procedure, appeal decisions."),
                  power("de déclassification ni de recours", "declassification or appeal")),
            ]},
            {"code": "EC", "title": bi("Contrôle externe et sanctions", "External control and sanctions"), "questions": [
                q("EC1", ("L'institution supérieure de contrôle audite-t-elle les comptes de la défense, dépenses classifiées comprises ?", "Does the supreme audit institution audit defence accounts, classified spending included?"),
                  ("Relever les audits de la défense des cinq dernières années.", "List the defence audits of the last five years."),
                  ("Programmes et rapports d'audit.", "Audit programmes and reports."),
                  power("l'audit des comptes de la défense", "audit of defence accounts")),
                q("EC2", ("Les rapports d'audit sur la défense sont-ils transmis au Parlement et publiés dans un délai fixé ?", "Are defence audit reports sent to Parliament and published within a set time?"),
                  ("Comparer les dates de remise et de publication.", "Compare the dates of submission and publication."),
                  ("Rapports publiés, accusés de réception du Parlement.", "Published reports, Parliament's acknowledgements."),
                  publication("les rapports d'audit de la défense", "defence audit reports")),
                q("EC3", ("Les constats donnent-ils lieu à un suivi, à des saisines de la justice et à des sanctions enregistrées ?", "Do findings lead to follow-up, referrals to the courts and recorded sanctions?"),
                  ("Suivre quelques constats jusqu'à leur issue.", "Follow a few findings to their outcome."),
                  ("Rapports de suivi, décisions de justice.", "Follow-up reports, court decisions."),
                  power("le suivi des constats", "follow-up of findings")),
            ]},
            {"code": "PO", "title": bi("Contrôle parlementaire et citoyen", "Parliamentary and citizen oversight"), "questions": [
                q("PO1", ("La commission de la défense examine-t-elle le budget et son exécution à partir de documents détaillés ?", "Does the defence committee examine the budget and its execution from detailed documents?"),
                  ("Lire les rapports de la commission sur la loi de finances.", "Read the committee's reports on the finance law."),
                  ("Rapports de commission, comptes rendus.", "Committee reports, minutes."),
                  power("l'examen détaillé par la commission", "detailed examination by the committee")),
                q("PO2", ("La commission peut-elle conduire des auditions et des enquêtes sur les dépenses de défense ?", "Can the committee hold hearings and inquiries on defence spending?"),
                  ("Relever les auditions et commissions d'enquête des dernières années.", "List the hearings and inquiries of recent years."),
                  ("Règlement de l'assemblée, rapports d'enquête.", "Rules of procedure, inquiry reports."),
                  power("d'auditions ni d'enquêtes", "hearings or inquiries")),
                q("PO3", ("La société civile et la presse peuvent-elles obtenir et publier des informations sur la défense sans représailles ?", "Can civil society and the press obtain and publish defence information without reprisal?"),
                  ("Examiner la loi d'accès à l'information et les cas connus.", "Examine the access-to-information law and known cases."),
                  ("Loi d'accès à l'information, rapports d'organisations de la presse.", "Access-to-information law, press organisations' reports."),
                  power("l'accès du public à l'information de défense", "public access to defence information")),
            ]},
        ],
    }


def assessments(fw):
    questions = [qq["code"] for a in fw["areas"] for qq in a["questions"]]
    # A deterministic, invented pattern: a base per country, drifting by year.
    base = {"BFA": 2, "MLI": 1, "MRT": 2, "NER": 1, "TCD": 1}
    out = []
    for c in COUNTRIES:
        for y in YEARS:
            scores = []
            for i, code in enumerate(questions):
                s = base[c] + ((i * 7 + len(c) * 3 + (y - 2022) * (1 if c in ("BFA", "MRT") else -1) + ord(c[0])) % 3) - 1
                s = max(0, min(4, s + (y - 2022 if c == "BFA" and code.startswith("PR") else 0)))
                scores.append({
                    "question": code,
                    "score": s,
                    "evidence": [],
                    "note": "Note illustrative, inventée pour la démonstration / Illustrative score, invented for the demonstration.",
                })
            if c == "BFA":
                scores[questions.index("PR2")]["evidence"].append({
                    "title": "Audit de l'ASCE-LC sur les marchés du MDAC, 2016–2021 (presse)",
                    "url": "https://www.lexpressdufaso-bf.com/audit-de-larmee-le-rapport-tombe-on-fait-quoi/",
                })
            if c == "NER":
                scores[questions.index("EC3")]["evidence"].append({
                    "title": "Audit de l'Inspection générale des armées, 2020 (presse)",
                    "url": "https://jeuneafrique.com/988350/politique/niger-ce-que-contient-laudit-du-ministere-de-la-defense",
                })
            if c == "MLI":
                scores[questions.index("CI1")]["evidence"].append({
                    "title": "Décret n°2014-0764/P-RM du 9 octobre 2014 (presse)",
                    "url": "https://maliactu.net/mali-decret-n2014-0764-du-9-10-2014-ce-document-qui-legalise-le-vol/",
                })
            out.append({
                "framework": fw["code"], "version": fw["version"], "country": c, "year": y,
                "assessor": "DCAF", "illustrative": True, "scores": scores,
            })
    return {"assessments": out}


def write(name, value):
    with open(f"governance/{name}", "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=2)
        f.write("\n")


fw = framework()
write("profiles.json", profiles())
write("framework.json", fw)
write("assessments.json", assessments(fw))
