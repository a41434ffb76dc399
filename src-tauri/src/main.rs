// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use medskapa_app::cli::{run, Outcome};

fn main() {
    match run(std::env::args_os()) {
        Outcome::Exit(code) => std::process::exit(code),
        Outcome::Gui(file) => medskapa_app::run(file),
    }
}
