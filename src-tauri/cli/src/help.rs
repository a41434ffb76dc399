//! `--help` in the language of the environment: the English texts are the doc comments of
//! the clap definitions in `cli.rs`; when `LC_ALL`, `LC_MESSAGES` or `LANG` (the first one
//! set, as POSIX orders them) starts with `sv`, every text is swapped for its Swedish twin
//! from the table below. Subcommand and option names stay the same in both languages.

use clap::{Command, CommandFactory};

use super::Cli;

/// Swedish texts: (subcommand, argument id, text). An empty subcommand is the program
/// itself; an empty argument id is the command's own description.
const SWEDISH: &[(&str, &str, &str)] = &[
    ("", "", "Medskapa – planera medborgardialog baklänges från besluten"),
    ("", "project", "Ett projekt att öppna appen på (en fil eller ett delat projekts adress)"),
    ("", "version", "Visa versionen"),
    ("open", "", "Öppna appen på ett projekt (en fil eller ett delat projekts adress)"),
    ("open", "file", "Projektet: en .medskapa-fil eller postgresql://server/databas"),
    ("new", "", "Skapa ett tomt projekt (skriver inte över en fil som finns)"),
    ("new", "file", "Den nya projektfilen"),
    ("new", "name", "Projektets namn; annars filens namn"),
    ("demo", "", "Skapa demoprojektet (fallet med Helsingborgs bibliotek)"),
    ("demo", "file", "Den nya projektfilen"),
    ("generate", "", "Skapa ett stort syntetiskt projekt för prestandatester, alltid likadant (skriver inte över en fil som finns)"),
    ("generate", "file", "Den nya projektfilen"),
    ("generate", "needs", "Antal behov"),
    ("generate", "activities", "Antal aktiviteter"),
    ("generate", "questions", "Antal nyckelfrågor"),
    ("generate", "seed", "Slumpfröet; samma argument ger alltid samma projekt"),
    ("generate", "brief_needs", "Ge beslutet med flest behov bakom sig N behov att lista i sitt beslutsunderlag (behov från andra dialoger flyttas till en av dess egna) och skriv ut dess id: projektet för att mäta ett underlag med N behov"),
    ("generate", "flaws", "Hur många planeringsbrister av varje slag som planteras (0 för inga); annars några, fler i större projekt (1 under 10 000 behov, 2 under 100 000, 3 under en miljon, 4 därutöver)"),
    ("export", "", "Exportera hela projektet som utbytes-JSON (`-` för standard ut)"),
    ("export", "file", "Projektet: en .medskapa-fil eller postgresql://server/databas"),
    ("export", "json", "JSON-filen att skriva (`-` för standard ut)"),
    ("export", "allow_personal_data", "Skriv ändå, även när invånarnas ord i den innehåller personuppgifter"),
    ("import", "", "Skapa ett nytt projekt från utbytes-JSON (allt kontrolleras först)"),
    ("import", "file", "Den nya projektfilen"),
    ("import", "json", "JSON-filen att läsa"),
    ("share", "", "Kopiera en projektfil till en tom databas på en PostgreSQL-server för att dela den"),
    ("share", "file", "Projektfilen att dela"),
    ("share", "server", "Den tomma databasen: postgresql://server/databas"),
    ("check", "", "Skriv ut planeringsvarningarna"),
    ("check", "file", "Projektet: en .medskapa-fil eller postgresql://server/databas"),
    ("check", "today", "Datumet att kontrollera mot (ÅÅÅÅ-MM-DD); annars i dag"),
    ("check", "json", "Skriv JSON i stället för text"),
    ("check", "lang", "Meddelandenas språk: sv eller en"),
    ("brief", "", "Skriv beslutsunderlaget för ett beslut eller en nyckelfråga: en webbsida när --out slutar på .html eller .htm, annars en PDF"),
    ("brief", "file", "Projektet: en .medskapa-fil eller postgresql://server/databas"),
    ("brief", "decision", "Beslutet underlaget gäller (id)"),
    ("brief", "question", "Nyckelfrågan underlaget gäller (id)"),
    ("brief", "out", "Filen att skriva (.html, .htm eller .pdf)"),
    ("brief", "lang", "sv eller en"),
    ("brief", "today", "Datumet underlaget görs (ÅÅÅÅ-MM-DD); annars i dag"),
    ("brief", "allow_personal_data", "Skriv ändå, även när invånarnas ord i den innehåller personuppgifter"),
    ("feedback", "", "Skriv arket ”Ni sa – vi gör” på en sida till invånarna i en aktivitet"),
    ("feedback", "file", "Projektet: en .medskapa-fil eller postgresql://server/databas"),
    ("feedback", "activity", "Aktiviteten (id)"),
    ("feedback", "out", "PDF-filen att skriva"),
    ("feedback", "lang", "sv eller en"),
    ("feedback", "allow_personal_data", "Skriv ändå, även när invånarnas ord i den innehåller personuppgifter"),
    ("import-needs", "", "Importera behov från en enkätexport (CSV eller xlsx); COL är en kolumnrubrik"),
    ("import-needs", "file", "Projektet: en .medskapa-fil eller postgresql://server/databas"),
    ("import-needs", "csv", "En CSV-fil (teckenkodning och avgränsare känns igen)"),
    ("import-needs", "xlsx", "En Excel-arbetsbok (första bladet läses)"),
    ("import-needs", "activity", "Aktiviteten där behoven kom fram"),
    ("import-needs", "statement", "Kolumnen med behovet"),
    ("import-needs", "quote", "Kolumnen med ett citat"),
    ("import-needs", "segment", "Kolumnen med målgruppen"),
    ("import-needs", "tags", "Taggnamn, flera åtskilda med `,` eller `;`"),
    ("export-csv", "", "Export till kalkylblad (CSV: UTF-8 med BOM, `;`; xlsx när OUT slutar på .xlsx)"),
    ("export-csv", "file", "Projektet: en .medskapa-fil eller postgresql://server/databas"),
    ("export-csv", "needs", "Filen att skriva behoven till"),
    ("export-csv", "activities", "Filen att skriva aktiviteterna till"),
    ("export-csv", "lang", "Språket för rubriker, metoder och status: sv eller en"),
    ("export-csv", "allow_personal_data", "Skriv ändå, även när invånarnas ord i den innehåller personuppgifter"),
    ("suggest-tags", "", "Föreslå taggar för ett behov med den lokala språkmodellen, bäst först, med poäng"),
    ("suggest-tags", "file", "Projektet: en .medskapa-fil eller postgresql://server/databas"),
    ("suggest-tags", "need", "Behovet (id)"),
    ("suggest-tags", "json", "Skriv JSON i stället för text"),
    ("similar", "", "Behoven som ligger närmast ett behov i betydelse (den lokala språkmodellen), närmast först"),
    ("similar", "file", "Projektet: en .medskapa-fil eller postgresql://server/databas"),
    ("similar", "need", "Behovet (id)"),
    ("similar", "limit", "Hur många behov som ska listas"),
    ("similar", "json", "Skriv JSON i stället för text"),
    ("help", "", "Visa den här hjälpen eller hjälpen för de angivna kommandona"),
    ("help", "subcommand", "Kommandot att visa hjälpen för"),
];

