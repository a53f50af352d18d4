//! How a Flink CDC 3 pipeline carries each source column into the StarRocks column smt-rs
//! designed (SPEC §13; research/cdc3-facts.md §7 and the release-3.5.0 / release-3.6.0 code).
//!
//! The pipeline is not the SQL job: the MySQL pipeline source has its own type mapping and the
//! StarRocks pipeline sink writes each value as its own code formats it, before and whatever
//! our pre-created table says. A column therefore goes as it is, through a transform
//! expression that gives the StarRocks column the value it holds in the SQL job, or — where no
//! expression exists in that release — not at all, with a warning.

use std::fmt;

use crate::config::CdcRelease;
use crate::source_type::SourceType;
use crate::types::starrocks::StarRocksType;

/// What the pipeline's projection does with a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carry {
    /// The value goes as the source delivers it.
    AsIs,
    /// A DATETIME/TIMESTAMP with a fraction: the sink would write `yyyy-MM-dd HH:mm:ss` and drop
    /// it (flink-cdc#4376), so a transform formats the text itself. `micros`: 3.6's
    /// `DATE_FORMAT_TZ` keeps all six digits of a DATETIME; otherwise `DATE_FORMAT`, whose
    /// formatter stops at milliseconds. `precision` is the column's.
    Fraction { precision: u8, micros: bool },
    /// The release cannot carry it into our column: left out of the projection.
    LeftOut(Why),
}

/// Why a column is left out of a pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    Set,
    Bits,
    BinaryAsText,
    Binary35,
    Time35,
    Json,
    /// The source fails on the whole table (its type mapping throws while it reads the schema):
    /// the table is left out, not just the column.
    NoMapping,
}

impl Why {
    /// Whether the column's table cannot go through the pipeline at all.
    pub fn whole_table(self) -> bool {
        self == Why::NoMapping
    }
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Why::Set => "the pipeline source delivers SET as ARRAY<STRING>, which the StarRocks pipeline sink cannot write (the job fails)",
            Why::Bits => "the pipeline source delivers BIT(n) as bytes, and no transform function turns them into the StarRocks integer",
            Why::BinaryAsText => "`binary_as_text`: no transform function decodes bytes to text, so the pipeline would write base64 into the text column",
            Why::Binary35 => "Flink CDC 3.5's StarRocks sink cannot write binary columns (the job fails; 3.6 can)",
            Why::Time35 => "Flink CDC 3.5's StarRocks sink cannot write TIME, and no 3.5 transform function formats it (the job fails; 3.6 can)",
            Why::Json => "the StarRocks pipeline sink writes JSON text as a JSON string value, so the JSON column would hold strings instead of documents (the SQL job's connector parses it)",
            Why::NoMapping => "the MySQL pipeline source has no mapping for this type and fails on the whole table",
        })
    }
}

/// The rule for one column: its source type, its StarRocks type, whether `binary_as_text`
/// decodes it in the SQL job, and the release.
pub fn carry(src: &SourceType, sr: &StarRocksType, decoded: bool, release: CdcRelease) -> Carry {
    let v35 = release == CdcRelease::V3_5;
    let fraction = |precision: u32, micros: bool| match precision {
        0 => Carry::AsIs,
        p => Carry::Fraction { precision: p.min(6) as u8, micros },
    };
    match src {
        SourceType::Set { .. } => Carry::LeftOut(Why::Set),
        // Text into a JSON column arrives as a JSON string; into a VARCHAR (StarRocks before
        // 2.2, a `type.json` override) it is the text.
        SourceType::Json if *sr == StarRocksType::Json => Carry::LeftOut(Why::Json),
        SourceType::Json => Carry::AsIs,
        SourceType::Bit { bits: 1 } => Carry::AsIs,
        SourceType::Bit { .. } => Carry::LeftOut(Why::Bits),
        SourceType::Binary { .. } if decoded => Carry::LeftOut(Why::BinaryAsText),
        SourceType::Binary { .. } if v35 => Carry::LeftOut(Why::Binary35),
        // 3.6 writes the bytes as base64 text, as mysql-cdc does for the SQL job.
        SourceType::Binary { .. } => Carry::AsIs,
        SourceType::Time { .. } if v35 => Carry::LeftOut(Why::Time35),
        // 3.6 writes `HH:mm:ss` and the column's fraction digits: our VARCHAR's text.
        SourceType::Time { .. } => Carry::AsIs,
        SourceType::DateTime { precision } => fraction(*precision, !v35),
        // An instant: formatted in the pipeline's `local-time-zone`, as the sink converts it.
        SourceType::Timestamp { precision } => fraction(*precision, false),
        SourceType::TinyInt { .. }
        | SourceType::SmallInt { .. }
        | SourceType::MediumInt { .. }
        | SourceType::Int { .. }
        | SourceType::BigInt { .. }
        | SourceType::Float
        | SourceType::Double
        | SourceType::Decimal { .. }
        | SourceType::Char { .. }
        | SourceType::VarChar { .. }
        | SourceType::Text { .. }
        | SourceType::Enum { .. }
        | SourceType::Date
        | SourceType::Year
        | SourceType::Geometry => Carry::AsIs,
        // MariaDB's own types and types smt-rs has no rule for.
        SourceType::Uuid | SourceType::Inet6 | SourceType::Inet4 | SourceType::Unknown { .. } => {
            Carry::LeftOut(Why::NoMapping)
        }
        // PostgreSQL types: pipelines are written for MySQL-family sources only (the config
        // refuses `cdc_pipeline` with `type = pgsql`).
        SourceType::Boolean
        | SourceType::Numeric
        | SourceType::Money
        | SourceType::BitString { .. }
        | SourceType::TimeOfDay { .. }
        | SourceType::TimestampTz { .. }
        | SourceType::Interval
        | SourceType::Range
        | SourceType::Array { .. }
        | SourceType::Unsupported { .. } => Carry::LeftOut(Why::NoMapping),
    }
}

