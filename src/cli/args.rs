//! The command line's definition: the flags and subcommands (clap derive), the kind parser over
//! [`crate::model::KINDS`], and the defaults read from `DOCENT_OPTS`, which go in front of the
//! flags typed so the typed ones win.
//!
//! Flags for loading and for the look are `global`: they work before the subcommand
//! (`docent --no-cache entities FILE`) as well as after it (`docent entities --no-cache FILE`).

use crate::model::{EntityKind, KINDS};
use clap::{Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples (with no path, docent reads its bundled seed corpus, so these run anywhere):
  docent                          open the bundled seed corpus in the reader
  docent ~/leaks/2021             read every document under a folder
  docent export > out.json        every document, entity and mention as JSON
  docent entities --kind person   the people, most mentioned first
  docent search 'nov 21'          fuzzy search entities, titles and lines
  docent mentions maduro          every mention of one entity, in context
  echo 'Ana Torres met Luis Rojas in Lima.' | docent entities -   read standard input
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
    /// Where document dates come from, first that gives one wins: a comma list of header
    /// (the file's own date), path (2004/12/31/, 2004-12-31-title.md), text (a dateline or a
    /// date the text repeats), mtime, none (overrides the configuration's date_from; default
    /// header,path,text).
    #[arg(long, value_name = "LIST", global = true, value_parser = parse_date_from)]
    pub date_from: Option<crate::load::DateFrom>,
    /// Which JSON field holds a document's text, title, date or URL (repeatable; dotted paths
    /// for nested fields), when the usual names do not fit: --field text=TEXT
    /// --field title=CONTENT_TITLE --field date=meta.published.
    #[arg(long, value_name = "ROLE=FIELD", global = true)]
    pub field: Vec<String>,
}

impl LoadArgs {
    /// How formats are read, from `--field`; the message names a bad one.
    pub fn format_options(&self) -> Result<crate::load::FormatOptions, String> {
        let mut formats = crate::load::FormatOptions::default();
        for spec in &self.field {
            formats.json.set(spec)?;
        }
        Ok(formats)
    }
}

fn parse_date_from(s: &str) -> Result<crate::load::DateFrom, String> {
    crate::load::DateFrom::parse_list(s)
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
    #[command(
        after_help = "Examples:\n  docent export > out.json\n  docent export --format csv > mentions.csv"
    )]
    Export {
        /// Files or folders (default: the bundled seeds).
        paths: Vec<String>,
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
    },
    /// Print the text docent reads from each document (PDF, office, e-mail, HTML, Markdown…),
    /// as it analyses it: no entities, nothing cached.
    #[command(
        after_help = "Examples:\n  docent text report.pdf\n  docent text mail.mbox --json | jq .title"
    )]
    Text {
        /// Files or folders (default: the bundled seeds).
        paths: Vec<String>,
        /// One JSON object per document and line (path, record, format, title, date, text,
        /// pages, fields, parent) instead of `==> path <==` headers and the text.
        #[arg(long)]
        json: bool,
    },
    /// List entities: kind, name, ISO value for dates, documents, mentions; most mentioned first.
    #[command(
        after_help = "Examples:\n  docent entities\n  docent entities --kind date --json\n  docent entities --with maduro"
    )]
    Entities {
        paths: Vec<String>,
        /// Only this kind.
        #[arg(long, ignore_case = true, value_parser = kind_parser())]
        kind: Option<EntityKind>,
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
        after_help = "QUERY is fuzzy matched to the best entity (an exact name, alias or id wins); --id names one exactly.\n\nExamples:\n  docent mentions 'nov 21 2021'\n  docent mentions maduro --format md\n  docent mentions --id date:2021-11-21 --format csv"
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
        after_help = "Query syntax (as fzf): terms separated by spaces must all match;\n  'exact  ^prefix  suffix$  !not; smart case; accents fold both ways.\nWith --words (automatic above 1,000,000 lines), text lines come from the word index:\n  word (a prefix)  'word (exactly)  \"two words\" (a phrase)  !word (without it).\nAn unchanged corpus is searched from the stored search in the cache folder.\n\nExamples:\n  docent search maduro\n  docent search 'nov 21' --limit 5 --json\n  docent search --words '\"nicolas maduro\" !caracas'"
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
        /// Find text lines through the word index (words, prefixes, "phrases", 'exact, !not)
        /// instead of ranking every line fuzzily; automatic above a million lines.
        #[arg(long)]
        words: bool,
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

/// Parses an entity kind by its name in [`KINDS`] (`person`, `place`, …), whatever its case, or by
/// a usual short form or plural (`org`, `people`, `loc`, `dates`, …); the names are the possible
/// values shown in `--help` and completed by the shells, the short forms are accepted quietly.
pub fn kind_parser() -> impl clap::builder::TypedValueParser<Value = EntityKind> {
    use clap::builder::{PossibleValue, TypedValueParser};
    clap::builder::PossibleValuesParser::new(
        KINDS.map(|k| PossibleValue::new(k.name).aliases(kind_aliases(k.kind))),
    )
    .try_map(|name| kind_from_word(&name).ok_or_else(|| format!("unknown kind `{name}`")))
}

/// The other words [`kind_parser`] takes for `kind`.
fn kind_aliases(kind: EntityKind) -> &'static [&'static str] {
    match kind {
        EntityKind::Person => &["per", "pers", "people", "persons", "who"],
        EntityKind::Place => &["places", "loc", "location", "locations", "gpe", "where"],
        EntityKind::Organization => &[
            "org",
            "orgs",
            "organisation",
            "organizations",
            "organisations",
        ],
        EntityKind::Date => &["dat", "dates", "when", "time"],
    }
}

