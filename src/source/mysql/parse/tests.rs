//! Recorded information_schema rows: MariaDB 10.11 (seen on the project's machines) and MySQL 8.0
//! (as documented and as MySQL 8.0.19+ prints them) must yield the same model.

use super::*;
use crate::source::mysql::query::{CheckRow, KeyRow, TableRow, group_columns};

fn row(name: &str, data_type: &str, column_type: &str, default: Option<&str>, extra: &str) -> ColumnRow {
    ColumnRow {
        schema: "d".into(),
        table: "t".into(),
        name: name.into(),
        ordinal: 1,
        default: default.map(str::to_string),
        is_nullable: "YES".into(),
        data_type: data_type.into(),
        column_type: column_type.into(),
        extra: extra.into(),
        ..ColumnRow::default()
    }
}

fn both(maria: ColumnRow, mysql8: ColumnRow) -> Column {
    let a = column(maria, true);
    let b = column(mysql8, false);
    assert_eq!(a, b);
    a
}

#[test]
fn integer_display_widths_are_dropped_like_mysql_8() {
    let c = both(row("a", "int", "int(11)", None, ""), row("a", "int", "int", None, ""));
    assert_eq!(c.column_type, "int");
    let c = both(row("a", "bigint", "bigint(20) unsigned", None, ""), row("a", "bigint", "bigint unsigned", None, ""));
    assert_eq!(c.column_type, "bigint unsigned");
    let c = both(row("a", "year", "year(4)", None, ""), row("a", "year", "year", None, ""));
    assert_eq!(c.column_type, "year");
}

#[test]
fn tinyint1_and_zerofill_keep_their_width() {
    let c = both(row("a", "tinyint", "tinyint(1)", None, ""), row("a", "tinyint", "tinyint(1)", None, ""));
    assert_eq!(c.column_type, "tinyint(1)");
    let c = both(
        row("a", "int", "int(8) unsigned zerofill", None, ""),
        row("a", "int", "int(8) unsigned zerofill", None, ""),
    );
    assert_eq!(c.column_type, "int(8) unsigned zerofill");
}

#[test]
fn string_defaults_are_unquoted() {
    // MariaDB: 'x\ny<TAB>z\\w''q"' ; MySQL 8: the bare value.
    let c = both(
        row("a", "varchar", "varchar(50)", Some("'x\\ny\tz\\\\w''q\"'"), ""),
        row("a", "varchar", "varchar(50)", Some("x\ny\tz\\w'q\""), ""),
    );
    assert_eq!(c.default, Some(DefaultValue::Literal("x\ny\tz\\w'q\"".into())));
}

#[test]
fn null_defaults_are_none_but_the_string_null_is_kept() {
    let c = both(row("a", "varchar", "varchar(10)", Some("NULL"), ""), row("a", "varchar", "varchar(10)", None, ""));
    assert_eq!(c.default, None);
    let c = both(
        row("a", "varchar", "varchar(10)", Some("'NULL'"), ""),
        row("a", "varchar", "varchar(10)", Some("NULL"), ""),
    );
    assert_eq!(c.default, Some(DefaultValue::Literal("NULL".into())));
    let c = both(row("a", "varchar", "varchar(10)", Some("''"), ""), row("a", "varchar", "varchar(10)", Some(""), ""));
    assert_eq!(c.default, Some(DefaultValue::Literal("".into())));
}

#[test]
fn numeric_and_bit_defaults_are_literals() {
    let c = both(
        row("a", "decimal", "decimal(10,2)", Some("1.50"), ""),
        row("a", "decimal", "decimal(10,2)", Some("1.50"), ""),
    );
    assert_eq!(c.default, Some(DefaultValue::Literal("1.50".into())));
    let c = both(row("a", "bit", "bit(3)", Some("b'101'"), ""), row("a", "bit", "bit(3)", Some("b'101'"), ""));
    assert_eq!(c.default, Some(DefaultValue::Literal("b'101'".into())));
}

#[test]
fn current_timestamp_defaults_and_on_update_normalise() {
    let c = both(
        row("a", "timestamp", "timestamp(3)", Some("current_timestamp(3)"), "on update current_timestamp(3)"),
        row(
            "a",
            "timestamp",
            "timestamp(3)",
            Some("CURRENT_TIMESTAMP(3)"),
            "DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)",
        ),
    );
    assert_eq!(c.default, Some(DefaultValue::expr("current_timestamp(3)")));
    assert_eq!(c.extra, "on update current_timestamp(3)");
    let c = both(
        row("a", "datetime", "datetime", Some("current_timestamp()"), ""),
        row("a", "datetime", "datetime", Some("CURRENT_TIMESTAMP"), "DEFAULT_GENERATED"),
    );
    assert_eq!(c.default, Some(DefaultValue::expr("current_timestamp()")));
}

#[test]
fn mysql_57_current_timestamp_without_flag_is_an_expression() {
    let c = column(row("a", "timestamp", "timestamp", Some("CURRENT_TIMESTAMP"), "on update CURRENT_TIMESTAMP"), false);
    assert_eq!(c.default, Some(DefaultValue::expr("current_timestamp()")));
}

#[test]
fn expression_defaults_stay_expressions() {
    let c = both(
        row("a", "varchar", "varchar(36)", Some("uuid()"), ""),
        row("a", "varchar", "varchar(36)", Some("uuid()"), "DEFAULT_GENERATED"),
    );
    assert_eq!(c.default, Some(DefaultValue::expr("uuid()")));
}

