//! A spinner on stderr for reads that take longer than a second — only when stderr is a
//! terminal (indicatif draws nothing otherwise), so logs and CI output stay clean.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget};

pub struct Spinner {
    bar: ProgressBar,
    done: Arc<AtomicBool>,
}

impl Spinner {
    pub fn after_a_second(message: String) -> Spinner {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_message(message);
        let done = Arc::new(AtomicBool::new(false));
        let (b, d) = (bar.clone(), done.clone());
        // No spinner when stderr is not a terminal, or when the system refuses the thread.
        if !std::io::stderr().is_terminal() {
            return Spinner { bar, done };
        }
        let _ = std::thread::Builder::new().spawn(move || {
            std::thread::sleep(Duration::from_secs(1));
            if !d.load(Ordering::SeqCst) {
                b.set_draw_target(ProgressDrawTarget::stderr());
                b.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Spinner { bar, done }
    }

    pub fn finish(self) {
        self.done.store(true, Ordering::SeqCst);
        self.bar.finish_and_clear();
    }
}
