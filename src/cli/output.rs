//! What the subcommands print, as strings: the entities table, search results, the
//! entities seen with one, and one entity's mentions (text, CSV, JSON, Markdown). Pure
//! formatting over a corpus: no reading, no writing, so tests can call them directly.

use super::args::MentionFormat;
use crate::cache::searchfile::Described;
use crate::model::{Corpus, EntityKind};
use crate::sanitize::clean_line;
use crate::search::{self, Query, Target};
use crate::text::entity_label;
use std::sync::atomic::AtomicBool;

/// Entities of `kind` (all when `None`), most mentioned first, as a table or JSON.
pub fn entities_output(
    corpus: &Corpus,
    kind: Option<EntityKind>,
    json: bool,
) -> anyhow::Result<String> {
    let rows = entities_ranked(corpus, kind);
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
        return Ok(crate::sanitize::escape_json(serde_json::to_string_pretty(&v)?) + "\n");
    }
    let mut out = String::new();
    write_entities_table(corpus, kind, &mut |line| {
        out.push_str(line);
        Ok(())
    })?;
    Ok(out)
}

/// The entities table, a line at a time to `emit`: a million documents' 1.8 million entities
/// would take about 1 GB as cells and text held whole; this holds one line.
pub fn write_entities_table(
    corpus: &Corpus,
    kind: Option<EntityKind>,
    emit: &mut dyn FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use unicode_width::UnicodeWidthStr;
    let rows = entities_ranked(corpus, kind);
    let header = ["KIND", "NAME", "VALUE", "DOCS", "MENTIONS"];
    let mut widths = header.map(|h| h.width());
    for e in &rows {
        for (w, c) in widths.iter_mut().zip(entity_cells(e)) {
            *w = (*w).max(c.width());
        }
    }
    emit(&table_line(&widths, &header))?;
    for e in &rows {
        emit(&table_line(&widths, &entity_cells(e)))?;
    }
    Ok(())
}

/// Entities of `kind` (all when `None`), most mentioned first.
fn entities_ranked(corpus: &Corpus, kind: Option<EntityKind>) -> Vec<&crate::model::Entity> {
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
    rows
}

/// An entity's row of the entities table.
fn entity_cells(e: &crate::model::Entity) -> [String; 5] {
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
}

/// Columns padded to their widest cell (in terminal cells), two spaces apart.
fn format_table<const N: usize>(header: &[&str; N], rows: &[[String; N]]) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut widths = header.map(|h| h.width());
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.width());
        }
    }
    let mut out = table_line(&widths, header);
    for r in rows {
        out.push_str(&table_line(&widths, r));
    }
    out
}

/// One line of a table: each cell but the last padded to its column's width and two spaces,
/// no blanks at the end.
fn table_line<S: AsRef<str>>(widths: &[usize], cells: &[S]) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut s = String::new();
    for (i, c) in cells.iter().enumerate() {
        let c = c.as_ref();
        s.push_str(c);
        if i + 1 < cells.len() {
            let w = widths.get(i).copied().unwrap_or(0);
            s.push_str(&" ".repeat(w.saturating_sub(c.width()) + 2));
        }
    }
    s.truncate(s.trim_end().len());
    s.push('\n');
    s
}

/// Where a search hit is, as `path`, `path:line`, or for a record of a JSON Lines file, a
/// JSON file or a mailbox `path#record` / `path#record:line` (record and line from 1).
pub fn place(path: &str, record: Option<usize>, line: Option<usize>) -> String {
    let mut s = path.to_string();
    if let Some(r) = record {
        s.push_str(&format!("#{}", r + 1));
    }
    if let Some(l) = line {
        s.push_str(&format!(":{l}"));
    }
    s
}

