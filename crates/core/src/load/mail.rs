//! E-mail: `.eml` (one message) and `.mbox` (many), each message a document, by `mail-parser`
//! (MIME parts, encoded words, transfer encodings and charsets).
//!
//! Subject is the title and Date the date; From / To / Cc / Date / Subject are header fields
//! and head the text (so the people they name are found, and the reader shows them), then a
//! blank line and the body: text/plain when there is one, else the
//! HTML body rendered as text. Attachments in a readable format become documents of their own,
//! named `MESSAGE!/attachment-name`, their `parent` the message. Offsets index the text.

use super::formats::{push, Parts};
use super::{notice, FormatOptions, Loaded};
use crate::model::Format;
use chrono::NaiveDate;
use mail_parser::{Address, Message, MessageParser, MimeHeaders};

/// More messages than this in one mailbox are not read (a notice says so).
const MAX_MESSAGES: usize = 100_000;
/// More attachments than this in one message are not read.
const MAX_ATTACHMENTS: usize = 64;

pub fn eml(path: &str, bytes: &[u8], opts: &FormatOptions, depth: usize, loaded: &mut Loaded) {
    match MessageParser::default().parse(bytes) {
        Some(msg) if !msg.root_part().headers().is_empty() => {
            message(path, None, &msg, opts, depth, loaded)
        }
        _ => loaded
            .notices
            .push(notice(path, "not an e-mail message (no headers), skipped")),
    }
}

pub fn mbox(path: &str, bytes: &[u8], opts: &FormatOptions, depth: usize, loaded: &mut Loaded) {
    if !bytes.starts_with(b"From ") {
        loaded.notices.push(notice(
            path,
            "not an mbox mailbox (does not start with a \"From \" line), skipped",
        ));
        return;
    }
    let parser = MessageParser::default();
    let mut n = 0;
    for (i, item) in mail_parser::mailbox::mbox::MessageIterator::new(bytes).enumerate() {
        if i >= MAX_MESSAGES {
            loaded.notices.push(notice(
                path,
                format!("more than {MAX_MESSAGES} messages; the rest are not read"),
            ));
            break;
        }
        match item {
            Ok(m) => match parser.parse(m.contents()) {
                Some(msg) => {
                    message(path, Some(n), &msg, opts, depth, loaded);
                    n += 1;
                }
                None => loaded.notices.push(notice(
                    path,
                    format!("message {}: cannot be parsed, skipped", i + 1),
                )),
            },
            Err(e) => {
                loaded
                    .notices
                    .push(notice(path, format!("message {}: {e}, skipped", i + 1)));
            }
        }
    }
    if n == 0 {
        loaded
            .notices
            .push(notice(path, "no messages in the mailbox, skipped"));
    }
}

/// Words after a comma that make "X, Y" a name with a suffix, not "Last, First".
const NAME_SUFFIXES: &[&str] = &[
    "inc", "ltd", "llc", "llp", "corp", "co", "plc", "gmbh", "ag", "sa", "s.a", "bv", "nv", "jr",
    "sr", "ii", "iii", "iv", "md", "phd", "esq",
];

/// A display name written "Last, First" ("Doe, Jane", "Pardo, Luis Miguel") in reading order
/// ("Jane Doe"); `None` for anything else ("Acme, Inc.", "Doe, Jr.", one part, more commas,
/// lower-case words).
fn natural_order(name: &str) -> Option<String> {
    let (last, first) = name.split_once(',')?;
    let (last, first) = (last.trim(), first.trim());
    let capitalised = |part: &str| {
        let n = part.split_whitespace().count();
        (1..=3).contains(&n)
            && part.split_whitespace().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
            })
    };
    let suffix = first
        .split_whitespace()
        .next()
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .is_some_and(|w| NAME_SUFFIXES.contains(&w.as_str()));
    (!first.contains(',') && !suffix && capitalised(last) && capitalised(first))
        .then(|| format!("{first} {last}"))
}

