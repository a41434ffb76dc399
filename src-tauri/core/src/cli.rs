//! The command line: headless subcommands of the `medskapa` binary.
//!
//! Exit status 0 when done; 2 for bad input or usage, with one line on stderr that names
//! the file and what is wrong. Output files are written under a temporary name and renamed
//! into place, so an error never leaves a half-written file.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::error::{CoreError, Result};
use crate::store::{OpenOptions, Store};

/// The demo project: the Helsingborg new-city-library case, in Swedish.
pub const DEMO_JSON: &str = include_str!("../../../assets/demo/helsingborg.json");

#[derive(Parser, Debug)]
#[command(
    name = "medskapa",
    version,
    about = "Medskapa – plan resident involvement backwards from decisions"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Open the app on a project
    Open { file: PathBuf },
    /// Create an empty project (refuses to overwrite)
    New {
        file: PathBuf,
        #[arg(long)]
        name: Option<String>,
    },
    /// Create the demo project (the Helsingborg library case)
    Demo { file: PathBuf },
    /// Create a large synthetic project, deterministic, for benchmarks (refuses to overwrite)
    Generate {
        file: PathBuf,
        #[arg(long, value_name = "N")]
        needs: u64,
        #[arg(long, value_name = "N")]
        activities: u64,
        #[arg(long, value_name = "N")]
        questions: u64,
        /// The random seed; the same arguments always give the same project
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
    },
    /// Export the whole project as interchange JSON (`-` for stdout)
    Export {
        file: PathBuf,
        #[arg(long)]
        json: PathBuf,
    },
    /// Create a new project from interchange JSON (validates everything first)
    Import {
        file: PathBuf,
        #[arg(long)]
        json: PathBuf,
    },
    /// Print the planning warnings
    Check {
        file: PathBuf,
        /// The date to check against (YYYY-MM-DD); default today
        #[arg(long)]
        today: Option<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Write the PDF decision brief for a decision or one key question
    Brief {
        file: PathBuf,
        #[arg(
            long,
            conflicts_with = "question",
            required_unless_present = "question"
        )]
        decision: Option<String>,
        #[arg(long)]
        question: Option<String>,
        #[arg(long)]
        out: PathBuf,
        /// sv or en
        #[arg(long, default_value = "sv")]
        lang: String,
        /// The date the brief is made (YYYY-MM-DD); default today
        #[arg(long)]
        today: Option<String>,
    },
    /// Write the one-page "Ni sa – vi gör" sheet for the residents of one activity
    Feedback {
        file: PathBuf,
        #[arg(long)]
        activity: String,
        #[arg(long)]
        out: PathBuf,
        /// sv or en
        #[arg(long, default_value = "sv")]
        lang: String,
    },
    /// Import needs from a survey export (CSV or xlsx); COL is a header name
    #[command(group(clap::ArgGroup::new("input").args(["csv", "xlsx"])))]
    ImportNeeds {
        file: PathBuf,
        /// A CSV file (encoding and separator detected)
        #[arg(long, value_name = "IN")]
        csv: Option<PathBuf>,
        /// An Excel workbook (the first sheet is read)
        #[arg(long, value_name = "IN")]
        xlsx: Option<PathBuf>,
        /// The activity the needs were heard in
        #[arg(long, value_name = "ID")]
        activity: String,
        #[arg(long, value_name = "COL")]
        statement: String,
        #[arg(long, value_name = "COL")]
        quote: Option<String>,
        #[arg(long, value_name = "COL")]
        segment: Option<String>,
        /// Tag names, several separated by `,` or `;`
        #[arg(long, value_name = "COL")]
        tags: Option<String>,
    },
    /// Spreadsheet exports (CSV: UTF-8 with BOM, `;`; xlsx when OUT ends in .xlsx)
    ExportCsv {
        file: PathBuf,
        #[arg(long, value_name = "OUT")]
        needs: Option<PathBuf>,
        #[arg(long, value_name = "OUT")]
        activities: Option<PathBuf>,
    },
}

/// What the binary should do after parsing its arguments.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Open the GUI, on the given project or the last one.
    Gui(Option<PathBuf>),
    /// Exit with this status.
    Exit(i32),
}

/// Parse `--today` or take the real date: the one place the CLI reads the clock.
pub fn today_arg(arg: &Option<String>) -> Result<chrono::NaiveDate> {
    match arg {
        None => Ok(chrono::Local::now().date_naive()),
        Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            CoreError::invalid(format!("--today: \"{s}\" is not a date (YYYY-MM-DD)"))
        }),
    }
}

/// Run the command line. Prints to stdout/stderr itself.
pub fn run<I, T>(args: I) -> Outcome
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    let _ = e.print();
                    return Outcome::Exit(0);
                }
                _ => {
                    let text = e.render().to_string();
                    let line = text.lines().next().unwrap_or("usage error").trim();
                    eprintln!("medskapa: {}", line.trim_start_matches("error: "));
                    return Outcome::Exit(2);
                }
            }
        }
    };
    let command = match cli.command {
        None => return Outcome::Gui(None),
        Some(Command::Open { file }) => {
            // Refuse what cannot be opened before a window appears.
            return match Store::open(&file, OpenOptions::default()) {
                Ok(_) => Outcome::Gui(Some(file)),
                Err(e) => {
                    eprintln!("medskapa: {e}");
                    Outcome::Exit(2)
                }
            };
        }
        Some(c) => c,
    };
    match execute(command) {
        Ok(()) => Outcome::Exit(0),
        Err(e) => {
            eprintln!("medskapa: {}", e.message.replace('\n', " "));
            Outcome::Exit(2)
        }
    }
}

