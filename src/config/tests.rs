use super::*;

const BASE: &str = "[db]\nhost = 10.0.0.1\nuser = root\npassword = pa#ss;word\n\n[other]\nbe_num = 3\n\n\
[table-rule.1]\ndatabase = ^demo$\ntable = ^.*$\nflink.starrocks.jdbc-url = jdbc:mysql://h:9030\n\
flink.starrocks.load-url= 1.2.3.4:8030\nflink.starrocks.username = root\nflink.starrocks.password =\n\
flink.starrocks.sink.properties.column_separator = \\x01\n";

fn no_env(_: &str) -> Option<String> {
    None
}

fn ok(text: &str) -> Parsed {
    match parse(text, "c.conf", &no_env) {
        Ok(p) => p,
        Err(e) => panic!("expected success, got: {e}"),
    }
}

fn err(text: &str) -> String {
    match parse(text, "c.conf", &no_env) {
        Ok(_) => panic!("expected an error"),
        Err(e) => {
            assert_eq!(e.exit_code(), 2);
            let msg = e.to_string();
            assert!(!msg.contains('\n'), "error must be one line: {msg:?}");
            msg
        }
    }
}

#[test]
fn hash_and_semicolon_inside_a_value_are_kept() {
    assert_eq!(ok(BASE).config.db.password.0, "pa#ss;word");
}

#[test]
fn backslash_escapes_stay_literal() {
    let p = ok(BASE);
    assert_eq!(p.config.rules[0].sink_option("sink.properties.column_separator"), Some("\\x01"));
}

#[test]
fn spaces_around_values_are_trimmed() {
    let p = ok(BASE);
    assert_eq!(p.config.rules[0].sink_option("load-url"), Some("1.2.3.4:8030"));
    assert_eq!(p.config.rules[0].sink_option("password"), Some(""));
}

#[test]
fn indented_comment_lines_are_comments() {
    let text = BASE.replace("[other]\n", "[other]\n   # an indented comment\n\t; another\n");
    assert!(ok(&text).warnings.is_empty());
}

#[test]
fn rules_are_ordered_by_number_not_by_position() {
    let text = format!(
        "{BASE}\n[table-rule.10]\ndatabase = a\ntable = b\nflink.starrocks.jdbc-url=x\nflink.starrocks.load-url=y\nflink.starrocks.username=z\n\
         [table-rule.2]\ndatabase = c\ntable = d\nflink.starrocks.jdbc-url=x\nflink.starrocks.load-url=y\nflink.starrocks.username=z\n"
    );
    let order: Vec<u32> = ok(&text).config.rules.iter().map(|r| r.n).collect();
    assert_eq!(order, vec![1, 2, 10]);
}

#[test]
fn passthrough_options_keep_file_order() {
    let text = format!(
        "{BASE}flink.cdc.server-id = 5400\nflink.starrocks.sink.max-retries = 10\nflink.cdc.scan.startup.mode = initial\n"
    );
    let rule = &ok(&text).config.rules[0];
    let sink: Vec<&str> = rule.sink_options.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        sink,
        ["jdbc-url", "load-url", "username", "password", "sink.properties.column_separator", "sink.max-retries"]
    );
    let cdc: Vec<&str> = rule.cdc_options.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(cdc, ["server-id", "scan.startup.mode"]);
}

#[test]
fn env_variables_are_substituted() {
    let text = BASE.replace("pa#ss;word", "${SMT_PW}x");
    let env = |n: &str| (n == "SMT_PW").then(|| "secret".to_string());
    let p = parse(&text, "c.conf", &env).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.config.db.password.0, "secretx");
}

#[test]
fn unset_env_variable_is_an_error_naming_the_key() {
    let msg = err(&BASE.replace("pa#ss;word", "${SMT_NOPE}"));
    assert_eq!(msg, "`c.conf` line 4: [db] `password`: environment variable `SMT_NOPE` is not set");
}

