//! The command line: the TUI by default, and scriptable subcommands (export, entities, search).

use crate::load::{self, LoadError, LoadOptions, Loaded, Progress};
use crate::model::{Corpus, EntityKind, Notice};
use crate::sanitize::clean_line;
use crate::search::{self, Candidates, Query, Target};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

const EXAMPLES: &str = "\
Examples:
  docent                          open the bundled seed corpus
  docent ~/leaks/2021             read every document under a folder
  docent export seeds > out.json  every document, entity and mention as JSON
  docent entities --kind person   the people of the bundled corpus, most mentioned first
  docent search 'nov 21' articles  fuzzy search entities, titles and lines
  cat story.txt | docent -        read standard input
  docent config --default > ~/.config/docent/config.toml   start a configuration file

Environment: DOCENT_OPTS holds default flags (as FZF_DEFAULT_OPTS; flags given on the command
line win); DOCENT_CONFIG names the configuration file; NO_COLOR turns colours off.";

/// docent: read a pile of documents and find your way through them by the people, places,
/// organizations and dates they mention.
#[derive(Parser, Debug)]
#[command(
    name = "docent",
    version,
    about,
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true,
    args_override_self = true
)]
pub struct Cli {
    /// Files or folders to open (`-` reads standard input). Default: the bundled seed corpus.
    pub paths: Vec<String>,

    #[command(flatten)]
    pub load: LoadArgs,

    #[command(flatten)]
    pub ui: UiArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options shared by everything that loads documents.
#[derive(clap::Args, Debug, Clone)]
pub struct LoadArgs {
    /// Skip files larger than this many bytes (overrides the configuration's max_file_size).
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024, global = true)]
    pub max_file_size: u64,
    /// Neither read nor write the on-disk index cache (analyse everything afresh).
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// Read and save entity corrections (renames, merges, splits, kinds, hidden entities) in
    /// FILE, e.g. beside the corpus to share them (default: per corpus in
    /// $XDG_STATE_HOME/docent).
    #[arg(long, value_name = "FILE", global = true)]
    pub annotations: Option<std::path::PathBuf>,
}

/// Options for the configuration and the look.
#[derive(clap::Args, Debug, Clone)]
pub struct UiArgs {
    /// Read this configuration file (default: $XDG_CONFIG_HOME/docent/config.toml; also
    /// DOCENT_CONFIG).
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<std::path::PathBuf>,
    /// Colour theme (overrides the configuration's `theme`; NO_COLOR still wins).
    #[arg(long, value_name = "NAME", global = true,
          value_parser = clap::builder::PossibleValuesParser::new(crate::tui::theme::THEME_NAMES))]
    pub theme: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print every document and entity with its mentions (byte offsets into the source files).
    #[command(after_help = "Example:\n  docent export seeds --format json > out.json")]
    Export {
        /// Files or folders (default: the bundled seeds).
        paths: Vec<String>,
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
    },
    /// List entities: kind, name, ISO value for dates, documents, mentions; most mentioned first.
    #[command(
        after_help = "Examples:\n  docent entities seeds\n  docent entities seeds --kind date --json"
    )]
    Entities {
        paths: Vec<String>,
        /// Only this kind.
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Instead, the entities appearing with NAME (fuzzy matched, or an id such as
        /// `person:ana-torres`), ranked by shared sentences, then shared documents.
        #[arg(long, value_name = "NAME")]
        with: Option<String>,
    },
    /// Every mention of one entity in context: document, date and the sentence around it.
    #[command(
        after_help = "QUERY is fuzzy matched to the best entity (an exact name, alias or id wins); --id names one exactly.\n\nExamples:\n  docent mentions 'nov 21 2021'\n  docent mentions torres seeds --format md\n  docent mentions --id date:2021-11-21 --format csv"
    )]
    Mentions {
        /// The entity (fuzzy matched). Omit it with --id.
        query: Option<String>,
        /// Files or folders (default: the bundled seeds).
        paths: Vec<String>,
        /// The entity's id instead of a query (`docent entities --json` lists ids).
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        #[arg(long, value_enum, default_value_t = MentionFormat::Text)]
        format: MentionFormat,
    },
    /// Fuzzy search over entities, document titles and text lines (fzf syntax), best first.
    #[command(
        after_help = "Query syntax (as fzf): terms separated by spaces must all match;\n  'exact  ^prefix  suffix$  !not; smart case; accents fold both ways.\n\nExamples:\n  docent search torres\n  docent search 'nov 21' seeds --limit 5 --json"
    )]
    Search {
        query: String,
        paths: Vec<String>,
        /// At most this many results.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Print JSON instead of lines.
        #[arg(long)]
        json: bool,
    },
    /// Manage the index cache (analysis results kept between runs in $XDG_CACHE_HOME/docent).
    #[command(subcommand)]
    Cache(CacheCommand),
    /// Show, start or check the configuration file.
    #[command(
        after_help = "Examples:\n  docent config                   where the configuration file is\n  docent config --default > ~/.config/docent/config.toml\n  docent config --check           validate the configuration file\n  docent config --check my.toml"
    )]
    Config {
        /// Print the full default configuration, commented.
        #[arg(long, conflicts_with = "check")]
        default: bool,
        /// Validate a configuration file (default: the one docent reads); exit 1 on problems.
        #[arg(long, value_name = "FILE", num_args = 0..=1)]
        check: Option<Option<std::path::PathBuf>>,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  docent completions bash > ~/.local/share/bash-completion/completions/docent\n  docent completions zsh > ~/.zfunc/_docent\n  docent completions fish > ~/.config/fish/completions/docent.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: ShellArg,
    },
    /// Print the manual page (roff).
    #[command(after_help = "Example:\n  docent man > docent.1 && man ./docent.1")]
    Man,
    /// Developer tools (benchmark corpora).
    #[command(hide = true, subcommand)]
    Dev(DevCommand),
}

