//! Flink CDC 3's own name matching, written for the tests from its rules (research/cdc3-facts.md
//! §2 and §4, as the release-3.6.0 `Predicates`, `Selectors` and `TableIdRouter` classes
//! apply them), so that a generated pipeline can be evaluated the way Flink CDC would read it,
//! independently of how smt-rs wrote it.
//!
//! - `source.tables` / a transform's `source-table`: split on `,` not preceded by `\` (a `\`
//!   skips the next character), each item trimmed and `\,` turned into `,`; each item split the
//!   same way on `.` into 1–3 parts, trimmed, `\.` turned into `.` (any character), empty
//!   parts dropped; each part split on `,` once more and every piece a Java regex matched whole,
//!   ignoring case. A MySQL table (schema = database, no namespace) matches a 2-part item when
//!   both parts match; a 1-part item never; a 3-part item by its last two parts.
//! - a route's `source-table`: split on every `,` (no escapes), trimmed, joined with `|`; `\.`
//!   means any character and every other `.` a literal dot; matched whole against `db.table`,
//!   with case. The sink-table is Java's `Matcher.replaceAll` replacement (`$n` a group, `\` an
//!   escape), split on `.`.

use regex::Regex;

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
    parts.into_iter().filter(|p| !p.is_empty()).map(|p| p.trim().replace(&escaped, &sep.to_string())).collect()
}

/// A Java regex as Rust reads it, matched whole and ignoring case.
fn whole(pattern: &str, ignore_case: bool) -> Regex {
    let flags = if ignore_case { "(?i)" } else { "" };
    Regex::new(&format!("{flags}^(?:{pattern})$")).unwrap_or_else(|e| panic!("pattern {pattern:?}: {e}"))
}

/// `Predicates.includes`: the piece list (split on commas once more), any matching.
fn includes(part: &str) -> Vec<Regex> {
    split_escaped(part, ',').iter().map(|p| whole(p, true)).collect()
}

/// A `tables`-style selector.
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
        let any = |res: &[Regex], s: &str| res.iter().any(|r| r.is_match(s));
        self.items.iter().any(|parts| match parts.len() {
            2 => any(&parts[0], db) && any(&parts[1], table),
            3 => any(&parts[1], db) && any(&parts[2], table),
            _ => false,
        })
    }
}

/// One route rule.
pub struct Route {
    pattern: Regex,
    sink: String,
}

impl Route {
    pub fn parse(source_table: &str, sink_table: &str) -> Route {
        let joined: Vec<&str> = source_table.split(',').map(str::trim).collect();
        let joined = joined.join("|");
        const PH: &str = "_dot_placeholder_";
        let java = joined.replace("\\.", PH).replace('.', "\\.").replace(PH, ".");
        Route { pattern: whole(&java, false), sink: sink_table.to_string() }
    }

    /// The sink table of `db`.`table` when the route matches it.
    pub fn route(&self, db: &str, table: &str) -> Option<(String, String)> {
        let id = format!("{db}.{table}");
        let caps = self.pattern.captures(&id)?;
        // Java's replacement syntax: `\x` is x, `$n` group n.
        let mut out = String::new();
        let mut chars = self.sink.chars().peekable();
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
                    out.push_str(caps.get(group).map_or("", |m| m.as_str()));
                }
                c => out.push(c),
            }
        }
        let parts: Vec<&str> = out.split('.').collect();
        assert_eq!(parts.len(), 2, "sink-table {out:?} is not db.table");
        Some((parts[0].to_string(), parts[1].to_string()))
    }
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
    fn routes_follow_the_facts() {
        let r = Route::parse(r"app_db.order\.*", "ods_db.ods_orders");
        assert_eq!(r.route("app_db", "order_7"), Some(("ods_db".into(), "ods_orders".into())));
        assert_eq!(r.route("app_dbXorder_7", ""), None);
        assert_eq!(r.route("APP_DB", "order_7"), None, "case-sensitive");
    }
}
