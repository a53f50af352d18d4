//! SPEC §7–§8 for Flink: the type mysql-cdc produces for a source column, and the type the
//! StarRocks sink table declares for it.
//!
//! One `match` over [`SourceType`] with no catch-all arm, following the mysql-cdc connector's
//! documented mapping (the source table must declare what the connector emits).

use std::fmt;

use crate::model::SourceKind;
use crate::source_type::SourceType;
use crate::types::starrocks::StarRocksType;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlinkType {
    Boolean,
    TinyInt,
    SmallInt,
    Int,
    BigInt,
    Float,
    Double,
    Decimal {
        precision: u32,
        scale: u32,
    },
    Char(u64),
    VarChar(u64),
    String,
    Binary(u64),
    Date,
    Time(u32),
    Timestamp(u32),
    /// `TIMESTAMP_LTZ(p)`: what postgres-cdc delivers for `timestamptz`.
    TimestampLtz(u32),
    Array(Box<FlinkType>),
}

impl fmt::Display for FlinkType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlinkType::Boolean => f.write_str("BOOLEAN"),
            FlinkType::TinyInt => f.write_str("TINYINT"),
            FlinkType::SmallInt => f.write_str("SMALLINT"),
            FlinkType::Int => f.write_str("INT"),
            FlinkType::BigInt => f.write_str("BIGINT"),
            FlinkType::Float => f.write_str("FLOAT"),
            FlinkType::Double => f.write_str("DOUBLE"),
            FlinkType::Decimal { precision, scale } => write!(f, "DECIMAL({precision}, {scale})"),
            FlinkType::Char(n) => write!(f, "CHAR({n})"),
            FlinkType::VarChar(n) => write!(f, "VARCHAR({n})"),
            FlinkType::String => f.write_str("STRING"),
            FlinkType::Binary(n) => write!(f, "BINARY({n})"),
            FlinkType::Date => f.write_str("DATE"),
            FlinkType::Time(p) => write!(f, "TIME({p})"),
            FlinkType::Timestamp(p) => write!(f, "TIMESTAMP({p})"),
            FlinkType::TimestampLtz(p) => write!(f, "TIMESTAMP_LTZ({p})"),
            FlinkType::Array(inner) => write!(f, "ARRAY<{inner}>"),
        }
    }
}

/// What the CDC connector emits for the column: mysql-cdc's documented mapping, or for a
/// PostgreSQL source postgres-cdc's (SPEC §11), which delivers every character type as STRING.
pub fn source_type(t: &SourceType, tinyint1_as_boolean: bool, kind: SourceKind) -> FlinkType {
    use FlinkType as F;
    let pg = kind == SourceKind::Pgsql;
    match t {
        SourceType::Char { .. } | SourceType::VarChar { .. } if pg => F::String,
        SourceType::TinyInt { unsigned: false, width: Some(1) } if tinyint1_as_boolean => F::Boolean,
        SourceType::TinyInt { unsigned: false, .. } => F::TinyInt,
        SourceType::TinyInt { unsigned: true, .. } | SourceType::SmallInt { unsigned: false } => F::SmallInt,
        SourceType::SmallInt { unsigned: true } | SourceType::MediumInt { unsigned: false } => F::Int,
        SourceType::Int { unsigned: false } => F::Int,
        SourceType::MediumInt { unsigned: true } | SourceType::Int { unsigned: true } => F::BigInt,
        SourceType::BigInt { unsigned: false } => F::BigInt,
        SourceType::BigInt { unsigned: true } => F::Decimal { precision: 20, scale: 0 },
        SourceType::Float => F::Float,
        SourceType::Double => F::Double,
        SourceType::Decimal { precision, .. } if *precision > 38 => F::String,
        SourceType::Decimal { precision, scale } => F::Decimal { precision: *precision, scale: *scale },
        SourceType::Bit { bits: 1 } => F::Boolean,
        SourceType::Bit { bits } => F::Binary(u64::from(*bits).div_ceil(8)),
        // Flink has no zero-length CHAR/VARCHAR.
        SourceType::Char { chars: 0, .. } | SourceType::VarChar { chars: 0, .. } => F::String,
        SourceType::Char { chars, .. } => F::Char(*chars),
        SourceType::VarChar { chars, .. } => F::VarChar(*chars),
        SourceType::Text { .. } | SourceType::Enum { .. } | SourceType::Json | SourceType::Geometry => F::String,
        SourceType::Set { .. } => F::Array(Box::new(F::String)),
        // With 'debezium.binary.handling.mode' = 'base64' on the source, binary arrives as text.
        SourceType::Binary { .. } => F::String,
        SourceType::Date => F::Date,
        SourceType::DateTime { precision } | SourceType::Timestamp { precision } => F::Timestamp(*precision),
        SourceType::Time { precision } => F::Time(*precision),
        SourceType::Year => F::Int,
        SourceType::Uuid | SourceType::Inet6 | SourceType::Inet4 | SourceType::Unknown { .. } => F::String,
        SourceType::Boolean => F::Boolean,
        SourceType::Numeric => F::Decimal { precision: 38, scale: 18 },
        SourceType::Money => F::Decimal { precision: 19, scale: 2 },
        // With 'debezium.binary.handling.mode' = 'base64', as binary columns.
        SourceType::BitString { .. } => F::String,
        SourceType::TimeOfDay { precision } => F::Time(*precision),
        SourceType::TimestampTz { precision } => F::TimestampLtz(*precision),
        // With 'debezium.interval.handling.mode' = 'string'.
        SourceType::Interval | SourceType::Range => F::String,
        SourceType::Array { element } => F::Array(Box::new(source_type(element, tinyint1_as_boolean, kind))),
        // Never declared: the planner leaves these columns out.
        SourceType::Unsupported { .. } => F::String,
    }
}

