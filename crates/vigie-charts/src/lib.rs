#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

/// `write!` into a `String`, which cannot fail.
macro_rules! w {
    ($dst:expr, $($arg:tt)*) => {{
        use ::std::fmt::Write as _;
        let _ = write!($dst, $($arg)*);
    }};
}

mod axes;
mod bars;
mod funnel;
mod line;
mod scale;
mod svg;

pub use bars::{grouped_bars, stacked_bars};
pub use funnel::funnel;
pub use line::line_chart;

/// The words that go with a chart, in the reader's language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Texts {
    /// Accessible name of the chart (`<title>`).
    pub title: String,
    /// Accessible description (`<desc>`): what the chart shows, in a sentence.
    pub desc: String,
    /// Shown instead of the chart when there is nothing to draw.
    pub empty: String,
}

impl Texts {
    /// The three texts.
    pub fn new(
        title: impl Into<String>,
        desc: impl Into<String>,
        empty: impl Into<String>,
    ) -> Self {
        Self {
            title: title.into(),
            desc: desc.into(),
            empty: empty.into(),
        }
    }
}

/// A named series of values by year: a line in [`line_chart`], a category in
/// [`stacked_bars`], one bar of each group in [`grouped_bars`].
///
/// Points need not be sorted; non-finite values are dropped and a year given
/// twice keeps its first value. Series are styled by their position in the
/// slice (colour, hatching, dash, marker), so keep the order stable across
/// charts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    /// Shown in the legend.
    pub name: String,
    /// `(year, value)` pairs.
    pub points: Vec<(i32, f64)>,
}

impl Series {
    /// A series from its name and points.
    pub fn new(name: impl Into<String>, points: Vec<(i32, f64)>) -> Self {
        Self {
            name: name.into(),
            points,
        }
    }
}

/// One stage of the expenditure chain in [`funnel`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FunnelStep {
    /// Name of the stage, e.g. `Liquidation`.
    pub label: String,
    /// Amount at this stage; a non-finite value drops the step.
    pub value: f64,
    /// Percentage text chosen by the caller, e.g. `87,3 %`; may be empty.
    pub share: String,
}

impl FunnelStep {
    /// A step from its label, value and percentage text.
    pub fn new(label: impl Into<String>, value: f64, share: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            value,
            share: share.into(),
        }
    }
}
