//! Profiling aid: the reader's warm open (open from the store, unchecked) and first frame, N
//! times. `cargo run --release --example prof_warm -- DIR [N]`
use docent::open::{open_unchecked, OpenOptions};
use docent::tui::app::App;
use docent::tui::msg::Msg;
use docent::tui::theme::Theme;
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: prof_warm DIR [N]");
        return;
    };
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(20);
    let paths = vec![dir.clone()];
    for _ in 0..n {
        let t0 = Instant::now();
        let Ok(o) = open_unchecked(&paths, &OpenOptions::default()) else {
            eprintln!("open failed");
            return;
        };
        let t1 = Instant::now();
        let corpus = Arc::new(o.corpus);
        let mut app = match o.index {
            Some(ix) => App::with_index(corpus, Theme::default(), ix),
            None => App::new(corpus, Theme::default()),
        };
        app.update(Msg::Resize(160, 50));
        let mut term =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 50)).expect("backend");
        let _ = term.draw(|f| docent::tui::view::draw(f, &app.view()));
        let t2 = Instant::now();
        let anon = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|st| {
                st.lines()
                    .find(|l| l.starts_with("RssAnon"))
                    .map(|l| l.to_string())
            })
            .unwrap_or_default();
        eprintln!("open {:?} frame {:?} {anon}", t1 - t0, t2 - t1);
        drop(app);
    }
}
