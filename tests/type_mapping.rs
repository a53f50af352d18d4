//! SPEC §7 as a table: one row per MySQL-family COLUMN_TYPE, one column per output.
//! Lengths are what MariaDB reports for a utf8mb4 column unless the row says otherwise.

use smt_rs::config::Version;
use smt_rs::model::Column;
use smt_rs::model::SourceKind;
use smt_rs::source_type::SourceType;
use smt_rs::types::flink::{Convert, sink, source_type};
use smt_rs::types::starrocks::{Ctx, map};

fn column(
    data_type: &str,
    column_type: &str,
    chars: Option<u32>,
    bytes: Option<u32>,
    p: Option<u32>,
    s: Option<u32>,
) -> Column {
    Column {
        char_max_length: chars,
        char_octet_length: bytes,
        numeric_precision: p,
        numeric_scale: s,
        ..Column::new("c", data_type, column_type)
    }
}

const V33: Ctx = Ctx {
    primary_key: false,
    version: Version(3, 3, 0),
    decimal_v3: true,
    tinyint1_as_boolean: true,
    binary_as_text: false,
};

/// The sink column's type for a non-key column.
fn sink_type(
    source: &smt_rs::types::flink::FlinkType,
    target: &smt_rs::types::starrocks::StarRocksType,
    key: bool,
) -> String {
    sink(source, target, key, false).0.to_string()
}

/// (data_type, column_type, chars, bytes, precision, scale, StarRocks, Flink source, Flink sink)
type Row = (
    &'static str,
    &'static str,
    Option<u32>,
    Option<u32>,
    Option<u32>,
    Option<u32>,
    &'static str,
    &'static str,
    &'static str,
);

const N: Option<u32> = None;

