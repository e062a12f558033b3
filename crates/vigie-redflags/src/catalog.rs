//! Names and explanations of every indicator, in English and French, for the
//! contract and supplier pages. Indexed by [`Code`](crate::Code) order.

/// What the application shows about an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indicator {
    pub code: &'static str,
    pub name_en: &'static str,
    pub name_fr: &'static str,
    pub explanation_en: &'static str,
    pub explanation_fr: &'static str,
}

const fn i(
    code: &'static str,
    name_en: &'static str,
    name_fr: &'static str,
    explanation_en: &'static str,
    explanation_fr: &'static str,
) -> Indicator {
    Indicator {
        code,
        name_en,
        name_fr,
        explanation_en,
        explanation_fr,
    }
}

/// Every R and D code, in [`Code`](crate::Code) order.
pub const INDICATORS: [Indicator; 21] = [
    i(
        "R003",
        "Short submission period",
        "Délai de soumission court",
        "The time allowed to submit bids was shorter than the threshold, which can keep out all but a forewarned bidder.",
        "Le délai laissé pour déposer les offres était inférieur au seuil, ce qui peut écarter tous les soumissionnaires sauf un prévenu à l'avance.",
    ),
    i(
        "R018",
        "Single bid received",
        "Une seule offre reçue",
        "A competitive (open or selective) procedure received only one bid: competition did not take place.",
        "Une procédure concurrentielle (ouverte ou restreinte) n'a reçu qu'une seule offre : la concurrence n'a pas joué.",
    ),
    i(
        "R024",
        "Price close to winning bid",
        "Prix proche de l'offre gagnante",
        "The second-lowest bid was unusually close to the winning bid, which can point to bid rigging.",
        "La deuxième offre la moins chère était anormalement proche de l'offre gagnante, ce qui peut signaler une entente entre soumissionnaires.",
    ),
    i(
        "R025",
        "Excessive unsuccessful bids",
        "Offres perdantes en nombre excessif",
        "This tenderer bids often but almost never wins, a pattern of cover bids that make a rigged procedure look competitive.",
        "Ce soumissionnaire dépose souvent des offres mais ne gagne presque jamais : c'est le profil des offres de complaisance qui donnent à une procédure arrangée l'apparence de la concurrence.",
    ),
    i(
        "R028",
        "Identical bid prices",
        "Prix d'offres identiques",
        "Different tenderers submitted exactly the same price, which is unlikely without coordination.",
        "Des soumissionnaires différents ont proposé exactement le même prix, ce qui est peu probable sans concertation.",
    ),
    i(
        "R030",
        "Late bid won",
        "Offre tardive retenue",
        "The winner's bid was submitted after the deadline and was still accepted.",
        "L'offre du titulaire a été déposée après la date limite et a pourtant été acceptée.",
    ),
    i(
        "R035",
        "All except winning bid disqualified",
        "Toutes les offres disqualifiées sauf la gagnante",
        "Every other tenderer was disqualified, leaving the winner without competition.",
        "Tous les autres soumissionnaires ont été écartés, laissant le titulaire sans concurrent.",
    ),
    i(
        "R036",
        "Lowest bid disqualified",
        "Offre la moins-disante écartée",
        "The cheapest bid was disqualified while a more expensive one was kept.",
        "L'offre la moins chère a été écartée alors qu'une offre plus chère a été retenue.",
    ),
    i(
        "R038",
        "Excessive disqualified bids",
        "Offres disqualifiées en nombre excessif",
        "This buyer, procuring entity or tenderer has an unusually high share of disqualified bids.",
        "Cet acheteur, cette autorité contractante ou ce soumissionnaire présente une part anormalement élevée d'offres disqualifiées.",
    ),
    i(
        "R044",
        "Business similarities between tenderers",
        "Similitudes entre soumissionnaires",
        "Competing tenderers share an address, an email or a telephone number: they may be one firm under several names.",
        "Des soumissionnaires concurrents partagent une adresse, un courriel ou un numéro de téléphone : il peut s'agir d'une seule entreprise sous plusieurs noms.",
    ),
    i(
        "R048",
        "Heterogeneous supplier",
        "Fournisseur aux activités disparates",
        "This supplier is awarded an unusually wide range of unrelated goods and services, typical of intermediaries and front companies.",
        "Ce fournisseur remporte des marchés portant sur des biens et services anormalement variés et sans rapport entre eux, ce qui est typique des intermédiaires et des sociétés écrans.",
    ),
    i(
        "R058",
        "Heavily discounted bid",
        "Offre fortement sous-évaluée",
        "The winning bid was far below the next one, which can mean a low bid later raised by amendments.",
        "L'offre gagnante était très inférieure à la suivante, ce qui peut annoncer une offre basse relevée ensuite par avenants.",
    ),
    i(
        "D001",
        "Derogatory regime without legal basis or justification",
        "Régime dérogatoire sans base légale ni justification",
        "The purchase was exempted from the procurement code without citing the text that allows it or without saying why.",
        "L'achat a été soustrait au code des marchés publics sans citer le texte qui le permet ou sans en donner le motif.",
    ),
    i(
        "D002",
        "Derogatory spending dominates",
        "Prépondérance des dépenses dérogatoires",
        "In one year, most of this buyer's spending went through the derogatory regime: the exception has become the rule.",
        "Sur une année, l'essentiel des dépenses de cet acheteur est passé par le régime dérogatoire : l'exception est devenue la règle.",
    ),
    i(
        "D003",
        "Supplier concentration",
        "Concentration sur un fournisseur",
        "This supplier won at least half of a buyer's awarded value.",
        "Ce fournisseur a remporté au moins la moitié de la valeur attribuée par un acheteur.",
    ),
    i(
        "D004",
        "Common beneficial owner",
        "Bénéficiaire effectif commun",
        "Several suppliers owned by the same person together won at least half of a buyer's awarded value.",
        "Plusieurs fournisseurs appartenant à la même personne ont remporté ensemble au moins la moitié de la valeur attribuée par un acheteur.",
    ),
    i(
        "D005",
        "Value inflated by amendments",
        "Montant gonflé par avenants",
        "Amendments raised the contract's value well beyond what was awarded.",
        "Des avenants ont fortement augmenté le montant du marché par rapport au montant attribué.",
    ),
    i(
        "D006",
        "Payment before delivery",
        "Paiement avant livraison",
        "A payment was made before any recorded delivery.",
        "Un paiement a été effectué avant toute livraison constatée.",
    ),
    i(
        "D007",
        "Split purchases",
        "Fractionnement des achats",
        "Several contracts with the same supplier, close in time, each just under the threshold that requires competition or approval.",
        "Plusieurs marchés avec le même fournisseur, rapprochés dans le temps, chacun juste sous le seuil qui impose la mise en concurrence ou une approbation.",
    ),
    i(
        "D008",
        "Newly founded supplier",
        "Fournisseur de création récente",
        "The supplier was registered only shortly before its first award.",
        "Le fournisseur a été immatriculé peu de temps avant sa première attribution.",
    ),
    i(
        "D009",
        "Derogatory purchase without required opinion",
        "Achat dérogatoire sans l'avis requis",
        "An exempted purchase above the threshold has no recorded opinion from the body that must give one.",
        "Un achat dérogatoire au-dessus du seuil n'a pas l'avis de l'organe qui doit le rendre.",
    ),
];

#[cfg(test)]
mod tests {
    use super::INDICATORS;
    use crate::Code;

    #[test]
    fn one_entry_per_code_in_code_order() {
        for (code, indicator) in Code::ALL.iter().zip(INDICATORS) {
            assert_eq!(format!("{code:?}"), indicator.code);
            assert!(!indicator.name_fr.is_empty() && !indicator.explanation_fr.is_empty());
        }
        assert_eq!(Code::ALL.len(), INDICATORS.len());
    }
}
