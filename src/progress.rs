//! What a terminal shows while a run works: after about a second, a spinner on stderr with the
//! phase and what it is doing — the query being read with rows so far, then planning and
//! writing with tables done / total — and the elapsed time; cleared when done. Nothing at all
//! when stderr is not a terminal or with `-q`, so logs and CI output stay clean.
//!
//! Readers, the planner and the writer report to a [`Progress`]; a hidden one costs an atomic
//! add per report, so the pure core can take one without caring whether anything is drawn.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run works before the spinner appears; `SMT_PROGRESS_AFTER_MS` changes it (the
/// terminal tests set 0 so that short runs draw too).
const SHOW_AFTER: Duration = Duration::from_secs(1);

pub struct Progress {
    bar: ProgressBar,
    done: Arc<AtomicBool>,
}

/// A phase with nothing to count (connecting).
fn plain() -> ProgressStyle {
    style("{spinner} {msg} ({elapsed})")
}

/// Reading a query: rows so far, never a bar (its total is unknown).
fn rows() -> ProgressStyle {
    style("{spinner} {msg}: {human_pos} rows ({elapsed})")
}

/// Planning and writing: tables done of a known total.
fn counted() -> ProgressStyle {
    style("{spinner} {msg}: {human_pos}/{human_len} tables ({elapsed})")
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner())
}

impl Progress {
    /// Nothing is ever drawn (tests, `build`, a run whose stderr is not a terminal).
    pub fn hidden() -> Progress {
        Progress { bar: ProgressBar::hidden(), done: Arc::new(AtomicBool::new(true)) }
    }

    /// Draws on stderr once the run has taken about a second, if stderr is a terminal and the
    /// run is not `-q`.
    pub fn start(quiet: bool) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(plain());
        let done = Arc::new(AtomicBool::new(false));
        let after = std::env::var("SMT_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(SHOW_AFTER, Duration::from_millis);
        let (b, d) = (bar.clone(), done.clone());
        // Where the system refuses the thread, nothing is drawn.
        let _ = std::thread::Builder::new().spawn(move || {
            std::thread::sleep(after);
            if !d.load(Ordering::SeqCst) {
                b.set_draw_target(ProgressDrawTarget::stderr());
                b.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Progress { bar, done }
    }

    /// A phase without counts: `connecting to root@127.0.0.1:3306`.
    pub fn phase(&self, text: String) {
        self.bar.set_style(plain());
        self.bar.set_message(text);
    }

    /// Reading `what` (a query's name); rows arrive through [`Progress::row`].
    pub fn reading(&self, what: &str) {
        self.bar.set_style(rows());
        self.bar.set_position(0);
        self.bar.set_message(format!("reading {what}"));
    }

    pub fn row(&self) {
        self.bar.inc(1);
    }

    /// A phase over `total` tables (`planning`, `writing`); progress through [`Progress::tables`].
    /// Nothing to count shows as a plain phase, never as `0/0`.
    pub fn counting(&self, phase: &str, total: usize) {
        self.bar.set_position(0);
        self.bar.set_length(total as u64);
        self.bar.set_style(if total == 0 { plain() } else { counted() });
        self.bar.set_message(phase.to_string());
    }

    pub fn tables(&self, n: usize) {
        self.bar.inc(n as u64);
    }

    /// Run `f` (printing warnings) with the spinner taken off the screen meanwhile.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    /// Clear the line; later phases of the same run draw nothing more.
    pub fn finish(&self) {
        self.done.store(true, Ordering::SeqCst);
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