#[rustfmt::skip]
const ROWS: &[Row] = &[
    ("tinyint", "tinyint(1)", N, N, Some(3), Some(0), "BOOLEAN", "BOOLEAN", "BOOLEAN"),
    ("bool", "tinyint(1)", N, N, Some(3), Some(0), "BOOLEAN", "BOOLEAN", "BOOLEAN"),
    ("tinyint", "tinyint(4)", N, N, Some(3), Some(0), "TINYINT", "TINYINT", "TINYINT"),
    ("tinyint", "tinyint(3) unsigned", N, N, Some(3), Some(0), "SMALLINT", "SMALLINT", "SMALLINT"),
    ("tinyint", "tinyint(1) unsigned", N, N, Some(3), Some(0), "SMALLINT", "SMALLINT", "SMALLINT"),
    ("smallint", "smallint(6)", N, N, Some(5), Some(0), "SMALLINT", "SMALLINT", "SMALLINT"),
    ("smallint", "smallint(5) unsigned", N, N, Some(5), Some(0), "INT", "INT", "INT"),
    ("mediumint", "mediumint(9)", N, N, Some(7), Some(0), "INT", "INT", "INT"),
    ("mediumint", "mediumint(8) unsigned", N, N, Some(7), Some(0), "INT", "BIGINT", "BIGINT"),
    ("int", "int(11)", N, N, Some(10), Some(0), "INT", "INT", "INT"),
    ("int", "int(10) unsigned", N, N, Some(10), Some(0), "BIGINT", "BIGINT", "BIGINT"),
    ("int", "int(10) unsigned zerofill", N, N, Some(10), Some(0), "BIGINT", "BIGINT", "BIGINT"),
    ("bigint", "bigint(20)", N, N, Some(19), Some(0), "BIGINT", "BIGINT", "BIGINT"),
    ("bigint", "bigint(20) unsigned", N, N, Some(20), Some(0), "LARGEINT", "DECIMAL(20, 0)", "DECIMAL(20, 0)"),
    ("serial", "serial", N, N, N, N, "LARGEINT", "DECIMAL(20, 0)", "DECIMAL(20, 0)"),
    ("float", "float", N, N, Some(12), N, "FLOAT", "FLOAT", "FLOAT"),
    ("double", "double", N, N, Some(22), N, "DOUBLE", "DOUBLE", "DOUBLE"),
    ("real", "double", N, N, Some(22), N, "DOUBLE", "DOUBLE", "DOUBLE"),
    ("decimal", "decimal(10,2)", N, N, Some(10), Some(2), "DECIMAL(10, 2)", "DECIMAL(10, 2)", "DECIMAL(10, 2)"),
    ("decimal", "decimal(38,10)", N, N, Some(38), Some(10), "DECIMAL(38, 10)", "DECIMAL(38, 10)", "DECIMAL(38, 10)"),
    ("decimal", "decimal(65,30)", N, N, Some(65), Some(30), "VARCHAR(67)", "STRING", "STRING"),
    ("bit", "bit(1)", N, N, Some(1), N, "BOOLEAN", "BOOLEAN", "BOOLEAN"),
    ("bit", "bit(5)", N, N, Some(5), N, "BIGINT", "BINARY(1)", "BINARY(1)"),
    ("bit", "bit(63)", N, N, Some(63), N, "BIGINT", "BINARY(8)", "BINARY(8)"),
    ("bit", "bit(64)", N, N, Some(64), N, "LARGEINT", "BINARY(8)", "BINARY(8)"),
    ("char", "char(10)", Some(10), Some(40), N, N, "CHAR(40)", "CHAR(10)", "CHAR(10)"),
    ("char", "char(10)", Some(10), Some(10), N, N, "CHAR(10)", "CHAR(10)", "CHAR(10)"),
    ("char", "char(100)", Some(100), Some(400), N, N, "VARCHAR(400)", "CHAR(100)", "CHAR(100)"),
    ("char", "char(0)", Some(0), Some(0), N, N, "VARCHAR(1)", "STRING", "STRING"),
    ("varchar", "varchar(0)", Some(0), Some(0), N, N, "VARCHAR(1)", "STRING", "STRING"),
    ("varchar", "varchar(255)", Some(255), Some(1020), N, N, "VARCHAR(1020)", "VARCHAR(255)", "VARCHAR(255)"),
    ("varchar", "varchar(255)", Some(255), Some(255), N, N, "VARCHAR(255)", "VARCHAR(255)", "VARCHAR(255)"),
    ("varchar", "varchar(16383)", Some(16383), Some(65532), N, N, "VARCHAR(65532)", "VARCHAR(16383)", "VARCHAR(16383)"),
    ("tinytext", "tinytext", Some(63), Some(255), N, N, "VARCHAR(255)", "STRING", "STRING"),
    ("text", "text", Some(16383), Some(65535), N, N, "VARCHAR(65535)", "STRING", "STRING"),
    ("mediumtext", "mediumtext", Some(4194303), Some(16777215), N, N, "VARCHAR(1048576)", "STRING", "STRING"),
    ("longtext", "longtext", Some(1073741823), Some(4294967295), N, N, "VARCHAR(1048576)", "STRING", "STRING"),
    ("enum", "enum('a','bb')", Some(2), Some(8), N, N, "VARCHAR(8)", "STRING", "STRING"),
    ("set", "set('x','y')", Some(3), Some(12), N, N, "ARRAY<VARCHAR(12)>", "ARRAY<STRING>", "ARRAY<STRING>"),
    ("json", "json", N, N, N, N, "JSON", "STRING", "STRING"),
    ("binary", "binary(16)", Some(16), Some(16), N, N, "VARCHAR(24)", "STRING", "STRING"),
    ("varbinary", "varbinary(100)", Some(100), Some(100), N, N, "VARCHAR(136)", "STRING", "STRING"),
    ("tinyblob", "tinyblob", Some(255), Some(255), N, N, "VARCHAR(340)", "STRING", "STRING"),
    ("blob", "blob", Some(65535), Some(65535), N, N, "VARCHAR(87380)", "STRING", "STRING"),
    ("mediumblob", "mediumblob", Some(16777215), Some(16777215), N, N, "VARCHAR(1048576)", "STRING", "STRING"),
    ("longblob", "longblob", Some(4294967295), Some(4294967295), N, N, "VARCHAR(1048576)", "STRING", "STRING"),
    ("date", "date", N, N, N, N, "DATE", "DATE", "DATE"),
    ("datetime", "datetime", N, N, N, N, "DATETIME", "TIMESTAMP(0)", "TIMESTAMP(0)"),
    ("datetime", "datetime(6)", N, N, N, N, "DATETIME", "TIMESTAMP(6)", "TIMESTAMP(6)"),
    ("timestamp", "timestamp", N, N, N, N, "DATETIME", "TIMESTAMP(0)", "TIMESTAMP(0)"),
    ("timestamp", "timestamp(3)", N, N, N, N, "DATETIME", "TIMESTAMP(3)", "TIMESTAMP(3)"),
    ("time", "time", N, N, N, N, "VARCHAR(20)", "TIME(0)", "STRING"),
    ("time", "time(3)", N, N, N, N, "VARCHAR(20)", "TIME(3)", "STRING"),
    ("year", "year(4)", N, N, N, N, "SMALLINT", "INT", "INT"),
    ("geometry", "geometry", N, N, N, N, "VARCHAR(1048576)", "STRING", "STRING"),
    ("point", "point", N, N, N, N, "VARCHAR(1048576)", "STRING", "STRING"),
    ("linestring", "linestring", N, N, N, N, "VARCHAR(1048576)", "STRING", "STRING"),
    ("polygon", "polygon", N, N, N, N, "VARCHAR(1048576)", "STRING", "STRING"),
    ("multipoint", "multipoint", N, N, N, N, "VARCHAR(1048576)", "STRING", "STRING"),
    ("multilinestring", "multilinestring", N, N, N, N, "VARCHAR(1048576)", "STRING", "STRING"),
    ("multipolygon", "multipolygon", N, N, N, N, "VARCHAR(1048576)", "STRING", "STRING"),
    ("geometrycollection", "geometrycollection", N, N, N, N, "VARCHAR(1048576)", "STRING", "STRING"),
    ("uuid", "uuid", N, N, N, N, "VARCHAR(36)", "STRING", "STRING"),
    ("inet6", "inet6", N, N, N, N, "VARCHAR(39)", "STRING", "STRING"),
    ("inet4", "inet4", N, N, N, N, "VARCHAR(15)", "STRING", "STRING"),
    ("vector", "vector(3)", N, N, N, N, "VARCHAR(1048576)", "STRING", "STRING"),
];