/// Clap's own words in the help layout, in Swedish.
const TEMPLATE: &str =
    "{before-help}{about-with-newline}\nAnvändning: {usage}\n\n{all-args}{after-help}";
const HELP: &str = "Visa hjälpen";
const COMMANDS: &str = "Kommandon";
const COMMAND: &str = "KOMMANDO";
const ARGUMENTS: &str = "Argument";
const OPTIONS: &str = "Flaggor";

/// Whether the environment asks for Swedish: the first of `LC_ALL`, `LC_MESSAGES` and
/// `LANG` that is set and not empty starts with `sv`.
pub fn swedish_from_env() -> bool {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .is_some_and(|v| v.starts_with("sv"))
}

/// The command line definition, in Swedish or in English.
pub fn command(swedish: bool) -> Command {
    let mut cmd = Cli::command();
    if !swedish {
        return cmd;
    }
    // Built first, so clap's own `--help`, `--version` and `help` exist to be worded too.
    cmd.build();
    in_swedish(cmd, "")
}

/// The Swedish text for `arg` ("" for the description) of `subcommand` ("" for the program).
pub fn swedish_text(subcommand: &str, arg: &str) -> Option<&'static str> {
    SWEDISH
        .iter()
        .find(|(s, a, _)| *s == subcommand && *a == arg)
        .map(|(_, _, text)| *text)
}

fn in_swedish(cmd: Command, key: &str) -> Command {
    let args: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    let subcommands: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading(COMMANDS)
        .subcommand_value_name(COMMAND);
    if let Some(about) = swedish_text(key, "") {
        cmd = cmd.about(about).long_about(None);
    }
    for (id, positional) in args {
        let text = match id.as_str() {
            "help" => Some(HELP),
            _ => swedish_text(key, &id),
        };
        let heading = if positional { ARGUMENTS } else { OPTIONS };
        cmd = cmd.mut_arg(&id, |a| match text {
            Some(t) => a.help(t).long_help(None).help_heading(heading),
            None => a.help_heading(heading),
        });
    }
    for name in subcommands {
        cmd = cmd.mut_subcommand(&name, |s| in_swedish(s, &name));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::command;

    #[test]
    fn the_swedish_help_words_every_command_and_option() {
        fn walk(
            cmd: &clap::Command,
            english: &clap::Command,
            path: &str,
            missing: &mut Vec<String>,
        ) {
            let about = cmd.get_about().map(|a| a.to_string());
            if about.is_none() || about == english.get_about().map(|a| a.to_string()) {
                missing.push(format!("{path}: about"));
            }
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                let en = english
                    .get_arguments()
                    .find(|a| a.get_id() == arg.get_id())
                    .and_then(|a| a.get_help().map(|h| h.to_string()));
                let sv = arg.get_help().map(|h| h.to_string());
                // The same text in both is fine only where it is no words ("sv or en").
                if sv.is_none() || (sv == en && sv.as_deref() != Some("sv eller en")) {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                if let Some(en) = english.find_subcommand(sub.get_name()) {
                    walk(sub, en, &format!("{path} {}", sub.get_name()), missing);
                }
            }
        }
        let mut swedish = command(true);
        swedish.build();
        let mut english = command(false);
        english.build();
        let mut missing = Vec::new();
        walk(&swedish, &english, "medskapa", &mut missing);
        assert!(missing.is_empty(), "no Swedish text for: {missing:?}");
        // Every English option has help too.
        fn walk_en(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                if arg.get_help().is_none() {
                    missing.push(format!("{path} {}", arg.get_id()));
                }
            }
            // Clap's own `help` subcommand is worded by clap.
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                walk_en(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        walk_en(&english, "medskapa", &mut missing);
        assert!(missing.is_empty(), "no English text for: {missing:?}");
    }
}
