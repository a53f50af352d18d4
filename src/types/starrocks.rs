//! SPEC §7 for StarRocks: which StarRocks column type holds every value of a source type.
//!
//! One `match` over [`SourceType`] with no catch-all arm, so a new source type cannot compile
//! until it has a rule here. Key columns and the target version change the answer, so the rule
//! takes a [`Ctx`].

use std::fmt;

use crate::config::Version;
use crate::diag::Kind;
use crate::model::{Column, DefaultValue};
use crate::source_type::SourceType;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StarRocksType {
    Boolean,
    TinyInt,
    SmallInt,
    Int,
    BigInt,
    LargeInt,
    Float,
    Double,
    Decimal { precision: u32, scale: u32 },
    Char(u64),
    VarChar(u64),
    Json,
    Date,
    DateTime,
    Array(Box<StarRocksType>),
}

impl fmt::Display for StarRocksType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StarRocksType::Boolean => f.write_str("BOOLEAN"),
            StarRocksType::TinyInt => f.write_str("TINYINT"),
            StarRocksType::SmallInt => f.write_str("SMALLINT"),
            StarRocksType::Int => f.write_str("INT"),
            StarRocksType::BigInt => f.write_str("BIGINT"),
            StarRocksType::LargeInt => f.write_str("LARGEINT"),
            StarRocksType::Float => f.write_str("FLOAT"),
            StarRocksType::Double => f.write_str("DOUBLE"),
            StarRocksType::Decimal { precision, scale } => {
                write!(f, "DECIMAL({precision}, {scale})")
            }
            StarRocksType::Char(n) => write!(f, "CHAR({n})"),
            StarRocksType::VarChar(n) => write!(f, "VARCHAR({n})"),
            StarRocksType::Json => f.write_str("JSON"),
            StarRocksType::Date => f.write_str("DATE"),
            StarRocksType::DateTime => f.write_str("DATETIME"),
            StarRocksType::Array(inner) => write!(f, "ARRAY<{inner}>"),
        }
    }
}

impl StarRocksType {
    /// Read a type as a user writes it in `type.* = …` (`varchar(64)`, `DECIMAL(10, 2)`, `STRING`,
    /// `ARRAY<VARCHAR(20)>`); `None` for anything else.
    pub fn parse(text: &str) -> Option<StarRocksType> {
        let t = text.trim().to_ascii_uppercase().replace(' ', "");
        let args = |name: &str| -> Option<Vec<u64>> {
            let inner = t.strip_prefix(name)?.strip_prefix('(')?.strip_suffix(')')?;
            inner.split(',').map(|n| n.parse().ok()).collect()
        };
        Some(match t.as_str() {
            "BOOLEAN" | "BOOL" => StarRocksType::Boolean,
            "TINYINT" => StarRocksType::TinyInt,
            "SMALLINT" => StarRocksType::SmallInt,
            "INT" | "INTEGER" => StarRocksType::Int,
            "BIGINT" => StarRocksType::BigInt,
            "LARGEINT" => StarRocksType::LargeInt,
            "FLOAT" => StarRocksType::Float,
            "DOUBLE" => StarRocksType::Double,
            "JSON" => StarRocksType::Json,
            "DATE" => StarRocksType::Date,
            "DATETIME" => StarRocksType::DateTime,
            // StarRocks' STRING is VARCHAR(65533).
            "STRING" => StarRocksType::VarChar(65533),
            _ if t.starts_with("ARRAY<") && t.ends_with('>') => {
                StarRocksType::Array(Box::new(StarRocksType::parse(&t[6..t.len() - 1])?))
            }
            _ => match (args("DECIMAL"), args("CHAR"), args("VARCHAR")) {
                (Some(a), _, _) if a.len() == 2 && (1..=38).contains(&a[0]) && a[1] <= a[0] => {
                    StarRocksType::Decimal { precision: a[0] as u32, scale: a[1] as u32 }
                }
                (_, Some(a), _) if a.len() == 1 && (1..=255).contains(&a[0]) => StarRocksType::Char(a[0]),
                (_, _, Some(a)) if a.len() == 1 && (1..=1_048_576).contains(&a[0]) => StarRocksType::VarChar(a[0]),
                _ => return None,
            },
        })
    }

