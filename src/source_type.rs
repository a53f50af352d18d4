//! A snapshot column's MySQL-family type, parsed once into an enum every output matches on.
//!
//! It keeps what each output needs to widen safely — signedness, display width, length in
//! characters *and* bytes, precision — and decides nothing about any target type.

use std::borrow::Cow;

use crate::model::Column;

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

    pub fn is_binary(&self) -> bool {
        matches!(self, SourceType::Binary { .. })
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
