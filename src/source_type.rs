//! A snapshot column's MySQL-family type, parsed once into an enum every output matches on.
//!
//! It keeps what each output needs to widen safely — signedness, display width, length in
//! characters *and* bytes, precision — and decides nothing about any target type.

use std::borrow::Cow;

use crate::model::{Column, SourceKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceType {
    /// `width` is the display width, kept because `tinyint(1)` means boolean to mysql-cdc.
    TinyInt {
        unsigned: bool,
        width: Option<u32>,
    },
    SmallInt {
        unsigned: bool,
    },
    MediumInt {
        unsigned: bool,
    },
    Int {
        unsigned: bool,
    },
    BigInt {
        unsigned: bool,
    },
    Float,
    Double,
    Decimal {
        precision: u32,
        scale: u32,
    },
    Bit {
        bits: u32,
    },
    Char {
        chars: u64,
        bytes: u64,
    },
    VarChar {
        chars: u64,
        bytes: u64,
    },
    /// tinytext … longtext.
    Text {
        bytes: u64,
    },
    Enum {
        members: Vec<String>,
        bytes: u64,
    },
    Set {
        members: Vec<String>,
        bytes: u64,
    },
    Json,
    /// binary, varbinary and the blobs; `bytes` is the maximum length. `fixed` is BINARY(n),
    /// whose shorter values MySQL pads with 0x00 bytes to n.
    Binary {
        bytes: u64,
        fixed: bool,
    },
    Date,
    DateTime {
        precision: u32,
    },
    Timestamp {
        precision: u32,
    },
    Time {
        precision: u32,
    },
    Year,
    Geometry,
    Uuid,
    Inet6,
    Inet4,
    /// A type smt-rs has no rule for (MySQL 9 `vector`, plugin types …).
    Unknown {
        data_type: String,
    },
    // PostgreSQL (SPEC §11); the integer, float, character, binary, JSON, UUID, enum, date and
    // timestamp types above serve PostgreSQL's too.
    /// `boolean`: always BOOLEAN (no display-width convention as MySQL's `tinyint(1)`).
    Boolean,
    /// `numeric` without precision: any number of digits.
    Numeric,
    /// `money`: two fraction digits (`money.fraction.digits`).
    Money,
    /// `bit(n)`, n > 1, and `varbit`: postgres-cdc delivers bytes, which travel as base64.
    BitString {
        bits: Option<u32>,
    },
    /// PostgreSQL `time(p)`: a time of day, 00:00:00 to 24:00:00.
    TimeOfDay {
        precision: u32,
    },
    /// `timestamptz(p)`: an instant; postgres-cdc delivers it in UTC.
    TimestampTz {
        precision: u32,
    },
    Interval,
    /// `int4range`, `daterange`, …: text such as `[1,10)`.
    Range,
    /// A one-dimensional array of a type that travels as it is.
    Array {
        element: Box<SourceType>,
    },
    /// A type postgres-cdc delivers as NULL or fails on (geometric types, `tsvector`, composite
    /// types, arrays of two or more dimensions): the column is left out everywhere.
    Unsupported {
        data_type: String,
    },
}

impl SourceType {
    pub fn of(col: &Column) -> SourceType {
        // Borrowed on the common path (lowercase, no comment): this runs for every column.
        let column_type = strip_comments(lowercase(&col.column_type));
        // A char test first: substring search has a setup cost that dominates on short types.
        let unsigned =
            column_type.contains(' ') && (column_type.contains(" unsigned") || column_type.contains(" zerofill"));
        let args = type_args(&column_type);
        let first_arg = args.and_then(|a| a.split(',').next()).and_then(|n| n.trim().parse::<u64>().ok());
        let chars = col.char_max_length.map(u64::from).or(first_arg).unwrap_or(0);
        // Snapshots written by hand may leave out the octet length; assume utf8mb4 then.
        let bytes = col.char_octet_length.map(u64::from).unwrap_or(chars.saturating_mul(4));
        let precision = || col.datetime_precision.map(u64::from).or(first_arg).unwrap_or(0).min(6) as u32;
        match lowercase(&col.data_type).as_ref() {
            "tinyint" => SourceType::TinyInt { unsigned, width: first_arg.map(|w| w as u32) },
            "bool" | "boolean" => SourceType::TinyInt { unsigned: false, width: Some(1) },
            "smallint" => SourceType::SmallInt { unsigned },
            "mediumint" => SourceType::MediumInt { unsigned },
            "int" | "integer" => SourceType::Int { unsigned },
            "bigint" => SourceType::BigInt { unsigned },
            "serial" => SourceType::BigInt { unsigned: true },
            "float" => SourceType::Float,
            "double" | "real" | "double precision" => SourceType::Double,
            "decimal" | "numeric" | "dec" | "fixed" => {
                let mut nums = args.unwrap_or("").split(',').map(|n| n.trim().parse::<u32>().ok());
                let p = col.numeric_precision.or_else(|| nums.next().flatten()).unwrap_or(10);
                let s = col.numeric_scale.or_else(|| nums.next().flatten()).unwrap_or(0);
                SourceType::Decimal { precision: p, scale: s }
            }
            "bit" => SourceType::Bit { bits: first_arg.or(col.numeric_precision.map(u64::from)).unwrap_or(1) as u32 },
            "char" => SourceType::Char { chars, bytes },
            "varchar" => SourceType::VarChar { chars, bytes },
            "tinytext" | "text" | "mediumtext" | "longtext" => SourceType::Text { bytes },
            "enum" => SourceType::Enum { members: members(args.unwrap_or("")), bytes },
            "set" => SourceType::Set { members: members(args.unwrap_or("")), bytes },
            "json" => SourceType::Json,
            data_type @ ("binary" | "varbinary" | "tinyblob" | "blob" | "mediumblob" | "longblob") => {
                SourceType::Binary {
                    bytes: col.char_octet_length.map(u64::from).or(first_arg).unwrap_or(65535),
                    fixed: data_type == "binary",
                }
            }
            "date" => SourceType::Date,
            "datetime" => SourceType::DateTime { precision: precision() },
            "timestamp" => SourceType::Timestamp { precision: precision() },
            "time" => SourceType::Time { precision: precision() },
            "year" => SourceType::Year,
            "geometry" | "point" | "linestring" | "polygon" | "multipoint" | "multilinestring" | "multipolygon"
            | "geometrycollection" | "geomcollection" => SourceType::Geometry,
            "uuid" => SourceType::Uuid,
            "inet6" => SourceType::Inet6,
            "inet4" => SourceType::Inet4,
            other => SourceType::Unknown { data_type: other.to_string() },
        }
    }

    /// A column of the source of this kind.
    pub fn of_kind(col: &Column, kind: SourceKind) -> SourceType {
        match kind {
            SourceKind::Mysql => SourceType::of(col),
            SourceKind::Pgsql => SourceType::of_pg(col),
        }
    }

    /// A PostgreSQL column as the reader records it (`source::pgsql`): `data_type` is the base
    /// type's name after domains are resolved (`int4`, `varchar`, `timestamptz`; `enum` and
    /// `composite` for those kinds; `[]` per declared array dimension), lengths in characters
    /// and bytes of the database encoding, precision and scale as the equivalent DECIMAL, and
    /// fraction digits.
    pub fn of_pg(col: &Column) -> SourceType {
        let data_type = lowercase(&col.data_type);
        if let Some(element) = data_type.strip_suffix("[]") {
            if element.ends_with("[]") {
                return SourceType::Unsupported { data_type: data_type.into_owned() };
            }
            let element = SourceType::of_pg(&Column { data_type: element.into(), ..col.clone() });
            return if element.travels_in_arrays() {
                SourceType::Array { element: Box::new(element) }
            } else {
                SourceType::Unsupported { data_type: data_type.into_owned() }
            };
        }
        let chars = col.char_max_length.map(u64::from);
        let bytes = col.char_octet_length.map(u64::from);
        let precision = col.datetime_precision.unwrap_or(6).min(6);
        match data_type.as_ref() {
            "int2" => SourceType::SmallInt { unsigned: false },
            "int4" => SourceType::Int { unsigned: false },
            "int8" | "oid" => SourceType::BigInt { unsigned: false },
            "float4" => SourceType::Float,
            "float8" => SourceType::Double,
            "numeric" => match (col.numeric_precision, col.numeric_scale) {
                (Some(precision), scale) => SourceType::Decimal { precision, scale: scale.unwrap_or(0) },
                (None, _) => SourceType::Numeric,
            },
            "money" => SourceType::Money,
            "bool" => SourceType::Boolean,
            "bit" => match col.numeric_precision.unwrap_or(1) {
                1 => SourceType::Bit { bits: 1 },
                n => SourceType::BitString { bits: Some(n) },
            },
            "varbit" => SourceType::BitString { bits: col.numeric_precision },
            "bpchar" | "varchar" => match (chars, data_type.as_ref()) {
                (Some(chars), "bpchar") => SourceType::Char { chars, bytes: bytes.unwrap_or(chars.saturating_mul(4)) },
                (Some(chars), _) => SourceType::VarChar { chars, bytes: bytes.unwrap_or(chars.saturating_mul(4)) },
                // Without a length: as long as text.
                (None, _) => SourceType::Text { bytes: u64::from(u32::MAX) },
            },
            // At most 1 GB; the planner caps it at the longest VARCHAR, with a warning.
            "text" | "citext" | "ltree" | "xml" => SourceType::Text { bytes: u64::from(u32::MAX) },
            // Identifiers: at most 63 bytes.
            "name" => SourceType::Text { bytes: 64 },
            "bytea" => SourceType::Binary { bytes: u64::from(u32::MAX), fixed: false },
            "json" | "jsonb" | "hstore" => SourceType::Json,
            "uuid" => SourceType::Uuid,
            "enum" => SourceType::Enum {
                members: members(type_args(&col.column_type).unwrap_or("")),
                bytes: bytes.unwrap_or(0),
            },
            // The longest texts: `ffff:…:255.255.255.255/128`, `08:00:2b:01:02:03`, 8 bytes.
            "inet" | "cidr" => SourceType::Text { bytes: 43 },
            "macaddr" => SourceType::Text { bytes: 17 },
            "macaddr8" => SourceType::Text { bytes: 23 },
            // `23:59:59.999999+14:59`
            "timetz" => SourceType::Text { bytes: 32 },
            "range" | "int4range" | "int8range" | "numrange" | "tsrange" | "tstzrange" | "daterange" => {
                SourceType::Range
            }
            "date" => SourceType::Date,
            "time" => SourceType::TimeOfDay { precision },
            "timestamp" => SourceType::DateTime { precision },
            "timestamptz" => SourceType::TimestampTz { precision },
            "interval" => SourceType::Interval,
            "box" | "line" | "lseg" | "path" | "polygon" | "circle" | "point" | "tsvector" | "composite" => {
                SourceType::Unsupported { data_type: data_type.into_owned() }
            }
            other => SourceType::Unknown { data_type: other.to_string() },
        }
    }

    /// Whether postgres-cdc (3.6.0) delivers an array of this type as an ARRAY the StarRocks
    /// sink writes unchanged: Debezium 1.9 drops arrays of bytea, money, interval, bit strings,
    /// xml and geometry, and the sink cannot write TIME.
    fn travels_in_arrays(&self) -> bool {
        matches!(
            self,
            SourceType::SmallInt { .. }
                | SourceType::Int { .. }
                | SourceType::BigInt { .. }
                | SourceType::Float
                | SourceType::Double
                | SourceType::Decimal { .. }
                | SourceType::Boolean
                | SourceType::Char { .. }
                | SourceType::VarChar { .. }
                | SourceType::Text { .. }
                | SourceType::Uuid
                | SourceType::Enum { .. }
                | SourceType::Date
                | SourceType::DateTime { .. }
        )
    }

    pub fn is_binary(&self) -> bool {
        matches!(self, SourceType::Binary { .. })
    }

    /// Values the CDC source must deliver as base64 text (`debezium.binary.handling.mode`).
    pub fn travels_as_base64(&self) -> bool {
        matches!(self, SourceType::Binary { .. } | SourceType::BitString { .. })
    }

    /// A column the planner leaves out of every output.
    pub fn is_left_out(&self) -> bool {
        matches!(self, SourceType::Unsupported { .. })
    }
}

fn lowercase(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) { Cow::Owned(s.to_ascii_lowercase()) } else { Cow::Borrowed(s) }
}

