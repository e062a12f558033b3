//! Attacks from outside, one module per family of findings.

mod hygiene;
