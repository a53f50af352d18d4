//! Atomic replacement of the output directory (SPEC §9): files are written into a temporary
//! sibling directory and renamed into place, so a failed run leaves the previous output as it
//! was and no half-written directory behind.
//!
//! The directory is replaced as a whole, so stale files of a removed rule disappear too; to
//! never delete somebody else's files, a directory holding anything smt-rs did not write is
//! refused.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::output::{Out, OutFile};

fn out_err(dir: &Path, what: &str, e: impl std::fmt::Display) -> Error {
    Error::Output(format!("output directory `{}`: {what}: {e}", dir.display()))
}

/// Which command's files a directory holds: each replaces only its own kind of directory, so
/// `diff -o result` cannot empty a `generate` directory, nor the reverse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Files {
    /// `generate`: starrocks-create, flink-create, postgres-setup and flink-cdc-pipeline files.
    Generate,
    /// `diff`: starrocks-alter, -cleanup and -rebuild files, postgres-setup for new tables,
    /// `drift.md` and `baseline.json`.
    Diff,
}

impl Files {
    /// Whether `name` is a file this command writes; anything else in an existing output
    /// directory stops the run.
    fn owns(self, name: &str) -> bool {
        let sql = |prefixes: &[&str]| prefixes.iter().any(|p| name.starts_with(p)) && name.ends_with(".sql");
        match self {
            Files::Generate => {
                sql(&["starrocks-create.", "flink-create.", "postgres-setup."])
                    || (name.starts_with("flink-cdc-pipeline.") && name.ends_with(".yaml"))
            }
            Files::Diff => {
                sql(&["starrocks-alter.", "starrocks-cleanup.", "starrocks-rebuild.", "postgres-setup."])
                    || name == "drift.md"
                    || name == "baseline.json"
            }
        }
    }
}

/// Files held in memory, written atomically (see [`write_atomic_with`]).
pub fn write_atomic(dir: &Path, kind: Files, files: &[OutFile]) -> Result<(), Error> {
    write_atomic_with(dir, kind, &mut |out: &mut dyn Out| {
        for f in files {
            let i = out.create(&f.name, f.secret)?;
            out.append(i, &f.content)?;
            out.close(i)?;
        }
        Ok(())
    })
}

/// Replace `dir` with the files `fill` writes: they stream into a temporary sibling directory,
/// which replaces `dir` only when `fill` and every write succeeded.
pub fn write_atomic_with(
    dir: &Path,
    kind: Files,
    fill: &mut dyn FnMut(&mut dyn Out) -> Result<(), Error>,
) -> Result<(), Error> {
    let abs = std::path::absolute(dir).map_err(|e| out_err(dir, "cannot resolve path", e))?;
    let (Some(parent), Some(name)) = (abs.parent(), abs.file_name()) else {
        return Err(out_err(dir, "cannot replace this directory", "it has no parent"));
    };
    let name = name.to_string_lossy();
    recover(parent, &name, &abs);
    let exists = match fs::symlink_metadata(&abs) {
        Ok(m) if m.is_dir() => true,
        Ok(_) => {
            return Err(out_err(dir, "exists and is not a directory", "refusing to replace it"));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(out_err(dir, "cannot inspect", e)),
    };
    if exists {
        let entries = fs::read_dir(&abs).map_err(|e| out_err(dir, "cannot list", e))?;
        for entry in entries {
            let entry = entry.map_err(|e| out_err(dir, "cannot list", e))?;
            let fname = entry.file_name().to_string_lossy().into_owned();
            if !kind.owns(&fname) || !entry.file_type().is_ok_and(|t| t.is_file()) {
                return Err(out_err(
                    dir,
                    "refusing to replace it",
                    format!("it holds `{fname}`, which smt-rs did not write"),
                ));
            }
        }
    }
    fs::create_dir_all(parent).map_err(|e| out_err(dir, "cannot create parent directory", e))?;
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}.tmp-"))
        .tempdir_in(parent)
        .map_err(|e| out_err(dir, "cannot create a temporary directory beside it", e))?;
    let mut out = DirOut { dir, tmp: tmp.path(), files: Vec::new() };
    fill(&mut out)?;
    for i in 0..out.files.len() {
        out.close(i)?;
    }
    set_dir_mode(tmp.path()).map_err(|e| out_err(dir, "cannot set permissions", e))?;
    if exists {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(parent)
            .map_err(|e| out_err(dir, "cannot create a temporary directory beside it", e))?;
        // rename(2) replaces an empty directory, so the old output takes the empty one's place.
        let old_path: PathBuf = old.path().to_path_buf();
        fs::rename(&abs, &old_path).map_err(|e| out_err(dir, "cannot move the previous output aside", e))?;
        if let Err(e) = fs::rename(tmp.path(), &abs) {
            let _ = fs::rename(&old_path, &abs);
            return Err(out_err(dir, "cannot move the new output into place", e));
        }
        let _ = tmp.keep();
        // Dropping `old` removes the previous output.
        drop(old);
    } else {
        fs::rename(tmp.path(), &abs).map_err(|e| out_err(dir, "cannot move the new output into place", e))?;
        let _ = tmp.keep();
    }
    Ok(())
}

