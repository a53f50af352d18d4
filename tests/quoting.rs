//! Any identifier or comment renders to SQL that StarRocks' and Flink's own quoting rules read
//! back to the same text (property tests over arbitrary Unicode, quotes, backticks, backslashes,
//! newlines and NUL). The readers below follow the vendors' lexers: StarRocks unescapes `\n \t
//! \r \b \0 \Z` and takes any other escaped character literally inside "…"; Flink doubles `'`
//! and takes backslashes literally; both double a backtick inside `…`.

use proptest::prelude::*;
use smt_rs::naming;
use smt_rs::output::quote::{flink_string, ident, starrocks_string};

/// StarRocks' reading of a double-quoted literal; `None` if it is not exactly one literal.
fn starrocks_read(lit: &str) -> Option<String> {
    let body = lit.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(match chars.next()? {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                'b' => '\u{8}',
                '0' => '\0',
                'Z' => '\u{1a}',
                other => other,
            }),
            // An unescaped quote would end the literal early.
            '"' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// Flink's reading of a single-quoted literal.
fn flink_read(lit: &str) -> Option<String> {
    let body = lit.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' && chars.next()? != '\'' {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

/// A backtick-quoted identifier, with doubled backticks.
fn ident_read(quoted: &str) -> Option<String> {
    let body = quoted.strip_prefix('`')?.strip_suffix('`')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c == '`' && chars.next()? != '`' {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

fn awkward() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            prop_oneof![
                Just('\''),
                Just('"'),
                Just('`'),
                Just('\\'),
                Just('\n'),
                Just('\r'),
                Just('\0'),
                Just('订'),
                Just('x')
            ],
            0..24
        )
        .prop_map(|v| v.into_iter().collect()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn starrocks_string_literals_read_back(s in awkward()) {
        prop_assert_eq!(starrocks_read(&starrocks_string(&s)), Some(s));
    }

    #[test]
    fn flink_string_literals_read_back(s in awkward()) {
        prop_assert_eq!(flink_read(&flink_string(&s)), Some(s));
    }

    #[test]
    fn flink_identifiers_read_back(s in awkward()) {
        prop_assert_eq!(ident_read(&ident(&s)), Some(s));
    }

    /// StarRocks drops backticks inside quoted names, so smt-rs renames them away first; what
    /// it then writes reads back exactly.
    #[test]
    fn starrocks_identifiers_read_back_after_renaming(s in awkward()) {
        for name in [naming::column_name(&s), naming::table_name(&s)] {
            prop_assert!(!name.contains('`'));
            prop_assert_eq!(ident_read(&ident(&name)), Some(name.to_string()));
        }
    }
}