fn with_file(file: &Path, e: CoreError) -> CoreError {
    let name = file.display().to_string();
    if e.message.starts_with(&name) {
        e
    } else {
        CoreError::new(&e.code, format!("{name}: {}", e.message))
    }
}

fn execute(command: Command) -> Result<()> {
    match command {
        Command::Open { .. } => Ok(()),
        Command::New { file, name } => {
            let name = name.unwrap_or_else(|| {
                file.file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_else(|| "Nytt projekt".into())
            });
            Store::create(&file, &name).map_err(|e| with_file(&file, e))?;
            Ok(())
        }
        Command::Demo { file } => {
            let project = crate::interchange::parse(DEMO_JSON)
                .map_err(|e| CoreError::invalid(format!("demo data: {}", e.message)))?;
            Store::create_from(&file, &project).map_err(|e| with_file(&file, e))?;
            Ok(())
        }
        Command::Generate {
            file,
            needs,
            activities,
            questions,
            seed,
        } => {
            let opts = crate::generate::GenerateOptions {
                needs,
                activities,
                questions,
                seed,
            };
            crate::generate::generate_file(&file, &opts).map_err(|e| with_file(&file, e))?;
            Ok(())
        }
        Command::Export { file, json } => {
            let store = Store::open(&file, OpenOptions::default())?;
            let text = crate::interchange::into_json(store.load_project()?);
            write_output(&json, text.as_bytes())
        }
        Command::Import { file, json } => {
            let text = read_input(&json)?;
            let project = crate::interchange::parse(&text).map_err(|e| with_file(&json, e))?;
            Store::create_from(&file, &project).map_err(|e| with_file(&file, e))?;
            Ok(())
        }
        Command::Check { file, today, json } => {
            let today = today_arg(&today)?;
            let store = Store::open(&file, OpenOptions::default())?;
            let warnings = crate::checks::check(&store.load_project()?, today);
            let out = if json {
                let mut s = serde_json::to_string_pretty(&warnings).unwrap_or_default();
                s.push('\n');
                s
            } else {
                crate::checks::format_text(&warnings)
            };
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(out.as_bytes())
                .map_err(|e| CoreError::new("io", format!("stdout: {e}")))?;
            Ok(())
        }
        Command::Brief {
            file,
            decision,
            question,
            out,
            lang,
            today,
        } => {
            let lang = lang_arg(&lang)?;
            let today = today_arg(&today)?;
            let target = match (decision, question) {
                (Some(d), _) => crate::brief::BriefTarget::Decision(d),
                (None, Some(q)) => crate::brief::BriefTarget::Question(q),
                (None, None) => {
                    return Err(CoreError::invalid("give --decision ID or --question ID"))
                }
            };
            let store = Store::open(&file, OpenOptions::default())?;
            let pdf = store
                .brief_pdf(&target, lang, today)
                .map_err(|e| with_file(&file, e))?;
            write_output(&out, &pdf)
        }
        Command::Feedback {
            file,
            activity,
            out,
            lang,
        } => {
            let lang = lang_arg(&lang)?;
            let store = Store::open(&file, OpenOptions::default())?;
            let project = store.load_project()?;
            let pdf = crate::feedback::render_feedback(&project, &activity, lang)
                .map_err(|e| with_file(&file, CoreError::not_found(e.to_string())))?;
            write_output(&out, &pdf)
        }
        Command::ImportNeeds {
            file,
            csv,
            xlsx,
            activity,
            statement,
            quote,
            segment,
            tags,
        } => {
            let (input, as_xlsx) = match (csv, xlsx) {
                (Some(c), _) => (c, false),
                (None, Some(x)) => (x, true),
                (None, None) => {
                    return Err(CoreError::invalid(format!(
                        "{}: give the survey to import with --csv IN or --xlsx IN",
                        file.display()
                    )))
                }
            };
            let mapping = crate::import_needs::NeedMapping {
                statement,
                quote,
                segment,
                tags,
            };
            crate::import_needs::run_cli(&file, &input, as_xlsx, &activity, &mapping)
        }
        Command::ExportCsv {
            file,
            needs,
            activities,
        } => crate::import_needs::run_export_cli(&file, needs.as_ref(), activities.as_ref()),
    }
}

fn lang_arg(code: &str) -> Result<crate::brief::Lang> {
    crate::brief::Lang::from_code(code)
        .ok_or_else(|| CoreError::invalid(format!("--lang: \"{code}\" is not sv or en")))
}

/// Read a whole input file, or stdin for `-`.
pub fn read_input(path: &Path) -> Result<String> {
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
            .map_err(|e| CoreError::new("io", format!("stdin: {e}")))?;
        buf
    } else {
        std::fs::read(path)
            .map_err(|e| CoreError::new("io", format!("{}: cannot read: {e}", path.display())))?
    };
    String::from_utf8(bytes)
        .map_err(|_| CoreError::invalid(format!("{}: not UTF-8 text", path.display())))
}

/// Write an output file atomically (temporary file, then rename), or stdout for `-`.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|_| out.flush())
            .map_err(|e| CoreError::new("io", format!("stdout: {e}")));
    }
    write_atomic(path, bytes)
}

/// Write `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.display().to_string();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(CoreError::new(
            "io",
            format!(
                "{name}: cannot write: folder {} does not exist",
                dir.display()
            ),
        ));
    }
    if path.is_dir() {
        return Err(CoreError::new("io", format!("{name}: is a folder")));
    }
    let file_name = path
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{file_name}.{}.part", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        CoreError::new("io", format!("{name}: cannot write: {e}"))
    })
}