/// Files streaming into the temporary directory; at most a rule's pair and the `.all` pair
/// are open at once.
struct DirOut<'a> {
    dir: &'a Path,
    tmp: &'a Path,
    files: Vec<(String, Option<std::io::BufWriter<fs::File>>)>,
}

impl DirOut<'_> {
    fn fail(&self, file: usize, e: std::io::Error) -> Error {
        out_err(self.dir, &format!("cannot write `{}`", self.files[file].0), e)
    }
}

impl Out for DirOut<'_> {
    fn create(&mut self, name: &str, secret: bool) -> Result<usize, Error> {
        let mut opts = fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(if secret { 0o600 } else { 0o644 });
        }
        let file =
            opts.open(self.tmp.join(name)).map_err(|e| out_err(self.dir, &format!("cannot write `{name}`"), e))?;
        self.files.push((name.to_string(), Some(std::io::BufWriter::with_capacity(256 << 10, file))));
        Ok(self.files.len() - 1)
    }

    fn append(&mut self, file: usize, text: &str) -> Result<(), Error> {
        let Some(w) = self.files[file].1.as_mut() else {
            return Err(Error::Internal(format!("`{}` written after it was closed", self.files[file].0)));
        };
        w.write_all(text.as_bytes()).map_err(|e| self.fail(file, e))
    }

    /// Flush and sync: a full disk surfaces here, before the directory is moved into place.
    fn close(&mut self, file: usize) -> Result<(), Error> {
        let Some(w) = self.files[file].1.take() else { return Ok(()) };
        w.into_inner().map_err(|e| e.into_error()).and_then(|f| f.sync_all()).map_err(|e| self.fail(file, e))
    }

    /// A hard link: the bytes are on disk once (tens of megabytes on a large estate). Where the
    /// file system has no hard links, a copy, synced like every file.
    fn same_as(&mut self, name: &str, file: usize) -> Result<(), Error> {
        let (from, to) = (self.tmp.join(&self.files[file].0), self.tmp.join(name));
        let linked = fs::hard_link(&from, &to).or_else(|_| {
            fs::copy(&from, &to)?;
            fs::File::open(&to)?.sync_all()
        });
        linked.map_err(|e| out_err(self.dir, &format!("cannot write `{name}`"), e))?;
        self.files.push((name.to_string(), None));
        Ok(())
    }
}

fn set_dir_mode(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o755))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// One file replaced atomically (temp file beside it, then rename), for `snapshot -o FILE`.
pub fn write_file_atomic(path: &Path, content: &str) -> Result<(), Error> {
    let err = |what: &str, e: std::io::Error| Error::Output(format!("`{}`: {what}: {e}", path.display()));
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp =
        tempfile::NamedTempFile::new_in(&parent).map_err(|e| err("cannot create a temporary file beside it", e))?;
    tmp.write_all(content.as_bytes()).and_then(|_| tmp.as_file().sync_all()).map_err(|e| err("cannot write", e))?;
    tmp.persist(path).map_err(|e| err("cannot move into place", e.error))?;
    Ok(())
}

/// Repair what a run killed mid-write left beside the output directory: a previous output that
/// was moved aside but not replaced goes back into place, and temporary directories go away.
/// (Concurrent runs writing the same output directory are not supported.)
fn recover(parent: &Path, name: &str, out: &Path) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    let (tmp, old) = (format!(".{name}.tmp-"), format!(".{name}.old-"));
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with(&old) && !out.exists() {
            let _ = fs::rename(entry.path(), out);
        } else if file_name.starts_with(&tmp) || file_name.starts_with(&old) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}
