//! The security review's attacks (issue 14), replayed over HTTP as the
//! reviewer ran them: the demo accounts of two countries, every role, and
//! the accounts an attacker or a low-cleared official would hold. One
//! module per class of hole; each attack must fail, change nothing and
//! reveal nothing.

mod dos;
mod hygiene;
mod oracles;
mod ownership;
mod policy;
mod races;
mod redaction;
mod second_factor;
mod trail;
