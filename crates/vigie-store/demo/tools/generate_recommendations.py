#!/usr/bin/env python3
"""Writes demo/findings.json and demo/recommendations.json.

Findings marked `illustrative: false` copy public audit facts from the
project's reference notes (sahel-facts.md §6), each with its source URL;
everything else is invented for the demonstration and says so. No person is
named. Recommendations are all illustrative: the 2021 conference note gives
the workshops' themes, not their recommendations.

Run from crates/vigie-store: python3 demo/tools/generate_recommendations.py
"""
import json

ILL = "Illustratif : enregistrement inventé pour la démonstration de Vigie. / Illustrative: invented record for Vigie's demonstration."

findings = [
    {
        "code": "FND-MLI-BVG-2014-01", "country": "MLI", "institution": "MLI-BVG", "source": "audit",
        "title": {"fr": "Contrat d'équipements militaires attribué de gré à gré : irrégularités financières",
                  "en": "Military equipment contract awarded without competition: financial irregularities"},
        "audited_institution": "Ministère de la Défense et des Anciens Combattants; ministère de l'Économie et des Finances",
        "amount_at_stake": {"amount": "28549901190", "currency": "XOF"},
        "period": {"from": "2013", "to": "2014"}, "reported_on": "2014-10-01", "illustrative": False,
        "source_note": "BVG final report, October 2014 (day not given in the source: the 1st is shown): irregularities of 28,549,901,190 FCFA, of which 12,422,063,092 FCFA fraud. https://revuedepressecorens.wordpress.com/2014/11/01/le-rapport-du-verificateur-general/ (sahel-facts.md §6)",
    },
    {
        "code": "FND-MLI-SCCS-2014-01", "country": "MLI", "institution": "MLI-SC-CS", "source": "audit",
        "title": {"fr": "Achat de l'avion présidentiel : paiements sans crédits budgétaires",
                  "en": "Purchase of the presidential aircraft: payments without budget credits"},
        "audited_institution": "Ministère de l'Économie et des Finances",
        "amount_at_stake": {"amount": "13086000000", "currency": "XOF"},
        "period": {"from": "2014", "to": "2014"}, "reported_on": "2014-10-10", "illustrative": False,
        "source_note": "Section des comptes de la Cour suprême: 13.086 bn FCFA paid without budget credits. https://site2.maliweb.net/politique/corruption/avion-presidentiel-au-mali-cour-supreme-denonce-irregularites-570842.html (10 Oct 2014; sahel-facts.md §6)",
    },
    {
        "code": "FND-NER-IGA-2020-01", "country": "NER", "institution": "NER-IGA", "source": "inspection",
        "title": {"fr": "Contrôle a posteriori des marchés publics du ministère de la Défense",
                  "en": "Ex-post control of the Ministry of Defence's public contracts"},
        "audited_institution": "Ministère de la Défense nationale",
        "amount_at_stake": {"amount": "76000000000", "currency": "XOF"},
        "period": {"from": "2014", "to": "2019"}, "reported_on": "2020-02-17", "illustrative": False,
        "source_note": "Inspection générale des armées, report of 17 Feb 2020: loss of 76 bn FCFA (48 bn overpricing, 28 bn paid but not delivered). https://jeuneafrique.com/988350/politique/niger-ce-que-contient-laudit-du-ministere-de-la-defense (sahel-facts.md §6)",
    },
    {
        "code": "FND-BFA-ASCE-2024-01", "country": "BFA", "institution": "BFA-ASCE-LC", "source": "audit",
        "title": {"fr": "Audit de la gestion du ministère de la Défense (2016-2021) : pénalités de retard non recouvrées",
                  "en": "Audit of the Ministry of Defence's management (2016-2021): late-delivery penalties not collected"},
        "audited_institution": "Ministère de la Défense et des Anciens Combattants",
        "amount_at_stake": {"amount": "1632254055", "currency": "XOF"},
        "period": {"from": "2016", "to": "2021"}, "reported_on": "2024-01-30", "illustrative": False,
        "source_note": "ASCE-LC 2022 activity report, handed over on 30 Jan 2024: 241 contracts (482,048,128,759 FCFA) reviewed, 169 direct agreements; 1,632,254,055 FCFA of late-delivery penalties never collected. https://lefaso.net/spip.php?article127762 (sahel-facts.md §6)",
    },
    {
        "code": "FND-BFA-ILLUSTR-01", "country": "BFA", "institution": "BFA-IGA", "source": "inspection",
        "title": {"fr": "Inspection de la gestion du carburant d'une région militaire (illustratif)",
                  "en": "Inspection of a military region's fuel management (illustrative)"},
        "audited_institution": None,
        "amount_at_stake": {"amount": "350000000", "currency": "XOF"},
        "period": {"from": "2019", "to": "2020"}, "reported_on": "2021-09-15", "illustrative": True, "source_note": ILL,
        "referrals": [{"court": "BFA-TGI", "referred_on": "2021-11-02", "case_ref": "ILLUSTR-BFA-2021-001", "outcome": "convicted",
                       "outcome_on": "2023-05-12", "amount_recovered": {"amount": "120000000", "currency": "XOF"}}],
    },
    {
        "code": "FND-MLI-ILLUSTR-01", "country": "MLI", "institution": "MLI-CDSPC", "source": "parliamentary_inquiry",
        "title": {"fr": "Enquête parlementaire sur les marchés d'entretien des aéronefs (illustratif)",
                  "en": "Parliamentary inquiry into aircraft maintenance contracts (illustrative)"},
        "audited_institution": None, "amount_at_stake": None,
        "period": {"from": "2018", "to": "2020"}, "reported_on": "2021-06-30", "illustrative": True, "source_note": ILL,
        "referrals": [{"court": "MLI-TGI", "referred_on": "2021-10-04", "case_ref": "ILLUSTR-MLI-2021-014", "outcome": "pending"}],
    },
    {
        "code": "FND-NER-ILLUSTR-01", "country": "NER", "institution": "NER-CDC", "source": "audit",
        "title": {"fr": "Audit des dépenses de rations alimentaires des unités (illustratif)",
                  "en": "Audit of units' food ration spending (illustrative)"},
        "audited_institution": None,
        "amount_at_stake": {"amount": "900000000", "currency": "XOF"},
        "period": {"from": "2020", "to": "2021"}, "reported_on": "2022-04-20", "illustrative": True, "source_note": ILL,
        "referrals": [
            {"court": "NER-TGI", "referred_on": "2022-07-01", "case_ref": "ILLUSTR-NER-2022-007", "outcome": "dismissed", "outcome_on": "2023-09-18"},
            {"court": "NER-TGI", "referred_on": "2022-07-01", "case_ref": "ILLUSTR-NER-2022-008", "outcome": "acquitted", "outcome_on": "2024-02-06"},
        ],
    },
    {
        "code": "FND-TCD-ILLUSTR-01", "country": "TCD", "institution": "TCD-CDC", "source": "audit",
        "title": {"fr": "Audit des contrats d'habillement des forces (illustratif)",
                  "en": "Audit of the forces' clothing contracts (illustrative)"},
        "audited_institution": None,
        "amount_at_stake": {"amount": "2500000000", "currency": "XAF"},
        "period": {"from": "2021", "to": "2022"}, "reported_on": "2023-03-10", "illustrative": True, "source_note": ILL,
    },
    {
        "code": "FND-MRT-ILLUSTR-01", "country": "MRT", "institution": "MRT-IGA", "source": "inspection",
        "title": {"fr": "Inspection des stocks de pièces détachées (illustratif)",
                  "en": "Inspection of spare-part stocks (illustrative)"},
        "audited_institution": None,
        "amount_at_stake": {"amount": "45000000.00", "currency": "MRU"},
        "period": {"from": "2020", "to": "2022"}, "reported_on": "2023-06-01", "illustrative": True, "source_note": ILL,
    },
]
for f in findings:
    f.setdefault("referrals", [])

