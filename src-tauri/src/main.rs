//! `medskapa`: the command line. A headless subcommand runs here; for the GUI this program
//! becomes the window's program (`medskapa-window`, installed beside it), with the same
//! arguments. It links neither WebKit nor GTK, so a command starts without loading them.

// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;

use medskapa_cli::{run, Outcome};

/// The window's program, beside this one.
const WINDOW: &str = "medskapa-window";

fn main() {
    match run(std::env::args_os()) {
        Outcome::Exit(code) => std::process::exit(code),
        Outcome::Gui(_) => std::process::exit(open_window()),
    }
}

/// Start the window's program with this launch's arguments; returns the exit status when it
/// could not be started (or, where a program cannot replace itself, when it has ended).
fn open_window() -> i32 {
    let window = match window_program() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("medskapa: cannot find the window's program ({WINDOW}): {e}");
            return 1;
        }
    };
    let mut args = std::env::args_os();
    let name = args.next().unwrap_or_else(|| OsString::from("medskapa"));
    let mut command = Command::new(&window);
    command.args(args);
    replace_with(&mut command, name, &window)
}

fn window_program() -> std::io::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let window = exe.with_file_name(format!("{WINDOW}{}", std::env::consts::EXE_SUFFIX));
    if window.is_file() {
        Ok(window)
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{} is missing; install Medskapa again", window.display()),
        ))
    }
}

/// This process becomes `command` (same process, so a desktop's launcher, a single-instance
/// hand-over and a WebDriver session all see the window as the program they started).
#[cfg(unix)]
fn replace_with(command: &mut Command, name: OsString, window: &std::path::Path) -> i32 {
    use std::os::unix::process::CommandExt;
    let e = command.arg0(name).exec();
    eprintln!("medskapa: cannot start {}: {e}", window.display());
    1
}

#[cfg(not(unix))]
fn replace_with(command: &mut Command, _name: OsString, window: &std::path::Path) -> i32 {
    match command.status() {
        Ok(status) => status.code().unwrap_or(1),
        Err(e) => {
            eprintln!("medskapa: cannot start {}: {e}", window.display());
            1
        }
    }
}