/// The kind a word names: a name in [`KINDS`] or one of its [`kind_aliases`], in any case.
pub fn kind_from_word(word: &str) -> Option<EntityKind> {
    let w = word.trim().to_lowercase();
    KINDS
        .iter()
        .find(|k| k.name == w || kind_aliases(k.kind).contains(&w.as_str()))
        .map(|k| k.kind)
}

/// Splits `s` into words the way a POSIX shell would (without expansions): whitespace separates,
/// `'…'` is literal, `"…"` keeps spaces and honours `\"` `\\` `\$` `` \` ``, and a backslash outside
/// quotes escapes the next character. An unterminated quote runs to the end.
pub fn split_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    cur.push(q);
                }
            }
            '"' => {
                in_word = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some(e @ ('"' | '\\' | '$' | '`')) => cur.push(e),
                            Some('\n') => {}
                            Some(e) => {
                                cur.push('\\');
                                cur.push(e);
                            }
                            None => cur.push('\\'),
                        },
                        q => cur.push(q),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') => {}
                    Some(e) => cur.push(e),
                    None => cur.push('\\'),
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

/// The command line with the words of `opts` (`DOCENT_OPTS`) inserted after the program name,
/// or after the subcommand when the command line starts with one of `subcommands`, so flags
/// given on the command line come later and win. `help` gets none.
pub fn with_default_opts(
    args: impl IntoIterator<Item = std::ffi::OsString>,
    opts: &str,
    subcommands: &[&str],
) -> Vec<std::ffi::OsString> {
    let mut args = args.into_iter();
    let mut out: Vec<std::ffi::OsString> = args.next().into_iter().collect();
    let rest: Vec<std::ffi::OsString> = args.collect();
    let first = rest.first().and_then(|a| a.to_str());
    if first == Some("help") {
        out.extend(rest);
        return out;
    }
    let at = usize::from(first.is_some_and(|f| subcommands.contains(&f)));
    out.extend(rest[..at].iter().cloned());
    out.extend(split_words(opts).into_iter().map(Into::into));
    out.extend(rest[at..].iter().cloned());
    out
}

/// Parses the command line `argv` after the flags in `opts` (`DOCENT_OPTS`). On a mistake,
/// clap's error, with a note naming `DOCENT_OPTS` when it added flags.
pub fn parse(
    argv: impl IntoIterator<Item = std::ffi::OsString>,
    opts: &str,
) -> Result<(Cli, clap::ArgMatches), clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    let subcommands: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let subcommands: Vec<&str> = subcommands.iter().map(String::as_str).collect();
    let argv = with_default_opts(argv, opts, &subcommands);
    let matches = Cli::command().try_get_matches_from(argv)?;
    let cli = Cli::from_arg_matches(&matches)?;
    Ok((cli, matches))
}

/// True when argument `id` came from the command line (or DOCENT_OPTS), in the top-level
/// command or the subcommand given.
pub fn given(m: &clap::ArgMatches, id: &str) -> bool {
    use clap::parser::ValueSource;
    let here = |m: &clap::ArgMatches| {
        m.try_contains_id(id).unwrap_or(false)
            && m.value_source(id) == Some(ValueSource::CommandLine)
    };
    here(m) || m.subcommand().is_some_and(|(_, sub)| here(sub))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_like_a_shell() {
        assert_eq!(
            split_words("  --theme dark  --config 'my file.toml' "),
            vec!["--theme", "dark", "--config", "my file.toml"]
        );
        assert_eq!(
            split_words(r#"--a="x \"y\"" b\ c ''"#),
            vec![r#"--a=x "y""#, "b c", ""]
        );
        assert_eq!(split_words("'open"), vec!["open"]);
        assert!(split_words("   ").is_empty());
        let os = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        let subs = ["export", "help"];
        assert_eq!(
            with_default_opts(os(&["docent", "export", "x"]), "--theme dark", &subs),
            os(&["docent", "export", "--theme", "dark", "x"])
        );
        assert_eq!(
            with_default_opts(os(&["docent", "help", "export"]), "--theme dark", &subs),
            os(&["docent", "help", "export"])
        );
        let argv = with_default_opts(
            ["docent", "--theme", "light"].map(std::ffi::OsString::from),
            "--theme dark",
            &subs,
        );
        assert_eq!(
            argv,
            ["docent", "--theme", "dark", "--theme", "light"].map(std::ffi::OsString::from)
        );
    }
}
