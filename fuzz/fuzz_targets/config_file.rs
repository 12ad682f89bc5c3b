//! Arbitrary bytes as a configuration file, checked as docent checks it at start: never a
//! panic, every problem positioned inside the file, and the result always usable (settings,
//! key map and theme build from whatever parsed).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (config, errors) = docent::config::Config::parse(text, "fuzz.toml");
    let lines = text.lines().count().max(1) + 1;
    for e in &errors {
        if e.position.is_some() {
            assert!(e.line() >= 1 && e.line() <= lines, "{e}");
            assert!(e.column() >= 1, "{e}");
        }
        let _ = e.to_string();
    }
    let _ = config.settings();
    let _ = config.keymap();
    let _ = config.theme(None, false);
});
