//! The command line: headless subcommands of the `medskapa` binary.
//!
//! Exit status 0 when done; 2 for bad input or usage, with one line on stderr that names
//! the file and what is wrong. Output files are written under a temporary name and renamed
//! into place, so an error never leaves a half-written file.
//!
//! Wherever a command reads a project, PROJECT is a `.medskapa` file or the address of a
//! shared project (`postgresql://server/database`); the password comes from `PGPASSWORD`
//! or `~/.pgpass`, never from the command line.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{FromArgMatches, Parser, Subcommand};

use medskapa_core::app;
use medskapa_core::app::personal_data::ExportScope;
use medskapa_core::documents::brief::BriefTarget;
use medskapa_core::store::{Location, OpenOptions, Store};
use medskapa_core::support::error::{Context, CoreError, ErrorCode, Result};
use medskapa_core::support::fsio::{read_input, write_output};
use medskapa_core::support::lang::Lang;

/// `suggest-tags` and `similar`, on the local language model.
mod ai;
/// `--help` in Swedish or English, as the environment's language asks.
pub(crate) mod help;

#[derive(Parser, Debug)]
#[command(
    name = "medskapa",
    version,
    about = "Medskapa – plan resident involvement backwards from decisions",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    /// A project to open the app on (a file or a shared project's address)
    #[arg(value_name = "PROJECT")]
    project: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Open the app on a project (a file or a shared project's address)
    Open {
        /// The project: a .medskapa file or postgresql://server/database
        /// The project: a .medskapa file or postgresql://server/database
        #[arg(value_name = "PROJECT")]
        file: PathBuf,
    },
    /// Create an empty project (refuses to overwrite)
    New {
        /// The new project file
        file: PathBuf,
        /// The project's name; the file's name if not given
        #[arg(long)]
        name: Option<String>,
    },
    /// Create the demo project (the Helsingborg library case)
    Demo {
        /// The new project file
        file: PathBuf,
    },
    /// Create a large synthetic project, deterministic, for benchmarks (refuses to overwrite)
    Generate {
        /// The new project file
        file: PathBuf,
        /// How many needs
        #[arg(long, value_name = "N")]
        needs: u64,
        /// How many activities
        #[arg(long, value_name = "N")]
        activities: u64,
        /// How many key questions
        #[arg(long, value_name = "N")]
        questions: u64,
        /// The random seed; the same arguments always give the same project
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
        /// How many planning flaws of each kind to plant (0 for none); by default a few,
        /// more for larger projects (1 below 10,000 needs, 2 below 100,000, 3 below a
        /// million, 4 from there)
        #[arg(long, value_name = "N")]
        flaws: Option<u64>,
        /// Give the decision with the most needs behind it N needs to list in its brief
        /// (needs from other dialogues are moved to one of its own), and print its id:
        /// the project for measuring a brief of N needs
        #[arg(long, value_name = "N")]
        brief_needs: Option<usize>,
    },
    /// Export the whole project as interchange JSON (`-` for stdout)
    Export {
        /// The project: a .medskapa file or postgresql://server/database
        #[arg(value_name = "PROJECT")]
        file: PathBuf,
        /// The JSON file to write (`-` for stdout)
        #[arg(long)]
        json: PathBuf,
        /// Write it even when residents' words in it hold personal data
        #[arg(long)]
        allow_personal_data: bool,
    },
    /// Create a new project from interchange JSON (validates everything first)
    Import {
        /// The new project file
        file: PathBuf,
        /// The JSON file to read
        #[arg(long)]
        json: PathBuf,
    },
    /// Copy a project file into an empty database on a PostgreSQL server, to share it
    Share {
        /// The project file to share
        file: PathBuf,
        /// The empty database: postgresql://server/database
        #[arg(long, value_name = "ADDRESS")]
        server: String,
    },
    /// Print the planning warnings
    Check {
        /// The project: a .medskapa file or postgresql://server/database
        #[arg(value_name = "PROJECT")]
        file: PathBuf,
        /// The date to check against (YYYY-MM-DD); default today
        #[arg(long)]
        today: Option<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        /// The language of the messages: sv or en
        #[arg(long, default_value = "sv")]
        lang: String,
    },
    /// Write the decision brief for a decision or one key question: a web page when
    /// --out ends in .html or .htm, a PDF otherwise
    Brief {
        /// The project: a .medskapa file or postgresql://server/database
        #[arg(value_name = "PROJECT")]
        file: PathBuf,
        /// The decision the brief is for (its id)
        #[arg(
            long,
            conflicts_with = "question",
            required_unless_present = "question"
        )]
        decision: Option<String>,
        /// The key question the brief is for (its id)
        #[arg(long)]
        question: Option<String>,
        /// The file to write (.html, .htm or .pdf)
        #[arg(long)]
        out: PathBuf,
        /// sv or en
        #[arg(long, default_value = "sv")]
        lang: String,
        /// The date the brief is made (YYYY-MM-DD); default today
        #[arg(long)]
        today: Option<String>,
        /// Write it even when residents' words in it hold personal data
        #[arg(long)]
        allow_personal_data: bool,
    },
    /// Write the one-page "Ni sa – vi gör" sheet for the residents of one activity
    Feedback {
        /// The project: a .medskapa file or postgresql://server/database
        #[arg(value_name = "PROJECT")]
        file: PathBuf,
        /// The activity (its id)
        #[arg(long)]
        activity: String,
        /// The PDF file to write
        #[arg(long)]
        out: PathBuf,
        /// sv or en
        #[arg(long, default_value = "sv")]
        lang: String,
        /// Write it even when residents' words in it hold personal data
        #[arg(long)]
        allow_personal_data: bool,
    },
    /// Import needs from a survey export (CSV or xlsx); COL is a header name
    #[command(group(clap::ArgGroup::new("input").args(["csv", "xlsx"])))]
    ImportNeeds {
        /// The project: a .medskapa file or postgresql://server/database
        #[arg(value_name = "PROJECT")]
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
        /// The column with the need
        #[arg(long, value_name = "COL")]
        statement: String,
        /// The column with a quote
        #[arg(long, value_name = "COL")]
        quote: Option<String>,
        /// The column with the segment
        #[arg(long, value_name = "COL")]
        segment: Option<String>,
        /// Tag names, several separated by `,` or `;`
        #[arg(long, value_name = "COL")]
        tags: Option<String>,
    },
    /// Spreadsheet exports (CSV: UTF-8 with BOM, `;`; xlsx when OUT ends in .xlsx)
    ExportCsv {
        /// The project: a .medskapa file or postgresql://server/database
        #[arg(value_name = "PROJECT")]
        file: PathBuf,
        /// The file to write the needs to
        #[arg(long, value_name = "OUT")]
        needs: Option<PathBuf>,
        /// The file to write the activities to
        #[arg(long, value_name = "OUT")]
        activities: Option<PathBuf>,
        /// The language of headers, methods and statuses: sv or en
        #[arg(long, default_value = "sv")]
        lang: String,
        /// Write it even when residents' words in it hold personal data
        #[arg(long)]
        allow_personal_data: bool,
    },
    /// Suggest tags for a need with the local language model, best first, with scores
    SuggestTags {
        /// The project: a .medskapa file or postgresql://server/database
        #[arg(value_name = "PROJECT")]
        file: PathBuf,
        /// The need (its id)
        #[arg(long, value_name = "ID")]
        need: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// The needs closest in meaning to a need (the local language model), closest first
    Similar {
        /// The project: a .medskapa file or postgresql://server/database
        #[arg(value_name = "PROJECT")]
        file: PathBuf,
        /// The need (its id)
        #[arg(long, value_name = "ID")]
        need: String,
        /// How many needs to list
        #[arg(long, value_name = "N", default_value_t = 10)]
        limit: usize,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
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
        Some(s) => medskapa_core::domain::validate::parse_date(s).ok_or_else(|| {
            CoreError::invalid(format!(
                "--today: \"{s}\" is not a date (YYYY-MM-DD, the year 1000–9999)"
            ))
        }),
    }
}

