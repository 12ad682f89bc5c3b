//! End-to-end: drives the real `docent` binary in tmux on the bundled seeds.
//!
//! Skips with a message when tmux is missing, except in CI (`CI=true`), where a missing tmux is a
//! failure (`.ci/run` installs it). Every wait polls `capture-pane` with a deadline; no fixed
//! sleeps decide an outcome.

use std::process::Command;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(20);

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Returns false (after saying why) when the test should be skipped.
fn require_tmux() -> bool {
    if tmux_available() {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(
        !ci,
        "tmux is required for the end-to-end tests in CI (.ci/run installs it)"
    );
    eprintln!("SKIPPED e2e_tmux: tmux is not installed (apt-get install tmux to run it)");
    false
}

/// A tmux session running docent, killed on drop.
struct Session {
    name: String,
    /// The state folder (position, marks, corrections) of this session when it owns one; never
    /// the real one.
    _state: Option<tempfile::TempDir>,
}

impl Session {
    fn start(tag: &str, args: &str) -> Session {
        let state = tempfile::tempdir().expect("tmp");
        let mut s = Session::start_in(tag, args, state.path());
        s._state = Some(state);
        s
    }

    /// Like [`Session::start`] with a given state folder (to reopen a corpus).
    fn start_in(tag: &str, args: &str, state: &std::path::Path) -> Session {
        Session::start_env(tag, args, state, &[])
    }

    /// Like [`Session::start_in`] with variables for docent's environment (its own tmux
    /// server starts with them).
    fn start_env(
        tag: &str,
        args: &str,
        state: &std::path::Path,
        env: &[(&str, &std::path::Path)],
    ) -> Session {
        // Unique per session, not per tag: a test that starts the same tag twice must not
        // reach the first one's server while it is still going away.
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("docent-e2e-{tag}-{}-{n}", std::process::id());
        let bin = env!("CARGO_BIN_EXE_docent");
        // The shell stays after docent exits so the restored screen can be inspected. No
        // configuration or state from the environment the tests run in.
        let cmd = format!(
            "env -u DOCENT_OPTS -u DOCENT_CONFIG XDG_CONFIG_HOME=/nonexistent-docent-e2e \
             XDG_STATE_HOME='{}' '{bin}' {args}; echo DOCENT-EXIT=$?; sleep 120",
            state.display()
        );
        // A server of its own (a socket named after the session): tests run in parallel, and
        // a shared server exiting with its last session races the next one's start.
        let status = Command::new("tmux")
            .args([
                "-L",
                &name,
                "new-session",
                "-d",
                "-s",
                &name,
                "-x",
                "120",
                "-y",
                "40",
            ])
            .arg(cmd)
            .env_remove("NO_COLOR")
            .envs(env.iter().copied())
            .status()
            .expect("run tmux");
        assert!(status.success(), "tmux new-session failed");
        Session { name, _state: None }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.name])
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn capture(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", &self.name])
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.name];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", &self.name, "-l", text]);
    }

    fn format(&self, f: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", &self.name, f])
            .trim()
            .to_string()
    }

    /// Polls the screen until `pred` holds; panics with the last screen on timeout.
    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if pred(&screen) {
                return screen;
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The screen once two captures 80 ms apart agree: a capture can land in the middle of a
    /// redraw (old selection cleared, new one not yet drawn) on a loaded machine.
    fn settled(&self) -> String {
        let mut last = self.capture();
        let start = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(80));
            let now = self.capture();
            if now == last || start.elapsed() > TIMEOUT {
                return now;
            }
            last = now;
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.name, "kill-server"])
            .output();
    }
}

fn status_line(screen: &str) -> String {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_string()
}

/// `mention k/M` on the status line after `label`.
fn mention(screen: &str, label: &str) -> Option<(usize, usize)> {
    let status = status_line(screen);
    let rest = &status[status.find(label)? + label.len()..];
    let rest = &rest[rest.find("mention ")? + "mention ".len()..];
    let (k, rest) = rest.split_once('/')?;
    let m: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    Some((k.parse().ok()?, m.parse().ok()?))
}