/// Search results, best first, one per line or as JSON:
/// - an entity: kind, the matched form, `→` its canonical name when that differs, its id, its
///   mention and document counts (`Blair → Tony Blair · person:tony-blair · 554 mentions ·
///   300 docs`);
/// - a title: `title`, the document's place, the title;
/// - a line: `line`, `path:line` (`feed.jsonl#12:3` in a record), the line.
pub fn search_output<S: Described>(
    candidates: &S,
    query: &str,
    limit: usize,
    json: bool,
    color: bool,
) -> anyhow::Result<(String, usize)> {
    let q = Query::parse(query);
    let color = color && !crate::tui::theme::no_color_env();
    // Highlight positions only where they are shown.
    let hits = search::rank_marked(
        &q,
        &mentioned(candidates, candidates),
        limit,
        &AtomicBool::new(false),
        color || json,
    )
    .unwrap_or_default();
    let mut rows = Rows::default();
    render(candidates, &hits, json, color, &mut rows);
    rows.finish(json)
}

/// `ranked` with near-equal entities in order of mentions ([`search::Mentioned`]), as `rows`
/// counts them.
fn mentioned<'a, S: search::Searchable + ?Sized, D: Described>(
    ranked: &'a S,
    rows: &'a D,
) -> search::Mentioned<'a, S, impl Fn(usize) -> usize + Sync + 'a> {
    search::Mentioned {
        candidates: ranked,
        mentions: move |e| rows.entity_row(e).map_or(0, |r| r.mentions),
    }
}

/// [`search_output`] with text lines found through the word index `words` (words, prefixes,
/// `"phrases"`, `'exact`, `!not`; in document order, after the names), names and titles
/// ranked fuzzily as always, each line's text read through `lines` a document at a time.
/// `None` when `lines` cannot read the texts (the caller answers again from the corpus).
pub fn search_words_output<S: Described>(
    candidates: &S,
    words: &crate::textindex::DiskIndex,
    lines: &mut dyn crate::cache::words::LineReader,
    query: &str,
    limit: usize,
    json: bool,
    color: bool,
) -> anyhow::Result<Option<(String, usize)>> {
    use crate::cache::words::{names_len, Head};
    // Quotes group a phrase for the word index; for names they are no character to match.
    let q = Query::parse(&query.replace('"', " "));
    let color = color && !crate::tui::theme::no_color_env();
    let names = Head(candidates, names_len(candidates));
    let hits = search::rank_marked(
        &q,
        &mentioned(&names, candidates),
        limit,
        &AtomicBool::new(false),
        color || json,
    )
    .unwrap_or_default();
    let mut rows = Rows::default();
    render(&names, &hits, json, color, &mut rows);
    let mut room = limit.saturating_sub(hits.len());
    let found = words
        .query(&crate::textindex::TextQuery::parse(query), usize::MAX)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    // Repeated lines (captions, footers) once, as the fuzzy listing does. The lines come in
    // document order: a document's lines are read together (its text read once, its row once),
    // no more at a time than can still be printed, give or take the repeated ones.
    let mut seen = docent_core::fxhash::FxSet::<String>::default();
    let (mut wanted, mut texts) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < found.len() && room > 0 {
        let doc = found[i].doc;
        wanted.clear();
        while let Some(r) = found.get(i).filter(|r| r.doc == doc) {
            if wanted.len() == room.max(16) {
                break;
            }
            wanted.push(r.line);
            i += 1;
        }
        let Some(d) = candidates.doc_row(doc) else {
            continue;
        };
        texts.clear();
        if lines.texts(doc, &wanted, &mut texts).is_err() {
            return Ok(None);
        }
        for (&line, text) in wanted.iter().zip(texts.drain(..)) {
            if room == 0 {
                break;
            }
            if seen.contains(text.as_str()) {
                continue;
            }
            room -= 1;
            line_row(
                &mut rows,
                json,
                "line",
                doc,
                &d,
                Some(line + 1),
                &text,
                None,
                &[],
                false,
            );
            seen.insert(text);
        }
    }
    rows.finish(json).map(Some)
}

/// Result lines (or JSON rows) being gathered.
#[derive(Default)]
struct Rows {
    out: String,
    json: Vec<serde_json::Value>,
}

impl Rows {
    fn finish(self, json: bool) -> anyhow::Result<(String, usize)> {
        if json {
            let n = self.json.len();
            let text =
                crate::sanitize::escape_json(serde_json::to_string_pretty(&self.json)?) + "\n";
            return Ok((text, n));
        }
        let n = self.out.lines().count();
        Ok((self.out, n))
    }
}