fn lang_arg(code: &str) -> Result<Lang> {
    Lang::from_code(code)
        .ok_or_else(|| CoreError::invalid(format!("--lang: \"{code}\" is not sv or en")))
}

/// Run the command line. Prints to stdout/stderr itself.
pub fn run<I, T>(args: I) -> Outcome
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let parsed = help::command(help::swedish_from_env())
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
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
        None => return cli.project.map_or(Outcome::Gui(None), gui_on),
        Some(Command::Open { file }) => return gui_on(file),
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

/// The project a GUI launch names (`medskapa open PROJECT`, or the project alone), as
/// given; `None` for a plain `medskapa` or for arguments that do not start the GUI. Nothing
/// is run or printed: a running app reads a second launch's arguments with it.
pub fn gui_project<I, T>(args: I) -> Option<PathBuf>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    use clap::CommandFactory;
    let matches = Cli::command().try_get_matches_from(args).ok()?;
    match matches.subcommand() {
        Some(("open", open)) => open.get_one::<PathBuf>("file").cloned(),
        Some(_) => None,
        None => matches
            .try_get_one::<PathBuf>("project")
            .ok()
            .flatten()
            .cloned(),
    }
}

/// Open the GUI on `file` (`medskapa FILE`, `medskapa open FILE`): what cannot be opened is
/// refused before a window appears; a password the server asks for is typed in the window.
fn gui_on(file: PathBuf) -> Outcome {
    match Store::open_at(&Location::of(&file), OpenOptions::default()) {
        Ok(_) => Outcome::Gui(Some(file)),
        Err(e) if e.code == ErrorCode::PasswordNeeded => Outcome::Gui(Some(file)),
        Err(e) => {
            eprintln!("medskapa: {e}");
            Outcome::Exit(2)
        }
    }
}

