//! The only way to a document: a decision, recorded, then a [`Permit`].

use std::marker::PhantomData;

use vigie_policy::{Action, Authorizer, Decision, Principal, Resource};

use super::{Document, logged};
use crate::documents::Documents;
use crate::log::{Actor, Event};
use crate::{Result, StoreError};

mod sealed {
    pub trait Sealed {}
}

/// What a permit allows: [`See`] a document's metadata, or [`Read`] its
/// content. Sealed: the set of permits is this module's to define.
pub trait Act: sealed::Sealed {
    /// The policy action decided.
    const ACTION: Action;
    /// The verb the log records.
    const LOGGED_AS: &'static str;
}

/// Seeing a document's register entry (the `list` action).
#[derive(Debug)]
pub enum See {}

/// Reading a document's content (the `consult` action).
#[derive(Debug)]
pub enum Read {}

impl sealed::Sealed for See {}
impl sealed::Sealed for Read {}
impl Act for See {
    const ACTION: Action = Action::List;
    const LOGGED_AS: &'static str = "see";
}
impl Act for Read {
    const ACTION: Action = Action::Consult;
    const LOGGED_AS: &'static str = "read";
}

/// Proof that the policies allowed one principal to see or read one
/// document, and that the decision was logged. Only [`Documents::authorize`]
/// makes one; [`Documents::content`] asks for a `Permit<Read>`.
#[derive(Debug)]
pub struct Permit<A: Act> {
    document: Document,
    decision: Decision,
    _act: PhantomData<A>,
}

impl<A: Act> Permit<A> {
    /// The document.
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// The decision, with the policies that allowed it.
    pub fn decision(&self) -> &Decision {
        &self.decision
    }
}

/// A refusal that says no more than the caller may know: `Forbidden` (with
/// what to do instead) if they may see the register entry, else exactly the
/// `NotFound` a missing id gets.
pub(crate) fn refusal(
    authorizer: &Authorizer,
    who: &Principal,
    resource: &vigie_policy::Resource,
    forbidden: &str,
) -> StoreError {
    if authorizer.decide(who, Action::List, resource, None).permit {
        StoreError::Forbidden(forbidden.to_owned())
    } else {
        StoreError::NotFound {
            kind: "document",
            key: resource.id.clone(),
        }
    }
}

impl Documents<'_> {
    /// Decides whether `who` may see (or read) document `id`, records the
    /// decision in the log when the document is classified, and returns the
    /// permit.
    ///
    /// Refusals say as little as the caller may know: `NotFound` when the
    /// caller may not know the document exists (exactly as for an id that
    /// does not exist), `Forbidden` when its register entry is visible to
    /// them but the content is not.
    pub async fn authorize<A: Act>(
        self,
        authorizer: &Authorizer,
        actor: &Actor,
        who: &Principal,
        id: i64,
    ) -> Result<Permit<A>> {
        let hidden = || StoreError::NotFound {
            kind: "document",
            key: id.to_string(),
        };
        let Some(document) = self.load(id).await? else {
            // The same work as refusing a document the caller may not know
            // of, so that the time of the answer does not tell the two
            // apart (issue 14, class 4).
            let decoy = Resource {
                id: id.to_string(),
                level: vigie_domain::ClassificationLevel::public_of(
                    who.country.unwrap_or(vigie_domain::CountryCode::BFA),
                ),
                category: String::new(),
                presumption_of_disclosure: false,
                producing_service: String::new(),
                year: 0,
            };
            let _ = authorizer.decide(who, A::ACTION, &decoy, None);
            let _ = authorizer.decide(who, Action::List, &decoy, None);
            return Err(hidden());
        };
        let resource = document.resource();
        let decision = authorizer.decide(who, A::ACTION, &resource, None);
        let classified = !document.level.is_public();
        // A caller who may not even know the document exists gets exactly
        // the answer of a missing id, and the trail does not grow either:
        // an entry appended for them would tell, by the checkpoint's size,
        // that the id is a classified document (issue 14, class 4). What
        // the trail records is every decision about a document the caller
        // knows of: every read, and every refusal of a visible entry.
        let knows = decision.permit || authorizer.decide(who, Action::List, &resource, None).permit;
        if !knows {
            return Err(hidden());
        }
        if classified {
            let event = Event {
                action: A::LOGGED_AS,
                object_type: "document",
                object_id: id.to_string(),
                decision: Some(logged(&decision)),
            };
            self.store
                .record_events(actor, std::slice::from_ref(&event))
                .await?;
        }
        if decision.permit {
            return Ok(Permit {
                document,
                decision,
                _act: PhantomData,
            });
        }
        Err(refusal(
            authorizer,
            who,
            &resource,
            "the register entry is visible to you, not the content: request access",
        ))
    }

    /// The content of a document someone may read.
    pub async fn content(self, permit: &Permit<Read>) -> Result<Vec<u8>> {
        self.open_content(&permit.document).await
    }

    /// The classification history of a document someone may see.
    pub async fn history<A: Act>(self, permit: &Permit<A>) -> Result<Vec<super::HistoryStep>> {
        self.history_of(permit.document.id).await
    }
}