fn addresses(a: Option<&Address>) -> String {
    let Some(a) = a else {
        return String::new();
    };
    a.iter()
        .map(|addr| match (&addr.name, &addr.address) {
            (Some(n), Some(e)) if natural_order(n).is_some() => {
                format!("{} <{e}>", natural_order(n).unwrap_or_default())
            }
            // A name with a separator in it is quoted, as in the header.
            (Some(n), Some(e)) if n.contains([',', '<', '"']) => {
                format!("\"{}\" <{e}>", n.trim().replace('"', ""))
            }
            (Some(n), Some(e)) if !n.trim().is_empty() => format!("{} <{e}>", n.trim()),
            (_, Some(e)) => e.to_string(),
            (Some(n), None) => n.trim().to_string(),
            (None, None) => String::new(),
        })
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

fn date(msg: &Message) -> Option<NaiveDate> {
    let d = msg.date()?;
    NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
}

/// The readable body: the text/plain parts, else the HTML ones rendered.
fn body(msg: &Message) -> String {
    let mut parts: Vec<String> = msg
        .text_bodies()
        .filter(|p| !p.is_text_html())
        .filter_map(|p| p.text_contents().map(str::to_string))
        .collect();
    if parts.iter().all(|p| p.trim().is_empty()) {
        parts = msg
            .html_bodies()
            .filter_map(|p| p.text_contents())
            .map(|h| super::html::extract_all(h).text)
            .collect();
    }
    let text = parts.join("\n\n");
    // Normalise line ends; keep the message's own line breaks.
    text.replace("\r\n", "\n")
}

fn message(
    path: &str,
    record: Option<usize>,
    msg: &Message,
    opts: &FormatOptions,
    depth: usize,
    loaded: &mut Loaded,
) {
    let mut fields = Vec::new();
    for (name, a) in [("From", msg.from()), ("To", msg.to()), ("Cc", msg.cc())] {
        let v = addresses(a);
        if !v.is_empty() {
            fields.push((name.to_string(), v));
        }
    }
    let title = msg
        .subject()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty());
    // The header block the reader shows above the message (analysed with it): From, To, Cc,
    // Date and Subject, then a blank line.
    let mut text = String::new();
    for (k, v) in &fields {
        text.push_str(&format!("{k}: {v}\n"));
    }
    if let Some(d) = msg.date() {
        text.push_str(&format!("Date: {}\n", d.to_rfc822()));
        fields.push(("Date".to_string(), d.to_rfc3339()));
    }
    if let Some(t) = &title {
        text.push_str(&format!("Subject: {t}\n"));
        fields.push(("Subject".to_string(), t.clone()));
    }
    if !text.is_empty() {
        text.push('\n');
    }
    // The addresses are not analysed (an upper-case `OPS@example.org` is no organization
    // "OPS"); the people they belong to are found by `address_aliases`.
    let quiet: Vec<std::ops::Range<usize>> = header_addresses(&text)
        .into_iter()
        .map(|(_, address, _)| {
            let at = address.as_ptr() as usize - text.as_ptr() as usize;
            at..at + address.len()
        })
        .collect();
    let body = body(msg);
    let me = match record {
        Some(r) => format!("{path}#{}", r + 1),
        None => path.to_string(),
    };
    text.push_str(&body);
    push(
        path,
        Parts {
            format: Format::Email,
            record,
            title,
            date: date(msg),
            text,
            fields,
            quiet,
            ..Default::default()
        },
        loaded,
    );
    // Attachments of readable formats, each a document linked to its message.
    for (i, part) in msg.attachments().enumerate() {
        if i >= MAX_ATTACHMENTS {
            loaded.notices.push(notice(
                &me,
                format!("more than {MAX_ATTACHMENTS} attachments; the rest are not read"),
            ));
            break;
        }
        let name = part
            .attachment_name()
            .map(|n| n.replace(['/', '\\'], "_"))
            .unwrap_or_else(|| format!("attachment-{}", i + 1));
        // A name without an extension (an unnamed attachment, or a name like "report") is
        // read as its content type says; a type docent does not read leaves it unread.
        let name = if name.rfind('.').is_some_and(|i| i > 0) || part.message().is_some() {
            name
        } else {
            match extension_for(part.content_type()) {
                Some(ext) => format!("{name}.{ext}"),
                None => continue,
            }
        };
        let first = loaded.documents.len();
        if let Some(forwarded) = part.message() {
            // A forwarded message (message/rfc822): a message document of its own.
            let inner = format!("{me}{}{name}", super::archive::MEMBER_SEP);
            if depth >= opts.archive.max_depth {
                loaded.notices.push(notice(
                    &inner,
                    format!(
                        "messages nested more than {} deep, not read",
                        opts.archive.max_depth
                    ),
                ));
                continue;
            }
            message(&inner, None, forwarded, opts, depth + 1, loaded);
        } else {
            let inner = format!("{me}{}{name}", super::archive::MEMBER_SEP);
            if super::formats::Kind::from_path(&inner).is_none() {
                continue; // not a format docent reads (images, calendars…): silently left
            }
            super::load_member(&inner, part.contents(), opts, depth + 1, loaded);
        }
        for d in &mut loaded.documents[first..] {
            d.parent.get_or_insert_with(|| me.clone());
        }
    }
}