W = {
    "W1": ("procurement", "régime dérogatoire des marchés de défense et de sécurité", "derogatory regime for defence and security procurement"),
    "W2": ("judicial_followup", "pouvoir de répression des juridictions", "courts' power to repress offences"),
    "W3": ("parliamentary_control", "contrôle parlementaire et citoyen", "parliamentary and citizen control"),
    "W4": ("partners", "rôle des partenaires techniques et financiers", "role of technical and financial partners"),
}

# (code suffix, workshop, theme override, countries, addressees, priority, titles, history, milestones)
# history: list of (to, on, by, institution, reason); milestones: (fr, en, due, responsible, done_on)
R = []
def rec(code, source, ref, theme, countries, addressees, priority, fr, en, history, milestones, made_on="2021-03-18"):
    d = {
        "code": code, "source": source, "theme": theme, "priority": priority, "made_on": made_on,
        "title": {"fr": fr + " (illustratif)", "en": en + " (illustrative)"},
        "text": {"fr": fr + ". " + ILL, "en": en + ". " + ILL},
        "countries": countries, "addressees": addressees, "illustrative": True, "source_note": ILL,
        "milestones": [{"title": {"fr": m[0], "en": m[1]}, "due": m[2], "responsible": m[3], "done_on": m[4]} for m in milestones],
        "evidence": [],
        "history": [{"to": h[0], "on": h[1], "by": h[2], "institution": h[3], "reason": h[4]} for h in history],
    }
    if source == "conference_workshop":
        d["workshop"] = {"conference": 1, "session": ref}
    else:
        d["finding"] = ref
    R.append(d)

