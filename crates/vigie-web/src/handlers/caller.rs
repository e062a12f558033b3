//! The caller as the store's document methods want them: the principal the
//! policies judge, and the actor the log names.

use vigie_policy::Principal;
use vigie_store::{Actor, User};

use crate::{AppState, Identity, WebError};

/// Who is asking, for a policy decision.
#[derive(Debug)]
pub struct Caller {
    /// The signed-in user, if any.
    pub user: Option<User>,
    /// What the policies see.
    pub principal: Principal,
    /// What the log records.
    pub actor: Actor,
}

impl Caller {
    /// The caller behind an identity (the public when nobody is signed in).
    pub async fn of(state: &AppState, identity: &Identity) -> Result<Caller, WebError> {
        Ok(match identity.user() {
            Some(user) => Caller {
                principal: state.store().principal(user).await?,
                actor: Actor::user(user),
                user: Some(user.clone()),
            },
            None => Caller {
                user: None,
                principal: Principal::public(),
                actor: Actor::Public,
            },
        })
    }

    /// The user, or 401.
    pub fn signed_in(&self) -> Result<&User, WebError> {
        self.user.as_ref().ok_or(WebError::Unauthorized)
    }
}