/// The file extension docent reads a part of this MIME type as (no type: text/plain, as MIME
/// says); `None` for types it does not read (images, calendars, octet streams…).
fn extension_for(ct: Option<&mail_parser::ContentType>) -> Option<&'static str> {
    let Some(ct) = ct else {
        return Some("txt");
    };
    let main = ct.ctype().to_ascii_lowercase();
    let sub = ct.subtype().unwrap_or_default().to_ascii_lowercase();
    Some(match (main.as_str(), sub.as_str()) {
        ("text", "plain") => "txt",
        ("text", "html") | ("application", "xhtml+xml") => "html",
        ("text", "markdown") => "md",
        ("text" | "application", "rtf") => "rtf",
        ("application", "json") => "json",
        ("application", "pdf") => "pdf",
        ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document") => "docx",
        ("application", "vnd.oasis.opendocument.text") => "odt",
        ("application", "epub+zip") => "epub",
        ("application", "zip" | "x-zip-compressed") => "zip",
        ("application", "x-tar") => "tar",
        ("application", "mbox") => "mbox",
        _ => return None,
    })
}

/// Header entries: (byte range in the text, address, named).
type Entries<'a> = Vec<(std::ops::Range<usize>, &'a str, bool)>;

/// The entries of the From / To / Cc lines that head an e-mail document's text: (byte range
/// in the text, address, named). A named entry's range is its name (`Ana Torres` of
/// `Ana Torres <ana@example.org>`), a bare address's range is the address itself.
fn header_addresses(text: &str) -> Entries<'_> {
    let mut out = Vec::new();
    let mut at = 0;
    fn bare<'a>(text: &'a str, out: &mut Entries<'a>, from: usize, to: usize) {
        let piece = &text[from..to];
        let trimmed = piece.trim();
        if trimmed.contains('@') && !trimmed.contains(['<', '>', '"', ' ']) {
            let s = from + (piece.len() - piece.trim_start().len());
            out.push((s..s + trimmed.len(), &text[s..s + trimmed.len()], false));
        }
    }
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let Some(value_at) = ["From: ", "To: ", "Cc: "]
            .iter()
            .find(|k| line.starts_with(**k))
            .map(|k| start + k.len())
        else {
            break; // the header lines end at the blank line
        };
        // Entries are `Name <address>`, `"Name, with comma" <address>` or a bare address,
        // separated by ", ".
        let end = start + line.trim_end().len();
        let mut cursor = value_at;
        while cursor < end {
            let rest = &text[cursor..end];
            let (name, after) = if let Some(q) = rest.strip_prefix('"') {
                let Some(close) = q.find('"') else { break };
                (cursor + 1..cursor + 1 + close, cursor + close + 2)
            } else {
                let lt = rest.find('<');
                let comma = rest.find(", ");
                match (lt, comma) {
                    (Some(lt), Some(c)) if c < lt => {
                        bare(text, &mut out, cursor, cursor + c);
                        cursor += c + 2;
                        continue;
                    }
                    (Some(lt), _) => (cursor..cursor + rest[..lt].trim_end().len(), cursor + lt),
                    (None, _) => {
                        let mut from = cursor;
                        for piece in rest.split(", ") {
                            bare(text, &mut out, from, from + piece.len());
                            from += piece.len() + 2;
                        }
                        break;
                    }
                }
            };
            let Some(lt) = text
                .get(after..end)
                .and_then(|t| t.find('<'))
                .map(|i| after + i)
            else {
                break;
            };
            let Some(gt) = text[lt..end].find('>').map(|i| lt + i) else {
                break;
            };
            let address = &text[lt + 1..gt];
            if address.contains('@') {
                if !text[name.clone()].trim().is_empty() {
                    out.push((name, address, true));
                } else {
                    out.push((lt + 1..gt, address, false));
                }
            }
            cursor = text[gt..end].find(", ").map_or(end, |i| gt + i + 2);
        }
    }
    out
}