S = "dcaf"
rec("REC-2021-W1-01", "conference_workshop", "W1", "procurement", ["BFA"], ["BFA-ARCOP", "BFA-DAF"], "high",
    "Publier chaque année la liste des marchés passés sous le régime dérogatoire", "Publish each year the list of contracts awarded under the derogatory regime",
    [("in_progress", "2021-09-01", S, "DCAF", "Premier atelier national tenu avec l'ARCOP"),
     ("partially_implemented", "2023-02-15", "bfa-arcop", "BFA-ARCOP", "Liste 2022 publiée sans les montants")],
    [("Projet de format de publication", "Draft publication format", "2021-12-31", "BFA-ARCOP", "2021-11-30"),
     ("Première publication annuelle", "First annual publication", "2023-03-31", "BFA-ARCOP", "2023-02-15"),
     ("Publication avec les montants", "Publication with amounts", "2025-06-30", "BFA-DAF", None)])
rec("REC-2021-W1-02", "conference_workshop", "W1", "procurement", ["MLI"], ["MLI-DGMP-DSP"], "high",
    "Limiter l'exclusion de l'article 8 aux seuls biens couverts par le secret", "Restrict the article 8 exclusion to goods actually covered by secrecy",
    [("in_progress", "2022-01-20", "mli-dgmp-dsp", "MLI-DGMP-DSP", "Groupe de travail interministériel constitué")],
    [("Avant-projet de décret", "Draft decree", "2022-12-31", "MLI-DGMP-DSP", None)])
rec("REC-2021-W1-03", "conference_workshop", "W1", "procurement", ["NER"], ["NER-ARMP"], "medium",
    "Soumettre les marchés dérogatoires à un avis a posteriori de l'autorité de régulation", "Submit derogatory contracts to an ex-post opinion of the regulator",
    [("in_progress", "2021-10-10", "ner-armp", "NER-ARMP", "Revue de 2020 engagée"),
     ("implemented", "2024-04-30", "ner-armp", "NER-ARMP", "Avis publiés pour 2022 et 2023")],
    [("Revue des marchés 2020", "Review of 2020 contracts", "2022-06-30", "NER-ARMP", "2022-05-20")])
rec("REC-2021-W1-04", "conference_workshop", "W1", "internal_control", ["BFA", "MLI", "NER"], ["BFA-CF", "MLI-CF", "NER-CF"], "medium",
    "Rendre obligatoire le visa du contrôleur financier sur tout marché de défense", "Make the financial controller's approval mandatory on every defence contract",
    [("not_accepted", "2022-03-01", S, "DCAF", "Les ministères des Finances jugent la mesure déjà couverte par les textes")], [])
