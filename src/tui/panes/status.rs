//! The status line: document, date, active entity and mention, messages, and the keys that
//! matter in the current context (as configured).

use crate::sanitize::clean_line;
use crate::text::entity_label;
use crate::tui::geometry::{self, Pane};
use crate::tui::keymap::{self, Action, Context};
use crate::tui::overlays::picker::PickFor;
use crate::tui::view::{date_str, View};
use crate::tui::widgets::paint::*;
use crate::tui::wrap::{self};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn draw_status(frame: &mut Frame<'_>, v: &View<'_>, r: Rect) {
    let theme = &v.theme;
    let w = usize::from(r.width);
    let n = v.corpus.documents.len();
    let mut parts: Vec<(String, Style)> = Vec::new();
    parts.push((format!(" doc {}/{} ", v.doc + 1, n), theme.status_key));
    if let Some(doc) = v.corpus.documents.get(v.doc) {
        let d = match (date_str(v, doc), doc.date_inferred) {
            (Some(d), true) => format!(" {d} (inferred) "),
            (Some(d), false) => format!(" {d} "),
            (None, _) => " no date ".into(),
        };
        parts.push((d, theme.status));
        // Paged documents (PDF): the page at the top of the screen.
        if !doc.pages.is_empty() {
            let top = v.layout.lines.get(v.scroll).map_or(0, |l| l.start);
            if let Some(p) = doc.page_of(top) {
                parts.push((format!("p. {}/{} ", p + 1, doc.pages.len()), theme.status));
            }
        }
    }
    if let Some((ent, k, m, d)) = v.active_info {
        parts.push(("│ ".into(), theme.status));
        let label = clean_line(&entity_label(ent)).into_owned();
        parts.push((
            label,
            theme
                .status
                .patch(theme.kind(ent.kind))
                .add_modifier(Modifier::BOLD),
        ));
        let docs = if d == 1 { "doc" } else { "docs" };
        parts.push((format!(" · mention {k}/{m} · {d} {docs} "), theme.status));
    }
    if let Some(msg) = &v.message {
        parts.push(("│ ".into(), theme.status));
        parts.push((format!("{} ", clean_line(msg)), theme.message));
    }
    if !v.pending.is_empty() {
        parts.push(("│ ".into(), theme.status));
        parts.push((
            format!("{}… ", keymap::sequence_label(v.pending)),
            theme.message,
        ));
    }
    // Key hints name the keys as bound.
    let km = &v.keymap;
    let global = |a: Action, what: &str| {
        km.key_label(Context::Global, a)
            .map(|k| format!("{k} {what}"))
    };
    let hints: Vec<String> = match v.context {
        // A correction picker (rename, merge, kind) reads its keys in the palette's context but
        // neither jumps nor closes: say what its Enter and Esc do.
        Context::Palette if v.picker.is_some() => {
            let rename = v
                .picker
                .is_some_and(|p| matches!(p.purpose, PickFor::Rename(_)));
            vec![km.hint(
                Context::Palette,
                &[
                    (&[Action::Accept], if rename { "rename" } else { "choose" }),
                    (&[Action::Cancel], "cancel"),
                ],
            )]
        }
        Context::Palette => vec![km.hint(
            Context::Palette,
            &[
                (&[Action::SelectPrev, Action::SelectNext], "select"),
                (&[Action::Accept], "jump"),
                (&[Action::Cancel], "close"),
            ],
        )],
        Context::Prompt if v.focus == Pane::Sources && v.panel.is_none() => vec![km.hint(
            Context::Prompt,
            &[
                (&[Action::Accept], "keep"),
                (&[Action::Cancel], "clear"),
                (
                    &[Action::ToggleText],
                    if v.sources_text {
                        "title+path"
                    } else {
                        "all text"
                    },
                ),
            ],
        )],
        Context::Prompt => vec![km.hint(
            Context::Prompt,
            &[(&[Action::Accept], "keep"), (&[Action::Cancel], "clear")],
        )],
        Context::Help => vec![km.hint(Context::Help, &[(&[Action::Cancel], "close")])],
        Context::List => vec![km.hint(
            Context::List,
            &[
                (
                    &[Action::Accept],
                    // What Enter does in this list, as its own frame says.
                    v.panel.map_or("go", |p| p.source.accept_label()),
                ),
                (&[Action::Cancel], "close"),
            ],
        )],
        _ if v.area.width < geometry::WIDE && v.focus == Pane::Reader => [
            global(Action::ToggleSidebar, "sidebar"),
            global(Action::Help, "help"),
        ]
        .into_iter()
        .flatten()
        .collect(),
        _ => global(Action::Help, "help").into_iter().collect(),
    };
    let hint = if hints.is_empty() {
        String::new()
    } else {
        format!(" {} ", clean_line(&hints.join(" · ")))
    };
    let mut spans = Vec::new();
    let mut used = 0;
    for (text, style) in parts {
        if used >= w {
            break;
        }
        let (s, u) = highlighted(&text, &[], w - used, style, Style::new());
        spans.extend(s);
        used += u;
    }
    let hint_w = wrap::str_width(&hint);
    if used + hint_w <= w {
        pad(&mut spans, used, w - hint_w, theme.status);
        spans.push(Span::styled(hint, theme.status_key));
    } else {
        pad(&mut spans, used, w, theme.status);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), r);
}
