//! `medskapa-window`: the GUI. `medskapa` starts it in its own place after checking the
//! project it names, so only the project is read from the arguments here.

// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    medskapa_app::run(medskapa_cli::gui_project(std::env::args_os()));
}
