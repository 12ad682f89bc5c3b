//! Running a parsed command line: the reader by default, else one subcommand. Opening a corpus
//! is the core's [`crate::open`]; here it gets a progress display, its errors become exit codes
//! ([`Failure`]), its notices go to standard error, and its index cache write is joined.

use super::args::{CacheCommand, Cli, Command, DevCommand, ExportFormat, LoadArgs, ShellArg};
use super::output::{
    entities_output, mentions_output, search_output, search_words_output, with_output,
    write_entities_table,
};
use super::progress::ProgressDisplay;
use super::Failure;
use crate::model::Corpus;
use crate::open::{CacheWrite, OpenError, OpenOptions, Opened, SearchCandidates, SearchSource};
use crate::sanitize::clean_line;
use clap::CommandFactory;
use std::io::{IsTerminal, Write};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// Opens `paths` as [`crate::open::open`] does, showing progress on standard error while it
/// takes a while. A missing path exits 2; no documents exits 1, after naming what was skipped.
fn open(paths: &[String], args: &LoadArgs) -> Result<Opened, Failure> {
    open_as(paths, args, crate::open::open)
}

/// [`open`] with the core's `open` or `open_unchecked` (the reader's).
fn open_as(
    paths: &[String],
    args: &LoadArgs,
    how: fn(&[String], &OpenOptions) -> Result<Opened, OpenError>,
) -> Result<Opened, Failure> {
    let progress = Arc::new(crate::load::Progress::default());
    let display = ProgressDisplay::start(&progress);
    let options = open_options(args, progress)?;
    let opened = how(paths, &options);
    drop(display);
    opened.map_err(open_failure)
}

/// The command line's load flags as open options.
fn open_options(
    args: &LoadArgs,
    progress: Arc<crate::load::Progress>,
) -> Result<OpenOptions, Failure> {
    Ok(OpenOptions {
        max_file_size: args.max_file_size,
        use_cache: !args.no_cache,
        annotations: args.annotations.clone(),
        progress: Some(progress),
        date_from: args.date_from.clone().unwrap_or_default(),
        formats: args
            .format_options()
            .map_err(|message| Failure { code: 2, message })?,
    })
}

/// An open error as an exit: a missing path exits 2; no documents exits 1, after naming what
/// was skipped.
fn open_failure(e: OpenError) -> Failure {
    let code = match &e {
        OpenError::Load(_) => 2,
        OpenError::NoDocuments { notices, .. } => {
            for n in notices {
                eprintln!("docent: {}", clean_line(&n.to_string()));
            }
            1
        }
    };
    Failure {
        code,
        message: e.to_string(),
    }
}

/// [`crate::open::open_search`] with [`open`]'s progress display and exit codes.
fn open_search(
    paths: &[String],
    args: &LoadArgs,
    words: bool,
    reuse: bool,
) -> Result<(SearchSource, Vec<crate::model::Notice>), Failure> {
    let progress = Arc::new(crate::load::Progress::default());
    let display = ProgressDisplay::start(&progress);
    let options = open_options(args, progress)?;
    let opened = crate::open::open_search(paths, &options, words, reuse);
    drop(display);
    opened.map_err(open_failure)
}

/// The search listing: lines through the word index when there is one, else fuzzily. `None`
/// when the lines' texts could not be read.
fn search_any<S: crate::cache::searchfile::Described>(
    candidates: &S,
    source: &SearchSource,
    query: &str,
    limit: usize,
    json: bool,
    color: bool,
) -> anyhow::Result<Option<(String, usize)>> {
    match &source.words {
        Some(ix) => {
            let mut lines = source.line_reader();
            search_words_output(candidates, ix, &mut *lines, query, limit, json, color)
        }
        None => search_output(candidates, query, limit, json, color).map(Some),
    }
}