fn assert_restored(s: &Session) {
    let screen = s.wait_for("docent to exit", |t| t.contains("DOCENT-EXIT="));
    assert!(
        screen.contains("DOCENT-EXIT=0"),
        "docent exited with an error:\n{screen}"
    );
    assert!(
        !screen.contains("Sources"),
        "the TUI is still on screen:\n{screen}"
    );
    assert_eq!(s.format("#{alternate_on}"), "0", "alternate screen left");
    assert_eq!(s.format("#{cursor_flag}"), "1", "cursor shown again");
    assert_eq!(s.format("#{mouse_any_flag}"), "0", "mouse capture released");
}

#[test]
fn palette_jumps_and_n_walks_mentions_on_the_seeds() {
    if !require_tmux() {
        return;
    }
    let s = Session::start("palette", "");
    s.wait_for("the three panes", |t| {
        t.contains("Sources") && t.contains("Entities") && t.contains("doc 1/")
    });

    // Ctrl-P, maduro, Enter: Nicolás Maduro is active at mention 1/M.
    s.keys(&["C-p"]);
    s.wait_for("the palette", |t| t.contains("Jump to"));
    s.type_text("maduro");
    s.wait_for("palette results", |t| t.contains("PER "));
    s.keys(&["Enter"]);
    let screen = s.wait_for("Maduro active", |t| {
        mention(t, "Nicolás Maduro").is_some_and(|(k, _)| k == 1)
    });
    let (_, total) = mention(&screen, "Nicolás Maduro").unwrap_or((0, 0));
    assert!(total >= 2, "Maduro is mentioned more than once:\n{screen}");

    // n: mention 2/M.
    s.keys(&["n"]);
    s.wait_for("mention 2", |t| {
        mention(t, "Nicolás Maduro") == Some((2, total))
    });

    // Ctrl-P, "nov 21 2021", Enter: the date 2021-11-21 is active.
    s.keys(&["C-p"]);
    s.wait_for("the palette", |t| t.contains("Jump to"));
    s.type_text("nov 21 2021");
    s.wait_for("palette results", |t| t.contains("DAT "));
    s.keys(&["Enter"]);
    let screen = s.wait_for("the date active", |t| {
        status_line(t).contains("│ 2021-11-21") && mention(t, "2021-11-21").is_some()
    });
    assert!(!screen.contains("Jump to"), "palette closed:\n{screen}");

    // q quits and the terminal is restored.
    s.keys(&["q"]);
    assert_restored(&s);
}

#[test]
fn help_overlay_and_sigterm_restore_the_terminal() {
    if !require_tmux() {
        return;
    }
    let s = Session::start("term", "");
    s.wait_for("startup", |t| t.contains("Sources"));
    s.keys(&["?"]);
    s.wait_for("help", |t| {
        t.contains("docent · help") && t.contains("Colours")
    });
    s.keys(&["Escape"]);
    s.wait_for("help closed", |t| !t.contains("docent · help"));
    // SIGTERM to docent (the pane's shell's child).
    let Some(pid) = docent_pid(&s) else {
        eprintln!("SKIPPED the SIGTERM part: cannot find docent's pid");
        s.keys(&["q"]);
        assert_restored(&s);
        return;
    };
    kill("-TERM", &pid);
    assert_restored(&s);
}

