//! The mysql-cdc regexes of a merged shard target read every member and no decoy (SPEC §5):
//! checked the way mysql-cdc applies them — `database-name\.table-name` against the whole
//! `db.table`, ignoring case.

use std::fs;
use std::path::PathBuf;

use smt_rs::model::Snapshot;
use smt_rs::shard::full_match;
use smt_rs::{config, plan};

fn case(name: &str) -> (config::Config, Snapshot) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata").join(name);
    let cfg = config::parse(&fs::read_to_string(dir.join("config.conf")).unwrap(), "config.conf", &|_| None).unwrap();
    let snap = Snapshot::from_json(&fs::read_to_string(dir.join("schema.json")).unwrap(), "schema.json").unwrap();
    (cfg.config, snap)
}

#[test]
fn smt_example_reads_every_shard_and_no_decoy() {
    let (cfg, snap) = case("shards_smt_example");
    let p = plan::plan(&cfg, &snap).unwrap();
    let targets: Vec<_> = p.rules.iter().flat_map(|r| &r.targets).filter(|t| t.table == "course__auto_shard").collect();
    assert_eq!(targets.len(), 1, "exactly one merged table");
    let t = targets[0];
    assert_eq!(
        (t.db.as_str(), t.cdc_database.as_str(), t.cdc_table.as_str()),
        ("edu_db", "(?:edu_db_1|edu_db_2)", "course_[0-9]+")
    );
    let re = full_match(&t.cdc_database, &t.cdc_table).unwrap();
    for member in
        ["edu_db_1.course_1", "edu_db_1.course_2", "edu_db_2.course_3", "edu_db_2.course_4", "edu_db_2.course_17"]
    {
        assert!(re.is_match(member), "{member} must be read");
    }
    for decoy in [
        "edu_db_1.course_extra",
        "edu_db_x.course_5",
        "edu_db_1x.course_1",
        "edu_db_1.course_1_old",
        "shop.orders",
        "edu_db.course_1",
    ] {
        assert!(!re.is_match(decoy), "{decoy} must not be read");
    }
    assert_eq!(t.sources.len(), 4);
}

#[test]
fn a_sibling_that_the_pattern_would_catch_forces_an_explicit_list() {
    let (_, mut snap) = case("shards_smt_example");
    // course_9 lives in a member database but the rule excludes it: the pattern
    // `course_[0-9]+` would read it too, so the member names are listed instead.
    let extra = snap.databases[0].tables[0].clone();
    snap.databases[0].tables.push(smt_rs::model::Table { name: "course_9".into(), ..extra });
    snap.sort();
    let text =
        fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/shards_smt_example/config.conf"))
            .unwrap()
            .replace("table = ^course_[0-9]*$", "table = ^course_[0-9]*$\nexclude_table = ^course_9$");
    let cfg = config::parse(&text, "config.conf", &|_| None).unwrap().config;
    let p = plan::plan(&cfg, &snap).unwrap();
    let t = p.rules.iter().flat_map(|r| &r.targets).find(|t| t.table == "course__auto_shard").unwrap();
    assert_eq!(t.cdc_table, "(?:course_1|course_2|course_3|course_4)");
    let re = full_match(&t.cdc_database, &t.cdc_table).unwrap();
    assert!(re.is_match("edu_db_1.course_2") && !re.is_match("edu_db_1.course_9"));
}

#[test]
fn members_that_cross_read_a_non_member_warn() {
    // Members a.t_1 and b.t_2 while a.t_2 exists (owned by nobody): the pair also reads a.t_2.
    let (_, mut snap) = case("shards_smt_example");
    snap.databases.retain(|d| d.name.starts_with("edu_db"));
    for db in &mut snap.databases {
        db.tables.retain(|t| t.name == "course_1" || t.name == "course_3");
    }
    let mut twin = snap.databases[0].tables[0].clone();
    twin.name = "course_3".into();
    snap.databases[0].tables.push(twin);
    // Rule 1 takes edu_db_1.course_3 first; rule 2 merges edu_db_1.course_1 and edu_db_2.course_3.
    let text = "[db]\nhost = h\n[table-rule.1]\ndatabase = ^edu_db_1$\ntable = ^course_3$\n\
                flink.starrocks.jdbc-url = j\nflink.starrocks.load-url = l\nflink.starrocks.username = u\n\
                [table-rule.2]\ndatabase = ^edu_db_[0-9]+$\ntable = ^course_[0-9]+$\n\
                flink.starrocks.jdbc-url = j\nflink.starrocks.load-url = l\nflink.starrocks.username = u\n";
    let cfg = config::parse(text, "c.conf", &|_| None).unwrap().config;
    let p = plan::plan(&cfg, &snap).unwrap();
    let t = &p.rules[1].targets[0];
    assert_eq!((t.cdc_database.as_str(), t.cdc_table.as_str()), ("(?:edu_db_1|edu_db_2)", "(?:course_1|course_3)"));
    assert!(p.warnings.iter().any(|w| w.message.contains("also reads `edu_db_1`.`course_3`")), "{:#?}", p.warnings);
}