/// Answers `query` from `source`: the listing and the corpus's notices, or `None` when the
/// stored search proved damaged while answering or the lines' texts could not be read (the
/// caller answers again from the corpus opened anew), with what to say about it.
#[allow(clippy::type_complexity)]
fn search_answer(
    source: &SearchSource,
    query: &str,
    limit: usize,
    json: bool,
    color: bool,
) -> Result<
    Result<((String, usize), Vec<crate::model::Notice>), Option<crate::model::Notice>>,
    Failure,
> {
    let (answer, notices) = match &source.candidates {
        SearchCandidates::Stored(file) => (
            search_any(file, source, query, limit, json, color),
            file.notices.clone(),
        ),
        SearchCandidates::Opened { candidates, .. } => (
            search_any(candidates, source, query, limit, json, color),
            candidates.corpus().notices.clone(),
        ),
        SearchCandidates::Written { file, .. } => (
            search_any(file, source, query, limit, json, color),
            file.notices.clone(),
        ),
    };
    let answer = answer.map_err(failure)?;
    if let Some(n) = source.damaged() {
        return Ok(Err(Some(n)));
    }
    Ok(answer.map(|a| (a, notices)).ok_or(None))
}

/// Waits for the index cache write; prints its notice if it failed.
fn finish_cache_write(write: CacheWrite) {
    if let Some(n) = write.finish() {
        eprintln!("docent: {}", clean_line(&n.to_string()));
    }
}

/// An index cache write that is reported when this goes out of scope, after the output, on
/// success and on failure alike.
struct ReportedCacheWrite(Option<CacheWrite>);

impl Drop for ReportedCacheWrite {
    fn drop(&mut self) {
        if let Some(write) = self.0.take() {
            finish_cache_write(write);
        }
    }
}

/// Opens `paths` for a subcommand: prints the corpus's notices and returns it with its cache
/// write, reported once the subcommand is done.
fn open_for_output(
    paths: &[String],
    args: &LoadArgs,
) -> Result<(Corpus, ReportedCacheWrite), Failure> {
    let opened = open(paths, args)?;
    print_notices(&opened.corpus);
    Ok((opened.corpus, ReportedCacheWrite(Some(opened.cache_write))))
}

fn print_notices(corpus: &Corpus) {
    for n in &corpus.notices {
        eprintln!("docent: {}", clean_line(&n.to_string()));
    }
}

/// A line of `/proc/self/status` (`key` with its colon) in megabytes, for `docent dev stats`.
fn rss_mb(key: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with(key))?.to_string();
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or("unknown".to_string(), |kb| format!("{:.0} MB", kb / 1024.0))
}

/// Where the palette keeps its names tier for a corpus opened from the document store
/// ([`crate::open::names_location`]).
fn stored_names(
    paths: &[String],
    load: &LoadArgs,
    opened: &mut crate::open::Opened,
) -> Option<(std::path::PathBuf, crate::cache::searchfile::Validity)> {
    // A cold build writes it behind the open: there before the reader asks.
    opened.cache_write.names_written();
    let options = open_options(load, Arc::default()).ok()?;
    let home = crate::tui::paths::home();
    crate::open::names_location(paths, &options, opened, home.as_deref())
}

/// Prints configuration problems to standard error.
pub(super) fn warn_config(loaded: &crate::config::Loaded) {
    for e in &loaded.errors {
        eprintln!("docent: config: {}", clean_line(&e.to_string()));
    }
}

