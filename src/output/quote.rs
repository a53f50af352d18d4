//! Quoting for the two SQL dialects smt-rs writes. Every identifier and literal goes through
//! here, so any name or comment the source allows reads back as the same text.

/// StarRocks and Flink identifiers: backticks, with a backtick doubled.
pub fn ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// StarRocks string literal: double quotes; the parser unescapes `\\`, `\"`, `\n`, `\r`, `\t`, `\0`.
pub fn starrocks_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Flink string literal: single quotes doubled, backslashes literal (`'\x01'` is four characters).
pub fn flink_string(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A name as a Java regular expression matching exactly that name (mysql-cdc's table filters).
/// Rust's `regex::escape` only escapes ASCII punctuation, which Java reads back as literals; a
/// comma is escaped too, because Debezium splits its include lists on unescaped commas.
pub fn java_regex_literal(name: &str) -> String {
    regex::escape(name).replace(',', "\\,")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starrocks_strings_escape_quotes_backslashes_and_newlines() {
        assert_eq!(starrocks_string("it's \"x\" C:\\t\nend"), r#""it's \"x\" C:\\t\nend""#);
    }

    #[test]
    fn flink_strings_double_single_quotes_and_keep_backslashes() {
        assert_eq!(flink_string(r"it's \x01"), r"'it''s \x01'");
    }

    #[test]
    fn identifiers_double_backticks() {
        assert_eq!(ident("a`b"), "`a``b`");
    }

    #[test]
    fn regex_literals_match_only_the_name() {
        let r = regex::Regex::new(&format!("^{}$", java_regex_literal("a.b+c"))).unwrap();
        assert!(r.is_match("a.b+c"));
        assert!(!r.is_match("axbbc"));
        assert_eq!(java_regex_literal("a,b"), r"a\,b");
        assert!(regex::Regex::new(&format!("^{}$", java_regex_literal("a,b"))).unwrap().is_match("a,b"));
    }
}
