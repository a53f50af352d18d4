//! Flink CDC 3 pipelines (SPEC §13), read back as Flink CDC would read them: every golden
//! pipeline parses as YAML, uses only keys its release accepts, reads exactly its rule's member
//! tables out of every table of the snapshot (decoys included), routes each member to exactly
//! its StarRocks table, projects exactly the StarRocks columns, and takes server ids no other
//! pipeline or SQL source has. tests/live.rs does the same against a real MariaDB.

mod common {
    pub mod flinkcdc;
    pub mod pipelines;
}

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::pipelines::{check_pipelines, parse, str_of};
use smt_rs::config::{self, CdcRelease};
use smt_rs::diag::Kind;
use smt_rs::model::Snapshot;
use smt_rs::plan;
use smt_rs::plan::pipeline::keys;
use yaml_rust2::Yaml;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Golden cases that write pipelines.
fn cases() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(root().join("testdata"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            fs::read_dir(p.join("expected"))
                .is_ok_and(|mut d| d.any(|f| f.unwrap().file_name().to_string_lossy().ends_with(".yaml")))
        })
        .collect();
    out.sort();
    out
}

fn yaml_files(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fs::read_dir(dir.join("expected"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), fs::read_to_string(&p).unwrap()))
        .collect();
    out.sort();
    out
}

fn keys_of(y: &Yaml) -> Vec<String> {
    y.as_hash().expect("a mapping").keys().map(|k| k.as_str().expect("string keys").to_string()).collect()
}

#[test]
fn golden_pipelines_parse_and_use_only_accepted_keys() {
    let cases = cases();
    assert!(cases.len() >= 4, "the cdc3 golden cases are missing");
    for dir in cases {
        let conf =
            config::parse(&fs::read_to_string(dir.join("config.conf")).unwrap(), "config.conf", &|_| None).unwrap();
        let release = conf.config.other.cdc_pipeline.expect("cdc_pipeline is set");
        for (name, text) in yaml_files(&dir) {
            let y = parse(&text, &name);
            for k in keys_of(&y) {
                assert!(keys::TOP_LEVEL.contains(&k.as_str()), "{name}: top-level `{k}`");
            }
            assert_eq!(str_of(&y["source"], "type"), "mysql");
            for k in keys_of(&y["source"]).iter().filter(|k| *k != "type") {
                assert!(
                    keys::source_accepts(release, k),
                    "{name}: Flink CDC {release}'s MySQL source does not take `{k}`"
                );
            }
            assert_eq!(str_of(&y["sink"], "type"), "starrocks");
            for k in keys_of(&y["sink"]).iter().filter(|k| *k != "type") {
                assert!(
                    keys::sink_accepts(release, k) || keys::SINK_SCHEMA_CHANGE_KEYS.contains(&k.as_str()),
                    "{name}: Flink CDC {release}'s StarRocks sink does not take `{k}`"
                );
            }
            let excluded: Vec<&str> = y["sink"]["exclude.schema.changes"]
                .as_vec()
                .expect("a YAML list")
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            for change in ["alter.column.type", "drop.column", "rename.column", "drop.table", "truncate.table"] {
                assert!(excluded.contains(&change), "{name}: {change} is not excluded");
            }
            for tag in &excluded {
                assert!(keys::SCHEMA_CHANGE_TAGS.contains(tag), "{name}: `{tag}` is no schema-change tag");
            }
            for (block, allowed) in [("route", keys::ROUTE_KEYS), ("transform", keys::TRANSFORM_KEYS)] {
                if let Some(entries) = y[block].as_vec() {
                    for e in entries {
                        for k in keys_of(e) {
                            assert!(allowed.contains(&k.as_str()), "{name}: {block} key `{k}`");
                        }
                    }
                } else {
                    assert!(y[block].is_badvalue(), "{name}: `{block}` must be a YAML list");
                }
            }
            for k in keys_of(&y["pipeline"]) {
                assert!(keys::pipeline_keys(release).contains(&k.as_str()), "{name}: pipeline key `{k}` on {release}");
            }
            assert_eq!(str_of(&y["pipeline"], "schema.change.behavior"), "lenient");
            assert_eq!(y["pipeline"]["route-mode"].as_str(), (release == CdcRelease::V3_6).then_some("FIRST_MATCH"));
            // Regexes and passwords are single-quoted scalars.
            for line in text.lines() {
                let t = line.trim_start().trim_start_matches("- ");
                if ["tables:", "password:", "source-table:", "sink-table:", "projection:"]
                    .iter()
                    .any(|k| t.starts_with(k))
                {
                    let value = t.split_once(": ").unwrap().1;
                    assert!(value.starts_with('\'') && value.ends_with('\''), "{name}: {line}");
                }
            }
        }
    }
}

/// The plan of a golden case, and its snapshot.
fn plan_of(dir: &Path, config: &config::Config) -> (Snapshot, Vec<String>) {
    let snapshot = Snapshot::from_json(&fs::read_to_string(dir.join("schema.json")).unwrap(), "schema.json").unwrap();
    let plan = plan::plan(config, &snapshot).unwrap();
    let left_out: Vec<String> =
        plan.warnings.iter().filter(|w| w.kind == Kind::PipelineTableLeftOut).map(|w| w.message.clone()).collect();
    drop(plan);
    (snapshot, left_out)
}

#[test]
fn golden_pipelines_read_exactly_their_members() {
    for dir in cases() {
        let conf =
            config::parse(&fs::read_to_string(dir.join("config.conf")).unwrap(), "config.conf", &|_| None).unwrap();
        let config = conf.config;
        let release = config.other.cdc_pipeline.unwrap();
        let (snapshot, left_out) = plan_of(&dir, &config);
        let plan = plan::plan(&config, &snapshot).unwrap();
        let all: Vec<(String, String)> = snapshot
            .namespaces()
            .flat_map(|n| n.tables.iter().map(move |t| (n.name.to_string(), t.name.clone())))
            .collect();
        check_pipelines(&plan, release, &yaml_files(&dir), &all, &left_out);
    }
}