/// A title or line result.
#[allow(clippy::too_many_arguments)]
fn line_row(
    rows: &mut Rows,
    json: bool,
    kind: &str,
    doc: usize,
    d: &crate::cache::searchfile::DocRow<'_>,
    line: Option<usize>,
    matched: &str,
    score: Option<i64>,
    positions: &[usize],
    color: bool,
) {
    let place = place(d.path, d.record, line);
    if json {
        rows.json.push(serde_json::json!({
            "kind": kind, "path": d.path, "doc": doc, "record": d.record, "line": line,
            "place": place, "text": matched, "score": score, "positions": positions,
        }));
        return;
    }
    let text = mark(&clean_line(matched), positions, color);
    rows.out
        .push_str(&format!("{kind:<12} {}  {text}\n", clean_line(&place)));
}

/// Appends ranked `hits` of `candidates` to `rows`.
fn render<S: Described>(
    candidates: &S,
    hits: &[search::Hit],
    json: bool,
    color: bool,
    rows: &mut Rows,
) {
    for hit in hits {
        let Some((_, matched, target)) = candidates.entry(hit.candidate) else {
            continue;
        };
        if let Target::Entity(i) = target {
            let Some(e) = candidates.entity_row(i) else {
                continue;
            };
            let (mentions, docs) = (e.mentions, e.docs);
            let name = &e.label;
            if json {
                rows.json.push(serde_json::json!({
                    "kind": e.kind.as_str(), "id": e.id, "name": e.name, "value": e.value,
                    "text": matched, "mentions": mentions, "documents": docs,
                    "doc": null, "path": null, "record": null, "line": null, "place": null,
                    "score": hit.score, "positions": hit.positions,
                }));
                continue;
            }
            let shown = mark(&clean_line(matched), &hit.positions, color);
            // A date's candidate starts with its value and names its forms: no arrow needed.
            let head = if e.kind == EntityKind::Date || matched == name || matched == e.name {
                shown
            } else {
                format!("{shown} → {}", clean_line(name))
            };
            let plural = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            rows.out.push_str(&format!(
                "{:<12} {head} · {} · {} · {}\n",
                e.kind.as_str(),
                clean_line(e.id),
                plural(mentions, "mention", "mentions"),
                plural(docs, "doc", "docs"),
            ));
            continue;
        }
        let (kind, doc, line) = match target {
            Target::Document(d) => ("title", d, None),
            Target::Line { doc, line, .. } => ("line", doc, Some(line + 1)),
            Target::Entity(_) => continue,
        };
        let Some(d) = candidates.doc_row(doc) else {
            continue;
        };
        line_row(
            rows,
            json,
            kind,
            doc,
            &d,
            line,
            matched,
            Some(hit.score),
            &hit.positions,
            color,
        );
    }
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

/// `entities --with`: what appears with entity `e` (only `kind` when given), as a table or
/// JSON.
pub fn with_output(
    corpus: &Corpus,
    index: &crate::index::Index,
    e: usize,
    kind: Option<EntityKind>,
    json: bool,
) -> anyhow::Result<String> {
    let rows: Vec<(&crate::model::Entity, crate::insight::CoRow)> =
        crate::insight::cooccurrence(corpus, index, e)
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
        return Ok(crate::sanitize::escape_json(serde_json::to_string_pretty(&v)?) + "\n");
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
    let color = color && !crate::tui::theme::no_color_env();
    let rows = crate::insight::mention_list(corpus, e);
    let mut out = String::new();
    let mut json_rows = Vec::new();
    if format == MentionFormat::Csv {
        out.push_str("doc,path,title,date,date_inferred,start,end,mention,sentence\n");
    }
    if format == MentionFormat::Md {
        out.push_str(&format!(
            "# {} ({})\n\n",
            clean_line(&entity_label(ent)),
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
        return Ok(crate::sanitize::escape_json(serde_json::to_string_pretty(&json_rows)?) + "\n");
    }
    Ok(out)
}