/// Runs `cli` with the configuration `loaded`.
pub(super) fn run(cli: Cli, loaded: crate::config::Loaded) -> Result<(), Failure> {
    let stdout = std::io::stdout();
    let to_terminal = stdout.is_terminal();
    if !matches!(
        cli.command,
        None | Some(Command::Config { .. } | Command::Completions { .. } | Command::Man)
    ) {
        warn_config(&loaded);
    }
    match cli.command {
        None => {
            if !to_terminal {
                return Err(Failure {
                    code: 2,
                    message: "standard output is not a terminal; the reader needs one. \
                              For scripts use `docent export`, `docent entities` or `docent search` (see --help)."
                        .into(),
                });
            }
            // From the document store before its files are checked: the check runs behind
            // the first frame, and a changed corpus is read again then (tui::refresh). Every
            // other command checks first.
            let mut opened = open_as(&cli.paths, &cli.load, crate::open::open_unchecked)?;
            let refresh = opened.unchecked.take().map(|check| {
                let paths = cli.paths.clone();
                let options = open_options(&cli.load, Arc::default());
                let reopen: crate::tui::refresh::Reopen = Box::new(move || {
                    let options = options.map_err(|f| f.message)?;
                    crate::open::open(&paths, &options).map_err(|e| e.to_string())
                });
                crate::tui::refresh::Refresh::new(check, reopen)
            });
            let names = stored_names(&cli.paths, &cli.load, &mut opened);
            let corpus = opened.corpus;
            // Shown on the normal screen once the reader exits, and on the status line.
            warn_config(&loaded);
            let config = &loaded.config;
            let options = crate::tui::Options {
                theme: config.theme(cli.ui.theme.as_deref(), crate::tui::theme::no_color_env()),
                settings: config.settings(),
                mouse: config.mouse,
                message: loaded.summary(),
                sources: opened.sources,
                state: crate::store::Store::for_roots(&cli.paths),
                edits: opened.edits,
                // Located when the index is first needed, on the worker: the key stats every
                // file, which here would delay the first frame (0.6 s for 10,000 files).
                words: {
                    let paths = cli.paths.clone();
                    let options = open_options(&cli.load, Arc::default()).ok();
                    crate::tui::worker::Words::located_by(
                        crate::cache::words::WORDS_ABOVE,
                        Arc::new(move || {
                            options
                                .as_ref()
                                .and_then(|o| crate::open::words_location(&paths, o))
                        }),
                    )
                    .with_fuzzy_bytes(crate::tui::worker::FUZZY_BYTES)
                    .with_names(names)
                },
                index: opened.index,
                refresh,
            };
            let result = crate::tui::run_with(corpus, options).map_err(|e| Failure {
                code: 1,
                message: format!("{e:#}"),
            });
            finish_cache_write(opened.cache_write);
            result
        }
        Some(Command::Text { paths, json }) => {
            let progress = Arc::new(crate::load::Progress::default());
            let display = ProgressDisplay::start(&progress);
            let opts = crate::load::LoadOptions {
                max_file_size: cli.load.max_file_size,
                progress: Some(progress),
            };
            let mut loaded = if paths.is_empty() {
                crate::load::load_seeds()
            } else {
                let formats = cli
                    .load
                    .format_options()
                    .map_err(|message| Failure { code: 2, message })?;
                crate::load::load_paths_with(&paths, &opts, &formats).map_err(|e| Failure {
                    code: 2,
                    message: e.to_string(),
                })?
            };
            drop(display);
            if let Some(from) = &cli.load.date_from {
                crate::load::apply_date_from(&mut loaded, from);
            }
            for n in &loaded.notices {
                eprintln!("docent: {}", clean_line(&n.to_string()));
            }
            if loaded.documents.is_empty() {
                return Err(Failure {
                    code: 1,
                    message: "no documents found".into(),
                });
            }
            let out = if json {
                crate::export::to_text_jsonl(&loaded.documents).map_err(failure)?
            } else {
                crate::export::to_text(&loaded.documents)
            };
            write_out(&out)
        }
        Some(Command::Export { paths, format }) => {
            let (corpus, _cache_write) = open_for_output(&paths, &cli.load)?;
            let out = match format {
                ExportFormat::Json => crate::export::to_json(&corpus).map_err(failure)?,
                ExportFormat::Csv => crate::export::to_csv(&corpus),
            };
            write_out(&out)
        }
        Some(Command::Entities {
            paths,
            kind,
            json,
            with: Some(name),
        }) => {
            let opened = open(&paths, &cli.load)?;
            print_notices(&opened.corpus);
            let _cache_write = ReportedCacheWrite(Some(opened.cache_write));
            let corpus = opened.corpus;
            let e = find_entity(&corpus, Some(&name), None)?;
            // The document store's index when the corpus came from it (read per document).
            let index = opened
                .index
                .unwrap_or_else(|| crate::index::Index::build(&corpus));
            let out = with_output(&corpus, &index, e, kind, json).map_err(failure)?;
            write_out(&out)
        }
        Some(Command::Entities {
            paths, kind, json, ..
        }) => {
            let (corpus, _cache_write) = open_for_output(&paths, &cli.load)?;
            if json {
                let out = entities_output(&corpus, kind, json).map_err(failure)?;
                write_out(&out)
            } else {
                write_out_by_line(|emit| write_entities_table(&corpus, kind, emit))
            }
        }
        Some(Command::Mentions {
            query,
            mut paths,
            id,
            format,
        }) => {
            // With --id the first positional is a path, not a query.
            let query = match (&id, query) {
                (Some(_), Some(q)) => {
                    paths.insert(0, q);
                    None
                }
                (_, q) => q,
            };
            if query.is_none() && id.is_none() {
                return Err(Failure {
                    code: 2,
                    message: "name the entity: docent mentions QUERY [PATH...], or --id ID".into(),
                });
            }
            let (corpus, _cache_write) = open_for_output(&paths, &cli.load)?;
            let e = find_entity(&corpus, query.as_deref(), id.as_deref())?;
            let out = mentions_output(&corpus, e, format, to_terminal).map_err(failure)?;
            write_out(&out)
        }
        Some(Command::Search {
            query,
            paths,
            limit,
            json,
            words,
        }) => {
            if query.trim().is_empty() {
                return Err(Failure {
                    code: 2,
                    message: "the search query is empty".into(),
                });
            }
            // A stored search is read lazily: damage found while answering is said, and the
            // answer given again from the corpus (the file rebuilt), never a partial one.
            let mut said = Vec::new();
            let mut reuse = true;
            let (source, (out, hits)) = loop {
                let (source, notices) = open_search(&paths, &cli.load, words, reuse)?;
                said.extend(notices);
                match search_answer(&source, &query, limit, json, to_terminal)? {
                    Ok((answer, corpus_notices)) => {
                        said.extend(corpus_notices);
                        break (source, answer);
                    }
                    Err(notice) if reuse => {
                        said.extend(notice);
                        reuse = false;
                    }
                    // Opened anew, the lines come from the corpus itself: not reached.
                    Err(_) => {
                        return Err(Failure {
                            code: 1,
                            message: "cannot read the corpus's lines".into(),
                        })
                    }
                }
            };
            for n in &said {
                eprintln!("docent: {}", clean_line(&n.to_string()));
            }
            write_out(&out)?;
            // Stored after the output (a script reading it waits for nothing), before exiting.
            if let Some(n) = source.store() {
                eprintln!("docent: {}", clean_line(&n.to_string()));
            }
            if let Some(cache_write) = source.candidates.into_cache_write() {
                finish_cache_write(cache_write);
            }
            // Like grep and `fzf --filter`: nothing found is exit 1, so scripts can test it.
            if hits == 0 {
                return Err(Failure {
                    code: 1,
                    message: format!("nothing matches {}", clean_line(&query)),
                });
            }
            Ok(())
        }
        Some(Command::Cache(CacheCommand::Clear)) => {
            let n = crate::cache::clear().map_err(|e| Failure {
                code: 1,
                message: format!("cannot clear the index cache: {e}"),
            })?;
            eprintln!("docent: removed {n} cached index file(s)");
            Ok(())
        }
        Some(Command::Cache(CacheCommand::Path)) => match crate::cache::cache_dir() {
            Some(dir) => write_out(&format!("{}\n", dir.display())),
            None => Err(Failure {
                code: 1,
                message: "no cache folder: neither XDG_CACHE_HOME nor HOME is set".into(),
            }),
        },
        Some(Command::Dev(DevCommand::Stats { paths })) => {
            let mut opened = open(&paths, &cli.load)?;
            let names = stored_names(&paths, &cli.load, &mut opened);
            let corpus = Arc::new(opened.corpus);
            let theme = crate::tui::theme::Theme::default();
            let app = match opened.index {
                Some(index) => crate::tui::app::App::with_index(Arc::clone(&corpus), theme, index),
                None => crate::tui::app::App::new(Arc::clone(&corpus), theme),
            };
            let opened_rss = rss_mb("VmRSS:");
            // Lines as the reader finds them: through the word index above the threshold.
            let words = crate::tui::worker::Words::new(
                crate::cache::words::WORDS_ABOVE,
                open_options(&cli.load, Arc::default())
                    .ok()
                    .and_then(|o| crate::open::words_location(&paths, &o)),
            )
            .with_fuzzy_bytes(crate::tui::worker::FUZZY_BYTES)
            .with_names(names);
            let mut core =
                crate::tui::worker::WorkerCore::new(Arc::clone(&corpus)).with_words(words);
            let hits = core.run(&crate::tui::worker::Job {
                kind: crate::tui::worker::JobKind::Palette,
                generation: 1,
                query: "madu".into(),
                cancel: Arc::new(AtomicBool::new(false)),
            });
            std::hint::black_box((&app, &hits));
            finish_cache_write(opened.cache_write);
            let bytes: usize = corpus.documents.text_bytes();
            // Texts borrowed from the document store's map count as file-backed pages once
            // read (shared with the page cache, given back under pressure).
            write_out(&format!(
                "peak RSS {} for {} documents, {:.1} MB of text (opened: {}; at the end: {} \
                 anonymous, {} file-backed)\n",
                rss_mb("VmHWM:"),
                corpus.documents.len(),
                bytes as f64 / 1e6,
                opened_rss,
                rss_mb("RssAnon:"),
                rss_mb("RssFile:"),
            ))
        }
        Some(Command::Config { default, check }) => {
            config_command(default, check, cli.ui.config.as_deref(), &loaded)
        }
        Some(Command::Completions { shell }) => {
            let shell = match shell {
                ShellArg::Bash => clap_complete::Shell::Bash,
                ShellArg::Zsh => clap_complete::Shell::Zsh,
                ShellArg::Fish => clap_complete::Shell::Fish,
            };
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "docent", &mut out);
            write_out(&String::from_utf8_lossy(&out))
        }
        Some(Command::Man) => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(|e| Failure {
                    code: 1,
                    message: format!("cannot write the manual page: {e}"),
                })?;
            write_out(&String::from_utf8_lossy(&out))
        }
        Some(Command::Dev(DevCommand::GenCorpus { n, dir, seed })) => {
            let bytes = crate::dev::generate(n, seed, &dir).map_err(|e| Failure {
                code: 1,
                message: format!("{}: {e}", dir.display()),
            })?;
            eprintln!(
                "docent: wrote {n} documents, {bytes} bytes, to {}",
                dir.display()
            );
            Ok(())
        }
    }
}