#[derive(Subcommand, Debug)]
pub enum CacheCommand {
    /// Delete every cached index.
    Clear,
    /// Print the cache folder.
    Path,
}

#[derive(Subcommand, Debug)]
pub enum DevCommand {
    /// Write N news-like documents into DIR (reproducible for a seed).
    GenCorpus {
        n: usize,
        dir: std::path::PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Open PATHS as the TUI does (index, search candidates, one palette query) and print the
    /// peak resident memory.
    Stats { paths: Vec<String> },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionFormat {
    /// One line per mention: title, date, sentence.
    Text,
    Csv,
    Json,
    /// A Markdown list, the mention in bold.
    Md,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellArg {
    Bash,
    Zsh,
    Fish,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum KindArg {
    Person,
    Place,
    Organization,
    Date,
}

impl From<KindArg> for EntityKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Person => EntityKind::Person,
            KindArg::Place => EntityKind::Place,
            KindArg::Organization => EntityKind::Organization,
            KindArg::Date => EntityKind::Date,
        }
    }
}

/// Why a command could not run: a message and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

/// A background write of the index cache, joined before the process exits.
static PENDING_WRITE: std::sync::Mutex<Option<std::thread::JoinHandle<Option<Notice>>>> =
    std::sync::Mutex::new(None);

/// Waits for a pending index cache write; prints its notice if it failed.
fn finish_cache_write() {
    let handle = PENDING_WRITE.lock().ok().and_then(|mut p| p.take());
    if let Some(n) = handle.and_then(|h| h.join().ok().flatten()) {
        eprintln!("docent: {}", clean_line(&n.to_string()));
    }
}

/// Loads `paths` (the bundled seeds when empty) and analyses them, through the index cache
/// unless `--no-cache`, then applies the corpus's corrections. While it takes a while, progress
/// goes to standard error when that is a terminal.
pub fn open(paths: &[String], args: &LoadArgs) -> Result<Corpus, Failure> {
    open_for_edits(paths, args).map(|o| o.corpus)
}

/// A corpus as [`open`] gives it, with what editing its corrections needs.
pub struct Opened {
    pub corpus: Corpus,
    /// The files read (for the reader's change watcher).
    pub sources: Vec<load::SourceFile>,
    /// The corrections applied, their file (none for standard input without `--annotations`),
    /// the entities before them, and the hidden ones.
    pub edits: crate::edits::Edits,
}

/// Where the corrections of a corpus opened with `paths` live.
pub fn corrections_path(paths: &[String], args: &LoadArgs) -> Option<std::path::PathBuf> {
    args.annotations
        .clone()
        .or_else(|| crate::store::Store::for_roots(paths).map(|s| s.corrections_path()))
}

/// [`open`], keeping the uncorrected entities for the TUI's corrections.
pub fn open_for_edits(paths: &[String], args: &LoadArgs) -> Result<Opened, Failure> {
    let (mut corpus, sources) = open_uncorrected(paths, args)?;
    let mut path = corrections_path(paths, args);
    let mut unsaved_reason = None;
    if path.is_none() {
        unsaved_reason = Some("standard input: use --annotations FILE".to_string());
    }
    let corrections = match path.as_deref().map(crate::corrections::load) {
        Some(Ok(c)) => c,
        Some(Err(e)) => {
            corpus.notices.push(Notice {
                path: "corrections".into(),
                message: format!("{e} (not applied)"),
            });
            // Never overwrite the analyst's damaged file with a fresh list.
            path = None;
            unsaved_reason = Some("the corrections file is damaged: fix or remove it".into());
            crate::corrections::Corrections::default()
        }
        None => crate::corrections::Corrections::default(),
    };
    let mut edits = crate::edits::Edits {
        path,
        unsaved_reason,
        ..Default::default()
    };
    if !corrections.is_empty() {
        let base = std::mem::take(&mut corpus.entities);
        let applied = crate::corrections::apply(base.clone(), &corpus.documents, &corrections);
        if applied.skipped > 0 {
            corpus.notices.push(Notice {
                path: "corrections".into(),
                message: format!(
                    "{} correction(s) name entities no longer found (skipped)",
                    applied.skipped
                ),
            });
        }
        corpus.entities = applied.entities;
        edits.base = Some(std::sync::Arc::new(base));
        edits.hidden = applied.hidden;
        edits.corrections = corrections;
    }
    Ok(Opened {
        corpus,
        sources,
        edits,
    })
}

/// Loads and analyses, before corrections; also returns the files read.
fn open_uncorrected(
    paths: &[String],
    args: &LoadArgs,
) -> Result<(Corpus, Vec<load::SourceFile>), Failure> {
    let progress = std::sync::Arc::new(Progress::default());
    let _display = ProgressDisplay::start(&progress);
    let loaded: Loaded = if paths.is_empty() {
        load::load_seeds()
    } else {
        let opts = LoadOptions {
            max_file_size: args.max_file_size,
            progress: Some(progress.clone()),
        };
        load::load_paths(paths, &opts).map_err(|e| Failure {
            code: 2,
            message: match e {
                LoadError::NotFound(_) => e.to_string(),
            },
        })?
    };
    if loaded.documents.is_empty() {
        drop(_display);
        let mut message = String::from("no documents found");
        if !paths.is_empty() {
            message.push_str(&format!(" in {}", paths.join(", ")));
        }
        if !loaded.notices.is_empty() {
            message.push_str(&format!(
                " ({} files skipped, see above)",
                loaded.notices.len()
            ));
        }
        for n in &loaded.notices {
            eprintln!("docent: {}", clean_line(&n.to_string()));
        }
        return Err(Failure { code: 1, message });
    }
    let cache = if args.no_cache {
        None
    } else {
        crate::cache::Cache::for_roots(paths)
    };
    let mut analysed = crate::cache::analyze(&loaded, cache.as_ref(), Some(&progress));
    if let (Some(h), Ok(mut slot)) = (analysed.writing.take(), PENDING_WRITE.lock()) {
        *slot = Some(h);
    }
    let mut notices = loaded.notices;
    notices.extend(analysed.notices);
    Ok((
        Corpus {
            documents: loaded.documents.into(),
            entities: analysed.entities,
            notices,
        },
        loaded.sources,
    ))
}

/// Prints loading progress on standard error (a terminal only, after a short delay, on one
/// line it clears when done), from a thread polling the shared counters.
struct ProgressDisplay {
    stop: std::sync::Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<bool>>,
}

impl ProgressDisplay {
    fn start(progress: &std::sync::Arc<Progress>) -> ProgressDisplay {
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let thread = std::io::stderr().is_terminal().then(|| {
            let (stop, progress) = (stop.clone(), progress.clone());
            std::thread::spawn(move || {
                let t0 = std::time::Instant::now();
                let mut shown = false;
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                    if t0.elapsed() < std::time::Duration::from_millis(300) {
                        continue;
                    }
                    eprint!("\r\x1b[K{}", progress_line(&progress));
                    shown = true;
                }
                shown
            })
        });
        ProgressDisplay { stop, thread }
    }
}