#[test]
fn summary_counts_merged_shard_groups() {
    let (cfg, snap) = case("shards_smt_example");
    let g = smt_rs::app::build(&cfg, snap.clone()).unwrap();
    assert_eq!((g.tables, g.targets, g.shards), (5, 2, 1));
}

/// A snapshot of `db`.`t_1`, `db`.`t_2` … with an `id` primary key and the given extra columns
/// (name, data_type, column_type, octet length, datetime precision), one list per table.
/// (name, data_type, column_type, octet length, datetime precision)
type Col<'a> = (&'a str, &'a str, &'a str, Option<u64>, Option<u64>);

fn shards(tables: &[&[Col]]) -> Snapshot {
    let tables: Vec<serde_json::Value> = tables
        .iter()
        .enumerate()
        .map(|(i, cols)| {
            let mut columns =
                vec![serde_json::json!({"name": "id", "data_type": "int", "column_type": "int", "nullable": false})];
            for (name, dt, ct, octets, dp) in *cols {
                columns.push(serde_json::json!({"name": name, "data_type": dt, "column_type": ct, "nullable": true,
                    "char_max_length": octets, "char_octet_length": octets, "datetime_precision": dp}));
            }
            serde_json::json!({"name": format!("t_{}", i + 1), "primary_key": ["id"], "columns": columns})
        })
        .collect();
    let doc = serde_json::json!({"format_version": 1, "source": {"type": "mysql"}, "databases": [{"name": "db", "tables": tables}]});
    Snapshot::from_json(&doc.to_string(), "s.json").unwrap()
}

fn union_plan(snap: &Snapshot, extra: &str) -> Result<String, smt_rs::error::Error> {
    let text = format!(
        "[db]\nhost = h\n[table-rule.1]\ndatabase = ^db$\ntable = .*\nmerge_shards = union\n{extra}\
         flink.starrocks.jdbc-url = j\nflink.starrocks.load-url = l\nflink.starrocks.username = u\n"
    );
    let cfg = config::parse(&text, "c.conf", &|_| None).unwrap().config;
    let g = smt_rs::app::build(&cfg, snap.clone())?;
    Ok(g.files.iter().map(|f| f.content.to_string()).collect::<Vec<_>>().join("\n"))
}

#[test]
fn union_widens_temporal_and_binary_within_their_family() {
    let snap = shards(&[
        &[("ts", "datetime", "datetime", None, Some(0)), ("b", "varbinary", "varbinary(16)", Some(16), None)],
        &[("ts", "datetime", "datetime(3)", None, Some(3)), ("b", "varbinary", "varbinary(32)", Some(32), None)],
    ]);
    let out = union_plan(&snap, "").unwrap();
    assert!(out.contains("`ts` TIMESTAMP(3)"), "{out}");
    assert!(out.contains("`b` VARCHAR(44) NULL"), "base64 of 32 bytes: {out}");
    assert!(out.contains("'debezium.binary.handling.mode' = 'base64'"), "{out}");
}

#[test]
fn union_of_signed_and_unsigned_bigint_is_decimal_20() {
    let snap = shards(&[&[("v", "bigint", "bigint", None, None)], &[("v", "bigint", "bigint unsigned", None, None)]]);
    let out = union_plan(&snap, "").unwrap();
    assert!(out.contains("`v` DECIMAL(20, 0) NULL") && out.contains("`v` DECIMAL(20, 0),"), "{out}");
}

#[test]
fn union_refuses_types_that_cannot_travel_as_text() {
    let snap = shards(&[&[("d", "date", "date", None, None)], &[("d", "datetime", "datetime", None, Some(0))]]);
    let err = union_plan(&snap, "").unwrap_err();
    assert_eq!(err.exit_code(), 4);
    assert!(
        err.to_string().contains("column `d` (date in `db`.`t_1`, datetime in `db`.`t_2`) cannot be widened"),
        "{err}"
    );
}

#[test]
fn union_numbers_and_strings_meet_as_text() {
    let snap = shards(&[&[("v", "int", "int", None, None)], &[("v", "varchar", "varchar(10)", Some(40), None)]]);
    let out = union_plan(&snap, "").unwrap();
    assert!(out.contains("`v` STRING"), "{out}");
}