/// The named entries of [`header_addresses`]: (range of the name, address).
#[cfg(test)]
fn named_addresses(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    header_addresses(text)
        .into_iter()
        .filter(|(_, _, named)| *named)
        .map(|(r, a, _)| (r, a))
        .collect()
}

/// Gives the people and organizations named in e-mail headers their addresses as aliases
/// (`Ana Torres <ana@example.org>`: the entity with a mention on `Ana Torres` there gets the
/// alias `ana@example.org`), so a search for an address finds its person and the export shows
/// it. A header entry no entity was found on (a one-word name such as `Ana <ana@example.org>`,
/// or a bare address) becomes a mention of a person of its own, named by the name or else by
/// the address, carrying the address; every such entry with the same address (any case) is
/// the same person, and so is an entity that already carries that address.
pub fn address_aliases(
    documents: &[crate::model::Document],
    entities: &mut Vec<crate::model::Entity>,
) {
    use crate::model::{Entity, EntityKind, Mention};
    let mut by_doc: Vec<(usize, &str, Entries<'_>)> = Vec::new();
    for d in documents.iter().filter(|d| d.format == Format::Email) {
        let found = header_addresses(&d.text);
        if !found.is_empty() {
            by_doc.push((d.id, &d.text, found));
        }
    }
    if by_doc.is_empty() {
        return;
    }
    let index: std::collections::HashMap<usize, usize> = by_doc
        .iter()
        .enumerate()
        .map(|(i, (d, _, _))| (*d, i))
        .collect();
    let mut covered: std::collections::HashSet<(usize, usize)> = Default::default();
    for e in entities
        .iter_mut()
        .filter(|e| matches!(e.kind, EntityKind::Person | EntityKind::Organization))
    {
        let mut add: Vec<&str> = Vec::new();
        for m in &e.mentions {
            let Some(&i) = index.get(&m.doc()) else {
                continue;
            };
            for (r, address, _) in &by_doc[i].2 {
                if m.start() < r.end && r.start < m.end() {
                    covered.insert((m.doc(), r.start));
                    if !add.contains(address) {
                        add.push(address);
                    }
                }
            }
        }
        for a in add {
            if !e.aliases.iter().any(|x| x.eq_ignore_ascii_case(a)) {
                e.aliases.push(a.to_string());
            }
        }
    }
    // Entries no entity covers: a person per address.
    let mut by_address: std::collections::HashMap<String, usize> = Default::default();
    for (i, e) in entities.iter().enumerate() {
        if matches!(e.kind, EntityKind::Person | EntityKind::Organization) {
            for a in e.aliases.iter().filter(|a| a.contains('@')) {
                by_address.entry(a.to_lowercase()).or_insert(i);
            }
        }
    }
    let first_new = entities.len();
    for (doc, text, found) in &by_doc {
        for (r, address, named) in found {
            if covered.contains(&(*doc, r.start)) {
                continue;
            }
            let Some(m) = Mention::new(*doc, r.start, r.end) else {
                continue;
            };
            let name = if *named {
                text[r.clone()].trim()
            } else {
                address
            };
            let i = *by_address.entry(address.to_lowercase()).or_insert_with(|| {
                entities.push(Entity {
                    id: String::new(),
                    kind: EntityKind::Person,
                    name: name.to_string(),
                    value: None,
                    aliases: Vec::new(),
                    mentions: Default::default(),
                });
                entities.len() - 1
            });
            let e = &mut entities[i];
            for form in [name, address] {
                if form != e.name && !e.aliases.iter().any(|x| x.eq_ignore_ascii_case(form)) {
                    e.aliases.push(form.to_string());
                }
            }
            let at = e.mentions.partition_point(|x| x < &m);
            if e.mentions.get(at) != Some(&m) {
                e.mentions.make_mut().insert(at, m);
            }
        }
    }
    if entities.len() == first_new {
        return;
    }
    // New entities get ids of their own; the order is the linker's (kind, mentions, name).
    use crate::analyze::link::{id_base, sort_entities, unique_id};
    let mut seen: std::collections::HashSet<String> =
        entities.iter().map(|e| e.id.clone()).collect();
    for e in &mut entities[first_new..] {
        e.id = unique_id(&mut seen, id_base(e));
    }
    sort_entities(entities);
}

#[cfg(test)]
mod tests {
    use super::*;

    const EML: &str = "From: Ana Torres <ana@example.org>\r\nTo: Luis Pardo <luis@example.org>, ops@example.org\r\nSubject: =?UTF-8?Q?Informe_de_Lima?=\r\nDate: Tue, 4 Mar 2020 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe mayor of Lima met Carlos Vega.\r\n--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"notes.txt\"\r\n\r\nNotes from Quito.\r\n--b--\r\n";

    #[test]
    fn message_headers_body_and_attachment() {
        let mut l = Loaded::default();
        eml(
            "m.eml",
            EML.as_bytes(),
            &FormatOptions::default(),
            0,
            &mut l,
        );
        assert!(l.notices.is_empty(), "{:?}", l.notices);
        assert_eq!(l.documents.len(), 2);
        let d = &l.documents[0];
        assert_eq!(d.title, "Informe de Lima");
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2020, 3, 4));
        assert!(!d.date_inferred);
        assert!(d
            .text
            .starts_with("From: Ana Torres <ana@example.org>\nTo: Luis Pardo"));
        assert!(d.text.contains("The mayor of Lima met Carlos Vega."));
        assert!(!d.text.contains("Quito"));
        assert!(d
            .fields
            .iter()
            .any(|(k, v)| k == "To" && v.contains("ops@example.org")));
        let a = &l.documents[1];
        assert_eq!(a.path, "m.eml!/notes.txt");
        assert_eq!(a.parent.as_deref(), Some("m.eml"));
        assert!(a.text.contains("Notes from Quito."));
    }

    #[test]
    fn forwarded_messages_are_documents_of_their_own() {
        let inner = "From: Luis Pardo <luis@example.org>\r\nSubject: Quito notes\r\n\r\nLuis met the mayor of Quito.\r\n";
        let outer = format!("From: Ana Torres <ana@example.org>\r\nSubject: Fwd: Quito notes\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n{inner}--b--\r\n");
        let mut l = Loaded::default();
        eml(
            "f.eml",
            outer.as_bytes(),
            &FormatOptions::default(),
            0,
            &mut l,
        );
        assert_eq!(l.documents.len(), 2, "{:?}", l.notices);
        let f = &l.documents[1];
        assert_eq!(f.path, "f.eml!/attachment-1");
        assert_eq!(f.format, Format::Email);
        assert_eq!(f.title, "Quito notes");
        assert_eq!(f.parent.as_deref(), Some("f.eml"));
        assert!(
            f.text.contains("Luis met the mayor of Quito."),
            "{}",
            f.text
        );
        // Nested past the depth limit: a notice, not a document.
        let mut opts = FormatOptions::default();
        opts.archive.max_depth = 0;
        let mut l = Loaded::default();
        eml("f.eml", outer.as_bytes(), &opts, 0, &mut l);
        assert_eq!(l.documents.len(), 1);
        assert!(l.notices.iter().any(|n| n.message.contains("nested")));
    }

    #[test]
    fn mbox_messages_and_html_only() {
        let mbox_src = "From a@b Tue Mar  4 10:00:00 2020\nFrom: a@b\nSubject: One\n\nFirst body.\n\nFrom c@d Tue Mar  4 11:00:00 2020\nFrom: c@d\nSubject: Two\nContent-Type: text/html\n\n<p>Second &amp; <b>last</b>.</p>\n";
        let mut l = Loaded::default();
        mbox(
            "box.mbox",
            mbox_src.as_bytes(),
            &FormatOptions::default(),
            0,
            &mut l,
        );
        assert_eq!(l.documents.len(), 2, "{:?}", l.notices);
        assert_eq!(l.documents[0].record, Some(0));
        assert_eq!(l.documents[1].title, "Two");
        assert!(
            l.documents[1].text.contains("Second & last."),
            "{}",
            l.documents[1].text
        );
    }

    #[test]
    fn header_names_carry_their_addresses() {
        let text = "From: Ana Torres <ana@example.org>\nTo: Luis Pardo <luis@example.org>, ops@example.org, \"Acme, Inc.\" <news@acme.example>\n\nFrom: Not <a@header>\n";
        let got: Vec<(&str, &str)> = named_addresses(text)
            .into_iter()
            .map(|(r, a)| (&text[r], a))
            .collect();
        assert_eq!(
            got,
            [
                ("Ana Torres", "ana@example.org"),
                ("Luis Pardo", "luis@example.org"),
                ("Acme, Inc.", "news@acme.example"),
            ]
        );
        for bad in [
            "From: \"a\"",
            "To: \"",
            "From: \"a\" <",
            "From: x <y",
            "To: a>b<",
            "Cc: <>, <@>",
            "From: é <ü@x>",
        ] {
            let _ = named_addresses(bad);
        }
        // Every string of up to five of these characters after a header name: no panic.
        let alphabet = ['"', '<', '>', ',', ' ', 'a', '@', 'é'];
        for n in 0..=5u32 {
            for k in 0..8usize.pow(n) {
                let mut t = String::from("To: ");
                let mut x = k;
                for _ in 0..n {
                    t.push(alphabet[x % 8]);
                    x /= 8;
                }
                for (r, a) in named_addresses(&t) {
                    assert!(t.get(r).is_some() && a.contains('@'), "{t}");
                }
            }
        }
    }

    #[test]
    fn people_in_headers_get_their_addresses_as_aliases() {
        let mut l = Loaded::default();
        eml(
            "m.eml",
            EML.as_bytes(),
            &FormatOptions::default(),
            0,
            &mut l,
        );
        for (i, d) in l.documents.iter_mut().enumerate() {
            d.id = i;
        }
        let mut entities = crate::analyze::analyze(&l.documents);
        address_aliases(&l.documents, &mut entities);
        let ana = entities
            .iter()
            .find(|e| e.name == "Ana Torres")
            .expect("Ana Torres is found");
        assert_eq!(ana.aliases, ["ana@example.org"]);
        let luis = entities
            .iter()
            .find(|e| e.name == "Luis Pardo")
            .expect("Luis Pardo is found");
        assert!(luis.aliases.contains(&"luis@example.org".to_string()));
        // A person only named in the body carries no address.
        let carlos = entities
            .iter()
            .find(|e| e.name == "Carlos Vega")
            .expect("Carlos Vega is found");
        assert!(carlos.aliases.iter().all(|a| !a.contains('@')));
    }

    #[test]
    fn last_first_display_names_read_in_natural_order() {
        assert_eq!(natural_order("Doe, Jane").as_deref(), Some("Jane Doe"));
        assert_eq!(
            natural_order(" Pardo ,  Luis Miguel").as_deref(),
            Some("Luis Miguel Pardo")
        );
        assert_eq!(natural_order("O'Neil, J.").as_deref(), Some("J. O'Neil"));
        for keep in [
            "Acme, Inc.",
            "Doe, Jr.",
            "Jane Doe",
            "Doe, Jane, Dr",
            "doe, jane",
            "Desk, 3",
        ] {
            assert_eq!(natural_order(keep), None, "{keep}");
        }
    }

    /// "Last, First" is one person in reading order; a one-word name and a bare address each
    /// give a person carrying the address, and the same address in another message is the same
    /// person; an unnamed attachment is read as its content type says, not as text.
    #[test]
    fn header_people_one_word_names_bare_addresses_and_unnamed_attachments() {
        let one = "From: \"Doe, Jane\" <jane@x.org>\r\nTo: Ana <ana@example.org>, ops@example.org\r\nSubject: Budget\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nThe mayor of Lima met Carlos Vega.\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment\r\n\r\n%PDF-1.4 not really\r\n--b\r\nContent-Type: image/png\r\nContent-Disposition: attachment\r\n\r\nPNG bytes\r\n--b--\r\n";
        let two = "From: OPS@example.org\r\nTo: Ana <ANA@example.org>\r\nSubject: Re: Budget\r\n\r\nAgreed.\r\n";
        let mut l = Loaded::default();
        eml(
            "one.eml",
            one.as_bytes(),
            &FormatOptions::default(),
            0,
            &mut l,
        );
        eml(
            "two.eml",
            two.as_bytes(),
            &FormatOptions::default(),
            0,
            &mut l,
        );
        for (i, d) in l.documents.iter_mut().enumerate() {
            d.id = i;
        }
        assert!(l.documents[0]
            .text
            .starts_with("From: Jane Doe <jane@x.org>\n"));
        // The PDF attachment went to the PDF reader (a notice), the image was left; no
        // attachment became a text document.
        assert_eq!(
            l.documents.len(),
            2,
            "{:?}",
            l.documents.iter().map(|d| &d.path).collect::<Vec<_>>()
        );
        assert!(
            l.notices
                .iter()
                .any(|n| n.to_string().contains("attachment-1.pdf")),
            "{:?}",
            l.notices
        );
        let entities = crate::analyze::analyze(&l.documents);
        let find = |name: &str| {
            entities.iter().find(|e| e.name == name).unwrap_or_else(|| {
                panic!(
                    "{name} in {:?}",
                    entities.iter().map(|e| &e.name).collect::<Vec<_>>()
                )
            })
        };
        let jane = find("Jane Doe");
        assert!(jane.aliases.contains(&"jane@x.org".to_string()));
        assert!(entities.iter().all(|e| e.name != "Doe" && e.name != "Jane"));
        let ana = find("Ana");
        assert_eq!(
            ana.kind,
            crate::model::EntityKind::Person,
            "{:?}",
            entities
                .iter()
                .map(|e| (&e.name, e.kind, &e.aliases, e.mentions.len()))
                .collect::<Vec<_>>()
        );
        assert!(ana.aliases.iter().any(|a| a == "ana@example.org"));
        assert_eq!(ana.doc_count(), 2);
        let ops = find("ops@example.org");
        assert_eq!(ops.kind, crate::model::EntityKind::Person);
        assert_eq!(ops.doc_count(), 2);
        for e in [ana, ops] {
            for m in &e.mentions {
                let d = &l.documents[m.doc()];
                assert!(
                    d.text[m.start()..m.end()].eq_ignore_ascii_case(&e.name)
                        || e.aliases.iter().any(|a| a == &d.text[m.start()..m.end()])
                );
            }
        }
        let mut ids: Vec<&str> = entities.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), entities.len(), "ids are unique");
    }

    #[test]
    fn garbage_is_a_notice() {
        for bytes in [&b""[..], b"\x00\x01", b"From ", b"From x\n\n", b"Subject"] {
            let mut l = Loaded::default();
            eml("g.eml", bytes, &FormatOptions::default(), 0, &mut l);
            mbox("g.mbox", bytes, &FormatOptions::default(), 0, &mut l);
        }
    }
}