/// `docent config`: where the file is (no flag), the default text, or a check.
fn config_command(
    default: bool,
    check: Option<Option<std::path::PathBuf>>,
    flag: Option<&std::path::Path>,
    loaded: &crate::config::Loaded,
) -> Result<(), Failure> {
    use crate::config;
    if default {
        return write_out(&config::default_text());
    }
    let Some(file) = check else {
        let text = match config::locate(flag) {
            Some(loc) if loc.path.is_file() => format!("{}\n", loc.path.display()),
            Some(loc) => format!(
                "{}\n(no file there: the defaults are in effect; `docent config --default` prints them)\n",
                loc.path.display()
            ),
            None => "no configuration location (neither XDG_CONFIG_HOME nor HOME is set)\n".into(),
        };
        return write_out(&crate::sanitize::clean(&text));
    };
    let (checked, name) = match file {
        Some(path) => {
            let loc = config::Location {
                path: path.clone(),
                explicit: true,
            };
            (config::load(Some(&loc)), path.display().to_string())
        }
        None => match config::locate(flag) {
            Some(loc) if loc.explicit || loc.path.exists() => {
                (loaded.clone(), loc.path.display().to_string())
            }
            Some(loc) => {
                return write_out(&crate::sanitize::clean(&format!(
                    "no configuration file at {} (the defaults are in effect)\n",
                    loc.path.display()
                )))
            }
            None => {
                return Err(Failure {
                    code: 2,
                    message: "no configuration location (neither XDG_CONFIG_HOME nor HOME is set)"
                        .into(),
                })
            }
        },
    };
    if checked.errors.is_empty() {
        return write_out(&format!("{}: ok\n", clean_line(&name)));
    }
    let mut out = String::new();
    for e in &checked.errors {
        out.push_str(&clean_line(&e.to_string()));
        out.push('\n');
    }
    write_out(&out)?;
    let n = checked.errors.len();
    Err(Failure {
        code: 1,
        message: format!(
            "{} in {}",
            if n == 1 {
                "1 problem".to_string()
            } else {
                format!("{n} problems")
            },
            clean_line(&name)
        ),
    })
}