#[test]
fn a_key_remapped_in_a_config_file_works_in_the_real_binary() {
    if !require_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "mouse = false\ntheme = \"drak\"\n\n[keys.global]\nq = \"none\"\nx = \"quit\"\n\"g h\" = \"help\"\n",
    )
    .expect("write the config");
    let s = Session::start("config", &format!("--config '{}'", config.display()));
    // The typo is reported on the status line with its position; the rest applies.
    s.wait_for("startup with the problem on the status line", |t| {
        let st = status_line(t);
        t.contains("Sources") && st.contains("config: 1 problem") && st.contains("2:9")
    });
    assert_eq!(
        s.format("#{mouse_any_flag}"),
        "0",
        "mouse = false: no capture"
    );
    // q is unbound: it does not quit, so the g h that follows opens the help.
    s.keys(&["q"]);
    s.keys(&["g"]);
    s.wait_for("the pending g", |t| status_line(t).contains("g…"));
    s.keys(&["h"]);
    s.wait_for("the help", |t| t.contains("docent · help"));
    // The help shows the sequence by the action, near the end of the keys: scrolled there
    // (polled: a capture can catch a half-drawn frame).
    s.keys(&["G"]);
    s.wait_for("help listing gh", |t| {
        t.contains("docent · help")
            && t.lines()
                .any(|l| l.contains("this help") && l.contains("gh"))
    });
    s.keys(&["Escape"]);
    s.wait_for("help closed", |t| !t.contains("docent · help"));
    // x quits.
    s.keys(&["x"]);
    assert_restored(&s);
}

