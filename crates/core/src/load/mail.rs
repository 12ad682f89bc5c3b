//! E-mail: `.eml` (one message) and `.mbox` (many), each message a document, by `mail-parser`
//! (MIME parts, encoded words, transfer encodings and charsets).
//!
//! Subject is the title and Date the date; From / To / Cc are header fields and head the text
//! (so the people they name are found), then the body: text/plain when there is one, else the
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

fn addresses(a: Option<&Address>) -> String {
    let Some(a) = a else {
        return String::new();
    };
    a.iter()
        .map(|addr| match (&addr.name, &addr.address) {
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
    let mut text = String::new();
    for (k, v) in &fields {
        text.push_str(&format!("{k}: {v}\n"));
    }
    if !text.is_empty() {
        text.push('\n');
    }
    let body = body(msg);
    if let Some(d) = msg.date() {
        fields.push(("Date".to_string(), d.to_rfc3339()));
    }
    let title = msg
        .subject()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty());
    let me = match record {
        Some(r) => format!("{path}#{}", r + 1),
        None => path.to_string(),
    };
    if body.trim().is_empty() && title.is_some() {
        text.push_str(title.as_deref().unwrap_or_default());
    } else {
        text.push_str(&body);
    }
    push(
        path,
        Parts {
            format: Format::Email,
            record,
            title,
            date: date(msg),
            text,
            fields,
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
        let inner = format!("{me}{}{name}", super::archive::MEMBER_SEP);
        if super::formats::Kind::from_path(&inner).is_none() || part.is_message() {
            continue; // not a format docent reads (images, calendars…): silently left
        }
        let first = loaded.documents.len();
        super::load_member(&inner, part.contents(), opts, depth + 1, loaded);
        for d in &mut loaded.documents[first..] {
            d.parent.get_or_insert_with(|| me.clone());
        }
    }
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
    fn garbage_is_a_notice() {
        for bytes in [&b""[..], b"\x00\x01", b"From ", b"From x\n\n", b"Subject"] {
            let mut l = Loaded::default();
            eml("g.eml", bytes, &FormatOptions::default(), 0, &mut l);
            mbox("g.mbox", bytes, &FormatOptions::default(), 0, &mut l);
        }
    }
}