/// The projection expression of a `Fraction` column: `DATE_FORMAT(`c`, …)`; DATETIME on 3.6
/// `DATE_FORMAT_TZ(`c`, …, 'UTC')` (a wall-clock time: formatted in the zone it is read in).
pub fn fraction_expression(column: &str, precision: u8, micros: bool) -> String {
    if micros {
        let digits = "S".repeat(usize::from(precision));
        format!("DATE_FORMAT_TZ({column}, 'yyyy-MM-dd HH:mm:ss.{digits}', 'UTC')")
    } else {
        // SimpleDateFormat: `SSS` is the millisecond count, zero-padded (one `S` would print 5
        // ms as `.5`).
        format!("DATE_FORMAT({column}, 'yyyy-MM-dd HH:mm:ss.SSS')")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_differ_on_time_and_binary() {
        let time = SourceType::Time { precision: 3 };
        let bin = SourceType::Binary { bytes: 16, fixed: false };
        let text = StarRocksType::VarChar(100);
        assert_eq!(carry(&time, &text, false, CdcRelease::V3_5), Carry::LeftOut(Why::Time35));
        assert_eq!(carry(&time, &text, false, CdcRelease::V3_6), Carry::AsIs);
        assert_eq!(carry(&bin, &text, false, CdcRelease::V3_5), Carry::LeftOut(Why::Binary35));
        assert_eq!(carry(&bin, &text, false, CdcRelease::V3_6), Carry::AsIs);
        assert_eq!(carry(&bin, &text, true, CdcRelease::V3_6), Carry::LeftOut(Why::BinaryAsText));
        let set = SourceType::Set { members: vec!["a".into()], bytes: 1 };
        assert_eq!(carry(&set, &text, false, CdcRelease::V3_6), Carry::LeftOut(Why::Set));
        assert_eq!(carry(&SourceType::Json, &StarRocksType::Json, false, CdcRelease::V3_6), Carry::LeftOut(Why::Json));
        assert_eq!(carry(&SourceType::Json, &text, false, CdcRelease::V3_6), Carry::AsIs);
    }

    #[test]
    fn fractions_are_formatted() {
        let dt = SourceType::DateTime { precision: 6 };
        let sr = StarRocksType::DateTime;
        assert_eq!(carry(&dt, &sr, false, CdcRelease::V3_6), Carry::Fraction { precision: 6, micros: true });
        assert_eq!(carry(&dt, &sr, false, CdcRelease::V3_5), Carry::Fraction { precision: 6, micros: false });
        assert_eq!(carry(&SourceType::DateTime { precision: 0 }, &sr, false, CdcRelease::V3_6), Carry::AsIs);
        assert_eq!(fraction_expression("`t`", 6, true), "DATE_FORMAT_TZ(`t`, 'yyyy-MM-dd HH:mm:ss.SSSSSS', 'UTC')");
        assert_eq!(fraction_expression("`t`", 2, false), "DATE_FORMAT(`t`, 'yyyy-MM-dd HH:mm:ss.SSS')");
    }
}
