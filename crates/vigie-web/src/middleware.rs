//! The layers every request passes through, outermost first: security
//! headers, language, identity, CSRF. The order is set in `router.rs`.

pub mod csrf;
pub mod identity;
pub mod lang;
pub mod security_headers;