#[test]
fn mariadb_json_is_longtext_with_a_check_mysql_json_is_json() {
    let mut maria = row("doc", "longtext", "longtext", Some("NULL"), "");
    maria.char_max_length = Some(4294967295);
    maria.char_octet_length = Some(4294967295);
    maria.charset = Some("utf8mb4".into());
    let mut a = column(maria, true);
    assert!(may_be_json(&a));
    as_json(&mut a);
    let b = column(row("doc", "json", "json", None, ""), false);
    assert_eq!(a, b);
    assert_eq!((a.data_type.as_str(), a.column_type.as_str(), a.char_octet_length), ("json", "json", None));
}

#[test]
fn empty_generation_expression_is_none() {
    let mut mysql = row("a", "int", "int", None, "");
    mysql.generation_expression = Some(String::new());
    assert_eq!(column(mysql, false).generation_expression, None);
}

#[test]
fn json_valid_check_clause_names_the_column() {
    assert_eq!(json_valid_column("json_valid(`c_json`)"), Some("c_json".into()));
    assert_eq!(json_valid_column("json_valid(`we``ird`)"), Some("we`ird".into()));
    assert_eq!(json_valid_column("json_valid(`a`) and `b` > 0"), None);
}

fn table(schema: &str, name: &str, kind: &str) -> TableRow {
    TableRow {
        schema: schema.into(),
        name: name.into(),
        kind: kind.into(),
        engine: None,
        rows: None,
        data_length: None,
        comment: String::new(),
    }
}

#[test]
fn views_and_sequences_are_skipped_system_versioned_tables_kept() {
    let mut cols = vec![row("id", "int", "int(11)", None, "")];
    for t in ["t", "hist", "v", "seq"] {
        let mut c = row("id", "int", "int(11)", None, "");
        c.table = t.into();
        cols.push(c);
    }
    cols.remove(0);
    let rows = Rows {
        version: "10.11.14-MariaDB".into(),
        tables: vec![
            table("d", "t", "BASE TABLE"),
            table("d", "hist", "SYSTEM VERSIONED"),
            table("d", "v", "VIEW"),
            table("d", "seq", "SEQUENCE"),
        ],
        columns: group_columns(cols.into_iter().map(|c| source_column(c, true))),
        keys: vec![],
        checks: vec![],
        timings: vec![],
    };
    let (snap, skipped) = snapshot(rows, &["d".to_string()]);
    let names: Vec<&str> = snap.databases[0].tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["hist", "t"]);
    let skipped: Vec<String> = skipped.iter().map(|s| s.to_string()).collect();
    assert_eq!(skipped, ["`d`.`seq` (sequence)", "`d`.`v` (view)"]);
}

#[test]
fn rows_of_other_databases_differing_in_case_are_ignored() {
    let mut other = row("id", "int", "int", None, "");
    other.schema = "CaseDemo".into();
    let mut mine = row("id", "int", "int", None, "");
    mine.schema = "casedemo".into();
    let rows = Rows {
        version: "10.11.14-MariaDB".into(),
        tables: vec![table("casedemo", "t", "BASE TABLE"), table("CaseDemo", "t", "BASE TABLE")],
        columns: group_columns([source_column(mine, true), source_column(other, true)]),
        keys: vec![],
        checks: vec![],
        timings: vec![],
    };
    let (snap, _) = snapshot(rows, &["casedemo".to_string()]);
    assert_eq!(snap.databases.len(), 1);
    assert_eq!(snap.databases[0].tables.len(), 1);
    assert_eq!(snap.databases[0].tables[0].columns.len(), 1);
}

#[test]
fn keys_come_in_sequence_order_and_unique_keys_by_index_name() {
    let key = |index: &str, seq: u64, column: &str| KeyRow {
        schema: "d".into(),
        table: "t".into(),
        index: index.into(),
        seq,
        column: (!column.is_empty()).then(|| column.to_string()),
    };
    let rows = Rows {
        version: "8.0.36".into(),
        tables: vec![table("d", "t", "BASE TABLE")],
        columns: group_columns(
            ["a", "b", "c"].iter().enumerate().map(|(i, n)| {
                source_column(ColumnRow { ordinal: i as u64 + 1, ..row(n, "int", "int", None, "") }, false)
            }),
        ),
        keys: vec![
            key("uk_z", 1, "c"),
            key("PRIMARY", 2, "a"),
            key("PRIMARY", 1, "b"),
            key("uk_a", 2, "a"),
            key("uk_a", 1, "c"),
            // A MySQL 8 functional key part has no column: such an index cannot be a key.
            key("uk_fn", 1, ""),
        ],
        checks: vec![CheckRow { schema: "d".into(), table: "t".into(), name: "x".into(), clause: "`a` > 0".into() }],
        timings: vec![],
    };
    let (snap, _) = snapshot(rows, &["d".to_string()]);
    let t = &snap.databases[0].tables[0];
    assert_eq!(t.primary_key, ["b", "a"]);
    assert_eq!(t.unique_keys, vec![vec!["c".to_string(), "a".into()], vec!["c".into()]]);
}

#[test]
fn generated_column_extra_keeps_its_case() {
    let c =
        both(row("g", "int", "int(11)", None, "VIRTUAL GENERATED"), row("g", "int", "int", None, "VIRTUAL GENERATED"));
    assert_eq!(c.extra, "VIRTUAL GENERATED");
}

#[test]
fn a_closing_paren_before_the_opening_one_does_not_panic() {
    assert_eq!(normalise_column_type("tinyint", "x)tinyint(4)"), "x)tinyint");
    assert_eq!(normalise_column_type("int", "int)("), "int)(");
}