/// How the INSERT reads a source column into its sink column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convert {
    /// The source value as it is.
    None,
    /// `CAST(col AS <sink type>)`: a `type.*` override to text.
    Cast,
    /// `FROM_BASE64(col)`: the UTF-8 text a binary column holds (`binary_as_text`).
    FromBase64,
    /// `DATE_FORMAT(CAST(col AS TIMESTAMP(3)), 'HH:mm:ss[.S…]')` with this many fraction digits:
    /// Flink 1.20's `CAST(TIME AS STRING)` drops the fraction (2.x keeps it).
    TimeText(u32),
}

/// The sink column's type, what the StarRocks connector can write into the StarRocks column,
/// and how the INSERT gets it from the source column. Key columns always keep the source type
/// as they are: a function on a key changes the query's upsert key, which Flink 2.x refuses to
/// write into a sink with a primary key. `decoded`: a `binary_as_text` column.
pub fn sink(source: &FlinkType, target: &StarRocksType, key: bool, decoded: bool) -> (FlinkType, Convert) {
    let textual = matches!(source, FlinkType::Char(_) | FlinkType::VarChar(_) | FlinkType::String);
    match source {
        _ if key => (source.clone(), Convert::None),
        // The StarRocks connector has no converter for TIME; StarRocks stores it as VARCHAR.
        // Flink TIME holds milliseconds: at most three digits.
        FlinkType::Time(p) => (FlinkType::String, Convert::TimeText((*p).min(3))),
        // The source sends base64 text (`debezium.binary.handling.mode`); FROM_BASE64 decodes
        // it to the UTF-8 string on Flink 1.20 and 2.x.
        _ if decoded => (FlinkType::String, Convert::FromBase64),
        // A `type.*` override to text: send the value's text.
        _ if target.is_text() && !textual => (FlinkType::String, Convert::Cast),
        other => (other.clone(), Convert::None),
    }
}

/// Why a value may change on its way through Flink, for lossy-mapping warnings.
pub fn lossy(t: &SourceType) -> Option<String> {
    if let SourceType::TimeOfDay { precision } = t {
        return (*precision > 3)
            .then(|| format!("Flink TIME holds milliseconds: only 3 of TIME({precision})'s fraction digits are kept"));
    }
    let SourceType::Time { precision } = t else { return None };
    // Flink's TIME is a time of day held in milliseconds; MySQL's spans ±838:59:59.
    let mut why = "Flink TIME holds a time of day: MySQL TIME values outside 00:00:00-23:59:59 cannot pass".to_string();
    if *precision > 3 {
        why.push_str(&format!(", and only milliseconds of TIME({precision}) are kept"));
    }
    Some(why)
}