rec("REC-2021-W1-05", "conference_workshop", "W1", "budget_transparency", ["MLI"], ["MLI-DAF"], "low",
    "Annexer à la loi de finances un état agrégé des dépenses classifiées", "Attach an aggregate statement of classified spending to the finance law",
    [], [("Note de faisabilité", "Feasibility note", "2022-09-30", "MLI-DAF", None)])
rec("REC-2021-W2-01", "conference_workshop", "W2", "judicial_followup", ["BFA"], ["BFA-TGI", "BFA-ASCE-LC"], "high",
    "Transmettre systématiquement au parquet les constats d'irrégularités graves", "Systematically send serious irregularities to the prosecutor",
    [("in_progress", "2021-12-01", "bfa-asce-lc", "BFA-ASCE-LC", "Protocole de transmission en discussion"),
     ("implemented", "2023-06-30", "bfa-asce-lc", "BFA-ASCE-LC", "Protocole signé avec le parquet"),
     ("partially_implemented", "2024-09-15", S, "DCAF", "Transmissions effectives pour une partie des rapports seulement")],
    [("Protocole signé", "Protocol signed", "2023-06-30", "BFA-ASCE-LC", "2023-06-30"),
     ("Bilan annuel des transmissions", "Annual review of referrals", "2025-12-31", "BFA-TGI", None)])
rec("REC-2021-W2-02", "conference_workshop", "W2", "judicial_followup", ["MLI"], ["MLI-TGI"], "high",
    "Créer un pôle spécialisé pour les infractions économiques dans le secteur de la défense", "Create a specialised unit for economic offences in the defence sector",
    [("in_progress", "2022-05-05", "mli-tgi", "MLI-TGI", "Magistrats désignés")],
    [("Désignation des magistrats", "Magistrates appointed", "2022-06-30", "MLI-TGI", "2022-05-05"),
     ("Formation des magistrats", "Magistrates trained", "2026-06-30", "MLI-TGI", None)])
rec("REC-2021-W2-03", "conference_workshop", "W2", "judicial_followup", ["NER"], ["NER-TGI"], "medium",
    "Publier les suites judiciaires données aux rapports d'inspection", "Publish the judicial follow-up of inspection reports",
    [], [("Premier état publié", "First statement published", "2026-11-28", "NER-TGI", None)])
rec("REC-2021-W2-04", "conference_workshop", "W2", "classification_access", ["BFA", "NER"], ["BFA-TGI", "NER-TGI"], "medium",
    "Permettre au juge d'accéder aux pièces classifiées sous garanties", "Let judges access classified documents under safeguards",
    [("in_progress", "2022-02-14", S, "DCAF", "Étude comparative lancée"),
     ("not_accepted", "2023-01-10", "ner-tgi", "NER-TGI", "Le ministère de la Défense s'y oppose à ce stade"),
     ("not_started", "2024-03-01", S, "DCAF", "Reprise après le changement de cadre législatif")], [])
rec("REC-2021-W2-05", "conference_workshop", "W2", "internal_control", ["MLI"], ["MLI-IGA"], "low",
    "Suivre la mise en œuvre des sanctions administratives recommandées par l'inspection", "Track the administrative sanctions recommended by the inspectorate",
    [("in_progress", "2022-08-01", "mli-iga", "MLI-IGA", "Tableau de suivi créé")],
    [("Tableau de suivi", "Tracking table", "2022-12-31", "MLI-IGA", "2022-08-01")])
rec("REC-2021-W3-01", "conference_workshop", "W3", "parliamentary_control", ["BFA"], ["BFA-CODES"], "high",
    "Auditionner chaque année le ministre de la Défense sur l'exécution du budget", "Hear the Minister of Defence each year on budget execution",
    [("in_progress", "2021-11-15", "bfa-codes", "BFA-CODES", "Première audition programmée"),
     ("implemented", "2022-12-10", "bfa-codes", "BFA-CODES", "Auditions tenues en 2021 et 2022")],
    [("Première audition", "First hearing", "2021-12-31", "BFA-CODES", "2021-12-08")])