fn failure(e: anyhow::Error) -> Failure {
    Failure {
        code: 1,
        message: format!("{e:#}"),
    }
}

/// Writes command output: exact to a pipe or a file; through the one sanitizer on a terminal,
/// so no byte of a document (a title, a file name, a CSV field) can drive it.
fn write_out(s: &str) -> Result<(), Failure> {
    use std::io::IsTerminal;
    let mut out = std::io::stdout().lock();
    let s = if out.is_terminal() {
        crate::sanitize::clean(s)
    } else {
        std::borrow::Cow::Borrowed(s)
    };
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure {
            code: 1,
            message: format!("cannot write output: {e}"),
        }),
    }
}

/// [`write_out`] for output made a line at a time (`make` calls `emit` per line), buffered.
fn write_out_by_line(
    make: impl FnOnce(&mut dyn FnMut(&str) -> std::io::Result<()>) -> std::io::Result<()>,
) -> Result<(), Failure> {
    use std::io::IsTerminal;
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = make(&mut |line: &str| {
        if terminal {
            out.write_all(crate::sanitize::clean(line).as_bytes())
        } else {
            out.write_all(line.as_bytes())
        }
    })
    .and_then(|()| out.flush());
    match written {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure {
            code: 1,
            message: format!("cannot write output: {e}"),
        }),
    }
}

/// The entity a command names: by `id` exactly, else the best match of `query`; says which on
/// standard error.
fn find_entity(corpus: &Corpus, query: Option<&str>, id: Option<&str>) -> Result<usize, Failure> {
    let blank = |s: Option<&str>| s.is_none_or(|s| s.trim().is_empty());
    if blank(id) && blank(query) {
        return Err(Failure {
            code: 2,
            message: "no entity named: the name is empty".into(),
        });
    }
    let found = match (id, query) {
        (Some(id), _) => corpus.entities.iter().position(|e| e.id == id),
        (None, Some(q)) => crate::insight::best_entity(corpus, q),
        (None, None) => None,
    };
    let Some(e) = found else {
        return Err(Failure {
            code: 1,
            message: format!(
                "no entity matches `{}`",
                clean_line(id.or(query).unwrap_or(""))
            ),
        });
    };
    if let Some(ent) = corpus.entities.get(e) {
        eprintln!(
            "docent: {} ({}, {})",
            clean_line(&crate::text::entity_label(ent)),
            ent.kind.as_str(),
            clean_line(&ent.id)
        );
    }
    Ok(e)
}