    pub fn is_text(&self) -> bool {
        matches!(self, StarRocksType::Char(_) | StarRocksType::VarChar(_))
    }

    /// PRIMARY KEY columns may only be these (StarRocks `KeysDesc`).
    pub fn allowed_in_primary_key(&self) -> bool {
        matches!(
            self,
            StarRocksType::Boolean
                | StarRocksType::TinyInt
                | StarRocksType::SmallInt
                | StarRocksType::Int
                | StarRocksType::BigInt
                | StarRocksType::LargeInt
                | StarRocksType::VarChar(_)
                | StarRocksType::Date
                | StarRocksType::DateTime
        )
    }

    /// The most bytes a value takes in a StarRocks primary-key encoding (`None` when not a key type).
    pub fn max_key_bytes(&self) -> Option<u64> {
        match self {
            StarRocksType::Boolean | StarRocksType::TinyInt => Some(1),
            StarRocksType::SmallInt => Some(2),
            StarRocksType::Int | StarRocksType::Date => Some(4),
            StarRocksType::BigInt | StarRocksType::DateTime => Some(8),
            StarRocksType::LargeInt => Some(16),
            StarRocksType::VarChar(n) => Some(*n),
            _ => None,
        }
    }

    /// DUPLICATE KEY (sort key) columns must pass StarRocks' `canDistributedBy`.
    pub fn allowed_in_sort_key(&self) -> bool {
        !matches!(self, StarRocksType::Float | StarRocksType::Double | StarRocksType::Json | StarRocksType::Array(_))
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    /// The column is part of a PRIMARY KEY table's key.
    pub primary_key: bool,
    pub version: Version,
    pub decimal_v3: bool,
    pub tinyint1_as_boolean: bool,
    /// A binary column that holds UTF-8 text and is decoded on its way (`binary_as_text`; never
    /// a key column, SPEC §7).
    pub binary_as_text: bool,
}

impl Ctx {
    /// Longest VARCHAR the target accepts, in bytes.
    pub fn vmax(&self) -> u64 {
        if self.version < Version(2, 1, 0) { 65533 } else { 1_048_576 }
    }
}

/// A mapped type, and why it may not hold every source value (one warning each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    pub ty: StarRocksType,
    /// Values may be lost or changed: a warning of this kind, and an error under `strict = true`.
    pub lossy: Option<(Kind, String)>,
    /// Safe, but the user should know (a key type changed).
    pub note: Option<String>,
}

fn exact(ty: StarRocksType) -> Mapped {
    Mapped { ty, lossy: None, note: None }
}

fn lossy(ty: StarRocksType, kind: Kind, why: impl Into<String>) -> Mapped {
    Mapped { ty, lossy: Some((kind, why.into())), note: None }
}

/// A VARCHAR of `bytes`, capped at the target's maximum; capping loses long values.
fn varchar_bytes(bytes: u64, ctx: &Ctx) -> Mapped {
    let vmax = ctx.vmax();
    if bytes > vmax {
        lossy(
            StarRocksType::VarChar(vmax),
            Kind::TextTruncated,
            format!("values longer than {vmax} bytes are truncated"),
        )
    } else {
        exact(StarRocksType::VarChar(bytes.max(1)))
    }
}

pub fn map(t: &SourceType, ctx: &Ctx) -> Mapped {
    let m = map_value(t, ctx);
    if ctx.primary_key { key_safe(m, t, ctx) } else { m }
}

