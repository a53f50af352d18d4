//! Quoting for the two SQL dialects smt-rs writes. Every identifier and literal goes through
//! here, so any name or comment the source allows reads back as the same text.

use std::fmt::{self, Display, Formatter, Write};

/// StarRocks and Flink identifiers: backticks, with a backtick doubled.
pub struct Ident<'a>(pub &'a str);

/// StarRocks string literal: double quotes; the parser unescapes `\\`, `\"`, `\n`, `\r`, `\t`, `\0`.
pub struct StarRocksString<'a>(pub &'a str);

/// Flink string literal: single quotes doubled, backslashes literal (`'\x01'` is four characters).
pub struct FlinkString<'a>(pub &'a str);

/// PostgreSQL identifier: double quotes, with a double quote doubled (every name, whatever its
/// case, reads back exactly).
pub struct PgIdent<'a>(pub &'a str);

impl Display for PgIdent<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        doubled(f, self.0, '"')?;
        f.write_char('"')
    }
}

// Display rather than String: the renderers write millions of these straight into the output.
impl Display for Ident<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_char('`')?;
        doubled(f, self.0, '`')?;
        f.write_char('`')
    }
}

impl Display for FlinkString<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_char('\'')?;
        doubled(f, self.0, '\'')?;
        f.write_char('\'')
    }
}

impl Display for StarRocksString<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        let mut rest = self.0;
        while let Some(i) = rest.find(['\\', '"', '\n', '\r', '\t', '\0']) {
            f.write_str(&rest[..i])?;
            f.write_str(match rest.as_bytes()[i] {
                b'\\' => "\\\\",
                b'"' => "\\\"",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                _ => "\\0",
            })?;
            rest = &rest[i + 1..];
        }
        f.write_str(rest)?;
        f.write_char('"')
    }
}

/// `s` with every `quote` written twice.
fn doubled(f: &mut Formatter<'_>, s: &str, quote: char) -> fmt::Result {
    let mut rest = s;
    while let Some(i) = rest.find(quote) {
        f.write_str(&rest[..=i])?;
        f.write_char(quote)?;
        rest = &rest[i + 1..];
    }
    f.write_str(rest)
}

pub fn ident(name: &str) -> String {
    Ident(name).to_string()
}

pub fn starrocks_string(s: &str) -> String {
    StarRocksString(s).to_string()
}

pub fn flink_string(s: &str) -> String {
    FlinkString(s).to_string()
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
}
