//! `generate --check` (SPEC §12): what `generate` would write against what the directory holds,
//! as a person and a CI log read it — the missing, extra and differing files, and a unified diff
//! of the differences.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use super::OutFile;

/// Lines of unified diff printed per differing file, and files diffed, before the rest is
/// counted: enough to see what moved, short enough for a CI log.
const DIFF_LINES: usize = 200;
const DIFF_FILES: usize = 3;

pub struct Report {
    pub text: String,
    pub differs: bool,
}

/// `on_disk`: the directory's entries, with the bytes of those that are files.
pub fn compare(rendered: &[OutFile], on_disk: &BTreeMap<String, Option<Vec<u8>>>, dir: &Path) -> Report {
    let mut text = String::new();
    let rendered: BTreeMap<&str, &str> = rendered.iter().map(|f| (f.name.as_str(), f.content.as_str())).collect();
    let missing: Vec<&str> = rendered.keys().filter(|n| !on_disk.contains_key(**n)).copied().collect();
    // Not a file where a file should be counts as extra too.
    let extra: Vec<&str> = on_disk
        .iter()
        .filter(|(n, bytes)| !rendered.contains_key(n.as_str()) || bytes.is_none())
        .map(|(n, _)| n.as_str())
        .collect();
    let differing: Vec<&str> = rendered
        .iter()
        .filter(|(n, content)| {
            on_disk.get(**n).is_some_and(|b| b.as_ref().is_some_and(|b| b.as_slice() != content.as_bytes()))
        })
        .map(|(n, _)| *n)
        .collect();
    for n in &missing {
        let _ = writeln!(text, "missing: {}", dir.join(n).display());
    }
    for n in &extra {
        let _ = writeln!(text, "extra: {}", dir.join(n).display());
    }
    for n in &differing {
        let _ = writeln!(text, "differs: {}", dir.join(n).display());
    }
    for n in differing.iter().take(DIFF_FILES) {
        let old = String::from_utf8_lossy(on_disk[*n].as_deref().unwrap_or_default());
        let diff = similar::TextDiff::from_lines(old.as_ref(), rendered[n]);
        let unified = diff
            .unified_diff()
            .context_radius(3)
            .header(&format!("{}", dir.join(n).display()), &format!("{n} (generated now)"))
            .to_string();
        let lines: Vec<&str> = unified.lines().collect();
        for l in lines.iter().take(DIFF_LINES) {
            let _ = writeln!(text, "{l}");
        }
        if lines.len() > DIFF_LINES {
            let _ = writeln!(text, "… and {} more lines of diff", lines.len() - DIFF_LINES);
        }
    }
    if differing.len() > DIFF_FILES {
        let _ = writeln!(text, "… and {} more differing files", differing.len() - DIFF_FILES);
    }
    let differs = !(missing.is_empty() && extra.is_empty() && differing.is_empty());
    if !differs {
        let _ = writeln!(text, "{} files in {} are up to date", rendered.len(), dir.display());
    }
    Report { text, differs }
}
