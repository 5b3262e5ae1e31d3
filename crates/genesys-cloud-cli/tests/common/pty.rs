//! Running `genesys` on a pseudo-terminal of a given width, as a person at a terminal would, with bounded waits.
//! Standard input, output and error are all the terminal, as in a shell.

#![allow(dead_code, unreachable_pub)]

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustix::fs::OFlags;
use rustix::process::{Pid, Signal, kill_process};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{Winsize, tcsetwinsize};

/// The longest a run may take.
const DEADLINE: Duration = Duration::from_secs(60);

/// What the terminal showed, and the exit status.
#[derive(Debug)]
pub struct Screen {
    pub code: Option<i32>,
    /// The lines as they stay on the screen: a line redrawn after `\r` (a spinner) shows its last drawing, and
    /// erased lines are empty.
    pub text: String,
    /// Everything written, spinner frames included.
    pub raw: String,
}

impl Screen {
    /// The lines longer than `width` characters.
    pub fn lines_wider_than(&self, width: usize) -> Vec<&str> {
        self.text
            .lines()
            .filter(|line| line.chars().count() > width)
            .collect()
    }
}

/// Runs `command` on a terminal `columns` wide; once it has shown `wait_for` (if given), sends it SIGINT, as
/// Ctrl-C at the terminal does.
pub fn run(mut command: Command, columns: u16, interrupt_after: Option<&str>) -> Screen {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("a pseudo-terminal");
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let name = ptsname(&master, Vec::new()).unwrap();
    let terminal: File = OpenOptions::new()
        .read(true)
        .write(true)
        // The test process must not take the terminal as its own controlling terminal.
        .custom_flags(OFlags::NOCTTY.bits() as i32)
        .open(name.to_str().unwrap())
        .unwrap();
    tcsetwinsize(
        &terminal,
        Winsize {
            ws_row: 40,
            ws_col: columns,
            ws_xpixel: 0,
            ws_ypixel: 0,
        },
    )
    .unwrap();
    command
        .stdin(Stdio::from(terminal.try_clone().unwrap()))
        .stdout(Stdio::from(terminal.try_clone().unwrap()))
        .stderr(Stdio::from(terminal));
    let mut child = command.spawn().expect("the genesys binary runs");
    // The command holds copies of the terminal: once they are closed, the reader sees the end.
    drop(command);
    let shown = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let shown = Arc::clone(&shown);
        let mut master = File::from(master);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            // Linux answers EIO once the last copy of the terminal is closed.
            while let Ok(n @ 1..) = master.read(&mut buffer) {
                shown.lock().unwrap().extend_from_slice(&buffer[..n]);
            }
        })
    };
    let started = Instant::now();
    let mut interrupted = interrupt_after.is_none();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if !interrupted {
            let text = String::from_utf8_lossy(&shown.lock().unwrap()).into_owned();
            if text.contains(interrupt_after.unwrap_or_default()) {
                let pid = Pid::from_child(&child);
                kill_process(pid, Signal::INT).unwrap();
                interrupted = true;
            }
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "genesys did not finish within {DEADLINE:?}; it showed {:?}",
                String::from_utf8_lossy(&shown.lock().unwrap())
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    // Bounded: the reader ends when the terminal is closed, which the child's exit does.
    let until = Instant::now() + Duration::from_secs(5);
    while !reader.is_finished() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(10));
    }
    let raw = String::from_utf8_lossy(&shown.lock().unwrap()).into_owned();
    let text = raw
        .replace("\r\n", "\n")
        .split('\n')
        .map(|line| {
            line.rsplit('\r')
                .next()
                .unwrap_or_default()
                .replace("\x1b[2K", "")
        })
        .collect::<Vec<_>>()
        .join("\n");
    Screen {
        code: status.code(),
        text,
        raw,
    }
}