#[test]
fn union_refuses_names_differing_only_in_case() {
    let snap = shards(&[&[("Name", "int", "int", None, None)], &[("name", "int", "int", None, None)]]);
    let err = union_plan(&snap, "").unwrap_err();
    assert!(err.to_string().contains("differs from `Name` only in letter case"), "{err}");
}

#[test]
fn a_narrowing_override_is_lossy_and_strict_refuses_it() {
    let snap = shards(&[&[("v", "varchar", "varchar(100)", Some(400), None)]]);
    let text = "[db]\nhost = h\n[other]\nstrict = true\n[table-rule.1]\ndatabase = ^db$\ntable = .*\ntype.varchar = VARCHAR(10)\n\
                flink.starrocks.jdbc-url = j\nflink.starrocks.load-url = l\nflink.starrocks.username = u\n";
    let cfg = config::parse(text, "c.conf", &|_| None).unwrap().config;
    let err = smt_rs::app::build(&cfg, snap.clone()).unwrap_err();
    assert!(err.to_string().contains("the override is narrower than VARCHAR(400)"), "{err}");
}

#[test]
fn named_columns_may_not_repeat_and_must_be_hashable() {
    let snap = shards(&[&[("f", "double", "double", None, None)]]);
    let build = |extra: &str| {
        let text = format!(
            "[db]\nhost = h\n[table-rule.1]\ndatabase = ^db$\ntable = .*\n{extra}\nflink.starrocks.jdbc-url = j\nflink.starrocks.load-url = l\nflink.starrocks.username = u\n"
        );
        smt_rs::app::build(&config::parse(&text, "c.conf", &|_| None).unwrap().config, snap.clone())
            .unwrap_err()
            .to_string()
    };
    assert!(build("distributed_by = id, id").contains("`distributed_by` names `id` twice"));
    assert!(build("distributed_by = f").contains("which StarRocks cannot hash-distribute by"));
}

#[test]
fn excluding_a_column_of_the_promoted_unique_key_is_an_error() {
    let doc = serde_json::json!({"format_version": 1, "source": {"type": "mysql"}, "databases": [{"name": "db", "tables": [
        {"name": "t", "unique_keys": [["code"]], "columns": [
            {"name": "code", "data_type": "int", "column_type": "int", "nullable": false},
            {"name": "v", "data_type": "int", "column_type": "int", "nullable": true}]}]}]});
    let snap = Snapshot::from_json(&doc.to_string(), "s.json").unwrap();
    let text = "[db]\nhost = h\n[table-rule.1]\ndatabase = ^db$\ntable = .*\nexclude_columns = ^code$\n\
                flink.starrocks.jdbc-url = j\nflink.starrocks.load-url = l\nflink.starrocks.username = u\n";
    let err = smt_rs::app::build(&config::parse(text, "c.conf", &|_| None).unwrap().config, snap).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("a column of the unique key that becomes its primary key"), "{err}");
}

/// Tables are designed in parallel and shard groups merged as they are found; whichever meets an
/// error first, the one reported is the first in plan order (`a` before the `s_` group).
#[test]
fn the_first_error_in_plan_order_is_reported_not_the_first_found() {
    let col =
        |name: &str, t: &str| serde_json::json!({"name": name, "data_type": t, "column_type": t, "nullable": false});
    let doc = serde_json::json!({"format_version": 1, "source": {"type": "mysql"}, "databases": [{"name": "d", "tables": [
        {"name": "a", "primary_key": ["id"], "columns": [col("id", "int"), col("created", "varchar")]},
        {"name": "s_1", "primary_key": ["id"], "columns": [col("id", "int"), col("created", "date")]},
        {"name": "s_2", "primary_key": ["id", "created"], "columns": [col("id", "int"), col("created", "date")]}]}]});
    let snap = Snapshot::from_json(&doc.to_string(), "s.json").unwrap();
    let text = "[db]\nhost = h\n[table-rule.1]\ndatabase = ^d$\ntable = .*\nmerge_shards = union\npartition_key = created\n\
                partitions = START (\"2020-01-01\") END (\"2030-01-01\") EVERY (INTERVAL 1 YEAR)\n\
                flink.starrocks.jdbc-url = j\nflink.starrocks.load-url = l\nflink.starrocks.username = u\n";
    let cfg = config::parse(text, "c.conf", &|_| None).unwrap().config;
    for _ in 0..20 {
        let err = smt_rs::app::build(&cfg, snap.clone()).unwrap_err();
        assert_eq!(err.exit_code(), 2, "{err}");
        assert!(err.to_string().contains("`partition_key`: `d`.`a`.`created`"), "{err}");
    }
}