/// A closed terminal (tmux server gone, ssh dropped) ends docent: crossterm's reader would spin
/// forever on the hung-up terminal, so the watchdog must notice and exit.
#[test]
fn docent_exits_when_its_terminal_hangs_up() {
    if !require_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let pid_file = dir.path().join("pid");
    let socket = format!("docent-hup-{}", std::process::id());
    let bin = env!("CARGO_BIN_EXE_docent");
    // `exec` makes the pid written the pid of docent itself.
    let cmd = format!(
        "echo $$ > '{}'; exec '{bin}' --no-cache",
        pid_file.display()
    );
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .args(["-L", &socket])
            .args(args)
            .env_remove("NO_COLOR")
            .env("XDG_CONFIG_HOME", "/nonexistent-docent-test-config")
            .env("XDG_STATE_HOME", dir.path())
            .output()
            .expect("run tmux")
    };
    let out = tmux(&[
        "new-session",
        "-d",
        "-s",
        "hup",
        "-x",
        "100",
        "-y",
        "30",
        &cmd,
    ]);
    assert!(out.status.success(), "tmux new-session failed");
    let deadline = Instant::now() + TIMEOUT;
    let drawn = loop {
        let screen = String::from_utf8_lossy(&tmux(&["capture-pane", "-p", "-t", "hup"]).stdout)
            .into_owned();
        if screen.contains("Sources") || Instant::now() > deadline {
            break screen.contains("Sources");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let pid: i32 = std::fs::read_to_string(&pid_file)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .expect("docent's pid");
    tmux(&["kill-server"]);
    assert!(drawn, "docent drew its screen before the hang-up");
    let alive = |pid: i32| {
        std::path::Path::new(&format!("/proc/{pid}")).exists()
            && std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .is_ok_and(|s| !s.contains(") Z "))
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while alive(pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let still = alive(pid);
    if still {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
    }
    assert!(
        !still,
        "docent (pid {pid}) kept running after its terminal hung up"
    );
}

/// The walk of issue 7: open the seeds, `t`, pick 2021-11-21, `n` twice, `m`, Enter.
#[test]
fn timeline_date_then_mentions_list_on_the_seeds() {
    if !require_tmux() {
        return;
    }
    let s = Session::start("timeline", "");
    s.wait_for("the three panes", |t| {
        t.contains("Sources") && t.contains("Entities") && t.contains("doc 1/")
    });
    s.keys(&["t"]);
    s.wait_for("the timeline", |t| t.contains("Timeline · by day"));
    let mut screen = s.settled();
    // Move down until the selected row (marked ▌ inside the overlay) is 2021-11-21.
    let selected = |t: &str| t.lines().any(|l| l.contains("│▌2021-11-21"));
    for _ in 0..30 {
        if selected(&screen) {
            break;
        }
        let before = screen.clone();
        s.keys(&["j"]);
        s.wait_for("the selection to move", |t| t != before);
        screen = s.settled();
    }
    assert!(selected(&screen), "2021-11-21 selected:\n{screen}");
    assert!(
        screen.contains('█'),
        "the timeline draws a histogram:\n{screen}"
    );
    s.keys(&["Enter"]);
    let screen = s.wait_for("the date active", |t| {
        !t.contains("Timeline · by day") && mention(t, "2021-11-21").is_some_and(|(k, _)| k == 1)
    });
    let (_, total) = mention(&screen, "2021-11-21").unwrap_or((0, 0));
    assert!(total >= 4, "2021-11-21 is mentioned often:\n{screen}");
    s.keys(&["n"]);
    s.wait_for("mention 2", |t| {
        mention(t, "2021-11-21") == Some((2, total))
    });
    s.keys(&["n"]);
    s.wait_for("mention 3", |t| {
        mention(t, "2021-11-21") == Some((3, total))
    });
    // m: every mention in context, starting on the current one; j then Enter jumps to the 4th.
    s.keys(&["m"]);
    let screen = s.wait_for("the mention list", |t| {
        t.contains("Mentions") && t.contains(&format!("{total} mentions in"))
    });
    assert!(screen.contains("November 21"), "sentences shown:\n{screen}");
    s.keys(&["j"]);
    std::thread::sleep(Duration::from_millis(100));
    s.keys(&["Enter"]);
    s.wait_for("mention 4 after Enter", |t| {
        !t.contains(&format!("{total} mentions in")) && mention(t, "2021-11-21") == Some((4, total))
    });
    s.keys(&["q"]);
    assert_restored(&s);
}

/// Reopening the same corpus returns to the document where the reader was.
#[test]
fn reopening_the_seeds_returns_to_the_last_document() {
    if !require_tmux() {
        return;
    }
    let state = tempfile::tempdir().expect("tmp");
    {
        let s = Session::start_in("memory1", "", state.path());
        s.wait_for("startup", |t| t.contains("doc 1/"));
        s.keys(&["]"]);
        s.wait_for("doc 2", |t| status_line(t).contains("doc 2/"));
        s.keys(&["]"]);
        s.wait_for("doc 3", |t| status_line(t).contains("doc 3/"));
        s.keys(&["q"]);
        assert_restored(&s);
    }
    let s = Session::start_in("memory2", "", state.path());
    s.wait_for("back on doc 3", |t| {
        t.contains("Sources") && status_line(t).contains("doc 3/")
    });
    s.keys(&["q"]);
    assert_restored(&s);
    // A damaged state file is reported and ignored.
    for f in std::fs::read_dir(state.path().join("docent")).expect("state folder") {
        let f = f.expect("entry").path();
        if f.to_string_lossy().ends_with(".session.json") {
            std::fs::write(&f, "{ damaged").expect("write");
        }
    }
    let s = Session::start_in("memory3", "", state.path());
    s.wait_for("the damage reported, doc 1", |t| {
        status_line(t).contains("doc 1/") && status_line(t).contains("damaged")
    });
    s.keys(&["q"]);
    assert_restored(&s);
}

/// A rename in the Entities pane is saved in the state folder and applied on the next run.
#[test]
fn a_rename_survives_reopening_the_corpus() {
    if !require_tmux() {
        return;
    }
    let state = tempfile::tempdir().expect("tmp");
    {
        let s = Session::start_in("rename1", "", state.path());
        s.wait_for("startup", |t| {
            t.contains("Entities") && t.contains("doc 1/")
        });
        s.keys(&["3"]);
        s.keys(&["e"]);
        s.wait_for("corpus scope", |t| t.contains("all · by count"));
        s.keys(&["r"]);
        s.wait_for("the rename input", |t| t.contains("Rename"));
        s.keys(&["C-u"]);
        s.type_text("Zed Quorum");
        s.keys(&["Enter"]);
        s.wait_for("renamed", |t| {
            t.contains("Zed Quorum") && !t.contains("Rename")
        });
        s.keys(&["q"]);
        assert_restored(&s);
    }
    let saved = std::fs::read_dir(state.path().join("docent"))
        .expect("state folder")
        .filter_map(Result::ok)
        .any(|f| f.path().to_string_lossy().ends_with(".corrections.json"));
    assert!(saved, "corrections saved per corpus");
    let s = Session::start_in("rename2", "", state.path());
    s.wait_for("startup", |t| t.contains("Entities"));
    s.keys(&["3"]);
    s.keys(&["e"]);
    s.wait_for("the renamed entity", |t| t.contains("Zed Quorum"));
    s.keys(&["q"]);
    assert_restored(&s);
}

/// docent's pid: the pane's shell's child (`env` execs docent).
fn docent_pid(s: &Session) -> Option<String> {
    let shell = s.format("#{pane_pid}");
    let children =
        std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).unwrap_or_default();
    children.split_whitespace().next().map(str::to_string)
}

/// Is process `pid` stopped (state `T` in `/proc/PID/stat`, after the command's parentheses)?
fn stopped(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('T'))
    })
}