/// Whether `out` names a web page (`.html` or `.htm`, in any case).
fn is_html(out: &std::path::Path) -> bool {
    out.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

fn print(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .map_err(|e| CoreError::of(ErrorCode::Io, "stdout", e))
}

/// `share`: the project file copied into the empty database at `server`.
fn share(file: &std::path::Path, server: &str) -> Result<()> {
    if !medskapa_core::store::server::is_address(server) {
        return Err(CoreError::of(
            ErrorCode::BadAddress,
            "--server",
            "not a PostgreSQL address (postgresql://server/database)",
        ));
    }
    let project = Store::open(file, OpenOptions::default())?.load_project()?;
    Store::share(&project, server, None)?;
    print(&format!(
        "{}: shared as {}\n",
        file.display(),
        Location::Server(server.to_string())
    ))
}

/// `export --json`: the whole project as interchange JSON, refused when residents' words
/// in it hold personal data unless `allow_personal_data`.
fn export_json(
    file: &std::path::Path,
    json: &std::path::Path,
    allow_personal_data: bool,
) -> Result<()> {
    let project = Location::of(file);
    let store = Store::open_at(&project, OpenOptions::default())?;
    store.check_sound()?;
    app::personal_data::refuse_unless_allowed(
        &store,
        &ExportScope::Json,
        allow_personal_data,
        &project,
    )?;
    let text = medskapa_core::formats::interchange::into_json(store.load_project()?);
    write_output(json, text.as_bytes(), store.output_guard())
}

/// `brief`: a PDF, or a web page when `out` ends in .html or .htm; refused when the needs
/// it shows hold personal data unless `allow_personal_data`.
fn brief(
    file: &std::path::Path,
    target: &BriefTarget,
    out: &std::path::Path,
    lang: &str,
    today: &Option<String>,
    allow_personal_data: bool,
) -> Result<()> {
    // The PDF's fonts are parsed (about 6 ms) on another core while the project is read.
    if !is_html(out) {
        std::thread::spawn(medskapa_core::pdf::fonts::fonts);
    }
    let lang = lang_arg(lang)?;
    let today = today_arg(today)?;
    let project = Location::of(file);
    let store = Store::open_at(&project, OpenOptions::default())?;
    // Read once: the check for personal data looks at what the brief is made from.
    let source = app::briefs::BriefSource::read(&store, target).about(&project)?;
    if !allow_personal_data {
        app::personal_data::refuse(&source.personal_data(), &project)?;
    }
    let model = source.into_model(target, lang, today).about(&project)?;
    let bytes = if is_html(out) {
        medskapa_core::documents::brief::render_html_document(&model).into_bytes()
    } else {
        medskapa_core::documents::brief::render_pdf(&model)
    };
    write_output(out, &bytes, store.output_guard())
}

/// `feedback`: the "Ni sa – vi gör" sheet of one activity, refused when its texts hold
/// personal data unless `allow_personal_data`.
fn feedback(
    file: &std::path::Path,
    activity: &str,
    out: &std::path::Path,
    lang: &str,
    allow_personal_data: bool,
) -> Result<()> {
    let lang = lang_arg(lang)?;
    let project = Location::of(file);
    let store = Store::open_at(&project, OpenOptions::default())?;
    let scope = ExportScope::Feedback {
        activity_id: activity.to_string(),
    };
    app::personal_data::refuse_unless_allowed(&store, &scope, allow_personal_data, &project)?;
    let pdf = app::briefs::feedback_pdf(&store, activity, lang).about(&project)?;
    write_output(out, &pdf, store.output_guard())
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
            Store::create(&file, &name).in_file(&file)?;
            Ok(())
        }
        Command::Demo { file } => {
            app::demo::create_demo(&file).in_file(&file)?;
            Ok(())
        }
        Command::Generate {
            file,
            needs,
            activities,
            questions,
            seed,
            flaws,
            brief_needs,
        } => {
            let opts = app::generate::GenerateOptions {
                needs,
                activities,
                questions,
                seed,
                flaws,
            };
            let Some(brief_needs) = brief_needs else {
                app::generate::generate_file(&file, &opts).in_file(&file)?;
                return Ok(());
            };
            let decision =
                app::generate::generate_brief_file(&file, &opts, brief_needs).in_file(&file)?;
            print(&format!("{decision}\n"))
        }
        Command::Export {
            file,
            json,
            allow_personal_data,
        } => export_json(&file, &json, allow_personal_data),
        Command::Import { file, json } => {
            let text = read_input(&json)?;
            let project = medskapa_core::formats::interchange::parse(&text).in_file(&json)?;
            Store::create_from(&file, &project).in_file(&file)?;
            Ok(())
        }
        Command::Share { file, server } => share(&file, &server),
        Command::SuggestTags { file, need, json } => ai::suggest_tags(&file, &need, json),
        Command::Similar {
            file,
            need,
            limit,
            json,
        } => ai::similar(&file, &need, limit, json),
        Command::Check {
            file,
            today,
            json,
            lang,
        } => {
            let lang = lang_arg(&lang)?;
            let today = today_arg(&today)?;
            let store = Store::open_at(&Location::of(&file), OpenOptions::default())?;
            store.check_sound()?;
            let warnings = store.planning_warnings(today, lang)?;
            print(&app::checks::warnings_text(&warnings, json, lang))
        }
        Command::Brief {
            file,
            decision,
            question,
            out,
            lang,
            today,
            allow_personal_data,
        } => {
            let target = match (decision, question) {
                (Some(d), _) => BriefTarget::Decision(d),
                (None, Some(q)) => BriefTarget::Question(q),
                (None, None) => {
                    return Err(CoreError::invalid("give --decision ID or --question ID"))
                }
            };
            brief(&file, &target, &out, &lang, &today, allow_personal_data)
        }
        Command::Feedback {
            file,
            activity,
            out,
            lang,
            allow_personal_data,
        } => feedback(&file, &activity, &out, &lang, allow_personal_data),
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
                    return Err(CoreError::invalid(
                        "give the survey to import with --csv IN or --xlsx IN",
                    )
                    .in_file(&file))
                }
            };
            let mapping = app::import_needs::NeedMapping {
                statement,
                quote,
                segment,
                tags,
            };
            let project = Location::of(&file);
            let report =
                app::import_needs::import_file(&project, &input, as_xlsx, &activity, &mapping)?;
            print(&format!(
                "{}\n",
                app::import_needs::report_line(&project, &report)
            ))
        }
        Command::ExportCsv {
            file,
            needs,
            activities,
            lang,
            allow_personal_data,
        } => {
            let lang = lang_arg(&lang)?;
            let lines = app::export::export_sheets(
                &Location::of(&file),
                needs.as_ref(),
                activities.as_ref(),
                lang,
                allow_personal_data,
            )?;
            print(&lines.iter().map(|l| format!("{l}\n")).collect::<String>())
        }
    }
}