rec("REC-2021-W3-02", "conference_workshop", "W3", "parliamentary_control", ["MLI"], ["MLI-CDSPC"], "high",
    "Doter la commission défense d'un secrétariat technique permanent", "Give the defence committee a permanent technical secretariat",
    [("in_progress", "2022-03-20", "mli-cdspc", "MLI-CDSPC", "Recrutement lancé")],
    [("Recrutement de deux analystes", "Two analysts recruited", "2024-06-30", "MLI-CDSPC", None)])
rec("REC-2021-W3-03", "conference_workshop", "W3", "parliamentary_control", ["NER"], ["NER-CDS"], "medium",
    "Habiliter des membres de la commission au secret de défense", "Give committee members defence-secret clearance",
    [], [("Liste des membres à habiliter", "List of members to clear", "2024-06-30", "NER-CDS", None)])
rec("REC-2021-W3-04", "conference_workshop", "W3", "civil_society_media", ["BFA", "MLI", "NER"], ["BFA-CODES", "MLI-CDSPC", "NER-CDS"], "medium",
    "Tenir une session annuelle d'échange entre commissions, société civile et médias", "Hold a yearly exchange between committees, civil society and media",
    [("in_progress", "2022-01-10", S, "DCAF", "Calendrier proposé aux trois commissions"),
     ("partially_implemented", "2023-11-30", S, "DCAF", "Sessions tenues au Burkina Faso et au Niger")],
    [("Session 2022", "2022 session", "2022-12-31", "BFA-CODES", "2022-11-20"),
     ("Session 2023", "2023 session", "2023-12-31", "MLI-CDSPC", None)])
rec("REC-2021-W3-05", "conference_workshop", "W3", "civil_society_media", ["MLI"], ["MLI-OSC-ILLUSTR"], "low",
    "Former les journalistes à la lecture du budget de la défense", "Train journalists to read the defence budget",
    [("in_progress", "2022-04-01", "mli-osc-illustr", "MLI-OSC-ILLUSTR", "Module de formation rédigé"),
     ("implemented", "2022-10-15", S, "DCAF", "Deux sessions tenues")], [])
rec("REC-2021-W4-01", "conference_workshop", "W4", "partners", ["BFA", "MLI", "NER"], ["PTF-EU"], "medium",
    "Conditionner l'appui budgétaire à la publication des rapports d'audit du secteur", "Tie budget support to the publication of the sector's audit reports",
    [("not_accepted", "2021-12-15", "ptf-eu", "PTF-EU", "Hors du cadre de l'appui budgétaire en cours")], [])
rec("REC-2021-W4-02", "conference_workshop", "W4", "partners", ["MLI", "NER"], ["PTF-NLD", "PTF-DNK"], "high",
    "Financer la formation des auditeurs aux marchés de défense", "Fund the training of auditors in defence procurement",
    [("in_progress", "2021-10-01", "ptf-nld", "PTF-NLD", "Programme financé"),
     ("implemented", "2023-12-20", "ptf-nld", "PTF-NLD", "Trois promotions formées")],
    [("Première promotion", "First cohort", "2022-06-30", "PTF-NLD", "2022-06-15")])
rec("REC-2021-W4-03", "conference_workshop", "W4", "partners", ["BFA"], ["PTF-DEU"], "low",
    "Coordonner les appuis des partenaires au contrôle parlementaire", "Coordinate partners' support to parliamentary control",
    [], [("Réunion de coordination", "Coordination meeting", "2022-03-31", "PTF-DEU", None)])
rec("REC-2021-W4-04", "conference_workshop", "W4", "classification_access", ["NER"], ["NER-DAF"], "medium",
    "Définir les catégories d'information de défense publiables par défaut", "Define the categories of defence information public by default",
    [("in_progress", "2022-09-09", "ner-daf", "NER-DAF", "Projet de nomenclature")],
    [("Nomenclature adoptée", "Nomenclature adopted", "2026-12-31", "NER-DAF", None)])