fn map_value(t: &SourceType, ctx: &Ctx) -> Mapped {
    use StarRocksType as S;
    let vmax = ctx.vmax();
    match t {
        // mysql-cdc reads signed tinyint(1) as BOOLEAN (tinyInt1isBit), so StarRocks must too.
        SourceType::TinyInt { unsigned: false, width: Some(1) } if ctx.tinyint1_as_boolean => exact(S::Boolean),
        SourceType::TinyInt { unsigned: false, .. } => exact(S::TinyInt),
        SourceType::TinyInt { unsigned: true, .. } => exact(S::SmallInt),
        SourceType::SmallInt { unsigned: false } => exact(S::SmallInt),
        SourceType::SmallInt { unsigned: true } | SourceType::MediumInt { .. } => exact(S::Int),
        SourceType::Int { unsigned: false } => exact(S::Int),
        SourceType::Int { unsigned: true } => exact(S::BigInt),
        SourceType::BigInt { unsigned: false } => exact(S::BigInt),
        SourceType::BigInt { unsigned: true } => exact(S::LargeInt),
        SourceType::Float => exact(S::Float),
        SourceType::Double => exact(S::Double),
        SourceType::Decimal { precision, scale } if *precision > 38 => lossy(
            S::VarChar(u64::from(*precision) + 2),
            Kind::DecimalAsText,
            format!("DECIMAL({precision}, {scale}) exceeds StarRocks' 38 digits; stored as text"),
        ),
        SourceType::Decimal { precision, scale } if ctx.decimal_v3 => {
            exact(S::Decimal { precision: *precision, scale: *scale })
        }
        // DECIMALV2 is DECIMAL(27, 9) at most, and keeps at most 18 digits before the point.
        SourceType::Decimal { precision, scale } => {
            let (p, s) = ((*precision).min(27), (*scale).min(9));
            let ty = S::Decimal { precision: p, scale: s };
            if p == *precision && s == *scale && precision.saturating_sub(*scale) <= 18 {
                exact(ty)
            } else {
                lossy(
                    ty,
                    Kind::DecimalClamped,
                    "use_decimal_v3 = false: DECIMALV2 holds at most 18 integer and 9 fractional digits; digits beyond them are lost",
                )
            }
        }
        SourceType::Bit { bits: 1 } => exact(S::Boolean),
        // The StarRocks sink unpacks Flink BINARY into an unsigned big-endian integer.
        SourceType::Bit { bits } if *bits >= 64 => exact(S::LargeInt),
        SourceType::Bit { .. } => exact(S::BigInt),
        SourceType::Char { bytes: 0, .. } | SourceType::VarChar { bytes: 0, .. } => exact(S::VarChar(1)),
        SourceType::Char { bytes, .. } if *bytes <= 255 => exact(S::Char(*bytes)),
        SourceType::Char { bytes, .. } | SourceType::VarChar { bytes, .. } | SourceType::Text { bytes } => {
            varchar_bytes(*bytes, ctx)
        }
        SourceType::Enum { bytes, .. } => exact(S::VarChar((*bytes).clamp(1, vmax))),
        SourceType::Set { bytes, .. } => exact(S::Array(Box::new(S::VarChar((*bytes).clamp(1, vmax))))),
        SourceType::Json if ctx.version >= Version(2, 2, 0) => exact(S::Json),
        SourceType::Json => lossy(
            S::VarChar(vmax),
            Kind::JsonAsText,
            format!("StarRocks before 2.2 has no JSON type; documents longer than {vmax} bytes are truncated"),
        ),
        // Decoded text takes at most the column's bytes.
        SourceType::Binary { bytes, .. } if ctx.binary_as_text => varchar_bytes(*bytes, ctx),
        // The Flink sink cannot write VARBINARY, so binary data travels as base64 text.
        SourceType::Binary { bytes, .. } => {
            let b64 = bytes.div_ceil(3).saturating_mul(4);
            let m = varchar_bytes(b64, ctx);
            let why = match m.lossy {
                Some(_) => format!("stored as base64 text; values longer than {} bytes are truncated", vmax / 4 * 3),
                None => "stored as base64 text".to_string(),
            };
            lossy(m.ty, Kind::BinaryBase64, why)
        }
        SourceType::Date => exact(S::Date),
        SourceType::DateTime { .. } | SourceType::Timestamp { .. } => exact(S::DateTime),
        // StarRocks has no TIME type; `-838:59:59.000000` is the longest MySQL TIME text.
        SourceType::Time { .. } => exact(S::VarChar(20)),
        SourceType::Year => exact(S::SmallInt),
        // mysql-cdc turns the WKB value into GeoJSON text plus the SRID (its
        // RowDataDebeziumDeserializeSchema); StarRocks keeps that text, not a geometry.
        SourceType::Geometry => lossy(
            S::VarChar(vmax),
            Kind::SpatialAsText,
            format!(
                "arrives as mysql-cdc's GeoJSON text with an added \"srid\" member, which StarRocks stores as text and cannot query as geometry; text longer than {vmax} bytes is truncated"
            ),
        ),
        SourceType::Uuid => exact(S::VarChar(36)),
        SourceType::Inet6 => exact(S::VarChar(39)),
        SourceType::Inet4 => exact(S::VarChar(15)),
        SourceType::Unknown { data_type } => lossy(
            S::VarChar(if ctx.primary_key { 255 } else { vmax }),
            Kind::UnknownType,
            format!("no rule for type `{data_type}`; stored as text"),
        ),
        SourceType::Boolean => exact(S::Boolean),
        // postgres-cdc delivers an unconstrained numeric as DECIMAL(38, 18) (precise mode),
        // and NULL for a value that does not fit.
        SourceType::Numeric if ctx.decimal_v3 => lossy(
            S::Decimal { precision: 38, scale: 18 },
            Kind::NumericUnconstrained,
            "numeric without precision holds any number of digits; DECIMAL(38, 18) keeps 20 integer and 18 fraction digits",
        ),
        SourceType::Numeric => lossy(
            S::Decimal { precision: 27, scale: 9 },
            Kind::NumericUnconstrained,
            "numeric without precision holds any number of digits; use_decimal_v3 = false keeps 18 integer and 9 fraction digits",
        ),
        // ±92233720368547758.07: 17 integer digits, within DECIMALV2's 18.
        SourceType::Money => exact(S::Decimal { precision: 19, scale: 2 }),
        SourceType::BitString { bits } => {
            let bytes = bits.map_or(u64::from(u32::MAX), |b| u64::from(b).div_ceil(8));
            let m = varchar_bytes(bytes.div_ceil(3).saturating_mul(4), ctx);
            let truncated = if m.lossy.is_some() { "; longer values are truncated" } else { "" };
            lossy(m.ty, Kind::BinaryBase64, format!("stored as base64 text of its bytes{truncated}"))
        }
        // `HH:MM:SS` and the fraction digits: PostgreSQL's TIME spans one day.
        SourceType::TimeOfDay { precision } => {
            exact(S::VarChar(8 + if *precision > 0 { u64::from(*precision) + 1 } else { 0 }))
        }
        // The UTC wall-clock time (one warning per rule, by the planner).
        SourceType::TimestampTz { .. } => exact(S::DateTime),
        // ISO-8601 text (`'debezium.interval.handling.mode' = 'string'`), e.g. `P1Y2M3DT4H5M6.78S`.
        SourceType::Interval => exact(S::VarChar(64)),
        SourceType::Range => exact(S::VarChar(vmax)),
        SourceType::Array { element } => {
            let m = map_value(element, &Ctx { primary_key: false, ..*ctx });
            Mapped { ty: S::Array(Box::new(m.ty)), lossy: m.lossy, note: None }
        }
        // Never mapped: the planner leaves these columns out of every output.
        SourceType::Unsupported { .. } => exact(S::VarChar(vmax)),
    }
}