#[test]
fn every_source_type_maps_as_the_spec_table_says() {
    let mut wrong = Vec::new();
    for &(data_type, column_type, chars, bytes, p, s, sr, fsrc, fsink) in ROWS {
        let t = SourceType::of(&column(data_type, column_type, chars, bytes, p, s));
        let got_sr = map(&t, &V33).ty.to_string();
        let got_src = source_type(&t, true, SourceKind::Mysql);
        let got_sink = sink_type(&got_src, &map(&t, &V33).ty, false);
        let got = (got_sr.as_str(), got_src.to_string(), got_sink.as_str());
        if got != (sr, fsrc.to_string(), fsink) {
            wrong.push(format!(
                "{column_type} ({data_type}): expected {sr} / {fsrc} / {fsink}, got {} / {} / {}",
                got.0, got.1, got.2
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn sr(
    data_type: &str,
    column_type: &str,
    chars: Option<u32>,
    bytes: Option<u32>,
    p: Option<u32>,
    s: Option<u32>,
    ctx: Ctx,
) -> String {
    map(&SourceType::of(&column(data_type, column_type, chars, bytes, p, s)), &ctx).ty.to_string()
}

#[test]
fn tinyint1_stays_tinyint_when_boolean_mapping_is_off() {
    let ctx = Ctx { tinyint1_as_boolean: false, ..V33 };
    assert_eq!(sr("tinyint", "tinyint(1)", N, N, N, N, ctx), "TINYINT");
    assert_eq!(
        source_type(&SourceType::of(&column("tinyint", "tinyint(1)", N, N, N, N)), false, SourceKind::Mysql)
            .to_string(),
        "TINYINT"
    );
}

#[test]
fn old_starrocks_has_shorter_varchar_and_no_json() {
    let v20 = Ctx { version: Version(2, 0, 0), ..V33 };
    assert_eq!(sr("longtext", "longtext", N, Some(4294967295), N, N, v20), "VARCHAR(65533)");
    assert_eq!(sr("json", "json", N, N, N, N, v20), "VARCHAR(65533)");
    assert_eq!(sr("json", "json", N, N, N, N, Ctx { version: Version(2, 2, 0), ..V33 }), "JSON");
}

#[test]
fn decimal_v2_clamps_to_27_9() {
    let v2 = Ctx { decimal_v3: false, ..V33 };
    assert_eq!(sr("decimal", "decimal(10,2)", N, N, Some(10), Some(2), v2), "DECIMAL(10, 2)");
    assert_eq!(sr("decimal", "decimal(30,12)", N, N, Some(30), Some(12), v2), "DECIMAL(27, 9)");
    let m = map(&SourceType::Decimal { precision: 30, scale: 12 }, &v2);
    assert!(m.lossy.is_some(), "clamping must warn");
}

#[test]
fn char_key_column_becomes_varchar() {
    let key = Ctx { primary_key: true, ..V33 };
    assert_eq!(sr("char", "char(8)", Some(8), Some(32), N, N, key), "VARCHAR(32)");
}

#[test]
fn decimal_key_column_becomes_varchar_of_precision_plus_two() {
    let key = Ctx { primary_key: true, ..V33 };
    assert_eq!(sr("decimal", "decimal(12,2)", N, N, Some(12), Some(2), key), "VARCHAR(14)");
}

#[test]
fn unknown_key_column_becomes_varchar_255() {
    let key = Ctx { primary_key: true, ..V33 };
    assert_eq!(sr("vector", "vector(3)", N, N, N, N, key), "VARCHAR(255)");
}

#[test]
fn key_time_keeps_its_flink_type_in_the_sink() {
    let t = source_type(&SourceType::Time { precision: 0 }, true, SourceKind::Mysql);
    assert_eq!(sink_type(&t, &smt_rs::types::starrocks::StarRocksType::VarChar(20), true), "TIME(0)");
}

#[test]
fn decimal_v2_warns_beyond_18_integer_digits() {
    let v2 = Ctx { decimal_v3: false, ..V33 };
    let m = map(&SourceType::Decimal { precision: 25, scale: 0 }, &v2);
    assert_eq!(m.ty.to_string(), "DECIMAL(25, 0)");
    assert!(m.lossy.is_some(), "DECIMALV2 keeps 18 integer digits");
    assert!(map(&SourceType::Decimal { precision: 27, scale: 9 }, &v2).lossy.is_none());
}

#[test]
fn decimal_v2_key_is_sized_from_the_source_precision() {
    let key = Ctx { decimal_v3: false, primary_key: true, ..V33 };
    assert_eq!(map(&SourceType::Decimal { precision: 30, scale: 2 }, &key).ty.to_string(), "VARCHAR(32)");
}

#[test]
fn a_text_override_makes_the_sink_send_text() {
    use smt_rs::types::starrocks::StarRocksType;
    let ts = source_type(&SourceType::DateTime { precision: 3 }, true, SourceKind::Mysql);
    assert_eq!(sink_type(&ts, &StarRocksType::VarChar(32), false), "STRING");
    assert_eq!(sink_type(&ts, &StarRocksType::VarChar(32), true), "TIMESTAMP(3)");
    assert_eq!(sink_type(&ts, &StarRocksType::DateTime, false), "TIMESTAMP(3)");
}

#[test]
fn override_types_parse_as_users_write_them() {
    use smt_rs::types::starrocks::StarRocksType;
    for (text, shown) in [
        ("varchar(64)", "VARCHAR(64)"),
        ("DECIMAL(10, 2)", "DECIMAL(10, 2)"),
        ("string", "VARCHAR(65533)"),
        ("ARRAY<VARCHAR(20)>", "ARRAY<VARCHAR(20)>"),
        ("largeint", "LARGEINT"),
    ] {
        assert_eq!(StarRocksType::parse(text).map(|t| t.to_string()).as_deref(), Some(shown), "{text}");
    }
    for bad in ["VARCHAR", "DECIMAL(50,2)", "CHAR(300)", "TEXT", "VARCHAR(0)"] {
        assert_eq!(StarRocksType::parse(bad), None, "{bad}");
    }
}

/// SPEC §7 "Binary columns that hold text": (data_type, column_type, bytes, StarRocks).
#[rustfmt::skip]
const DECODED: &[(&str, &str, u32, &str)] = &[
    ("binary", "binary(14)", 14, "VARCHAR(14)"),
    ("varbinary", "varbinary(255)", 255, "VARCHAR(255)"),
    ("tinyblob", "tinyblob", 255, "VARCHAR(255)"),
    ("blob", "blob", 65535, "VARCHAR(65535)"),
    ("mediumblob", "mediumblob", 16777215, "VARCHAR(1048576)"),
    ("longblob", "longblob", 4294967295, "VARCHAR(1048576)"),
];

#[test]
fn binary_as_text_columns_become_varchar_of_their_bytes_and_are_decoded() {
    let decoded = Ctx { binary_as_text: true, ..V33 };
    for &(data_type, column_type, bytes, want) in DECODED {
        let t = SourceType::of(&column(data_type, column_type, Some(bytes), Some(bytes), N, N));
        let m = map(&t, &decoded);
        assert_eq!(m.ty.to_string(), want, "{column_type}");
        // Past VMAX the usual truncation warning; within it, no base64 warning.
        assert_eq!(m.lossy.is_some(), u64::from(bytes) > 1_048_576, "{column_type}: {:?}", m.lossy);
        let src = source_type(&t, true, SourceKind::Mysql);
        assert_eq!(src.to_string(), "STRING", "{column_type}: base64 text arrives");
        let (ty, convert) = sink(&src, &m.ty, false, true);
        assert_eq!((ty.to_string(), convert), ("STRING".to_string(), Convert::FromBase64), "{column_type}");
    }
}

#[test]
fn a_key_column_is_never_decoded_or_converted() {
    use smt_rs::types::starrocks::StarRocksType;
    let src = source_type(&SourceType::Binary { bytes: 16, fixed: false }, true, SourceKind::Mysql);
    assert_eq!(sink(&src, &StarRocksType::VarChar(24), true, false), (src.clone(), Convert::None));
    let time = source_type(&SourceType::Time { precision: 3 }, true, SourceKind::Mysql);
    assert_eq!(sink(&time, &StarRocksType::VarChar(20), true, false), (time.clone(), Convert::None));
}

#[test]
fn time_text_keeps_at_most_three_fraction_digits() {
    use smt_rs::types::starrocks::StarRocksType;
    for (p, digits) in [(0, 0), (1, 1), (2, 2), (3, 3), (6, 3)] {
        let time = source_type(&SourceType::Time { precision: p }, true, SourceKind::Mysql);
        let (ty, convert) = sink(&time, &StarRocksType::VarChar(20), false, false);
        assert_eq!((ty.to_string(), convert), ("STRING".to_string(), Convert::TimeText(digits)), "TIME({p})");
    }
}

#[test]
fn spatial_and_base64_mappings_warn() {
    for (data_type, column_type) in [("geometry", "geometry"), ("point", "point"), ("multipolygon", "multipolygon")] {
        let m = map(&SourceType::of(&column(data_type, column_type, N, N, N, N)), &V33);
        let (kind, why) = m.lossy.expect("spatial columns warn");
        assert_eq!(kind, smt_rs::diag::Kind::SpatialAsText);
        assert!(why.contains("GeoJSON") && why.contains("cannot query as geometry"), "{column_type}: {why}");
    }
    let m = map(&SourceType::of(&column("varbinary", "varbinary(10)", Some(10), Some(10), N, N)), &V33);
    let (kind, why) = m.lossy.expect("binary columns warn");
    assert_eq!(kind, smt_rs::diag::Kind::BinaryBase64);
    assert!(why.contains("base64"));
}