/// The same schema on both releases: 3.5 leaves out what only 3.6 carries.
#[test]
fn releases_differ_as_the_facts_say() {
    let read = |case: &str| {
        let mut files = BTreeMap::new();
        for (n, t) in yaml_files(&root().join("testdata").join(case)) {
            files.insert(n, t);
        }
        files["flink-cdc-pipeline.1.yaml"].clone()
    };
    let (v35, v36) = (read("cdc3_types_35"), read("cdc3_types_36"));
    assert!(v36.contains("`tm`, `vb`, `bl`"), "3.6 carries TIME and binary:\n{v36}");
    assert!(!v35.contains("`tm`") && !v35.contains("`vb`"), "3.5 leaves TIME and binary out:\n{v35}");
    assert!(v36.contains("DATE_FORMAT_TZ(`dt`, ''yyyy-MM-dd HH:mm:ss.SSSSSS'', ''UTC'') AS `dt`"));
    assert!(v35.contains("DATE_FORMAT(`dt`, ''yyyy-MM-dd HH:mm:ss.SSS'') AS `dt`"));
    for text in [&v35, &v36] {
        assert!(
            !text.contains("`s`") && !text.contains("`bt`") && !text.contains("`title`"),
            "SET, BIT(8) and binary_as_text never go:\n{text}"
        );
        assert!(!text.contains("t_set_nn"), "a NOT NULL SET column leaves its table out");
    }
    assert!(v36.contains("cdc_types.t_timekey") && !v35.contains("t_timekey"), "a TIME key: 3.6 only");
    assert!(v36.contains("route-mode: FIRST_MATCH") && !v35.contains("route-mode"));
    let warnings = fs::read_to_string(root().join("testdata/cdc3_types_35/expected/warnings.txt")).unwrap();
    assert!(warnings.contains("warning[pipeline-fraction]: `cdc_types`.`t_all`.`dt`"), "{warnings}");
}

#[test]
fn a_postgresql_source_refuses_cdc_pipeline() {
    let dir = root().join("testdata/pg_all");
    let text =
        fs::read_to_string(dir.join("config.conf")).unwrap().replacen("[other]\n", "[other]\ncdc_pipeline = 3.6\n", 1);
    let config = config::parse(&text, "config.conf", &|_| None).unwrap().config;
    let snapshot = Snapshot::from_json(&fs::read_to_string(dir.join("schema.json")).unwrap(), "schema.json").unwrap();
    let err = plan::plan(&config, &snapshot).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("cdc_pipeline"), "{err}");
}

#[test]
fn bad_cdc_pipeline_values_are_config_errors() {
    let base = fs::read_to_string(root().join("testdata/cdc3_edu/config.conf")).unwrap();
    for (from, to, says) in [
        ("cdc_pipeline = 3.6", "cdc_pipeline = 3.4", "`3.4` is not off, 3.5 or 3.6"),
        ("parallelism = 4", "parallelism = 0", "parallelism"),
    ] {
        let Err(err) = config::parse(&base.replace(from, to), "config.conf", &|_| None) else {
            panic!("{to} was accepted")
        };
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains(says), "{err}");
    }
}

/// Pipelines hold passwords: mode 0600, and `--redact` writes placeholders instead.
#[test]
fn pipeline_files_are_private_and_redactable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = root().join("testdata/cdc3_names");
    let tmp = tempfile::tempdir().unwrap();
    let run = |out: &str, extra: &[&str]| {
        let mut args = vec!["-q", "-c", "config.conf", "generate", "--schema", "schema.json", "-o"];
        args.push(out);
        args.extend_from_slice(extra);
        std::process::Command::new(env!("CARGO_BIN_EXE_smt-rs"))
            .args(&args)
            .current_dir(&dir)
            .env_remove("SMT_CONFIG")
            .output()
            .unwrap()
    };
    let plain = tmp.path().join("plain");
    assert!(run(plain.to_str().unwrap(), &[]).status.success());
    let file = plain.join("flink-cdc-pipeline.1.yaml");
    assert_eq!(fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    assert!(fs::read_to_string(&file).unwrap().contains("password: 'secret''pw'"));
    let redacted = tmp.path().join("redacted");
    assert!(run(redacted.to_str().unwrap(), &["--redact"]).status.success());
    for (name, text) in fs::read_dir(&redacted).unwrap().map(|e| {
        let p = e.unwrap().path();
        (p.display().to_string(), fs::read_to_string(&p).unwrap())
    }) {
        assert!(!text.contains("secret") && !text.contains("sr#pw"), "{name} holds a password");
    }
    let text = fs::read_to_string(redacted.join("flink-cdc-pipeline.1.yaml")).unwrap();
    assert!(
        text.contains("password: '${SMT_SOURCE_PASSWORD}'") && text.contains("password: '${SMT_SINK_PASSWORD}'"),
        "{text}"
    );
}

/// Every pipeline warning kind shows in a golden case.
#[test]
fn every_pipeline_warning_kind_has_a_golden_case() {
    let all: String = cases().iter().map(|d| fs::read_to_string(d.join("expected/warnings.txt")).unwrap()).collect();
    for kind in
        [Kind::PipelineTableLeftOut, Kind::PipelineColumnLeftOut, Kind::PipelineFraction, Kind::PipelineOptionDropped]
    {
        assert!(all.contains(&format!("warning[{kind}]")), "no golden case warns {kind}");
    }
}