/// PRIMARY KEY columns must be of an allowed type; change the others to a VARCHAR that holds
/// the value's text, keeping any lossy note of the value mapping.
pub fn key_safe(m: Mapped, t: &SourceType, ctx: &Ctx) -> Mapped {
    if m.ty.allowed_in_primary_key() {
        return m;
    }
    let ty = match (&m.ty, t) {
        (StarRocksType::Char(n), _) => StarRocksType::VarChar(*n),
        // Sized from the source precision: the key holds the source's text, never a clamped value.
        (StarRocksType::Decimal { .. }, SourceType::Decimal { precision, .. }) => {
            StarRocksType::VarChar(u64::from(*precision) + 2)
        }
        (StarRocksType::Decimal { precision, .. }, _) => StarRocksType::VarChar(u64::from(*precision) + 2),
        // Enough for any float/double text, e.g. `-1.7976931348623157E308`.
        (StarRocksType::Float | StarRocksType::Double, _) => StarRocksType::VarChar(32),
        (StarRocksType::Array(inner), _) => match inner.as_ref() {
            StarRocksType::VarChar(n) => StarRocksType::VarChar(*n),
            _ => StarRocksType::VarChar(ctx.vmax()),
        },
        _ => StarRocksType::VarChar(ctx.vmax()),
    };
    let note = Some(format!("{} is not allowed in a StarRocks PRIMARY KEY; the key column is {ty}", m.ty));
    Mapped { ty, lossy: m.lossy, note }
}