fn kill(sig: &str, pid: &str) {
    let ok = Command::new("kill")
        .args([sig, pid])
        .status()
        .is_ok_and(|st| st.success());
    assert!(ok, "kill {sig} {pid}");
}

/// Regression (issue 17): crossterm read 1 KiB per readiness event and left the rest until the
/// next key, so after a paste or a flood of keys Esc and q were ignored.
#[test]
fn a_large_paste_and_a_flood_of_keys_leave_the_keys_working() {
    if !require_tmux() {
        return;
    }
    let s = Session::start("paste", "");
    s.wait_for("startup", |t| t.contains("Sources"));
    // A bracketed paste of 5,000 bytes into the palette: one insert.
    s.keys(&["C-p"]);
    s.wait_for("palette", |t| t.contains("Jump to"));
    let text = "maduro ".repeat(5000 / 7 + 1);
    let buffer = format!("docent-e2e-{}", std::process::id());
    s.tmux(&["set-buffer", "-b", &buffer, &text[..5000]]);
    s.tmux(&["paste-buffer", "-p", "-d", "-b", &buffer, "-t", &s.name]);
    s.wait_for("the pasted query", |t| t.contains("❯ maduro maduro"));
    s.keys(&["Escape"]);
    s.wait_for("palette closed", |t| !t.contains("Jump to"));
    // 5,000 keys typed at once into the Sources filter, then Esc and q.
    s.keys(&["1", "/"]);
    s.type_text(&"x".repeat(5000));
    // Every key handled: the filter holds the flood and the screen has settled. Then Esc alone:
    // an Esc and a q read together are Alt-q to any terminal program.
    s.wait_for("the flood typed", |t| t.contains("/xxx"));
    s.settled();
    s.keys(&["Escape"]);
    s.wait_for("the filter cleared", |t| !t.contains("/xxx"));
    s.keys(&["q"]);
    assert_restored(&s);
}

/// Regression (issue 17): SIGINT and SIGQUIT from outside left the alternate screen, the mouse
/// tracking and a hidden cursor behind, and the session was not saved; SIGTSTP stopped docent
/// with the terminal still in its modes.
#[test]
fn signals_from_outside_restore_the_terminal_and_save_the_session() {
    if !require_tmux() {
        return;
    }
    for sig in ["-INT", "-QUIT"] {
        let s = Session::start("sig", "");
        s.wait_for("startup", |t| t.contains("Sources"));
        s.keys(&["]"]);
        s.wait_for("second document", |t| status_line(t).contains("doc 2/4"));
        let Some(pid) = docent_pid(&s) else {
            eprintln!("SKIPPED: cannot find docent's pid");
            return;
        };
        kill(sig, &pid);
        assert_restored(&s);
        let state = s
            ._state
            .as_ref()
            .expect("own state folder")
            .path()
            .join("docent");
        let saved = std::fs::read_dir(&state)
            .map(|d| {
                d.filter_map(Result::ok)
                    .any(|e| e.file_name().to_string_lossy().ends_with(".session.json"))
            })
            .unwrap_or(false);
        assert!(saved, "{sig}: the session was saved in {}", state.display());
    }
    // SIGTSTP: the terminal is given back while stopped, taken again on SIGCONT.
    let s = Session::start("tstp", "");
    s.wait_for("startup", |t| t.contains("Sources"));
    let Some(pid) = docent_pid(&s) else {
        return;
    };
    kill("-TSTP", &pid);
    let start = Instant::now();
    while s.format("#{alternate_on}") != "0" {
        assert!(start.elapsed() < TIMEOUT, "the alternate screen was left");
        std::thread::sleep(Duration::from_millis(50));
    }
    // docent leaves the alternate screen and then stops itself: a SIGCONT sent between the two
    // is lost (the process stops after it and waits forever), so wait for the stop first.
    while !stopped(&pid) {
        assert!(start.elapsed() < TIMEOUT, "docent stopped on SIGTSTP");
        std::thread::sleep(Duration::from_millis(20));
    }
    kill("-CONT", &pid);
    s.wait_for("redrawn", |t| t.contains("Sources"));
    s.keys(&["q"]);
    assert_restored(&s);
}

