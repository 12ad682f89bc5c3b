//! Painting helpers every pane and overlay uses: a highlighted, sanitized, width-bounded line;
//! padding; the prompt row; an overlay frame; histogram bars.

use crate::sanitize::clean_line;
use crate::tui::theme::Theme;
use crate::tui::wrap::{self};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};
use ratatui::Frame;
use unicode_segmentation::UnicodeSegmentation;

/// A one-line string with matched chars highlighted, sanitized and cut to `max` cells. When the
/// first match would fall beyond the cut, the start is elided (`…`) so it shows.
pub fn highlighted(
    text: &str,
    positions: &[usize],
    max: usize,
    base: Style,
    matched: Style,
) -> (Vec<Span<'static>>, usize) {
    if max == 0 {
        return (Vec::new(), 0);
    }
    let text = clean_line(text);
    let graphemes: Vec<(usize, &str)> = {
        // Char index of each grapheme's first char.
        let mut ci = 0;
        text.graphemes(true)
            .map(|g| {
                let at = ci;
                ci += g.chars().count();
                (at, g)
            })
            .collect()
    };
    let is_match = |ci: usize, g: &str| {
        let n = g.chars().count();
        positions.iter().any(|&p| p >= ci && p < ci + n)
    };
    let total: usize = {
        let mut col = 0;
        for (_, g) in &graphemes {
            col += wrap::display(g, col).1;
        }
        col
    };
    // Where to start: elide the head if the first match lies past two thirds of the room.
    let mut start = 0;
    let mut elided = false;
    if total > max {
        if let Some(&first) = positions.iter().min() {
            let mut col = 0;
            let mut first_col = 0;
            for (ci, g) in &graphemes {
                if *ci + g.chars().count() > first {
                    first_col = col;
                    break;
                }
                col += wrap::display(g, col).1;
            }
            if first_col > max * 2 / 3 {
                let skip_to = first_col.saturating_sub(max / 3);
                let mut col = 0;
                for (i, (_, g)) in graphemes.iter().enumerate() {
                    if col >= skip_to {
                        start = i;
                        break;
                    }
                    col += wrap::display(g, col).1;
                }
                elided = start > 0;
            }
        }
    }
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut col = 0;
    if elided {
        spans.push(Span::styled("…", base));
        col += 1;
    }
    let rest_width: usize = {
        let mut c = col;
        for (_, g) in &graphemes[start..] {
            c += wrap::display(g, c).1;
        }
        c
    };
    let cut = rest_width > max;
    let room = if cut { max.saturating_sub(1) } else { max };
    let mut cur = String::new();
    let mut cur_style = base;
    for (ci, g) in &graphemes[start..] {
        let (shown, w) = wrap::display(g, col);
        if col + w > room {
            break;
        }
        let style = if is_match(*ci, g) {
            base.patch(matched)
        } else {
            base
        };
        if style != cur_style && !cur.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut cur), cur_style));
        }
        cur_style = style;
        cur.push_str(&shown);
        col += w;
    }
    if !cur.is_empty() {
        spans.push(Span::styled(cur, cur_style));
    }
    if cut && col < max {
        spans.push(Span::styled("…", base));
        col += 1;
    }
    (spans, col)
}

/// Pads a row to `width` cells with spaces in `style`.
pub fn pad(spans: &mut Vec<Span<'static>>, used: usize, width: usize, style: Style) {
    if used < width {
        spans.push(Span::styled(" ".repeat(width - used), style));
    }
}

/// Draws a prompt row: `/query` with a count on the right.
pub fn draw_prompt(
    frame: &mut Frame<'_>,
    theme: &Theme,
    r: Rect,
    input: &str,
    editing: bool,
    info: &str,
) {
    let w = usize::from(r.width);
    let info_w = wrap::str_width(info);
    let (mut spans, used) = highlighted(
        &format!("/{input}"),
        &[],
        w.saturating_sub(info_w + 1).max(1),
        if editing { theme.prompt } else { theme.dim },
        Style::new(),
    );
    let mut used = used;
    if editing {
        frame.set_cursor_position(Position::new(
            r.x.saturating_add(u16::try_from(used).unwrap_or(u16::MAX))
                .min(r.right().saturating_sub(1)),
            r.y,
        ));
    }
    if used + info_w < w {
        pad(&mut spans, used, w - info_w, Style::new());
        spans.push(Span::styled(info.to_string(), theme.dim));
        used = w;
    }
    let _ = used;
    frame.render_widget(Paragraph::new(Line::from(spans)), r);
}