/// Why a `type.*` override may not hold every value the default mapping would (narrower).
pub fn override_loss(default: &StarRocksType, chosen: &StarRocksType) -> Option<String> {
    use StarRocksType as S;
    let rank = |t: &S| match t {
        S::Boolean => Some(0),
        S::TinyInt => Some(1),
        S::SmallInt => Some(2),
        S::Int => Some(3),
        S::BigInt => Some(4),
        S::LargeInt => Some(5),
        _ => None,
    };
    let narrower = match (default, chosen) {
        (S::Char(a) | S::VarChar(a), S::Char(b) | S::VarChar(b)) => b < a,
        // JSON and arrays have no length limit; a VARCHAR has.
        (S::Json | S::Array(_), S::Char(_) | S::VarChar(_)) => true,
        (S::Decimal { precision: p, scale: s }, S::Decimal { precision: q, scale: t }) => {
            q.saturating_sub(*t) < p.saturating_sub(*s) || t < s
        }
        (a, b) => matches!((rank(a), rank(b)), (Some(x), Some(y)) if y < x),
    };
    if narrower {
        Some(format!("the override is narrower than {default}: longer or larger values are lost"))
    } else if default != chosen
        && !chosen.is_text()
        && std::mem::discriminant(default) != std::mem::discriminant(chosen)
    {
        Some(format!("StarRocks converts the values to {chosen} on load and rejects those it cannot convert"))
    } else {
        None
    }
}

/// Why the target StarRocks cannot take a type a user named (`type.*`), if it cannot.
pub fn unsupported(ty: &StarRocksType, ctx: &Ctx) -> Option<String> {
    match ty {
        StarRocksType::Json if ctx.version < Version(2, 2, 0) => {
            Some(format!("StarRocks {} has no JSON type", ctx.version))
        }
        StarRocksType::VarChar(n) if *n > ctx.vmax() => {
            Some(format!("StarRocks {} allows VARCHAR up to {}", ctx.version, ctx.vmax()))
        }
        StarRocksType::Array(inner) => unsupported(inner, ctx),
        _ => None,
    }
}

/// A StarRocks DEFAULT clause value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Default {
    Literal(String),
    CurrentTimestamp,
}

/// The default StarRocks can take for this column, or why the source default is dropped.
pub fn default_for(col: &Column, src: &SourceType, ty: &StarRocksType, ctx: &Ctx) -> Result<Option<Default>, String> {
    let Some(d) = &col.default else {
        return Ok(None);
    };
    let value = match d {
        DefaultValue::Expr(crate::model::ExprDefault { expr }) => {
            static NOW: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
                regex::Regex::new(
                    r"(?i)^\s*(?:current_timestamp|now|localtimestamp|localtime)\s*(?:\(\s*\d*\s*\))?\s*$",
                )
                .expect("valid regex")
            });
            let is_now = NOW.is_match(expr);
            return if is_now && *ty == StarRocksType::DateTime {
                Ok(Some(Default::CurrentTimestamp))
            } else {
                Err(format!("expression default `{expr}` dropped: StarRocks {ty} cannot compute it"))
            };
        }
        DefaultValue::Literal(v) => v,
    };
    let refuse = |why: &str| Err(format!("default `{value}` dropped: {why}"));
    let literal = |v: String| Ok(Some(Default::Literal(v)));
    // MariaDB reports a BINARY(n) default padded with \0 and MySQL 8 reports binary defaults in
    // hex: neither is the text a decoded column would hold, so no binary default is carried.
    if src.is_binary() && ctx.binary_as_text {
        return refuse("defaults of binary columns are not carried over, even when decoded as text");
    }
    if src.travels_as_base64() {
        return refuse("binary columns are stored as base64 text");
    }
    // The source's text (`1 day`) is not what arrives (`P1D`, ISO-8601).
    if matches!(src, SourceType::Interval) {
        return refuse("intervals arrive as ISO-8601 text, not in the form PostgreSQL prints");
    }
    match ty {
        StarRocksType::Boolean => match bit_or_int(value) {
            Some(0) => literal("0".into()),
            Some(_) => literal("1".into()),
            None => refuse("not a boolean"),
        },
        StarRocksType::TinyInt
        | StarRocksType::SmallInt
        | StarRocksType::Int
        | StarRocksType::BigInt
        | StarRocksType::LargeInt => match bit_or_int(value) {
            Some(n) => literal(n.to_string()),
            None => refuse("not an integer"),
        },
        StarRocksType::Float | StarRocksType::Double | StarRocksType::Decimal { .. } => {
            if value.trim().parse::<f64>().is_ok() { literal(value.trim().to_string()) } else { refuse("not a number") }
        }
        StarRocksType::Char(_) | StarRocksType::VarChar(_) => literal(value.to_string()),
        StarRocksType::Date => {
            if is_date(value) {
                literal(value.to_string())
            } else {
                refuse("not a date StarRocks accepts")
            }
        }
        StarRocksType::DateTime => {
            let b = value.as_bytes();
            let ok = b.len() >= 19
                && is_date(value)
                && b[10] == b' '
                && b[11..19].iter().all(|c| c.is_ascii_digit() || *c == b':');
            if ok { literal(value.to_string()) } else { refuse("not a datetime StarRocks accepts") }
        }
        StarRocksType::Json | StarRocksType::Array(_) => refuse(&format!("StarRocks {ty} columns take no default")),
    }
}