#[test]
fn paths_filter_notices_list_and_the_exit_summary_in_a_folder() {
    if !require_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path();
    for (path, text) in [
        ("politics/010.txt", "Blair met Brown in London on Monday."),
        ("politics/011.txt", "Brown spoke in Leeds."),
        ("sport/020.txt", "Chelsea won in Manchester."),
    ] {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().expect("folder")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    std::fs::write(root.join("sport/blob.txt"), b"bin\x00ary").expect("write");
    std::fs::write(root.join("sport/photo.jpg"), b"\xff\xd8").expect("write");
    let s = Session::start("paths", &format!("--no-cache '{}'", root.display()));
    s.wait_for("the panes", |t| {
        t.contains("Sources 3") && t.contains("doc 1/")
    });
    // The rows say where each document lives; the reader's frame names the open one.
    let screen = s.settled();
    assert!(screen.contains("politics/010.txt"), "{screen}");
    // `/` matches paths: `sport/` keeps the one document in sport.
    s.keys(&["/"]);
    s.type_text("'sport/");
    s.wait_for("the filter", |t| t.contains("Sources 1/3"));
    s.keys(&["Escape"]);
    s.wait_for("the filter cleared", |t| t.contains("Sources 3 "));
    // `!` lists the notices by reason.
    s.keys(&["!"]);
    let screen = s.wait_for("the notices", |t| t.contains("Notices"));
    assert!(screen.contains("skipped as binary 1"), "{screen}");
    assert!(screen.contains("unsupported file type 1"), "{screen}");
    s.keys(&["Escape"]);
    s.wait_for("the list closed", |t| !t.contains("Notices"));
    s.keys(&["q"]);
    let screen = s.wait_for("the exit", |t| t.contains("DOCENT-EXIT=0"));
    assert!(
        screen.contains("docent: 2 notices while loading: 1 skipped as binary, 1 unsupported"),
        "{screen}"
    );
}

#[test]
fn reader_search_n_crosses_into_the_next_document_with_a_hit() {
    if !require_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path();
    for (path, text) in [
        ("a/001.txt", "First\n\nA kestrel here, and a kestrel there."),
        ("a/002.txt", "Second\n\nNothing of the kind in this one."),
        ("a/003.txt", "Third\n\nOne more kestrel at the end."),
    ] {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().expect("folder")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    let s = Session::start("across", &format!("--no-cache '{}'", root.display()));
    s.wait_for("the panes", |t| {
        t.contains("Sources 3") && t.contains("doc 1/3")
    });
    s.keys(&["2", "/"]);
    s.type_text("kestrel");
    s.keys(&["Enter"]);
    s.keys(&["n"]);
    s.wait_for("the second hit", |t| status_line(t).contains("hit 2/2"));
    // Past the last hit: the third document (the second has none), its first hit.
    s.keys(&["n"]);
    let screen = s.wait_for("the next document", |t| status_line(t).contains("doc 3/3"));
    let st = status_line(&screen);
    assert!(
        st.contains("hit 1/1 · document 2 of 2 with hits"),
        "{screen}"
    );
    assert!(screen.contains("a/003.txt"), "{screen}");
    // N goes back to the first document's last hit.
    s.keys(&["N"]);
    let screen = s.wait_for("the first document again", |t| {
        status_line(t).contains("doc 1/3")
    });
    assert!(
        status_line(&screen).contains("hit 2/2 · document 1 of 2 with hits"),
        "{screen}"
    );
    s.keys(&["q"]);
    assert_restored(&s);
}

/// A story hard-wrapped at ~60 columns reads as flowing paragraphs in the real terminal, and
/// `y` puts the search hit's sentence, on one line, with its source, on the clipboard (tmux
/// takes OSC 52 as a paste buffer with `set-clipboard on`).
#[test]
fn a_hard_wrapped_story_flows_and_y_copies_a_sentence_to_the_clipboard() {
    if !require_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let story = "\
RIVER BIRDS RETURN

Counters along the river said on Monday
that the number of kingfishers nesting on
the banks had doubled since the water was
cleaned, a result they called the best in
twenty years, and that more were expected.
    The survey found a falcon pair nesting
under the old railway bridge for the first
time since the bridge was built in 1890.
";
    std::fs::write(dir.path().join("birds.txt"), story).expect("write");
    let s = Session::start("yank", &format!("--no-cache '{}'", dir.path().display()));
    s.tmux(&["set-option", "-s", "set-clipboard", "on"]);
    s.wait_for("the panes", |t| t.contains("Sources 1"));
    s.keys(&["2"]);
    // Lines of ~42 columns in a reader of ~59: the paragraph flows past them.
    s.wait_for("the flowing paragraph", |t| {
        t.contains("said on Monday that the number")
    });
    s.keys(&["/"]);
    s.type_text("falcon");
    s.keys(&["Enter", "y"]);
    s.wait_for("the copy message", |t| status_line(t).contains("copied"));
    let start = Instant::now();
    let buffer = loop {
        let b = s.tmux(&["show-buffer"]);
        if b.contains("falcon") || start.elapsed() > TIMEOUT {
            break b;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        buffer.starts_with(
            "\"The survey found a falcon pair nesting under the old railway bridge for the first time since the bridge was built in 1890.\"\n— RIVER BIRDS RETURN, "
        ),
        "{buffer:?}"
    );
    assert!(buffer.trim_end().ends_with("birds.txt"), "{buffer:?}");
    s.keys(&["q"]);
    assert_restored(&s);
}

#[test]
fn a_file_changed_since_the_document_store_is_read_again_behind_the_first_frame() {
    if !require_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let (cache, state) = (
        tempfile::tempdir().expect("tmp"),
        tempfile::tempdir().expect("tmp"),
    );
    let root = dir.path();
    std::fs::write(root.join("a.txt"), "Ana Torres spoke in Geneva.").expect("write");
    std::fs::write(root.join("b.txt"), "Juan Perez arrived in Madrid.").expect("write");
    // A first open writes the document store.
    let primed = Command::new(env!("CARGO_BIN_EXE_docent"))
        .args(["entities", &root.to_string_lossy()])
        .env("XDG_CACHE_HOME", cache.path())
        .env("XDG_STATE_HOME", state.path())
        .env("XDG_CONFIG_HOME", "/nonexistent-docent-e2e")
        .env_remove("DOCENT_OPTS")
        .env_remove("DOCENT_CONFIG")
        .output()
        .expect("runs");
    assert!(primed.status.success());
    // Changed before the reader opens: the store no longer matches the files.
    std::fs::write(
        root.join("b.txt"),
        "Juan Perez arrived in Madrid. Zebulon Quartermaine visited Reykjavik.",
    )
    .expect("write");
    let s = Session::start_env(
        "fresh",
        &format!("'{}'", root.display()),
        state.path(),
        &[("XDG_CACHE_HOME", cache.path())],
    );
    s.wait_for("the corpus read again", |t| {
        status_line(t).contains("read again from the files: 2 documents")
    });
    // The new text's entity is there: in the palette.
    s.keys(&["C-p"]);
    s.type_text("zebul");
    s.wait_for("the new entity", |t| t.contains("PER Zebulon Quartermaine"));
    s.keys(&["Escape"]);
    s.wait_for("the palette closed", |t| !t.contains("Jump to"));
    s.keys(&["q"]);
    assert_restored(&s);
}