#[test]
fn unknown_key_warns_with_a_suggestion() {
    let p = ok(&BASE.replace("be_num = 3", "be_nums = 3"));
    let messages: Vec<&str> = p.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages, ["`c.conf` line 7: unknown key `be_nums` in [other] ignored; did you mean `be_num`?"]);
    assert_eq!(p.warnings[0].kind, crate::diag::Kind::UnknownKey);
    assert_eq!(p.config.other.be_num, 3);
}

#[test]
fn unknown_section_warns() {
    let p = ok(&format!("{BASE}[others]\nx = 1\n"));
    let messages: Vec<&str> = p.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages, ["`c.conf` line 17: unknown section [others] ignored; did you mean [other]?"]);
}

#[test]
fn password_never_appears_in_debug_output() {
    let p = ok(BASE);
    assert!(!format!("{:?}", p.config).contains("pa#ss"));
}

#[test]
fn missing_db_section_is_an_error() {
    assert_eq!(err(&BASE.replace("[db]", "[dbx]")), "`c.conf`: missing section [db]");
}

#[test]
fn key_outside_any_section_is_an_error() {
    assert_eq!(
        err(&format!("be_num = 3\n{BASE}")),
        "`c.conf` line 1: `be_num` is outside any section; put it under [db], [other] or [table-rule.N]"
    );
}

#[test]
fn bad_values_name_the_key() {
    assert_eq!(
        err(&BASE.replace("be_num = 3", "be_num = abc")),
        "`c.conf` line 7: [other] `be_num`: `abc` is not a positive integer"
    );
    assert!(err(&BASE.replace("be_num = 3", "be_num = 0")).contains("`be_num`: `0` is not a positive integer"));
    assert!(err(&BASE.replace("be_num = 3", "be_num = -1")).contains("`be_num`"));
    assert!(err(&BASE.replace("be_num = 3", "be_num = 99999999999")).contains("`be_num`"));
    assert!(
        err(&BASE.replace("user = root", "user = root\nport = 70000")).contains("`port`: `70000` is not a port number")
    );
    assert!(
        err(&BASE.replace("be_num = 3", "statement_set = maybe")).contains("`statement_set`: `maybe` is not a boolean")
    );
    assert!(err(&BASE.replace("be_num = 3", "buckets = many")).contains("`buckets`"));
}

#[test]
fn bad_regex_is_a_one_line_error() {
    let msg = err(&BASE.replace("table = ^.*$", "table = ^(abc$"));
    assert!(msg.starts_with("`c.conf` line 11: [table-rule.1] `table`: bad regex `^(abc$`: "), "{msg}");
}

#[test]
fn rule_without_database_or_table_is_an_error() {
    assert_eq!(
        err(&BASE.replace("database = ^demo$\n", "")),
        "`c.conf` line 9: [table-rule.1] is missing `database` (a regex)"
    );
    assert_eq!(
        err(&BASE.replace("table = ^.*$\n", "")),
        "`c.conf` line 9: [table-rule.1] is missing `table` (a regex)"
    );
}

#[test]
fn generated_sink_options_are_refused() {
    for opt in ["connector", "table-name", "database-name"] {
        let msg = err(&format!("{BASE}flink.starrocks.{opt} = x\n"));
        assert!(msg.contains(&format!("`flink.starrocks.{opt}`: `{opt}` is generated by smt-rs")), "{msg}");
    }
}

#[test]
fn unsupported_source_type_is_refused() {
    let msg = err(&BASE.replace("[db]\n", "[db]\ntype = oracle\n"));
    assert_eq!(
        msg,
        "`c.conf` line 2: [db] `type`: source type `oracle` is not supported yet (supported: mysql, mariadb, pgsql)"
    );
    ok(&BASE.replace("[db]\n", "[db]\ntype = mariadb\n"));
}

