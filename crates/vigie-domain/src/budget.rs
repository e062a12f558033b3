//! Budgets: the lines of a defence and security budget as voted and as
//! executed, through the stages of the francophone expenditure chain, and the
//! yearly amounts that multi-year programming laws plan.
//!
//! One [`BudgetLine`] is one amount: a budget heading (section, programme,
//! action, economic nature, function) at one [`Stage`] of one fiscal year.
//! Ministries publish their execution tables that way, one column per stage,
//! and the import template is the same table turned into rows, so a spreadsheet
//! pivots back to it in one step.

mod line;
mod vocabulary;

pub use line::{BudgetKey, BudgetLine};
pub use vocabulary::{Cofog, EconomicNature, Scope, Stage};

mod indicators;
pub use indicators::{
    CONSTANT_USD_FORMULA, Composition, EXECUTION_RATE_FORMULA, Execution, FORMULAS,
    FUNNEL_RATE_FORMULA, Formula, GROWTH_FORMULA, Gap, Growth, Head, HeadOutturn, LawPlan,
    PEFA_ACTUAL_STAGE, PEFA_APPROVED_STAGE, PI1_FORMULA, PI2_FORMULA, PROGRAMMING_GAP_FORMULA, Pi1,
    Pi1Year, Pi2, Pi2Detail, Pi2DetailYear, Pi2Year, ProgramHead, ProgrammingGap, SIPRI_BASE_YEAR,
    SIPRI_FACTORS_SOURCE, SIPRI_RATIO_FORMULA, STATE_SHARE_FORMULA, Score, SipriComparison,
    SipriFactors, SipriYear, StageExecution, StateShare, compare_with_sipri, execution, growth,
    pi1, pi2, pi2_detail, programming_gap, state_share, state_totals, totals, totals_by_nature,
    totals_by_program,
};