/// MariaDB writes version comments into COLUMN_TYPE (`varchar(10) /*M!100301 COMPRESSED*/`).
fn strip_comments(s: Cow<'_, str>) -> Cow<'_, str> {
    if !s.contains('/') || !s.contains("/*") {
        return match s {
            Cow::Borrowed(b) => Cow::Borrowed(b.trim()),
            Cow::Owned(o) => Cow::Owned(o.trim().to_string()),
        };
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_ref();
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        match rest[start..].find("*/") {
            Some(end) => rest = &rest[start + end + 2..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out.trim().to_string())
}

/// The text between the first `(` and its matching `)`, honouring quoted enum members.
fn type_args(column_type: &str) -> Option<&str> {
    let open = column_type.find('(')?;
    let args = &column_type[open + 1..];
    // Quotes and parentheses are ASCII, so byte positions are character boundaries.
    let bytes = args.as_bytes();
    let mut in_quote = false;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if in_quote {
            if c == b'\'' {
                if bytes.get(i + 1) == Some(&b'\'') {
                    i += 1;
                } else {
                    in_quote = false;
                }
            }
        } else if c == b'\'' {
            in_quote = true;
        } else if c == b')' {
            return Some(&args[..i]);
        }
        i += 1;
    }
    None
}

/// `'a','it''s'` → `["a", "it's"]` (MySQL doubles quotes and may backslash-escape).
fn members(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = args.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' {
            continue;
        }
        let mut m = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    m.push('\'');
                }
                '\'' => break,
                '\\' => {
                    if let Some(n) = chars.next() {
                        m.push(n);
                    }
                }
                c => m.push(c),
            }
        }
        out.push(m);
    }
    out
}