#[test]
fn pgsql_sources_default_to_port_5432_and_the_postgres_database() {
    use crate::model::SourceKind;
    for alias in ["pgsql", "postgresql", "postgres", "PgSQL"] {
        let p = ok(&BASE.replace("[db]\n", &format!("[db]\ntype = {alias}\n")));
        assert_eq!((p.config.db.kind, p.config.db.port), (SourceKind::Pgsql, 5432), "{alias}");
        assert_eq!(p.config.db.database, "postgres");
    }
    let p = ok(&BASE.replace("[db]\n", "[db]\ntype = pgsql\nport = 6432\ndatabase = app\n"));
    assert_eq!((p.config.db.port, p.config.db.database.as_str()), (6432, "app"));
    let p = ok(&BASE.replace("table = ^.*$\n", "table = ^.*$\nschema = ^(public|sales)$\n"));
    let rule = &p.config.rules[0];
    assert!(rule.reads_namespace(Some("demo"), "sales") && !rule.reads_namespace(Some("demo"), "audit"));
    assert!(!rule.reads_namespace(Some("app"), "sales"), "the database regex still applies");
    assert!(err(&BASE.replace("table = ^.*$\n", "table = ^.*$\nschema = (\n")).contains("`schema`: bad regex"));
}

#[test]
fn duplicate_sections_and_keys_are_errors() {
    assert!(err(&format!("{BASE}[other]\nstrict = true\n")).contains("section [other] appears twice"));
    assert!(
        err(&BASE.replace("be_num = 3", "be_num = 3\nbe_num = 4")).contains("line 8: [other] `be_num` is set twice")
    );
}

#[test]
fn buckets_auto_needs_a_recent_starrocks() {
    let msg = err(&BASE.replace("be_num = 3", "buckets = auto\nstarrocks_version = 2.0"));
    assert!(msg.contains("`buckets`: `auto` needs StarRocks 2.5.7"), "{msg}");
}

#[test]
fn versions_compare_by_component() {
    assert!(parse_version("2.5.7") < parse_version("2.10"));
    assert_eq!(parse_version("3.3"), Some(Version(3, 3, 0)));
    assert_eq!(parse_version("3.x"), None);
}

#[test]
fn init_sample_round_trips_to_the_defaults() {
    let sample = keys::sample_config();
    let p = ok(&sample);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let o = &p.config.other;
    assert_eq!((o.be_num, o.replication_num, o.use_decimal_v3, o.buckets), (3, 3, true, Buckets::Heuristic));
    assert_eq!(o.starrocks_version, Version(3, 3, 0));
    assert_eq!(p.config.db.port, 3306);
    assert_eq!(p.config.rules[0].cdc_option("server-id"), Some("5400"));
}

#[test]
fn every_key_is_documented_in_the_readme() {
    let readme = include_str!("../../README.md");
    for k in keys::KEYS {
        let name = if k.prefix { format!("`{}*`", k.name) } else { format!("`{}`", k.name) };
        assert!(readme.contains(&name), "README config reference lacks {name} ({})", k.section.header());
    }
}

#[test]
fn trailing_backslash_is_literal_and_does_not_join_lines() {
    let text = BASE.replace("password = pa#ss;word\n", "password = p#ss\\\n# a comment\nport = 3307\n");
    let p = ok(&text);
    assert_eq!(p.config.db.password.0, "p#ss\\");
    assert_eq!(p.config.db.port, 3307);
}

#[test]
fn generated_source_options_are_refused() {
    for opt in ["connector", "table-name", "database-name"] {
        let msg = err(&format!("{BASE}flink.cdc.{opt} = x\n"));
        assert!(msg.contains(&format!("`flink.cdc.{opt}`: `{opt}` is generated by smt-rs")), "{msg}");
    }
}

#[test]
fn smt_schema_key_is_accepted_and_ignored() {
    let p = ok(&BASE.replace("table = ^.*$\n", "table = ^.*$\nschema = ^public$\n"));
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn a_line_without_equals_is_an_error_not_part_of_the_next_key() {
    let msg = err(&BASE.replace("be_num = 3", "be_nm\nbe_num = 3"));
    assert_eq!(msg, "`c.conf` line 7: `be_nm` is not `key = value`, a [section] or a comment");
}
