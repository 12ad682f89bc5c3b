//! The notices (`!`): what loading skipped or repaired, then what failed later (a stored text's
//! check when first read), grouped by reason, each group headed by its count; Enter on a notice
//! opens its file's document when one was read from it. The same grouping makes the one-line
//! summary printed after the reader exits.

use super::list::{Go, ListSource};
use crate::model::{Notice, NOTICE_REASONS};
use crate::tui::keymap::Action;
use crate::tui::view::View;
use crate::tui::widgets::paint::*;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use std::any::Any;

/// The notices by reason, in [`REASONS`] order ("other" last): each reason with the indices
/// of its notices, in load order.
pub fn grouped(notices: &[Notice]) -> Vec<(&'static str, Vec<usize>)> {
    let mut groups: Vec<(&'static str, Vec<usize>)> = Vec::new();
    for (i, n) in notices.iter().enumerate() {
        let r = n.reason();
        match groups.iter_mut().find(|(g, _)| *g == r) {
            Some((_, v)) => v.push(i),
            None => groups.push((r, vec![i])),
        }
    }
    let order = |r: &str| {
        NOTICE_REASONS
            .iter()
            .position(|(n, _)| *n == r)
            .unwrap_or(NOTICE_REASONS.len())
    };
    groups.sort_by_key(|(r, _)| order(r));
    groups
}

/// One line for standard error after the reader exits: how many notices, by reason (`None`
/// when there were none). `key` is the key that lists them in the reader.
pub fn summary(notices: &[Notice], key: Option<&str>) -> Option<String> {
    if notices.is_empty() {
        return None;
    }
    let n = notices.len();
    let parts: Vec<String> = grouped(notices)
        .iter()
        .map(|(r, v)| format!("{} {r}", v.len()))
        .collect();
    let how = match key {
        Some(k) => format!("; {k} in the reader lists them"),
        None => String::new(),
    };
    Some(format!(
        "{n} notice{} while loading: {}{how}",
        if n == 1 { "" } else { "s" },
        parts.join(", ")
    ))
}

/// A row of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    Reason { name: &'static str, count: usize },
    Notice(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notices {
    pub rows: Vec<Row>,
    /// For each notice, the first document read from its file (found once, at opening: never
    /// a search while drawing).
    pub documents: Vec<Option<usize>>,
    /// Each notice's path as shown (`~` for the home folder, sanitized).
    pub paths: Vec<String>,
}

/// Every notice, grouped, on the first notice.
pub fn open(v: &View<'_>) -> Result<(Box<dyn ListSource>, usize), String> {
    let mut rows = Vec::new();
    for (name, list) in grouped(v.notices) {
        rows.push(Row::Reason {
            name,
            count: list.len(),
        });
        rows.extend(list.into_iter().map(Row::Notice));
    }
    let first = usize::from(!rows.is_empty());
    let mut by_path: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, d) in v.corpus.documents.iter().enumerate() {
        by_path.entry(d.path.as_str()).or_insert(i);
    }
    let documents = v
        .notices
        .iter()
        .map(|n| by_path.get(n.path.as_str()).copied())
        .collect();
    let home = crate::tui::paths::home();
    let paths = v
        .notices
        .iter()
        .map(|n| crate::tui::paths::tilde(&n.path, home.as_deref()))
        .collect();
    Ok((
        Box::new(Notices {
            rows,
            documents,
            paths,
        }),
        first,
    ))
}

impl ListSource for Notices {
    fn action(&self) -> Action {
        Action::Notices
    }

    fn title(&self, _v: &View<'_>) -> String {
        "Notices".into()
    }

    fn heading(&self, v: &View<'_>) -> String {
        let n = v.notices.len();
        let groups = self
            .rows
            .iter()
            .filter(|r| matches!(r, Row::Reason { .. }))
            .count();
        let late = n.saturating_sub(v.corpus.notices.len());
        let when = if late == 0 {
            "while loading".to_string()
        } else {
            format!("({late} since loading)")
        };
        format!(
            "{n} notice{} {when} · {groups} reason{} · Enter opens the file's document",
            if n == 1 { "" } else { "s" },
            if groups == 1 { "" } else { "s" }
        )
    }

    fn accept_label(&self) -> &'static str {
        "open"
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn empty_text(&self) -> &'static str {
        "nothing was skipped or repaired"
    }

    fn row(&self, i: usize, v: &View<'_>, w: usize, base: Style) -> (Vec<Span<'static>>, usize) {
        let theme = v.theme;
        match self.rows.get(i) {
            Some(Row::Reason { name, count }) => {
                let (mut spans, used) = highlighted(
                    name,
                    &[],
                    w,
                    base.patch(theme.header).add_modifier(Modifier::BOLD),
                    Style::new(),
                );
                let c = format!(" {count}");
                if used + c.len() <= w {
                    spans.push(Span::styled(c.clone(), base.patch(theme.dim)));
                    return (spans, used + c.len());
                }
                (spans, used)
            }
            Some(Row::Notice(k)) => {
                let Some(n) = v.notices.get(*k) else {
                    return (Vec::new(), 0);
                };
                let path = self.paths.get(*k).cloned().unwrap_or_default();
                let opens = self.documents.get(*k).copied().flatten().is_some();
                let path_style = if opens { base.patch(theme.title) } else { base };
                // The why matters as much as the where: a long path gives up its left end
                // (the shared folders) before the message is cut.
                let msg_w = crate::tui::wrap::str_width(&n.message);
                let room = w.saturating_sub(4 + msg_w).max(w / 2);
                let path = crate::tui::paths::cut_left(&path, room);
                let mut spans = vec![Span::styled("  ", base)];
                let mut used = 2;
                push_pieces(
                    &mut spans,
                    &mut used,
                    w,
                    vec![
                        (path, path_style),
                        (": ".into(), base.patch(theme.dim)),
                        (n.message.clone(), base.patch(theme.dim)),
                    ],
                );
                (spans, used)
            }
            None => (Vec::new(), 0),
        }
    }

    fn accept(&self, i: usize, _v: &View<'_>) -> Option<Go> {
        match self.rows.get(i)? {
            Row::Notice(k) => self.documents.get(*k).copied().flatten().map(Go::Document),
            Row::Reason { .. } => None,
        }
    }

    fn refusal(&self, i: usize, _v: &View<'_>) -> Option<String> {
        Some(match self.rows.get(i)? {
            Row::Reason { .. } => "a reason: its notices follow".into(),
            Row::Notice(_) => "nothing was read from that file".into(),
        })
    }

    fn filter_text(&self, i: usize, v: &View<'_>) -> String {
        match self.rows.get(i) {
            Some(Row::Reason { name, .. }) => (*name).to_string(),
            Some(Row::Notice(k)) => v
                .notices
                .get(*k)
                .map(|n| format!("{} {} {}", n.reason(), n.path, n.message))
                .unwrap_or_default(),
            None => String::new(),
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(path: &str, message: &str) -> Notice {
        Notice {
            path: path.into(),
            message: message.into(),
        }
    }

    #[test]
    fn notices_group_by_reason_in_a_fixed_order() {
        let ns = vec![
            n("a.txt", "invalid UTF-8 (3 sequences) decoded lossily"),
            n("b.bin", "binary content (NUL bytes), skipped"),
            n("feed.jsonl", "line 4: malformed JSON record (EOF), skipped"),
            n("c.txt", "binary content (NUL bytes), skipped"),
            n(
                "big.txt",
                "99 bytes is over the 10 byte limit (--max-file-size), skipped",
            ),
            n("x", "something new"),
        ];
        let g = grouped(&ns);
        let names: Vec<&str> = g.iter().map(|(r, _)| *r).collect();
        assert_eq!(
            names,
            [
                "skipped as binary",
                "too large",
                "malformed record",
                "decoded lossily",
                "other"
            ]
        );
        assert_eq!(g[0].1, vec![1, 3]);
        assert_eq!(
            summary(&ns, Some("!")).as_deref(),
            Some(
                "6 notices while loading: 2 skipped as binary, 1 too large, 1 malformed record, \
                 1 decoded lossily, 1 other; ! in the reader lists them"
            )
        );
        assert_eq!(summary(&[], Some("!")), None);
    }
}
