//! Flink CDC 3's own name matching, written for the tests from its rules (research/cdc3-facts.md
//! §2 and §4, and the release-3.5.0 / release-3.6.0 `MySqlDataSourceFactory`, `Predicates`,
//! `Selectors` and `TableIdRouter` code, with Debezium's include-list filter), so that a
//! generated pipeline can be evaluated the way Flink CDC would read it, independently of how
//! smt-rs wrote it. Java regexes are read as Rust byte regexes: the patterns involved
//! (literals, `\xHH`, `(?:a|b)`, `[0-9]+`, `$`) mean the same in both; `CASE_INSENSITIVE` folds
//! ASCII only (`(?i-u)`), `String.trim` strips characters up to U+0020.
//!
//! - `Selectors` (`source.tables` without `scan.binlog.newly-added-table.enabled`, a transform's
//!   `source-table`, a 3.5 route): split on `,` not preceded by `\` (a `\` skips the next
//!   character), each item trimmed and `\,` turned into `,`; each item split the same way on
//!   `.` into 1–3 parts, trimmed, `\.` turned into `.`, empty parts dropped; each part split on
//!   `,` once more and every piece a regex matched whole, ignoring case. A MySQL table (schema =
//!   database, no namespace) matches a 2-part item when both parts match; a 1-part item never;
//!   a 3-part item by its last two parts.
//! - The source's read set: with `scan.binlog.newly-added-table.enabled: true` the `tables`
//!   string is rewritten into one regex (split on every `,`, joined with `|`; `\.` any
//!   character, every other `.` a literal dot) and Debezium matches it whole, ignoring case,
//!   against `db.table`. Without it, the selected tables' plain names are joined with `,` into
//!   Debezium's include list, which splits them on `,` again and reads each as a regex, ignoring
//!   case: what Debezium reads is what those regexes match.
//! - 3.6 routes: the source-table rewritten as above, matched whole with case; the sink is
//!   `replaceAll(sink-table)` on the first `find()` (`$n` a group, `\` an escape), split on `.`.
//!   3.5 routes: `Selectors`, and the sink-table as it is.

use regex::bytes::Regex;

/// `String.trim()`: characters up to U+0020 at both ends.
fn java_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= '\u{20}')
}

/// Java's `TokenStream` splitting as `RegExSplitterByComma`/`ByDot` do it.
fn split_escaped(input: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = input.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            current.push(c);
            match chars.next() {
                Some(n) => current.push(n),
                None => panic!("unterminated escape sequence at the end of {input:?}"),
            }
        } else if c == sep {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    parts.push(current);
    let escaped = format!("\\{sep}");
    parts.into_iter().filter(|p| !p.is_empty()).map(|p| java_trim(&p).replace(&escaped, &sep.to_string())).collect()
}

/// A Java regex as Rust reads it, matched whole; `None` where Java would refuse it too.
fn compile(pattern: &str, ignore_case: bool) -> Option<Regex> {
    let flags = if ignore_case { "(?i-u)" } else { "" };
    Regex::new(&format!("{flags}^(?:{pattern})$")).ok()
}

fn whole(pattern: &str, ignore_case: bool) -> Regex {
    compile(pattern, ignore_case).unwrap_or_else(|| panic!("Flink CDC would refuse the pattern {pattern:?}"))
}

/// `Predicates.includes`: the piece list (split on commas once more), any matching.
fn includes(part: &str) -> Vec<Regex> {
    split_escaped(part, ',').iter().map(|p| whole(p, true)).collect()
}

/// A `Selectors` list.
pub struct Selector {
    items: Vec<Vec<Vec<Regex>>>,
}

impl Selector {
    pub fn parse(tables: &str) -> Selector {
        let items = split_escaped(tables, ',')
            .iter()
            .map(|item| {
                let parts = split_escaped(item, '.');
                assert!((1..=3).contains(&parts.len()), "invalid table inclusion pattern {item:?}");
                parts.iter().map(|p| includes(p)).collect()
            })
            .collect();
        Selector { items }
    }

    /// Whether a MySQL table `db`.`table` is selected.
    pub fn matches(&self, db: &str, table: &str) -> bool {
        let any = |res: &[Regex], s: &str| res.iter().any(|r| r.is_match(s.as_bytes()));
        self.items.iter().any(|parts| match parts.len() {
            2 => any(&parts[0], db) && any(&parts[1], table),
            3 => any(&parts[1], db) && any(&parts[2], table),
            _ => false,
        })
    }
}

/// `convertTableListToRegExpPattern` (3.6 `TableIdRouter`; 3.5's source factory has the same).
fn debezium_style(tables: &str) -> String {
    let joined: Vec<&str> = tables.split(',').map(java_trim).collect();
    const PH: &str = "_dot_placeholder_";
    joined.join("|").replace("\\.", PH).replace('.', "\\.").replace(PH, ".")
}

