//! The shape of the code, checked: which module may name which (the data flows one way), and
//! how long a source file may grow. Reads the source files as text; no compiler involved.
//!
//! The rules:
//! - nothing in `crates/` (the engine) names the reader, the command line or the configuration
//!   (`crate::tui`, `crate::cli`, `crate::config`, or anything of `docent::`);
//! - nothing in `src/tui/` names `crate::cli` or `crate::config`;
//! - panes and overlays (`src/tui/panes/`, `src/tui/overlays/`) never name the app
//!   (`super::app`, `crate::tui::app`);
//! - no `.rs` file is longer than [`MAX_LINES`].

use std::path::{Path, PathBuf};

/// The longest a source file may be, in lines.
const MAX_LINES: usize = 1_000;

/// The repository root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir` (none when it does not exist), sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The code of a file without its comments (`//` to the end of a line), so that documentation
/// may mention any module.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A path relative to the repository root, for messages.
fn shown(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// `file:line: text` for every line of the files under `dir` that names one of `forbidden`.
fn offenders(dir: &Path, forbidden: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for file in rust_files(dir) {
        for (i, line) in code_of(&file).lines().enumerate() {
            if forbidden.iter().any(|f| line.contains(f)) {
                out.push(format!("{}:{}: {}", shown(&file), i + 1, line.trim()));
            }
        }
    }
    out
}

#[test]
fn the_engine_names_no_front_end() {
    let found = offenders(
        &root().join("crates"),
        &[
            "crate::tui",
            "crate::cli",
            "crate::config",
            "docent::",
            "use docent;",
        ],
    );
    assert!(
        found.is_empty(),
        "crates/ must not import the reader, the command line or the configuration:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_reader_names_neither_the_command_line_nor_the_configuration() {
    let found = offenders(
        &root().join("src/tui"),
        &[
            "crate::cli",
            "crate::config",
            "docent::cli",
            "docent::config",
        ],
    );
    assert!(
        found.is_empty(),
        "src/tui/ must not import cli or config:\n{}",
        found.join("\n")
    );
}

#[test]
fn panes_and_overlays_do_not_name_the_app() {
    let mut found = Vec::new();
    for dir in ["src/tui/panes", "src/tui/overlays"] {
        found.extend(offenders(
            &root().join(dir),
            &["super::app", "crate::tui::app", "super::super::app"],
        ));
    }
    assert!(
        found.is_empty(),
        "panes and overlays must not import the app:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_source_file_is_too_long() {
    let mut files = rust_files(&root().join("src"));
    files.extend(rust_files(&root().join("crates")));
    let too_long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).ok()?.lines().count();
            (lines > MAX_LINES).then(|| format!("{}: {lines} lines", shown(f)))
        })
        .collect();
    assert!(
        too_long.is_empty(),
        "files over {MAX_LINES} lines (split them):\n{}",
        too_long.join("\n")
    );
}

#[test]
fn the_checks_see_the_files() {
    // A typo in a folder name would make every check above pass vacuously.
    assert!(!rust_files(&root().join("crates/core/src")).is_empty());
    assert!(!rust_files(&root().join("src/tui")).is_empty());
    assert!(!code_of(&root().join("src/lib.rs")).is_empty());
}
