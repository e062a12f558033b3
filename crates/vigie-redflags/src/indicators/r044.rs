//! R044 — business similarities between tenderers (a Vigie addition to
//! Cardinal's set): two different tenderers of the same process share a
//! postal address, an email or a telephone number in `parties`. Collusive
//! bidders often are one firm under several names. OCID value: the number of
//! such pairs; each tenderer involved: 1.

use crate::indicators::{Code, Group};
use crate::model::{Party, Release};
use crate::partial::Partial;

/// Normalized contact keys of a party: address, email, telephone digits.
fn keys(party: &Party<'_>) -> Vec<String> {
    let mut keys = Vec::new();
    let address = &party.address.value;
    if let Some(street) = address
        .street_address
        .get()
        .filter(|s| !s.trim().is_empty())
    {
        let parts = [
            Some(street),
            address.locality.get(),
            address.country_name.get(),
        ];
        let text: Vec<String> = parts
            .iter()
            .flatten()
            .map(|p| {
                p.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            })
            .collect();
        keys.push(format!("a:{}", text.join("|")));
    }
    let contact = &party.contact_point.value;
    if let Some(email) = contact
        .email
        .get()
        .map(|e| e.trim().to_lowercase())
        .filter(|e| e.contains('@'))
    {
        keys.push(format!("e:{email}"));
    }
    if let Some(phone) = contact.telephone.get() {
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 6 {
            keys.push(format!("t:{digits}"));
        }
    }
    keys
}

pub(crate) fn fold(release: &Release<'_>, line: u64, ocid: &str, partial: &mut Partial) {
    let mut tenderers: Vec<&str> = Vec::new();
    let from_tender = release.tender.value.tenderers.items.iter();
    let from_bids = release
        .bids
        .value
        .details
        .items
        .iter()
        .flat_map(|b| b.value.tenderers.items.iter());
    for id in from_tender.chain(from_bids).filter_map(|t| t.value.id()) {
        if !tenderers.contains(&id) {
            tenderers.push(id);
        }
    }
    if tenderers.len() < 2 {
        return;
    }
    let keyed: Vec<(&str, Vec<String>)> = tenderers
        .iter()
        .filter_map(|id| Some((*id, keys(release.party(id)?))))
        .collect();
    let mut pairs = 0_u32;
    let mut involved: Vec<&str> = Vec::new();
    for (i, (a, ka)) in keyed.iter().enumerate() {
        for (b, kb) in &keyed[i + 1..] {
            if ka.iter().any(|k| kb.contains(k)) {
                pairs += 1;
                for id in [*a, *b] {
                    if !involved.contains(&id) {
                        involved.push(id);
                    }
                }
            }
        }
    }
    if pairs > 0 {
        partial.flag(line, Group::Ocid, ocid, Code::R044, f64::from(pairs));
        for id in involved {
            partial.flag(line, Group::Tenderer, id, Code::R044, 1.0);
        }
    }
}