impl Drop for ProgressDisplay {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            if t.join().unwrap_or(false) {
                eprint!("\r\x1b[K");
            }
        }
    }
}

/// "docent: reading files 1,234 of 5,000" or "docent: analysing 45% (4,500 of 10,000 documents)".
pub fn progress_line(p: &Progress) -> String {
    let get = |a: &std::sync::atomic::AtomicUsize| a.load(Ordering::Relaxed);
    let (walked, read) = (get(&p.walked), get(&p.read));
    let (docs, done) = (get(&p.documents), get(&p.analysed));
    match (done * 100).checked_div(docs) {
        Some(percent) => format!(
            "docent: analysing {percent}% ({} of {} documents)",
            thousands(done),
            thousands(docs)
        ),
        None if walked == 0 => "docent: finding files…".to_string(),
        None => format!(
            "docent: reading files {} of {}",
            thousands(read),
            thousands(walked)
        ),
    }
}

/// 1234567 → "1,234,567".
fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn print_notices(corpus: &Corpus) {
    for n in &corpus.notices {
        eprintln!("docent: {}", clean_line(&n.to_string()));
    }
}

/// Parses the command line (after the flags in `DOCENT_OPTS`), runs it, and returns the exit
/// code.
pub fn main() -> i32 {
    let opts = std::env::var("DOCENT_OPTS").unwrap_or_default();
    let subcommands: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let subcommands: Vec<&str> = subcommands.iter().map(String::as_str).collect();
    let argv = crate::config::with_default_opts(std::env::args_os(), &opts, &subcommands);
    let matches = match Cli::command().try_get_matches_from(argv) {
        Ok(m) => m,
        Err(e) => {
            use clap::error::ErrorKind as K;
            if !opts.trim().is_empty() && !matches!(e.kind(), K::DisplayHelp | K::DisplayVersion) {
                eprintln!("docent: note: DOCENT_OPTS adds {}", clean_line(opts.trim()));
            }
            e.exit()
        }
    };
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    let size_given = given(&matches, "max_file_size");
    let loaded = crate::config::load(crate::config::locate(cli.ui.config.as_deref()).as_ref());
    if !size_given {
        cli.load.max_file_size = loaded.config.max_file_size;
    }
    cli.load.no_cache = !loaded.config.cache_enabled(cli.load.no_cache);
    let result = run(cli, loaded);
    finish_cache_write();
    match result {
        Ok(()) => 0,
        Err(f) => {
            eprintln!("docent: {}", f.message);
            f.code
        }
    }
}

