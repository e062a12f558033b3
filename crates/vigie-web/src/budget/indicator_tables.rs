//! The indicators as tables: one sheet each in XLSX, and one long CSV
//! (`table, fiscal_year, stage, measure, value`) that a script can pivot.

use rust_decimal::Decimal;
use vigie_domain::budget::{Pi2, Score};
use vigie_store::budget::Indicators;

use super::export::json_bytes;
use super::open_data::{Cell, Format, Table, xlsx};
use crate::WebError;

/// A score as its letter, `NR` when not rated.
pub fn letter(score: Option<Score>) -> &'static str {
    match score {
        Some(Score::A) => "A",
        Some(Score::B) => "B",
        Some(Score::C) => "C",
        Some(Score::D) => "D",
        None => "NR",
    }
}

fn pi2_rows(t: &mut Table, name: &'static str, pi2: &Pi2) {
    for y in &pi2.years {
        t.push(vec![
            name.into(),
            y.year.year().into(),
            y.approved.into(),
            y.actual.into(),
            y.variance.into(),
            y.band.map(|b| letter(Some(b))).into(),
            letter(pi2.score).into(),
            y.actual.map(|_| pi2.actual_stage.code()).into(),
        ]);
    }
}

/// Every indicator table.
pub fn indicator_tables(ind: &Indicators) -> Vec<Table> {
    let c = ind.country;
    let mut pefa = Table::new(
        format!("pefa-{c}"),
        vec![
            "indicator",
            "fiscal_year",
            "approved",
            "actual",
            "outturn_or_variance_percent",
            "band",
            "score",
            "actual_stage",
        ],
    );
    for y in &ind.pefa.pi1.years {
        pefa.push(vec![
            "PI-1".into(),
            y.year.year().into(),
            y.approved.into(),
            y.actual.into(),
            y.outturn.into(),
            y.band.map(|b| letter(Some(b))).into(),
            letter(ind.pefa.pi1.score).into(),
            y.actual_stage.map(|s| s.code()).into(),
        ]);
    }
    pi2_rows(&mut pefa, "PI-2.1", &ind.pefa.pi2_1);
    pi2_rows(&mut pefa, "PI-2.2", &ind.pefa.pi2_2);

    let mut execution = Table::new(
        format!("execution-{c}"),
        vec![
            "fiscal_year",
            "base",
            "stage",
            "amount",
            "rate_percent",
            "of_previous_percent",
        ],
    );
    for e in &ind.execution {
        for s in &e.stages {
            execution.push(vec![
                e.year.year().into(),
                e.base.code().into(),
                s.stage.code().into(),
                s.amount.into(),
                s.rate.into(),
                s.of_previous.into(),
            ]);
        }
    }

    let mut growth = Table::new(
        format!("growth-{c}"),
        vec![
            "fiscal_year",
            "stage",
            "amount",
            "previous",
            "growth_percent",
        ],
    );
    for g in ind.growth_initial.iter().chain(&ind.growth_paid) {
        growth.push(vec![
            g.year.year().into(),
            g.stage.code().into(),
            g.amount.into(),
            g.previous.into(),
            g.growth.into(),
        ]);
    }

    let mut share = Table::new(
        format!("state-share-{c}"),
        vec![
            "fiscal_year",
            "stage",
            "sector",
            "state_total",
            "share_percent",
        ],
    );
    for s in &ind.state_share {
        share.push(vec![
            s.year.year().into(),
            s.stage.code().into(),
            s.sector.into(),
            s.state_total.into(),
            s.share.into(),
        ]);
    }

    let mut programming = Table::new(
        format!("programming-{c}"),
        vec![
            "fiscal_year",
            "planned",
            "initial",
            "revised",
            "paid",
            "initial_gap",
            "initial_gap_percent",
            "paid_gap",
            "paid_gap_percent",
        ],
    );
    for p in &ind.programming {
        programming.push(vec![
            p.year.year().into(),
            p.planned.into(),
            p.initial.into(),
            p.revised.into(),
            p.paid.into(),
            p.initial_gap.as_ref().map(|g| g.amount).into(),
            p.initial_gap.as_ref().and_then(|g| g.percent).into(),
            p.paid_gap.as_ref().map(|g| g.amount).into(),
            p.paid_gap.as_ref().and_then(|g| g.percent).into(),
        ]);
    }

    let mut usd = Table::new(
        format!("constant-usd-{c}"),
        vec![
            "fiscal_year",
            "stage",
            "budget_local",
            "local_per_usd",
            "deflator",
            "budget_constant_2022_usd_m",
            "sipri_constant_2022_usd_m",
            "ratio_percent",
        ],
    );
    for s in &ind.constant_usd {
        usd.push(vec![
            s.year.year().into(),
            s.stage.map(|st| st.code()).into(),
            s.budget_local.into(),
            s.factors.as_ref().map(|f| f.local_per_usd).into(),
            s.factors.as_ref().map(|f| f.deflator).into(),
            s.budget_constant_usd.into(),
            s.sipri_constant_usd.into(),
            s.ratio.into(),
        ]);
    }
    vec![pefa, execution, growth, share, programming, usd]
}

/// Every table as one long table: the key columns it has (`fiscal_year`,
/// `stage`, `indicator`) and one row per other value.
pub fn long_table(ind: &Indicators, tables: &[Table]) -> Table {
    let mut long = Table::new(
        format!("indicators-{}", ind.country),
        vec![
            "table",
            "indicator",
            "fiscal_year",
            "stage",
            "measure",
            "value",
        ],
    );
    for t in tables {
        let position = |name: &str| t.columns.iter().position(|c| *c == name);
        let (year, stage, indicator) = (
            position("fiscal_year"),
            position("stage"),
            position("indicator"),
        );
        let table_name: String = t
            .name
            .rsplit_once('-')
            .map_or(t.name.clone(), |(n, _)| n.to_owned());
        for row in &t.rows {
            let key = |i: Option<usize>| i.map_or(Cell::Empty, |i| row[i].clone());
            for (i, cell) in row.iter().enumerate() {
                if Some(i) == year
                    || Some(i) == stage
                    || Some(i) == indicator
                    || *cell == Cell::Empty
                {
                    continue;
                }
                long.push(vec![
                    table_name.as_str().into(),
                    key(indicator),
                    key(year),
                    key(stage),
                    t.columns[i].into(),
                    cell.clone(),
                ]);
            }
        }
    }
    long
}

/// The indicators in a format: JSON (the API's object), CSV (the long
/// table), XLSX (a sheet per table).
pub fn indicators_file(ind: &Indicators, format: Format) -> Result<Vec<u8>, WebError> {
    match format {
        Format::Json => json_bytes(ind),
        Format::Csv => long_table(ind, &indicator_tables(ind)).to_csv(),
        Format::Xlsx => xlsx(&indicator_tables(ind)),
    }
}

/// A percentage to show, `—` when absent.
pub fn percent(p: Option<Decimal>, lang: vigie_domain::Lang) -> String {
    p.map_or_else(
        || "—".to_owned(),
        // A no-break space, so that `%` never wraps onto a line of its own.
        |p| format!("{}\u{a0}%", vigie_domain::money::format_decimal(p, 1, lang)),
    )
}
