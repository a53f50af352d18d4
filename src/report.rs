//! What a person reads on stderr: warnings ordered by what fails first, the long tail counted,
//! and a closing summary per kind with its fix. Pure: it returns text, `app` prints it.
//!
//! Default: config and load warnings in full (a setting that does nothing, rows that fail to
//! load), then value warnings by kind, each kind's first few and "… and N more", and no notes.
//! Verbose: every warning. Both end with the summary table.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::diag::{Kind, Severity, Warning};
use crate::error::one_line;

/// Value warnings shown per kind before the rest are counted.
pub const FIRST_FEW: usize = 3;
/// Config and load warnings shown in full per kind. Every one of them on a real estate; on a
/// pathological one (the benchmark's 2,500 keyless tables) a page each, then a count, so the
/// other kinds stay on the first screens.
pub const IN_FULL: usize = 50;

/// One warning as a line: `warning[kind]: message`.
pub fn line(w: &Warning) -> String {
    format!("warning[{}]: {}", w.kind, one_line(&w.message))
}

/// The warnings a run shows, and the summary table; empty when there are none.
pub fn warnings(warnings: &[&Warning], verbose: bool) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    lines(warnings, verbose) + &summary(warnings, verbose)
}

/// The warning lines, in the order above, without the summary: by severity, then by kind.
pub fn lines(warnings: &[&Warning], verbose: bool) -> String {
    let mut out = String::new();
    for severity in Severity::ALL {
        let cap = match severity {
            _ if verbose => usize::MAX,
            Severity::Config | Severity::Load => IN_FULL,
            Severity::Value => FIRST_FEW,
            Severity::Note => continue,
        };
        let of: Vec<&Warning> = warnings.iter().copied().filter(|w| w.severity == *severity).collect();
        for (kind, ws) in by_kind(&of) {
            ws.iter().take(cap).for_each(|w| push_line(&mut out, w));
            if ws.len() > cap {
                let where_ = if *severity == Severity::Value { "" } else { ", `--summary json` lists them" };
                let _ = writeln!(out, "warning[{kind}]: … and {} more (-v shows every line{where_})", ws.len() - cap);
            }
        }
    }
    out
}

fn push_line(out: &mut String, w: &Warning) {
    out.push_str(&line(w));
    out.push('\n');
}

/// Warnings grouped by kind, kinds in [`Kind::ALL`] order, each kind's in plan order.
fn by_kind<'w>(warnings: &[&'w Warning]) -> BTreeMap<Kind, Vec<&'w Warning>> {
    let mut groups: BTreeMap<Kind, Vec<&Warning>> = BTreeMap::new();
    for w in warnings {
        groups.entry(w.kind).or_default().push(w);
    }
    groups
}

/// Per kind: the count, the severity and what to do; most severe first.
pub fn summary(warnings: &[&Warning], verbose: bool) -> String {
    let mut counts: BTreeMap<(Severity, Kind), usize> = BTreeMap::new();
    for w in warnings {
        *counts.entry((w.severity, w.kind)).or_default() += 1;
    }
    let notes: usize = counts.iter().filter(|((s, _), _)| *s == Severity::Note).map(|(_, n)| n).sum();
    let hidden = if notes > 0 && !verbose {
        format!(", {notes} of them notes not shown above (-v shows them)")
    } else {
        String::new()
    };
    let plural = if warnings.len() == 1 { "" } else { "s" };
    let mut out = format!("{} warning{plural}{hidden}:\n", warnings.len());
    let width = counts.keys().map(|(_, k)| k.name().len()).max().unwrap_or(4).max(4);
    let _ = writeln!(out, "  {:width$}  severity  count  what to do", "kind");
    for ((severity, kind), n) in &counts {
        let _ = writeln!(out, "  {:width$}  {:8}  {n:>5}  {}", kind.name(), severity.name(), kind.fix());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Object;

    fn w(kind: Kind, message: &str) -> Warning {
        Warning::new(kind, Object::default(), message.into())
    }

    #[test]
    fn load_first_in_full_values_counted_notes_hidden() {
        let ws = vec![
            w(Kind::BinaryBase64, "b1"),
            w(Kind::Renamed, "r1"),
            w(Kind::KeyTooLong, "k1"),
            w(Kind::BinaryBase64, "b2"),
            w(Kind::BinaryBase64, "b3"),
            w(Kind::BinaryBase64, "b4\nsecond line"),
            w(Kind::DefaultDropped, "d1"),
            w(Kind::KeyTooLong, "k2"),
            w(Kind::UnknownKey, "u1"),
        ];
        let refs: Vec<&Warning> = ws.iter().collect();
        let text = warnings(&refs, false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            &lines[..8],
            [
                "warning[unknown-key]: u1",
                "warning[key-too-long]: k1",
                "warning[key-too-long]: k2",
                "warning[binary-base64]: b1",
                "warning[binary-base64]: b2",
                "warning[binary-base64]: b3",
                "warning[binary-base64]: … and 1 more (-v shows every line)",
                "warning[default-dropped]: d1",
            ]
        );
        assert!(!text.contains("r1"), "notes only with -v: {text}");
        assert!(lines[8].starts_with("9 warnings, 1 of them notes not shown above"), "{text}");
        let verbose = warnings(&refs, true);
        assert!(verbose.contains("warning[binary-base64]: b4\\nsecond line\n"), "one line each: {verbose}");
        assert!(verbose.contains("warning[renamed]: r1\n"));
        assert!(verbose.contains("9 warnings:\n"));
    }

    #[test]
    fn a_load_kind_past_a_page_is_counted_after_its_first_page() {
        let ws: Vec<Warning> = (0..IN_FULL + 7)
            .map(|i| w(Kind::NoPrimaryKey, &format!("n{i}")))
            .chain([w(Kind::KeyTooLong, "k")])
            .collect();
        let refs: Vec<&Warning> = ws.iter().collect();
        let text = lines(&refs, false);
        let shown: Vec<&str> = text.lines().collect();
        assert_eq!(shown.len(), IN_FULL + 2, "{text}");
        assert_eq!(shown[0], "warning[key-too-long]: k", "other kinds are not pushed off: {text}");
        assert_eq!(
            shown[IN_FULL + 1],
            "warning[no-primary-key]: … and 7 more (-v shows every line, `--summary json` lists them)"
        );
        assert_eq!(lines(&refs, true).lines().count(), IN_FULL + 8);
    }

    #[test]
    fn summary_lists_each_kind_once_most_severe_first() {
        let ws =
            [w(Kind::Renamed, "r"), w(Kind::BinaryBase64, "b"), w(Kind::BinaryBase64, "b"), w(Kind::KeyTooLong, "k")];
        let refs: Vec<&Warning> = ws.iter().collect();
        let s = summary(&refs, true);
        let rows: Vec<&str> = s.lines().skip(2).map(|l| l.split_whitespace().next().unwrap()).collect();
        assert_eq!(rows, ["key-too-long", "binary-base64", "renamed"]);
        assert!(s.contains("binary-base64  value         2  `binary_as_text` for columns that hold text"), "{s}");
    }
}