/// True when argument `id` came from the command line (or DOCENT_OPTS), in the top-level
/// command or the subcommand given.
fn given(m: &clap::ArgMatches, id: &str) -> bool {
    use clap::parser::ValueSource;
    let here = |m: &clap::ArgMatches| {
        m.try_contains_id(id).unwrap_or(false)
            && m.value_source(id) == Some(ValueSource::CommandLine)
    };
    here(m) || m.subcommand().is_some_and(|(_, sub)| here(sub))
}

/// Prints configuration problems to standard error.
fn warn_config(loaded: &crate::config::Loaded) {
    for e in &loaded.errors {
        eprintln!("docent: config: {}", clean_line(&e.to_string()));
    }
}

fn run(cli: Cli, loaded: crate::config::Loaded) -> Result<(), Failure> {
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
            let opened = open_for_edits(&cli.paths, &cli.load)?;
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
            };
            crate::tui::run_with(corpus, options).map_err(|e| Failure {
                code: 1,
                message: format!("{e:#}"),
            })
        }
        Some(Command::Export { paths, format }) => {
            let corpus = open(&paths, &cli.load)?;
            print_notices(&corpus);
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
            let corpus = open(&paths, &cli.load)?;
            print_notices(&corpus);
            let e = find_entity(&corpus, Some(&name), None)?;
            let out = with_output(&corpus, e, kind.map(Into::into), json).map_err(failure)?;
            write_out(&out)
        }
        Some(Command::Entities {
            paths, kind, json, ..
        }) => {
            let corpus = open(&paths, &cli.load)?;
            print_notices(&corpus);
            let out = entities_output(&corpus, kind.map(Into::into), json).map_err(failure)?;
            write_out(&out)
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
            let corpus = open(&paths, &cli.load)?;
            print_notices(&corpus);
            let e = find_entity(&corpus, query.as_deref(), id.as_deref())?;
            let out = mentions_output(&corpus, e, format, to_terminal).map_err(failure)?;
            write_out(&out)
        }
        Some(Command::Search {
            query,
            paths,
            limit,
            json,
        }) => {
            let corpus = std::sync::Arc::new(open(&paths, &cli.load)?);
            print_notices(&corpus);
            let out = search_output(&corpus, &query, limit, json, to_terminal).map_err(failure)?;
            write_out(&out)
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
            let corpus = std::sync::Arc::new(open(&paths, &cli.load)?);
            let app = crate::tui::app::App::new(
                std::sync::Arc::clone(&corpus),
                crate::tui::theme::Theme::default(),
            );
            let mut core = crate::tui::worker::WorkerCore::new(std::sync::Arc::clone(&corpus));
            let hits = core.run(&crate::tui::worker::Job {
                kind: crate::tui::worker::JobKind::Palette,
                generation: 1,
                query: "madu".into(),
                cancel: std::sync::Arc::new(AtomicBool::new(false)),
            });
            std::hint::black_box((&app, &hits));
            finish_cache_write();
            let bytes: usize = corpus.documents.iter().map(|d| d.text.len()).sum();
            let rss = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_string();
                    line.split_whitespace().nth(1)?.parse::<f64>().ok()
                })
                .map_or("unknown".to_string(), |kb| format!("{:.0} MB", kb / 1024.0));
            write_out(&format!(
                "peak RSS {rss} for {} documents, {:.1} MB of text\n",
                corpus.documents.len(),
                bytes as f64 / 1e6
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

fn write_out(s: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
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

/// Entities of `kind` (all when `None`), most mentioned first, as a table or JSON.
pub fn entities_output(
    corpus: &Corpus,
    kind: Option<EntityKind>,
    json: bool,
) -> anyhow::Result<String> {
    let mut rows: Vec<&crate::model::Entity> = corpus
        .entities
        .iter()
        .filter(|e| kind.is_none_or(|k| e.kind == k))
        .collect();
    rows.sort_by(|a, b| {
        b.mentions
            .len()
            .cmp(&a.mentions.len())
            .then(b.doc_count().cmp(&a.doc_count()))
            .then(a.kind.cmp(&b.kind))
            .then(a.name.cmp(&b.name))
    });
    if json {
        let v: Vec<serde_json::Value> = rows
            .iter()
            .map(|e| {
                serde_json::json!({
                    "id": e.id, "kind": e.kind.as_str(), "name": e.name, "value": e.value,
                    "aliases": e.aliases, "documents": e.doc_count(), "mentions": e.mentions.len(),
                })
            })
            .collect();
        return Ok(serde_json::to_string_pretty(&v)? + "\n");
    }
    let table: Vec<[String; 5]> = rows
        .iter()
        .map(|e| {
            [
                e.kind.as_str().to_string(),
                clean_line(&e.name).into_owned(),
                e.value.clone().unwrap_or_else(|| {
                    if e.kind == EntityKind::Date {
                        "?".into()
                    } else {
                        String::new()
                    }
                }),
                e.doc_count().to_string(),
                e.mentions.len().to_string(),
            ]
        })
        .collect();
    Ok(format_table(
        &["KIND", "NAME", "VALUE", "DOCS", "MENTIONS"],
        &table,
    ))
}

fn format_table<const N: usize>(header: &[&str; N], rows: &[[String; N]]) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut widths = header.map(|h| h.width());
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.width());
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == N {
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(widths[i] - c.width() + 2));
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(header.to_vec());
    for r in rows {
        line(r.iter().map(String::as_str).collect());
    }
    out
}

/// Search results: one per line (kind, document, line number, text) or JSON.
pub fn search_output(
    corpus: &std::sync::Arc<Corpus>,
    query: &str,
    limit: usize,
    json: bool,
    color: bool,
) -> anyhow::Result<String> {
    let q = Query::parse(query);
    let candidates = Candidates::build(corpus);
    let hits = search::rank(&q, &candidates, limit, &AtomicBool::new(false)).unwrap_or_default();
    let color = color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = String::new();
    let mut json_rows = Vec::new();
    for hit in &hits {
        let Some(c) = candidates.items.get(hit.candidate) else {
            continue;
        };
        let (kind, doc, line) = match c.target {
            Target::Entity(i) => (
                corpus.entities.get(i).map_or("entity", |e| e.kind.as_str()),
                corpus
                    .entities
                    .get(i)
                    .and_then(|e| e.mentions.first())
                    .map(|m| m.doc()),
                None,
            ),
            Target::Document(d) => ("title", Some(d), None),
            Target::Line { doc, line, .. } => ("line", Some(doc), Some(line + 1)),
        };
        let path = doc
            .and_then(|d| corpus.documents.get(d))
            .map_or("", |d| d.path.as_str());
        if json {
            json_rows.push(serde_json::json!({
                "kind": kind, "path": path, "doc": doc, "line": line, "text": candidates.text(c),
                "score": hit.score, "positions": hit.positions,
            }));
            continue;
        }
        let text = mark(&clean_line(candidates.text(c)), &hit.positions, color);
        let place = match line {
            Some(l) => format!("{}:{l}", clean_line(path)),
            None => clean_line(path).into_owned(),
        };
        out.push_str(&format!("{kind:<12} {place}  {text}\n"));
    }
    if json {
        return Ok(serde_json::to_string_pretty(&json_rows)? + "\n");
    }
    Ok(out)
}

/// Marks matched characters: bold colour on a terminal, `[x]` brackets elsewhere would clutter
/// scripts, so plain text stays plain.
fn mark(text: &str, positions: &[usize], color: bool) -> String {
    if !color || positions.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + positions.len() * 8);
    let mut p = positions.iter().peekable();
    for (i, ch) in text.chars().enumerate() {
        if p.peek() == Some(&&i) {
            p.next();
            out.push_str("\x1b[1;31m");
            out.push(ch);
            out.push_str("\x1b[0m");
        } else {
            out.push(ch);
        }
    }
    out
}

