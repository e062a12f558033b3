//! The layers every request passes through, outermost first: compression,
//! security headers, language, the replica's guard, identity, conditional
//! requests, CSRF. The order is set in `router.rs`.

pub mod csrf;
pub mod identity;
pub mod lang;
pub mod replica;
pub mod revalidate;
pub mod security_headers;