/// PostgreSQL's own limits (SPEC §11): a value beyond them cannot come from a server.
pub fn pg_impossible(c: &Column) -> Option<(&'static str, String)> {
    if let Some(p) = c.datetime_precision.filter(|p| *p > 6) {
        return Some(("datetime_precision", format!("{p} is more than PostgreSQL's 6 fractional digits")));
    }
    if let Some(p) = c.numeric_precision.filter(|p| *p > 1000 && c.data_type.starts_with("numeric")) {
        return Some(("numeric_precision", format!("{p} is more than PostgreSQL's 1000 digits")));
    }
    if let (Some(p), Some(s)) = (c.numeric_precision, c.numeric_scale)
        && s > p
    {
        return Some(("numeric_scale", format!("{s} is more than the precision {p}")));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(data_type: &str, column_type: &str) -> Column {
        Column::new("c", data_type, column_type)
    }

    #[test]
    fn unsigned_and_display_width_are_kept() {
        assert_eq!(
            SourceType::of(&col("tinyint", "tinyint(1)")),
            SourceType::TinyInt { unsigned: false, width: Some(1) }
        );
        assert_eq!(SourceType::of(&col("int", "int(10) unsigned zerofill")), SourceType::Int { unsigned: true });
        // MySQL 8 drops display widths.
        assert_eq!(
            SourceType::of(&col("tinyint", "tinyint unsigned")),
            SourceType::TinyInt { unsigned: true, width: None }
        );
    }

    #[test]
    fn mariadb_compression_comment_is_ignored() {
        let mut c = col("varchar", "varchar(10) /*M!100301 COMPRESSED*/");
        c.char_max_length = Some(10);
        c.char_octet_length = Some(40);
        assert_eq!(SourceType::of(&c), SourceType::VarChar { chars: 10, bytes: 40 });
    }

    #[test]
    fn enum_members_are_unquoted() {
        let c = col("enum", "enum('a','it''s','x,)y')");
        match SourceType::of(&c) {
            SourceType::Enum { members, .. } => assert_eq!(members, ["a", "it's", "x,)y"]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn absurd_lengths_in_column_type_saturate_instead_of_overflowing() {
        let t = SourceType::of(&col("varchar", "varchar(18446744073709551615)"));
        assert_eq!(t, SourceType::VarChar { chars: u64::MAX, bytes: u64::MAX });
        let b = SourceType::of(&col("varbinary", "varbinary(18446744073709551615)"));
        let m = crate::types::starrocks::map(
            &b,
            &crate::types::starrocks::Ctx {
                primary_key: false,
                version: crate::config::Version(3, 3, 0),
                decimal_v3: true,
                tinyint1_as_boolean: true,
                binary_as_text: false,
            },
        );
        assert_eq!(m.ty.to_string(), "VARCHAR(1048576)");
    }

    #[test]
    fn decimal_and_bit_read_their_arguments() {
        assert_eq!(SourceType::of(&col("decimal", "decimal(12,3)")), SourceType::Decimal { precision: 12, scale: 3 });
        assert_eq!(SourceType::of(&col("bit", "bit(64)")), SourceType::Bit { bits: 64 });
        assert_eq!(SourceType::of(&col("datetime", "datetime(3)")), SourceType::DateTime { precision: 3 });
    }
}
