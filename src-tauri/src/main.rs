// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    match medskapa_core::cli::run(std::env::args_os()) {
        medskapa_core::cli::Outcome::Exit(code) => std::process::exit(code),
        medskapa_core::cli::Outcome::Gui(file) => medskapa_app::run(file),
    }
}
