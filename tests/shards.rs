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
    let re = full_match(&t.cdc_database, &t.cdc_table);
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
    let re = full_match(&t.cdc_database, &t.cdc_table);
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
    assert!(p.warnings.iter().any(|w| w.contains("also reads `edu_db_1`.`course_3`")), "{:#?}", p.warnings);
}

#[test]
fn summary_counts_merged_shard_groups() {
    let (cfg, snap) = case("shards_smt_example");
    let g = smt_rs::app::build(&cfg, &snap).unwrap();
    assert_eq!((g.tables, g.targets, g.shards), (5, 2, 1));
}
