//! The command line: the reader by default, and scriptable subcommands (export, entities,
//! mentions, search, cache, config, completions, man).
//!
//! - [`args`]: what can be typed — the clap definitions, the kind parser over the one kind
//!   table, and the defaults from `DOCENT_OPTS`.
//! - `run`: what each subcommand does, opening corpora through the core's [`crate::open`] and
//!   turning its errors into exit codes.
//! - [`output`]: what the subcommands print (tables, search lines, mentions, CSV, JSON).
//! - `progress`: the loading progress line on standard error.
//!
//! [`main`] ties them together: parse, read the configuration, run, exit code.

pub mod args;
pub mod output;
mod progress;
mod run;

pub use args::{Cli, Command, LoadArgs, MentionFormat, UiArgs};
pub use output::{
    entities_output, mentions_output, search_output, with_output, write_entities_table,
};
pub use progress::progress_line;

use crate::sanitize::clean_line;

/// Why a command could not run: a message and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

/// Parses the command line (after the flags in `DOCENT_OPTS`), runs it, and returns the exit
/// code.
pub fn main() -> i32 {
    // A panic the loader catches (the PDF reader's, on a damaged file) becomes a notice: its
    // message and backtrace are not printed. Any other panic prints as usual.
    crate::load::quiet_caught_panics();
    let opts = std::env::var("DOCENT_OPTS").unwrap_or_default();
    let (mut cli, matches) = match args::parse(std::env::args_os(), &opts) {
        Ok(parsed) => parsed,
        Err(e) => {
            use clap::error::ErrorKind as K;
            if !opts.trim().is_empty() && !matches!(e.kind(), K::DisplayHelp | K::DisplayVersion) {
                eprintln!("docent: note: DOCENT_OPTS adds {}", clean_line(opts.trim()));
            }
            // clap echoes what was typed (a globbed file name can hold anything): render its
            // message, then sanitize it like every other byte docent writes to a terminal.
            let code = e.exit_code();
            let text = e.render().to_string();
            let text = crate::sanitize::clean(&text);
            if e.use_stderr() {
                eprint!("{text}");
            } else {
                print!("{text}");
            }
            return code;
        }
    };
    let loaded = crate::config::load(crate::config::locate(cli.ui.config.as_deref()).as_ref());
    if !args::given(&matches, "max_file_size") {
        cli.load.max_file_size = loaded.config.max_file_size;
    }
    if cli.load.date_from.is_none() {
        cli.load.date_from = Some(loaded.config.date_from.clone());
    }
    // The configuration's JSON fields after the command line's: `--field` is tried first.
    cli.load.field.extend(loaded.config.fields.iter().cloned());
    cli.load.no_cache = !loaded.config.cache_enabled(cli.load.no_cache);
    let code = match run::run(cli, loaded) {
        Ok(()) => 0,
        Err(f) => {
            eprintln!("docent: {}", clean_line(&f.message));
            f.code
        }
    };
    // Texts from the document store that failed their check when first read (each read from
    // its file instead, or masked): said once the output is done.
    for n in crate::model::text_notices() {
        eprintln!("docent: {}", clean_line(&n.to_string()));
    }
    code
}