/// The entity a command names: by `id` exactly, else the best match of `query`; says which on
/// standard error.
fn find_entity(corpus: &Corpus, query: Option<&str>, id: Option<&str>) -> Result<usize, Failure> {
    let found = match (id, query) {
        (Some(id), _) => corpus.entities.iter().position(|e| e.id == id),
        (None, Some(q)) => crate::insight::best_entity(corpus, q),
        (None, None) => None,
    };
    let Some(e) = found else {
        return Err(Failure {
            code: 1,
            message: format!(
                "no entity matches {}",
                clean_line(id.or(query).unwrap_or(""))
            ),
        });
    };
    if let Some(ent) = corpus.entities.get(e) {
        eprintln!(
            "docent: {} ({}, {})",
            clean_line(&crate::tui::app::entity_label(ent)),
            ent.kind.as_str(),
            clean_line(&ent.id)
        );
    }
    Ok(e)
}

/// `entities --with`: what appears with entity `e` (only `kind` when given), as a table or
/// JSON.
pub fn with_output(
    corpus: &Corpus,
    e: usize,
    kind: Option<EntityKind>,
    json: bool,
) -> anyhow::Result<String> {
    let index = crate::index::Index::build(corpus);
    let rows: Vec<(&crate::model::Entity, crate::insight::CoRow)> =
        crate::insight::cooccurrence(corpus, &index, e)
            .into_iter()
            .filter_map(|r| Some((corpus.entities.get(r.entity)?, r)))
            .filter(|(ent, _)| kind.is_none_or(|k| ent.kind == k))
            .collect();
    if json {
        let v: Vec<serde_json::Value> = rows
            .iter()
            .map(|(ent, r)| {
                serde_json::json!({
                    "id": ent.id, "kind": ent.kind.as_str(), "name": ent.name,
                    "value": ent.value, "sentences": r.sentences, "documents": r.documents,
                })
            })
            .collect();
        return Ok(serde_json::to_string_pretty(&v)? + "\n");
    }
    let table: Vec<[String; 5]> = rows
        .iter()
        .map(|(ent, r)| {
            [
                ent.kind.as_str().to_string(),
                clean_line(&ent.name).into_owned(),
                ent.value.clone().unwrap_or_default(),
                r.sentences.to_string(),
                r.documents.to_string(),
            ]
        })
        .collect();
    Ok(format_table(
        &["KIND", "NAME", "VALUE", "SENTENCES", "DOCS"],
        &table,
    ))
}