/// The tables of `all` the MySQL pipeline source reads, given its `tables` option and whether
/// `scan.binlog.newly-added-table.enabled` is on.
pub fn source_reads(tables: &str, binlog: bool, all: &[(String, String)]) -> Vec<(String, String)> {
    let name = |(d, t): &(String, String)| format!("{d}.{t}");
    if binlog {
        let re = whole(&debezium_style(tables), true);
        return all.iter().filter(|x| re.is_match(name(x).as_bytes())).cloned().collect();
    }
    let selector = Selector::parse(tables);
    let selected: Vec<String> = all.iter().filter(|(d, t)| selector.matches(d, t)).map(name).collect();
    assert!(!selected.is_empty(), "Cannot find any table by the option 'tables'");
    // Debezium's include list: the plain names, split on commas, each a regex.
    let include = selected.join(",");
    let regexes: Vec<Regex> = split_escaped(&include, ',')
        .iter()
        .map(|p| compile(p, true).unwrap_or_else(|| panic!("the source fails: Debezium cannot compile {p:?}")))
        .collect();
    all.iter().filter(|x| regexes.iter().any(|r| r.is_match(name(x).as_bytes()))).cloned().collect()
}

/// One route rule of a release.
pub enum Route {
    V36 { pattern: Regex, find: Regex, sink: String },
    V35 { selector: Selector, sink: String },
}

impl Route {
    pub fn parse(source_table: &str, sink_table: &str, v36: bool) -> Route {
        if v36 {
            let java = debezium_style(source_table);
            let find = Regex::new(&java).unwrap_or_else(|e| panic!("route {java:?}: {e}"));
            Route::V36 { pattern: whole(&java, false), find, sink: sink_table.to_string() }
        } else {
            Route::V35 { selector: Selector::parse(source_table), sink: sink_table.to_string() }
        }
    }

    /// The sink table of `db`.`table` when the route matches it.
    pub fn route(&self, db: &str, table: &str) -> Option<(String, String)> {
        let out = match self {
            Route::V35 { selector, sink } => {
                if !selector.matches(db, table) {
                    return None;
                }
                sink.clone()
            }
            Route::V36 { pattern, find, sink } => {
                let id = format!("{db}.{table}");
                if !pattern.is_match(id.as_bytes()) {
                    return None;
                }
                // `matcher.find()` then `replaceAll(sink)`: every match replaced, from the
                // first, by the replacement with its groups.
                let replaced =
                    find.replace_all(id.as_bytes(), |caps: &regex::bytes::Captures| java_replacement(sink, caps));
                String::from_utf8(replaced.into_owned()).expect("UTF-8")
            }
        };
        let parts: Vec<&str> = out.split('.').collect();
        assert_eq!(parts.len(), 2, "sink-table {out:?} is not db.table");
        Some((parts[0].to_string(), parts[1].to_string()))
    }
}

/// Java's replacement syntax: `\x` is x, `$n` group n.
fn java_replacement(sink: &str, caps: &regex::bytes::Captures) -> Vec<u8> {
    let mut out = String::new();
    let mut chars = sink.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(chars.next().expect("escape at the end of a sink-table")),
            '$' => {
                let mut n = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    n.push(*d);
                    chars.next();
                }
                let group: usize = n.parse().expect("`$` without a group number in a sink-table");
                out.push_str(caps.get(group).map_or("", |m| std::str::from_utf8(m.as_bytes()).expect("UTF-8")));
            }
            c => out.push(c),
        }
    }
    out.into_bytes()
}

#[cfg(test)]
#[allow(dead_code)]
mod tests {
    use super::*;

    #[test]
    fn selector_follows_the_facts() {
        // docs example: `adb.\.*, bdb.user_table_[0-9]+, [app|web].order_\.*`
        let s = Selector::parse(r"adb.\.*, bdb.user_table_[0-9]+, [app|web].order_\.*");
        assert!(s.matches("adb", "anything"));
        assert!(s.matches("BDB", "User_Table_12"), "case-insensitive");
        assert!(!s.matches("bdb", "user_table_x"));
        // `[app|web]` is a character class: it matches one letter, not `app` (the docs' example
        // reads as if it did).
        assert!(s.matches("w", "order_1") && !s.matches("app", "order_1"), "[app|web] is a class");
        assert!(!Selector::parse("tbl").matches("db", "tbl"), "one part matches nothing for MySQL");
    }

    #[test]
    fn the_source_reads_plain_names_as_regexes_without_the_binlog_mode() {
        let all: Vec<(String, String)> =
            [("d", "a.b"), ("d", "aXb"), ("d", "o$1")].iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let tables = r"d.a\x2Eb,d.o\x241";
        let plain = source_reads(tables, false, &all);
        assert!(plain.contains(&all[1]) && !plain.contains(&all[2]), "{plain:?}");
        assert_eq!(source_reads(tables, true, &all), vec![all[0].clone(), all[2].clone()]);
    }

    #[test]
    fn routes_follow_the_facts() {
        let r = Route::parse(r"app_db.order\.*", "ods_db.ods_orders", true);
        assert_eq!(r.route("app_db", "order_7"), Some(("ods_db".into(), "ods_orders".into())));
        assert_eq!(r.route("APP_DB", "order_7"), None, "3.6: case-sensitive");
        let r = Route::parse(r"app_db.order\.*", "ods_db.ods_orders", false);
        assert_eq!(r.route("APP_DB", "order_7"), Some(("ods_db".into(), "ods_orders".into())), "3.5: ignores case");
        // 3.6 replaces the first find(): a member that extends another is misrouted unless the
        // pattern is anchored.
        let loose = Route::parse("p.o_1,p.o_10", "p.all", true);
        assert_eq!(loose.route("p", "o_10"), Some(("p".into(), "all0".into())));
        let anchored = Route::parse("p.o_1$,p.o_10$", "p.all", true);
        assert_eq!(anchored.route("p", "o_10"), Some(("p".into(), "all".into())));
    }
}
