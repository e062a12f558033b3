//! The parts of an OCDS compiled release that the indicators read, borrowed
//! from the line. Every other field is skipped by serde (`IgnoredAny`), which
//! is what makes evaluation several times faster than building a
//! `serde_json::Value` per line.

use serde::Deserialize;

use crate::lenient::{Arr, Lazy, Num, Obj, Str};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Release<'a> {
    #[serde(borrow)]
    pub ocid: Str<'a>,
    #[serde(borrow)]
    pub date: Str<'a>,
    #[serde(borrow)]
    pub tender: Obj<Tender<'a>>,
    #[serde(borrow)]
    pub buyer: Obj<OrgRef<'a>>,
    #[serde(borrow)]
    pub bids: Obj<Bids<'a>>,
    #[serde(borrow)]
    pub awards: Arr<Obj<Award<'a>>>,
    #[serde(borrow)]
    contracts: Lazy<'a, Arr<Obj<Contract<'a>>>>,
    #[serde(borrow)]
    parties: Lazy<'a, Arr<Obj<Party<'a>>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Tender<'a> {
    #[serde(borrow)]
    pub status: Str<'a>,
    #[serde(borrow)]
    pub procurement_method: Str<'a>,
    #[serde(borrow)]
    pub procurement_method_details: Str<'a>,
    #[serde(borrow)]
    pub tender_period: Obj<Period<'a>>,
    pub number_of_tenderers: Num,
    #[serde(borrow)]
    pub procuring_entity: Obj<OrgRef<'a>>,
    #[serde(borrow)]
    pub tenderers: Arr<Obj<OrgRef<'a>>>,
    #[serde(borrow)]
    pub value: Obj<Value<'a>>,
    #[serde(borrow)]
    pub exemption: Obj<Exemption<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Period<'a> {
    #[serde(borrow)]
    pub start_date: Str<'a>,
    #[serde(borrow)]
    pub end_date: Str<'a>,
}