/// `mentions`: every mention of entity `e` with its document, date and sentence.
pub fn mentions_output(
    corpus: &Corpus,
    e: usize,
    format: MentionFormat,
    color: bool,
) -> anyhow::Result<String> {
    use crate::sanitize::clean;
    let Some(ent) = corpus.entities.get(e) else {
        return Ok(String::new());
    };
    let color = color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let rows = crate::insight::mention_list(corpus, e);
    let mut out = String::new();
    let mut json_rows = Vec::new();
    if format == MentionFormat::Csv {
        out.push_str("doc,path,title,date,date_inferred,start,end,mention,sentence\n");
    }
    if format == MentionFormat::Md {
        out.push_str(&format!(
            "# {} ({})\n\n",
            clean_line(&crate::tui::app::entity_label(ent)),
            ent.kind.as_str()
        ));
    }
    for r in &rows {
        let Some(doc) = corpus.documents.get(r.doc) else {
            continue;
        };
        let (line, hit) = crate::insight::kwic_line(&doc.text, r.sentence.clone(), r.span.clone());
        let date = doc
            .date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let mention = doc.text.get(r.span.clone()).unwrap_or("");
        let title = if doc.title.trim().is_empty() {
            doc.file_name()
        } else {
            doc.title.as_str()
        };
        let byte = |c: usize| line.char_indices().nth(c).map_or(line.len(), |(b, _)| b);
        let (before, inside, after) = (
            &line[..byte(hit.start)],
            &line[byte(hit.start)..byte(hit.end)],
            &line[byte(hit.end)..],
        );
        match format {
            MentionFormat::Json => json_rows.push(serde_json::json!({
                "doc": r.doc, "path": doc.path, "title": doc.title, "date": doc.date.map(|_| date.clone()),
                "date_inferred": doc.date_inferred,
                "start": doc.source_offset(r.span.start), "end": doc.source_offset(r.span.end),
                "mention": mention, "sentence": line,
            })),
            MentionFormat::Csv => {
                let fields = [
                    r.doc.to_string(),
                    doc.path.clone(),
                    title.to_string(),
                    date.clone(),
                    doc.date_inferred.to_string(),
                    doc.source_offset(r.span.start).to_string(),
                    doc.source_offset(r.span.end).to_string(),
                    mention.to_string(),
                    line.clone(),
                ];
                let fields: Vec<String> = fields
                    .iter()
                    .map(|f| crate::export::csv_field(&clean(f)))
                    .collect();
                out.push_str(&fields.join(","));
                out.push('\n');
            }
            MentionFormat::Md => {
                let md = |s: &str| {
                    clean_line(s)
                        .replace('\\', "\\\\")
                        .replace('*', "\\*")
                        .replace('_', "\\_")
                };
                let inferred = if doc.date_inferred { " (inferred)" } else { "" };
                out.push_str(&format!(
                    "- *{}* {}{}: {}**{}**{}\n",
                    md(title),
                    if date.is_empty() { "no date" } else { &date },
                    inferred,
                    md(before),
                    md(inside),
                    md(after)
                ));
            }
            MentionFormat::Text => {
                // The mention stands out: bold red on a terminal, in brackets elsewhere.
                let mark = if color {
                    format!("\x1b[1;31m{}\x1b[0m", clean_line(inside))
                } else {
                    format!("[{}]", clean_line(inside))
                };
                let d = if date.is_empty() {
                    "no date".to_string()
                } else if doc.date_inferred {
                    format!("{date}~")
                } else {
                    date.clone()
                };
                out.push_str(&format!(
                    "{}  {d}  {}{mark}{}\n",
                    clean_line(title),
                    clean_line(before),
                    clean_line(after)
                ));
            }
        }
    }
    if format == MentionFormat::Json {
        return Ok(serde_json::to_string_pretty(&json_rows)? + "\n");
    }
    Ok(out)
}

#[cfg(test)]
mod progress_tests {
    use super::*;
    #[test]
    fn progress_reads_then_analyses() {
        let p = Progress::default();
        assert_eq!(progress_line(&p), "docent: finding files…");
        p.walked.store(100_000, Ordering::Relaxed);
        p.read.store(12_345, Ordering::Relaxed);
        assert_eq!(progress_line(&p), "docent: reading files 12,345 of 100,000");
        p.documents.store(100_000, Ordering::Relaxed);
        p.analysed.store(45_000, Ordering::Relaxed);
        assert_eq!(
            progress_line(&p),
            "docent: analysing 45% (45,000 of 100,000 documents)"
        );
    }
}
