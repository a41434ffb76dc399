//! The app's own settings (language, recent projects, the user's name) as kept in
//! `settings.json`, and how they are read: a damaged file is set aside, never lost.

use std::path::Path;

use medskapa_core::store::Location;
use medskapa_core::support::error::{CoreError, ErrorCode};
use medskapa_core::support::lang::Lang;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// An unknown language (a hand-edited file, a newer version's) falls back to Swedish
    /// without losing the rest of the settings.
    #[serde(deserialize_with = "lang_or_default")]
    pub lang: Lang,
    /// Most recent first: files, and shared projects by their address (never with a
    /// password). Written as a list of strings, as older versions wrote their list of files.
    #[serde(serialize_with = "recent_out", deserialize_with = "recent_in")]
    pub recent: Vec<Location>,
    /// The name the user goes by, given to every project opened ("" for none).
    pub name: String,
    /// What went wrong reading the settings file, until a window has said so; never written.
    #[serde(skip)]
    pub(crate) problem: Option<CoreError>,
}

fn recent_out<S: serde::Serializer>(
    recent: &[Location],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(recent.len()))?;
    for location in recent {
        match location {
            Location::File(path) => seq.serialize_element(path)?,
            // Display leaves any password out.
            Location::Server(_) => seq.serialize_element(&location.to_string())?,
        }
    }
    seq.end()
}

/// Whatever is not a string (a hand-edited file) is dropped, not the whole settings file.
fn recent_in<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<Location>, D::Error> {
    let items = serde_json::Value::deserialize(d)?;
    Ok(items
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(serde_json::Value::as_str)
        .filter(|s| !s.is_empty())
        .map(|s| match Location::of(Path::new(s)) {
            Location::Server(_) => Location::Server(Location::Server(s.into()).to_string()),
            file => file,
        })
        .collect())
}

fn lang_or_default<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Lang, D::Error> {
    let code = Option::<String>::deserialize(d)?;
    Ok(code
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or_default())
}

/// The settings in `path`; no file yet gives the defaults. A file that is not settings (not
/// JSON, or JSON of another shape) is never deleted nor overwritten: it is set aside beside
/// itself as `settings.json.damaged-YYYYMMDD-HHMMSS`, and the app starts with the defaults
/// and a `problem` for the window to show.
pub(crate) fn load_settings(path: &Path) -> Settings {
    let problem = match std::fs::read(path) {
        Ok(bytes) => match serde_json::from_slice::<Settings>(&bytes) {
            Ok(settings) => return settings,
            Err(e) => set_aside(path, &e),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Settings::default(),
        Err(e) => settings_error(
            ErrorCode::Io,
            path,
            format!("cannot read the settings ({e}); started with the defaults"),
        ),
    };
    Settings {
        problem: Some(problem),
        ..Settings::default()
    }
}

/// Move the damaged settings file at `path` out of the way, under a name no file has yet.
fn set_aside(path: &Path, why: &serde_json::Error) -> CoreError {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "settings.json".into());
    let base = format!("{name}.damaged-{stamp}");
    let mut aside = path.with_file_name(&base);
    let mut n = 1;
    while aside.exists() {
        aside = path.with_file_name(format!("{base}-{n}"));
        n += 1;
    }
    let detail = match std::fs::rename(path, &aside) {
        Ok(()) => format!(
            "not valid settings ({why}); kept as {} and started with the defaults",
            aside.display()
        ),
        Err(e) => format!(
            "not valid settings ({why}), and it could not be kept as {} ({e}); \
             started with the defaults",
            aside.display()
        ),
    };
    settings_error(ErrorCode::Damaged, path, detail)
}

/// A problem with the settings file at `path`, marked (`field: "settings"`) so that the
/// window words it as one.
fn settings_error(code: ErrorCode, path: &Path, detail: String) -> CoreError {
    CoreError::field("settings", code, format!("{}: {detail}", path.display()))
}