/// Clears `r` and frames it as an overlay with a title and a hint; the inside, or `None` when
/// `r` is too small to hold anything.
pub fn overlay(
    frame: &mut Frame<'_>,
    r: Rect,
    theme: &Theme,
    title: &str,
    hint: &str,
) -> Option<Rect> {
    if r.width < 3 || r.height < 3 {
        return None;
    }
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.border_focused)
        .title(Line::styled(title.to_string(), theme.title))
        .title_bottom(Line::styled(hint.to_string(), theme.dim).right_aligned());
    let inner = block.inner(r);
    frame.render_widget(block, r);
    Some(inner)
}

/// Cuts a line to `w` cells (sanitized, measured).
pub fn fit(l: Line<'static>, w: usize) -> Line<'static> {
    let mut used = 0;
    let mut spans = Vec::new();
    for s in l.spans {
        if used >= w {
            break;
        }
        let (t, u) = highlighted(&s.content, &[], w - used, s.style, Style::new());
        spans.extend(t);
        used += u;
    }
    Line::from(spans)
}

/// Appends `(text, style)` pieces to `spans`, each cut to the room left in `w` cells.
pub fn push_pieces(
    spans: &mut Vec<Span<'static>>,
    used: &mut usize,
    w: usize,
    pieces: Vec<(String, Style)>,
) {
    for (text, style) in pieces {
        if *used >= w {
            break;
        }
        let (t, u) = highlighted(&text, &[], w - *used, style, Style::new());
        spans.extend(t);
        *used += u;
    }
}

/// A histogram bar of `n` out of `max` in `width` cells, in eighths.
pub fn bar(n: usize, max: usize, width: usize) -> String {
    if n == 0 || max == 0 || width == 0 {
        return String::new();
    }
    let eighths = (n * width * 8).div_ceil(max).clamp(1, width * 8);
    let mut s = "█".repeat(eighths / 8);
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    s.push_str(PARTS[eighths % 8]);
    s
}

/// The label of a timeline bucket: the ISO value and its readable form.
pub fn bucket_label(value: &str) -> String {
    match crate::text::readable_date(value) {
        Some(r) => format!("{value} {r}"),
        None => value.to_string(),
    }
}

/// `spans` with the chars at `positions` (char indices over the spans' joined text) patched
/// with `matched`: how a list shows what its `/` filter matched in rows it drew itself.
pub fn mark_chars(
    spans: Vec<Span<'static>>,
    positions: &[usize],
    matched: Style,
) -> Vec<Span<'static>> {
    if positions.is_empty() {
        return spans;
    }
    let mut out = Vec::with_capacity(spans.len() + positions.len() * 2);
    let mut ci = 0;
    for span in spans {
        let mut piece = String::new();
        let mut piece_marked = false;
        for c in span.content.chars() {
            let marked = positions.contains(&ci);
            if marked != piece_marked && !piece.is_empty() {
                let style = if piece_marked {
                    span.style.patch(matched)
                } else {
                    span.style
                };
                out.push(Span::styled(std::mem::take(&mut piece), style));
            }
            piece_marked = marked;
            piece.push(c);
            ci += 1;
        }
        if !piece.is_empty() {
            let style = if piece_marked {
                span.style.patch(matched)
            } else {
                span.style
            };
            out.push(Span::styled(piece, style));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};

    #[test]
    fn marked_chars_take_the_match_style_across_spans() {
        let dim = Style::new().fg(Color::DarkGray);
        let hit = Style::new().add_modifier(Modifier::BOLD);
        let spans = vec![Span::styled("ab", dim), Span::raw("cd")];
        let out = mark_chars(spans, &[1, 2], hit);
        let parts: Vec<(&str, Style)> = out.iter().map(|s| (s.content.as_ref(), s.style)).collect();
        assert_eq!(
            parts,
            vec![
                ("a", dim),
                ("b", dim.patch(hit)),
                ("c", hit),
                ("d", Style::new())
            ]
        );
    }
}
