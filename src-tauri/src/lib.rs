pub fn run(_file: Option<std::path::PathBuf>) {}
