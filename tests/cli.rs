//! The binary's command line: exit codes, subcommands and the export contract.

use std::process::{Command, Stdio};

/// The binary with no configuration from the environment it runs in, and a cache folder of
/// the tests' own.
fn docent_cmd(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_docent"));
    c.args(args)
        .env(
            "XDG_CACHE_HOME",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("xdg-cache"),
        )
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .env_remove("DOCENT_OPTS")
        .env_remove("DOCENT_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent-docent-test-config")
        // Corrections are read from the state folder: never the real one.
        .env(
            "XDG_STATE_HOME",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("xdg-state-empty"),
        );
    c
}

fn docent(args: &[&str]) -> std::process::Output {
    docent_cmd(args).output().expect("runs")
}

fn docent_env(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut c = docent_cmd(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("runs")
}

#[test]
fn missing_path_exits_2() {
    let o = docent(&["export", "/no/such/place"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/no/such/place"));
}

#[test]
fn no_documents_exits_1() {
    let t = tempfile::tempdir().expect("tmp");
    std::fs::write(t.path().join("x.bin"), b"\x00\x01").expect("write");
    let o = docent(&["entities", &t.path().to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no documents found"), "{err}");
    assert!(err.contains("x.bin"), "the skipped file is named: {err}");
}

#[test]
fn tui_without_a_terminal_points_to_subcommands() {
    let o = docent(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("docent export"));
}

#[test]
fn unreadable_files_are_noticed_and_the_rest_loads() {
    let t = tempfile::tempdir().expect("tmp");
    std::fs::write(t.path().join("a.txt"), b"Some words.").expect("write");
    std::fs::write(t.path().join("b.pdf"), b"%PDF").expect("write");
    let o = docent(&["export", &t.path().to_string_lossy()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("b.pdf"));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(1));
}

#[test]
fn export_contract_and_offsets_match_the_files() {
    let o = docent(&["export", "seeds", "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let docs = v["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 4);
    for d in docs {
        for key in ["id", "path", "title", "date", "date_inferred"] {
            assert!(d.get(key).is_some(), "document field {key}");
        }
    }
    let entities = v["entities"].as_array().expect("entities");
    assert!(!entities.is_empty(), "the seeds have entities");
    let mut checked = 0;
    for e in entities {
        let kind = e["kind"].as_str().expect("kind");
        assert!(["person", "place", "organization", "date"].contains(&kind));
        assert!(e["id"].as_str().is_some_and(|id| id.starts_with(kind)));
        assert!(e["name"].as_str().is_some());
        assert!(e["aliases"].is_array());
        for m in e["mentions"].as_array().expect("mentions") {
            let doc = m["doc"].as_u64().expect("doc") as usize;
            let path = docs[doc]["path"].as_str().expect("path");
            let bytes = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
                .expect("file");
            let (s, e) = (
                m["start"].as_u64().expect("s") as usize,
                m["end"].as_u64().expect("e") as usize,
            );
            assert_eq!(&bytes[s..e], m["text"].as_str().expect("text").as_bytes());
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked} mentions checked");
}

#[test]
fn export_is_stable_across_runs() {
    let a = docent(&["export", "seeds"]);
    let b = docent(&["export", "seeds"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn csv_export_has_a_row_per_mention() {
    let o = docent(&["export", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0));
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.starts_with("doc,path,title,date,entity_id,kind,name,value,start,end,text\n"));
    assert!(s.lines().count() > 50);
}

#[test]
fn search_finds_titles_lines_and_json() {
    let o = docent(&[
        "search",
        "massive victory",
        "seeds",
        "--limit",
        "3",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let rows = v.as_array().expect("array");
    assert!(!rows.is_empty() && rows.len() <= 3);
    assert_eq!(rows[0]["kind"], "title");
    assert!(rows[0]["text"]
        .as_str()
        .is_some_and(|t| t.contains("Massive Victory")));
    // Nothing found is exit 1, as with grep and `fzf --filter`, said on standard error.
    let plain = docent(&["search", "'zzzqqq", "seeds"]);
    assert_eq!(plain.status.code(), Some(1));
    assert!(plain.stdout.is_empty());
    assert!(String::from_utf8_lossy(&plain.stderr).contains("nothing matches 'zzzqqq"));
    let none = docent(&["search", "'zzzqqq", "seeds", "--json"]);
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&none.stdout).trim(), "[]");
    let empty = docent(&["search", "  ", "seeds"]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("query is empty"));
}

#[test]
fn entities_table_and_kind_filter() {
    let o = docent(&["entities", "seeds", "--kind", "date", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let rows = v.as_array().expect("array");
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["kind"] == "date"));
    let counts: Vec<u64> = rows
        .iter()
        .map(|r| r["mentions"].as_u64().unwrap_or(0))
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "most mentioned first"
    );
    let t = docent(&["entities", "seeds"]);
    let table = String::from_utf8_lossy(&t.stdout);
    assert!(table.starts_with("KIND"));
}

#[test]
fn entities_kind_takes_short_forms_and_any_case() {
    for (word, kind) in [
        ("org", "organization"),
        ("ORGS", "organization"),
        ("Organisation", "organization"),
        ("people", "person"),
        ("PERSON", "person"),
        ("loc", "place"),
        ("places", "place"),
        ("dates", "date"),
    ] {
        let o = docent(&["entities", "seeds", "--kind", word, "--json"]);
        assert_eq!(o.status.code(), Some(0), "--kind {word}: {o:?}");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        let rows = v.as_array().expect("array");
        assert!(!rows.is_empty(), "--kind {word}");
        assert!(rows.iter().all(|r| r["kind"] == kind), "--kind {word}");
    }
    let bad = docent(&["entities", "seeds", "--kind", "thing"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("person, place, organization, date"), "{err}");
}

#[test]
fn stdin_is_a_document() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_docent"))
        .args(["export", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"A story from standard input.\n")
        .expect("write");
    let o = child.wait_with_output().expect("output");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["documents"][0]["path"], "-");
    assert_eq!(v["documents"][0]["title"], "A story from standard input");
}

#[test]
fn the_index_cache_is_written_reused_bypassed_and_cleared() {
    let home = tempfile::tempdir().expect("tmp");
    let docs = tempfile::tempdir().expect("tmp");
    std::fs::write(
        docs.path().join("a.txt"),
        "President Ana Torres met the United Nations in Geneva on March 3, 2020.",
    )
    .expect("write");
    let dir = docs.path().to_string_lossy().into_owned();
    let run = |args: &[&str]| {
        let o = docent_env(args, &[("XDG_CACHE_HOME", &home.path().to_string_lossy())]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let cache_dir = home.path().join("docent");
    assert_eq!(run(&["cache", "path"]).trim(), cache_dir.to_string_lossy());
    let idx_files = || {
        std::fs::read_dir(&cache_dir)
            .map(|rd| {
                rd.flatten()
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".idx"))
                    .count()
            })
            .unwrap_or(0)
    };
    let fresh = run(&["entities", "--no-cache", &dir]);
    assert_eq!(idx_files(), 0, "--no-cache writes nothing");
    assert_eq!(run(&["entities", &dir]), fresh);
    assert_eq!(idx_files(), 1);
    assert_eq!(run(&["entities", &dir]), fresh, "warm output is the same");
    // The extraction segments the index cache names stay beside it, and go with it.
    let segs = || {
        std::fs::read_dir(&cache_dir)
            .map(|rd| {
                rd.flatten()
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".idx.segs"))
                    .count()
            })
            .unwrap_or(0)
    };
    assert_eq!(segs(), 1);
    run(&["cache", "clear"]);
    assert_eq!(idx_files(), 0);
    assert_eq!(segs(), 0);
}

#[test]
fn global_flags_work_before_the_subcommand_as_after_it() {
    let home = tempfile::tempdir().expect("tmp");
    let docs = tempfile::tempdir().expect("tmp");
    std::fs::write(
        docs.path().join("a.txt"),
        "President Ana Torres met the United Nations in Geneva on March 3, 2020.",
    )
    .expect("write");
    let dir = docs.path().to_string_lossy().into_owned();
    let cache_home = home.path().to_string_lossy().into_owned();
    let run = |args: &[&str]| {
        let o = docent_env(args, &[("XDG_CACHE_HOME", &cache_home)]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let cache_dir = home.path().join("docent");
    let cached = || std::fs::read_dir(&cache_dir).map_or(0, |rd| rd.flatten().count());
    // --no-cache before the subcommand: the subcommand runs, and nothing is cached.
    let before = run(&["--no-cache", "entities", &dir]);
    assert!(before.contains("Ana Torres"), "{before}");
    assert_eq!(
        cached(),
        0,
        "--no-cache before the subcommand writes nothing"
    );
    let after = run(&["entities", "--no-cache", &dir]);
    assert_eq!(before, after);
    assert_eq!(
        cached(),
        0,
        "--no-cache after the subcommand writes nothing"
    );

    // --theme before the subcommand: `export` is the subcommand, not a path.
    let before = run(&["--theme", "dark", "export"]);
    let after = run(&["export", "--theme", "dark"]);
    assert_eq!(before, after);
    let v: serde_json::Value = serde_json::from_str(&before).expect("export prints JSON");
    assert!(v["documents"].as_array().is_some_and(|d| !d.is_empty()));

    // A value flag before the subcommand takes effect too.
    for args in [
        &["--max-file-size", "10", "entities", "seeds"][..],
        &["entities", "seeds", "--max-file-size", "10"][..],
    ] {
        let o = docent(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("10 byte limit"),
            "{args:?}"
        );
    }
    // A path without a subcommand is still a path.
    let o = docent(&["--no-cache", "/no/such/place"]);
    assert_eq!(o.status.code(), Some(2));
}

// ----- configuration, completions, man page, DOCENT_OPTS ---------------------------------------

#[test]
fn config_default_prints_a_file_that_checks_clean() {
    let o = docent(&["config", "--default"]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    for needle in [
        "theme = \"default\"",
        "[layout]",
        "[keys.global]",
        "next_mention",
        "max_file_size",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
    let t = tempfile::tempdir().expect("tmp");
    let path = t.path().join("config.toml");
    std::fs::write(&path, &text).expect("write");
    let o = docent(&["config", "--check", &path.to_string_lossy()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(String::from_utf8_lossy(&o.stdout).ends_with(": ok\n"));
}

#[test]
fn config_check_reports_file_line_column_and_exits_1() {
    let t = tempfile::tempdir().expect("tmp");
    let path = t.path().join("bad.toml");
    std::fs::write(
        &path,
        "theme = \"dark\"\n[keys.global]\nx = \"jump_around\"\n",
    )
    .expect("write");
    let p = path.to_string_lossy().into_owned();
    let o = docent(&["config", "--check", &p]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(&format!("{p}:3:5: unknown action \"jump_around\"")),
        "{out}"
    );
    // Without a FILE, the file docent reads (here through DOCENT_CONFIG).
    let o = docent_env(&["config", "--check"], &[("DOCENT_CONFIG", &p)]);
    assert_eq!(o.status.code(), Some(1));
    // No file at the default location: fine.
    let o = docent(&["config", "--check"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("no configuration file"));
    // `docent config` says where the file is.
    let o = docent(&["config"]);
    assert!(String::from_utf8_lossy(&o.stdout)
        .contains("/nonexistent-docent-test-config/docent/config.toml"));
}

#[test]
fn a_bad_config_warns_but_commands_still_run() {
    let t = tempfile::tempdir().expect("tmp");
    let path = t.path().join("c.toml");
    std::fs::write(&path, "[files]\nmax_file_size = \"big\"\n").expect("write");
    let o = docent(&["entities", "seeds", "--config", &path.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("c.toml:2:17:") && err.contains("must be"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("KIND"));
}

#[test]
fn max_file_size_comes_from_config_unless_a_flag_says_otherwise() {
    let t = tempfile::tempdir().expect("tmp");
    let path = t.path().join("c.toml");
    std::fs::write(&path, "[files]\nmax_file_size = 100\n").expect("write");
    let p = path.to_string_lossy().into_owned();
    let o = docent_env(&["entities", "seeds"], &[("DOCENT_CONFIG", &p)]);
    assert_eq!(o.status.code(), Some(1), "every seed is over 100 bytes");
    assert!(String::from_utf8_lossy(&o.stderr).contains("100 byte limit"));
    // DOCENT_OPTS beats the configuration...
    let o = docent_env(
        &["entities", "seeds"],
        &[
            ("DOCENT_CONFIG", &p),
            ("DOCENT_OPTS", "--max-file-size 1000000"),
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // ...and an explicit flag beats DOCENT_OPTS.
    let o = docent_env(
        &["entities", "seeds", "--max-file-size", "10"],
        &[("DOCENT_OPTS", "--max-file-size 1000000")],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("10 byte limit"));
}

#[test]
fn bad_docent_opts_are_named_in_the_error() {
    let o = docent_env(&["entities", "seeds"], &[("DOCENT_OPTS", "--no-such-flag")]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("DOCENT_OPTS") && err.contains("--no-such-flag"),
        "{err}"
    );
    let o = docent(&["--theme", "plaid", "entities"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("high-contrast"));
}

#[test]
fn completions_and_man_page_come_from_the_command_line_definition() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef docent"),
        ("fish", "complete -c docent"),
    ] {
        let o = docent(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains(marker), "{shell}: {out}");
        for sub in [
            "export",
            "entities",
            "search",
            "config",
            "theme",
            "high-contrast",
        ] {
            assert!(out.contains(sub), "{shell} completes {sub}");
        }
    }
    let o = docent(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    let o = docent(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let roff = String::from_utf8_lossy(&o.stdout);
    assert!(roff.contains(".TH docent 1"), "{roff}");
    assert!(
        roff.contains("\\-\\-max\\-file\\-size"),
        "options are listed"
    );
    assert!(roff.contains("completions"), "subcommands are listed");
}

#[test]
fn mentions_prints_every_mention_in_context_in_each_format() {
    let o = docent(&["mentions", "nov 21 2021"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("date:2021-11-21"), "says which entity: {err}");
    let text = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 4, "{text}");
    assert!(
        lines.iter().all(|l| l.contains('[') && l.contains(']')),
        "the mention is bracketed off a terminal: {text}"
    );
    assert!(
        text.contains("2021-11-21~"),
        "inferred dates marked: {text}"
    );

    let by_id = docent(&["mentions", "--id", "date:2021-11-21", "--format", "json"]);
    assert!(by_id.status.success());
    let v: serde_json::Value = serde_json::from_slice(&by_id.stdout).expect("json");
    let rows = v.as_array().expect("an array");
    assert_eq!(rows.len(), lines.len(), "same mentions by query and by id");
    for r in rows {
        let sentence = r["sentence"].as_str().expect("sentence");
        let mention = r["mention"].as_str().expect("mention");
        assert!(sentence.contains(mention), "{sentence} / {mention}");
        assert!(r["start"].as_u64() < r["end"].as_u64());
    }

    let csv = docent(&[
        "mentions",
        "--id",
        "date:2021-11-21",
        "seeds",
        "--format",
        "csv",
    ]);
    assert!(
        csv.status.success(),
        "{}",
        String::from_utf8_lossy(&csv.stderr)
    );
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert!(csv.starts_with("doc,path,title,date,date_inferred,start,end,mention,sentence\n"));
    assert_eq!(csv.lines().count(), rows.len() + 1);

    let md = docent(&["mentions", "nov 21 2021", "--format", "md"]);
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(md.starts_with("# 2021-11-21"), "{md}");
    assert!(md.contains("**November 21, 2021**"), "{md}");

    let none = docent(&["mentions", "qqqqzzzz"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&none.stderr).contains("no entity matches"));
    let missing = docent(&["mentions"]);
    assert_eq!(missing.status.code(), Some(2));
    // An empty name said "no entity matches " and nothing after it.
    for args in [
        &["mentions", ""][..],
        &["mentions", " ", "seeds"],
        &["entities", "--with", ""],
    ] {
        let empty = docent(args);
        assert_eq!(empty.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&empty.stderr);
        assert!(err.contains("no entity named"), "{args:?}: {err}");
    }
}

#[test]
fn entities_with_ranks_what_appears_with_an_entity() {
    let o = docent(&["entities", "--with", "2021-11-21", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let rows = v.as_array().expect("an array");
    assert!(rows.len() > 3);
    let key = |r: &serde_json::Value| {
        (
            r["sentences"].as_u64().unwrap_or(0),
            r["documents"].as_u64().unwrap_or(0),
        )
    };
    for pair in rows.windows(2) {
        assert!(key(&pair[0]) >= key(&pair[1]), "ranked: {pair:?}");
    }
    assert!(
        rows.iter().all(|r| r["id"] != "date:2021-11-21"),
        "not itself"
    );
    let people = docent(&["entities", "--with", "2021-11-21", "--kind", "person"]);
    let t = String::from_utf8_lossy(&people.stdout);
    assert!(t.starts_with("KIND"), "{t}");
    assert!(t.lines().skip(1).all(|l| l.starts_with("person")), "{t}");
}

#[test]
fn corrections_apply_to_every_subcommand_and_damage_is_reported() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("annotations.json");
    std::fs::write(
        &file,
        r#"{ "version": 1, "corrections": [
            { "op": "rename", "id": "date:2021-11-21", "name": "Election day" },
            { "op": "kind", "id": "place:caracas", "names": ["Caracas"], "kind": "organization" },
            { "op": "hide", "id": "place:venezuela", "names": ["Venezuela"] }
        ] }"#,
    )
    .expect("write");
    let ann = file.to_string_lossy().into_owned();
    let state = dir.path().join("state");
    let env = [("XDG_STATE_HOME", state.to_str().expect("utf-8"))];

    let o = docent_env(&["entities", "--json", "--annotations", &ann], &env);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let rows = v.as_array().expect("array");
    let by_id = |id: &str| rows.iter().find(|r| r["id"] == id).cloned();
    assert_eq!(
        by_id("date:2021-11-21").map(|r| r["name"].clone()),
        Some(serde_json::json!("Election day"))
    );
    assert_eq!(
        by_id("organization:caracas").map(|r| r["kind"].clone()),
        Some(serde_json::json!("organization"))
    );
    assert!(by_id("place:caracas").is_none());
    assert!(by_id("place:venezuela").is_none(), "hidden");

    let ex = docent_env(&["export", "--annotations", &ann], &env);
    let ex = String::from_utf8_lossy(&ex.stdout);
    assert!(ex.contains("Election day") && !ex.contains("\"place:venezuela\""));

    let s = docent_env(&["search", "election day", "--annotations", &ann], &env);
    assert!(String::from_utf8_lossy(&s.stdout).starts_with("date"));

    let m = docent_env(&["mentions", "election day", "--annotations", &ann], &env);
    assert!(m.status.success(), "{}", String::from_utf8_lossy(&m.stderr));
    assert!(String::from_utf8_lossy(&m.stderr).contains("date:2021-11-21"));

    // Without --annotations the seeds' own (empty) corrections apply: nothing renamed.
    let plain = docent_env(&["entities", "--kind", "date"], &env);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("Election day"));
    assert!(!state.exists(), "reading never writes state");

    // A damaged file is reported and ignored.
    std::fs::write(&file, "{ damaged").expect("write");
    let d = docent_env(&["entities", "--annotations", &ann], &env);
    assert!(d.status.success());
    let err = String::from_utf8_lossy(&d.stderr);
    assert!(
        err.contains("damaged") && err.contains("not applied"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&d.stdout).contains("Venezuela"));
}

/// `docent text` prints what docent reads from each format, and one JSON object per document.
#[test]
fn text_prints_what_docent_reads_from_each_format() {
    let dir = "tests/fixtures/formats";
    let out = docent(&[
        "text",
        &format!("{dir}/report.docx"),
        &format!("{dir}/report.pdf"),
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("==> tests/fixtures/formats/report.docx <=="),
        "{text}"
    );
    assert!(text.contains("Valparaíso"), "{text}");
    assert!(text.contains("report.pdf <=="), "{text}");
    let out = docent(&["text", "--json", &format!("{dir}/desk.mbox")]);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let messages = lines.iter().filter(|v| v["format"] == "email").count();
    assert_eq!(messages, 2, "every message is a document: {lines:?}");
    assert!(
        lines
            .iter()
            .any(|v| v["format"] == "docx" && v["parent"].is_string()),
        "an attachment is a document linked to its message: {lines:?}"
    );
}

/// `--date-from` decides where document dates come from; `none` gives no date at all.
#[test]
fn date_from_chooses_the_date_sources() {
    let dir = tempfile::tempdir().expect("tmp");
    let day = dir.path().join("2004").join("12").join("31");
    std::fs::create_dir_all(&day).expect("mkdir");
    std::fs::write(
        day.join("story.txt"),
        "Talks resume\n\nOfficials in Paris met on Monday to resume talks.\n",
    )
    .expect("write");
    let path = dir.path().to_string_lossy().to_string();
    let date_of = |extra: &[&str]| {
        let mut args = vec!["export", "--no-cache", &path];
        args.extend_from_slice(extra);
        let out = docent(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        v["documents"][0]["date"].clone()
    };
    assert_eq!(
        date_of(&[]),
        serde_json::json!("2004-12-31"),
        "the path by default"
    );
    assert_eq!(date_of(&["--date-from", "none"]), serde_json::Value::Null);
    assert_eq!(
        date_of(&["--date-from", "header,text"]),
        serde_json::Value::Null
    );
    let bad = docent(&["export", "--date-from", "moon", &path]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("moon"));
}

/// `--field ROLE=FIELD` names the JSON fields the usual names miss, dotted paths included.
#[test]
fn field_flags_map_json_records() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("records.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"zz_story": "Officials in Lima met Ana Torres on Monday.", "zz_head": "Lima talks", "meta": {"when": "2021-11-22"}}"#,
            "\n"
        ),
    )
    .expect("write");
    let path = file.to_string_lossy().to_string();
    let plain = docent(&["export", "--no-cache", &path]);
    assert_ne!(
        plain.status.code(),
        Some(0),
        "without --field there is no text field to read"
    );
    let out = docent(&[
        "export",
        "--no-cache",
        "--field",
        "text=zz_story",
        "--field",
        "title=zz_head",
        "--field",
        "date=meta.when",
        &path,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["documents"][0]["title"], "Lima talks");
    assert_eq!(v["documents"][0]["date"], "2021-11-22");
    let bad = docent(&["export", "--field", "nonsense", &path]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("ROLE=FIELD"));
}

/// `docent search`'s entity rows name the entity (matched form → canonical name, id, counts),
/// in text and JSON alike; line rows stay `path:line`.
#[test]
fn search_entity_rows_name_the_entity_and_its_counts() {
    let o = docent(&["search", "maduro", "--limit", "5"]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    let first = out.lines().next().unwrap_or("");
    assert!(
        first.starts_with("person       Maduro → Nicolás Maduro · person:nicolas-maduro · "),
        "{out}"
    );
    assert!(
        first.contains(" mentions · ") && first.ends_with(" docs"),
        "{first}"
    );
    let line = out
        .lines()
        .find(|l| l.starts_with("line "))
        .expect("a line row");
    assert!(
        line.split_whitespace()
            .nth(1)
            .is_some_and(|p| p.starts_with("seeds/") && p.contains(".txt:")),
        "{line}"
    );
    let o = docent(&["search", "maduro", "--limit", "5", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let e = &v[0];
    assert_eq!(e["kind"], "person");
    assert_eq!(e["name"], "Nicolás Maduro");
    assert_eq!(e["id"], "person:nicolas-maduro");
    assert_eq!(e["text"], "Maduro");
    assert!(e["mentions"].as_u64().is_some_and(|n| n > 1));
    assert!(e["documents"].as_u64().is_some_and(|n| n > 1));
    assert!(e["path"].is_null(), "no arbitrary document for an entity");
}

/// A line inside a record of a JSON Lines file says which record: `feed.jsonl#2:3`.
#[test]
fn search_names_the_record_of_a_json_lines_line() {
    let t = tempfile::tempdir().expect("tmp");
    let feed = t.path().join("feed.jsonl");
    std::fs::write(
        &feed,
        "{\"title\": \"One\", \"text\": \"Nothing here.\"}\n\
         {\"title\": \"Two\", \"text\": \"First line.\\nThe zebra crossing in Lima.\"}\n",
    )
    .expect("write");
    let path = feed.to_string_lossy().into_owned();
    let o = docent(&["search", "'zebra", &path, "--no-cache"]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    let want = format!("{path}#2:4");
    assert!(
        out.lines()
            .any(|l| l.starts_with("line ") && l.contains(&format!("{want}  "))),
        "{out}"
    );
    let o = docent(&["search", "'zebra", &path, "--no-cache", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let row = v
        .as_array()
        .and_then(|a| a.iter().find(|r| r["kind"] == "line"))
        .expect("a line row");
    assert_eq!(row["place"], want.as_str());
    assert_eq!(row["record"], 1);
}

/// Every example in `--help` that needs no file of the reader's own runs, from any folder:
/// the bundled seeds need no path.
#[test]
fn help_examples_run_anywhere() {
    let elsewhere = tempfile::tempdir().expect("tmp");
    let mut helps = vec![String::from_utf8_lossy(&docent(&["--help"]).stdout).into_owned()];
    for sub in ["export", "entities", "mentions", "search", "text"] {
        helps.push(String::from_utf8_lossy(&docent(&[sub, "--help"]).stdout).into_owned());
    }
    let mut ran = 0;
    for help in &helps {
        for l in help.lines() {
            let Some(cmd) = l.trim_start().strip_prefix("docent ") else {
                continue;
            };
            // The command, without its redirection or comment column.
            let cmd = cmd.split(" > ").next().unwrap_or("");
            let cmd = cmd.split("  ").next().unwrap_or("");
            let words = docent::cli::args::split_words(cmd);
            assert!(
                !words.iter().any(|w| w == "seeds"),
                "an example names the checkout's seeds folder: {l}"
            );
            let own_file = words.iter().any(|w| {
                w.starts_with('~')
                    || w.contains('|')
                    || [".pdf", ".mbox", ".toml", ".1"]
                        .iter()
                        .any(|x| w.ends_with(x))
            });
            if own_file || words.is_empty() || words[0] == "config" || cmd.contains('|') {
                continue;
            }
            let args: Vec<&str> = words.iter().map(String::as_str).collect();
            let o = docent_cmd(&args)
                .current_dir(elsewhere.path())
                .output()
                .expect("runs");
            assert_eq!(
                o.status.code(),
                Some(0),
                "docent {cmd}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(!o.stdout.is_empty(), "docent {cmd} prints something");
            ran += 1;
        }
    }
    assert!(ran >= 10, "only {ran} examples ran");
}

/// The configuration's `[files] fields` does what `--field` does; `--field` is tried first.
#[test]
fn the_configuration_maps_json_fields_too() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("records.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"zz_story": "Officials in Lima met Ana Torres on Monday.", "zz_head": "Lima talks", "other_head": "Other", "meta": {"when": "2021-11-22"}}"#,
            "\n"
        ),
    )
    .expect("write");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[files]\nfields = { text = \"zz_story\", title = [\"nope\", \"zz_head\"], date = \"meta.when\" }\n",
    )
    .expect("write");
    let path = file.to_string_lossy().to_string();
    let cfg = config.to_string_lossy().to_string();
    let out = docent_env(&["text", "--json", &path], &[("DOCENT_CONFIG", &cfg)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["title"], "Lima talks");
    assert_eq!(v["date"], "2021-11-22");
    let first = docent_env(
        &["text", "--json", "--field", "title=other_head", &path],
        &[("DOCENT_CONFIG", &cfg)],
    );
    let v: serde_json::Value = serde_json::from_slice(&first.stdout).expect("json");
    assert_eq!(
        v["title"], "Other",
        "--field is tried before the configuration"
    );
}

/// A PDF whose font makes the PDF reader panic: the panic is caught and said as a notice; no
/// panic message or backtrace reaches standard error.
#[test]
fn a_caught_pdf_panic_prints_only_a_notice() {
    let o = docent_env(
        &["text", "tests/fixtures/formats/damaged-font.pdf"],
        &[("RUST_BACKTRACE", "1")],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("stack backtrace"), "{err}");
    assert!(err.contains("could not be read"), "{err}");
}
