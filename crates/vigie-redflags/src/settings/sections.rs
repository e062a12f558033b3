//! The settings of indicators that have keys.

use std::collections::HashMap;

/// `[R003]`: short submission period.
#[derive(Debug, Clone, Default)]
pub struct R003 {
    pub threshold: Option<i64>,
    pub procurement_methods: Option<String>,
    pub procurement_method_details: HashMap<String, i64>,
}

/// `[R025]`.
#[derive(Debug, Clone, Default)]
pub struct R025 {
    pub percentile: Option<usize>,
    pub threshold: Option<f64>,
}

/// `[R038]`.
#[derive(Debug, Clone, Default)]
pub struct R038 {
    pub threshold: Option<f64>,
    pub minimum_submitted_bids: Option<usize>,
    pub minimum_contracting_processes: Option<usize>,
}

/// `[R048]`.
#[derive(Debug, Clone, Default)]
pub struct R048 {
    pub digits: Option<usize>,
    pub threshold: Option<usize>,
    pub minimum_contracting_processes: Option<usize>,
}

/// The settings of a D flag: every key is optional, each flag documents its defaults.
#[derive(Debug, Clone, Default)]
pub struct DFlag {
    pub threshold: Option<f64>,
    pub minimum_contracting_processes: Option<usize>,
    pub window_days: Option<i64>,
    pub margin: Option<f64>,
    pub days: Option<i64>,
}