/// `12`, `-3`, MariaDB's bit literal `b'101'`, or PostgreSQL's `true` / `false`.
fn bit_or_int(v: &str) -> Option<i128> {
    let v = v.trim();
    if v.eq_ignore_ascii_case("true") {
        return Some(1);
    }
    if v.eq_ignore_ascii_case("false") {
        return Some(0);
    }
    if let Some(bits) = v.strip_prefix("b'").and_then(|b| b.strip_suffix('\'')) {
        return i128::from_str_radix(bits, 2).ok();
    }
    v.parse::<i128>().ok()
}

/// `YYYY-MM-DD` (then anything) with a real month and day: zero dates (`0000-00-00`) are refused
/// by StarRocks. Works on bytes, so any text — not only ASCII — is safe to test.
fn is_date(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    matches!((num(0..4), num(5..7), num(8..10)), (Some(_), Some(1..=12), Some(1..=31)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CTX: Ctx = Ctx {
        primary_key: false,
        version: Version(3, 3, 0),
        decimal_v3: true,
        tinyint1_as_boolean: true,
        binary_as_text: false,
    };

    fn col(default: &str) -> Column {
        Column { default: Some(DefaultValue::Literal(default.into())), ..Column::new("c", "date", "date") }
    }

    #[test]
    fn dates_and_datetimes_are_checked_without_panicking_on_any_text() {
        let date = |d: &str| default_for(&col(d), &SourceType::Date, &StarRocksType::Date, &CTX);
        let datetime =
            |d: &str| default_for(&col(d), &SourceType::DateTime { precision: 0 }, &StarRocksType::DateTime, &CTX);
        assert_eq!(date("2024-02-29"), Ok(Some(Default::Literal("2024-02-29".into()))));
        assert!(date("0000-00-00").is_err());
        assert!(date("1234-12-€").is_err());
        assert!(datetime("1234-12-€€€€€€€€€€€€").is_err());
        assert!(datetime("2024-01-01 €€:00:00").is_err());
        assert_eq!(datetime("2024-01-01 10:00:00"), Ok(Some(Default::Literal("2024-01-01 10:00:00".into()))));
    }

    #[test]
    fn only_a_bare_now_function_becomes_current_timestamp() {
        let mut c = col("");
        let expr = |c: &mut Column, e: &str| {
            c.default = Some(DefaultValue::expr(e));
            default_for(c, &SourceType::DateTime { precision: 0 }, &StarRocksType::DateTime, &CTX)
        };
        assert_eq!(expr(&mut c, "current_timestamp()"), Ok(Some(Default::CurrentTimestamp)));
        assert_eq!(expr(&mut c, "current_timestamp(6)"), Ok(Some(Default::CurrentTimestamp)));
        assert!(expr(&mut c, "current_timestamp() + interval 1 day").is_err());
    }
}