# From findings.
rec("REC-NER-IGA-2020-01", "inspection", "FND-NER-IGA-2020-01", "procurement", ["NER"], ["NER-DAF", "NER-ARMP"], "high",
    "Recouvrer les sommes payées pour du matériel non livré", "Recover the sums paid for equipment not delivered",
    [("in_progress", "2020-06-01", "ner-daf", "NER-DAF", "Mises en demeure adressées aux fournisseurs")],
    [("Mises en demeure", "Formal notices sent", "2020-06-30", "NER-DAF", "2020-06-01"),
     ("État des recouvrements", "Statement of recoveries", "2021-12-31", "NER-DAF", None)], made_on="2020-02-26")
rec("REC-MLI-BVG-2014-01", "audit", "FND-MLI-BVG-2014-01", "procurement", ["MLI"], ["MLI-DGMP-DSP", "MLI-DAF"], "high",
    "Encadrer le recours à l'exclusion du code des marchés", "Regulate the use of the procurement code's exclusion",
    [("in_progress", "2016-01-15", "mli-dgmp-dsp", "MLI-DGMP-DSP", "Révision du code engagée"),
     ("partially_implemented", "2019-05-01", "mli-dgmp-dsp", "MLI-DGMP-DSP", "Liste des biens exclus précisée")], [], made_on="2014-11-01")
rec("REC-BFA-ASCE-2024-01", "audit", "FND-BFA-ASCE-2024-01", "internal_control", ["BFA"], ["BFA-DAF"], "high",
    "Liquider et recouvrer les pénalités de retard", "Assess and collect late-delivery penalties",
    [("in_progress", "2024-05-02", "bfa-daf", "BFA-DAF", "Inventaire des marchés en retard")],
    [("Inventaire des pénalités", "Inventory of penalties", "2024-12-31", "BFA-DAF", None)], made_on="2024-03-11")
rec("REC-BFA-ILLUSTR-01", "inspection", "FND-BFA-ILLUSTR-01", "internal_control", ["BFA"], ["BFA-IGA"], "medium",
    "Installer un comptable matières pour le carburant", "Appoint a stores accountant for fuel",
    [("in_progress", "2021-10-01", "bfa-iga", "BFA-IGA", "Poste créé"),
     ("implemented", "2022-03-01", "bfa-iga", "BFA-IGA", "Comptable nommé")], [], made_on="2021-09-15")
rec("REC-MLI-ILLUSTR-01", "parliamentary_inquiry", "FND-MLI-ILLUSTR-01", "parliamentary_control", ["MLI"], ["MLI-CDSPC"], "medium",
    "Soumettre les contrats d'entretien aéronautique à un rapport annuel au Parlement", "Report aircraft maintenance contracts to Parliament every year",
    [], [("Premier rapport", "First report", "2022-12-31", "MLI-CDSPC", None)], made_on="2021-06-30")
rec("REC-TCD-ILLUSTR-01", "audit", "FND-TCD-ILLUSTR-01", "procurement", ["TCD"], ["TCD-DAF", "TCD-ARMP"], "high",
    "Mettre en concurrence les contrats d'habillement", "Open clothing contracts to competition",
    [("in_progress", "2023-05-01", "tcd-armp", "TCD-ARMP", "Appel d'offres préparé")],
    [("Appel d'offres publié", "Tender published", "2024-03-31", "TCD-DAF", None)], made_on="2023-03-10")
rec("REC-MRT-ILLUSTR-01", "inspection", "FND-MRT-ILLUSTR-01", "internal_control", ["MRT"], ["MRT-DAF"], "medium",
    "Inventorier les stocks de pièces détachées chaque année", "Take stock of spare parts every year",
    [("in_progress", "2023-07-01", "mrt-daf", "MRT-DAF", "Premier inventaire lancé"),
     ("partially_implemented", "2024-08-01", "mrt-daf", "MRT-DAF", "Inventaire fait dans deux régions sur quatre")],
    [("Inventaire national", "National inventory", "2025-06-30", "MRT-DAF", None)], made_on="2023-06-01")

with open("demo/findings.json", "w", encoding="utf-8") as f:
    json.dump({"findings": findings}, f, ensure_ascii=False, indent=2)
    f.write("\n")
with open("demo/recommendations.json", "w", encoding="utf-8") as f:
    json.dump({"recommendations": R}, f, ensure_ascii=False, indent=2)
    f.write("\n")
print(len(findings), "findings,", len(R), "recommendations")