/// An organization reference (`{id, name}`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OrgRef<'a> {
    #[serde(borrow)]
    pub id: Str<'a>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Value<'a> {
    pub amount: Num,
    #[serde(borrow)]
    pub currency: Str<'a>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Bids<'a> {
    #[serde(borrow)]
    pub details: Arr<Obj<Bid<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Bid<'a> {
    #[serde(borrow)]
    pub id: Str<'a>,
    #[serde(borrow)]
    pub status: Str<'a>,
    #[serde(borrow)]
    pub date: Str<'a>,
    #[serde(borrow)]
    pub value: Obj<Value<'a>>,
    #[serde(borrow)]
    pub tenderers: Arr<Obj<OrgRef<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Award<'a> {
    #[serde(borrow)]
    pub id: Str<'a>,
    #[serde(borrow)]
    pub status: Str<'a>,
    #[serde(borrow)]
    pub date: Str<'a>,
    #[serde(borrow)]
    pub value: Obj<Value<'a>>,
    #[serde(borrow)]
    pub suppliers: Arr<Obj<OrgRef<'a>>>,
    #[serde(borrow)]
    pub items: Arr<Obj<Item<'a>>>,
    #[serde(borrow)]
    pub related_bids: Arr<Str<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Item<'a> {
    #[serde(borrow)]
    pub classification: Obj<OrgRef<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Contract<'a> {
    #[serde(rename = "awardID", borrow)]
    pub award_id: Str<'a>,
    #[serde(borrow)]
    pub status: Str<'a>,
    #[serde(borrow)]
    pub date_signed: Str<'a>,
    #[serde(borrow)]
    pub value: Obj<Value<'a>>,
    #[serde(borrow)]
    pub amendments: Arr<Obj<Amendment<'a>>>,
    #[serde(borrow)]
    pub implementation: Obj<Implementation<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Amendment<'a> {
    #[serde(borrow)]
    pub previous_value: Obj<Value<'a>>,
    #[serde(borrow)]
    pub new_value: Obj<Value<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Implementation<'a> {
    #[serde(borrow)]
    pub milestones: Arr<Obj<Milestone<'a>>>,
    #[serde(borrow)]
    pub transactions: Arr<Obj<Transaction<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Milestone<'a> {
    #[serde(rename = "type", borrow)]
    pub kind: Str<'a>,
    #[serde(borrow)]
    pub status: Str<'a>,
    #[serde(borrow)]
    pub date_met: Str<'a>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Transaction<'a> {
    #[serde(borrow)]
    pub date: Str<'a>,
    #[serde(borrow)]
    pub value: Obj<Value<'a>>,
}

/// The Vigie extension's `tender/exemption` (decision 0011).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Exemption<'a> {
    #[serde(borrow)]
    pub legal_basis: Str<'a>,
    #[serde(borrow)]
    pub justification: Str<'a>,
    #[serde(borrow)]
    pub opinion: Obj<Opinion<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Opinion<'a> {
    #[serde(borrow)]
    pub body: Str<'a>,
    #[serde(borrow)]
    pub date: Str<'a>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Party<'a> {
    #[serde(borrow)]
    pub id: Str<'a>,
    #[serde(borrow)]
    pub address: Obj<Address<'a>>,
    #[serde(borrow)]
    pub contact_point: Obj<Contact<'a>>,
    #[serde(borrow)]
    pub beneficial_owners: Arr<Obj<OrgRef<'a>>>,
    #[serde(borrow)]
    pub details: Obj<PartyDetails<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Address<'a> {
    #[serde(borrow)]
    pub street_address: Str<'a>,
    #[serde(borrow)]
    pub locality: Str<'a>,
    #[serde(borrow)]
    pub country_name: Str<'a>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Contact<'a> {
    #[serde(borrow)]
    pub email: Str<'a>,
    #[serde(borrow)]
    pub telephone: Str<'a>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PartyDetails<'a> {
    #[serde(borrow)]
    pub founding_date: Str<'a>,
}

impl<'a> Release<'a> {
    /// `tender/status` is `cancelled`: Cardinal skips such processes entirely.
    pub fn is_cancelled(&self) -> bool {
        self.tender.value.status.get() == Some("cancelled")
    }

    /// Bids whose status is set and is neither `invited` nor `withdrawn`
    /// (pending, valid and disqualified bids), as Cardinal's `get_submitted_bids`.
    pub fn submitted_bids(&self) -> impl Iterator<Item = &Bid<'a>> {
        self.bids
            .value
            .details
            .items
            .iter()
            .map(|b| &b.value)
            .filter(|b| matches!(b.status.get(), Some(s) if s != "invited" && s != "withdrawn"))
    }

    /// Cardinal's `get_complete_awards_and_bids_if_all_awards_final`: the
    /// active awards and all bids, if `awards` and `bids/details` are arrays
    /// and no award has a non-final status (e.g. `pending`).
    pub fn complete_awards_if_final(&self) -> Option<(Vec<&Award<'a>>, &[Obj<Bid<'a>>])> {
        let details = &self.bids.value.details;
        if !self.awards.present || !self.bids.present || !details.present {
            return None;
        }
        let mut complete = Vec::new();
        for award in &self.awards.items {
            match award.value.status.get() {
                Some("active") => complete.push(&award.value),
                Some("cancelled" | "unsuccessful") | None => {}
                Some(_) => return None,
            }
        }
        Some((complete, &details.items))
    }

    /// The release's `parties` entry with this id, if any.
    pub fn party(&self, id: &str) -> Option<&Party<'a>> {
        self.parties
            .get()
            .items
            .iter()
            .map(|p| &p.value)
            .find(|p| p.id.get() == Some(id))
    }

    /// `contracts`, read on first use.
    pub fn contracts(&self) -> impl Iterator<Item = &Contract<'a>> {
        self.contracts.get().items.iter().map(|c| &c.value)
    }

    /// `tender/exemption` is present: the derogatory regime (decision 0011).
    pub fn is_derogatory(&self) -> bool {
        self.tender.value.exemption.present
    }
}

impl OrgRef<'_> {
    pub fn id(&self) -> Option<&str> {
        self.id.get()
    }
}

impl Value<'_> {
    /// Amount and currency, both present with the right types.
    pub fn money(&self) -> Option<(f64, &str)> {
        Some((self.amount.as_f64()?, self.currency.get()?))
    }
}
