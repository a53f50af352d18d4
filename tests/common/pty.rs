//! Run the binary in a real pseudo-terminal and watch the screen as a terminal would show it
//! (a vt100 emulator), frame by frame: the progress display only draws on a terminal.

use std::io::Read;
use std::path::Path;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// What the terminal showed while the command ran.
pub struct Screens {
    /// The screen's text after each chunk of output, in order.
    pub frames: Vec<String>,
    /// The screen once the command exited.
    pub last: String,
    pub exit_ok: bool,
}

/// Run smt-rs with `args` in `dir` on a 120×40 terminal; `env` adds variables.
pub fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Screens {
    let pty = native_pty_system();
    let pair = pty.openpty(PtySize { rows: 40, cols: 120, pixel_width: 0, pixel_height: 0 }).expect("open a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_smt-rs"));
    cmd.args(args);
    cmd.cwd(dir);
    cmd.env_remove("SMT_CONFIG");
    cmd.env("TERM", "xterm-256color");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = pair.slave.spawn_command(cmd).expect("spawn smt-rs in the pty");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    let size = |n: u16| std::num::NonZeroU16::new(n).expect("a terminal size");
    let mut parser = vt100::Parser::new(size(40), size(120), 0);
    let mut frames = Vec::new();
    let mut buf = [0u8; 4096];
    // Read until the child closes the terminal (EOF, or EIO on Linux once it exits).
    loop {
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                parser.process(&buf[..n]);
                frames.push(parser.screen().contents());
            }
        }
    }
    let status = child.wait().expect("wait for smt-rs");
    Screens { frames, last: parser.screen().contents(), exit_ok: status.success() }
}
