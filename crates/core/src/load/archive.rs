//! Archives read like folders: `.zip` (by `zip`), `.tar`, `.tar.gz` / `.tgz` (by `tar` and
//! `flate2`). Members are named `ARCHIVE!/inner/path` (the `!/` marks where the archive's own
//! path ends, as in Java's `jar:` URLs) and read by their own format; hidden members are
//! skipped as in folders. Limits stop bombs: member count, member size, total size unpacked,
//! compression ratio and nesting depth, each with a notice. Both kinds of archive list their
//! members and hand each to one [`Unpacker::member`], which applies every check.

use super::{notice, FormatOptions, Loaded};
use std::io::Read;

/// What separates an archive's path (or an e-mail message's) from the name of a member inside.
pub const MEMBER_SEP: &str = "!/";

/// Limits on what one archive may unpack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// Members read per archive; the rest are skipped with a notice.
    pub max_entries: usize,
    /// A member unpacking to more bytes than this is skipped.
    pub max_member: u64,
    /// Bytes unpacked per archive, all members together; past it the rest are skipped.
    pub max_total: u64,
    /// A member unpacking to more than this many times its packed size is skipped.
    pub max_ratio: u64,
    /// Archives inside archives (and attachments inside them) deeper than this are skipped.
    pub max_depth: usize,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        ArchiveLimits {
            max_entries: 10_000,
            max_member: 64 * 1024 * 1024,
            max_total: 512 * 1024 * 1024,
            max_ratio: 200,
            max_depth: 3,
        }
    }
}

fn hidden(name: &str) -> bool {
    name.split('/')
        .any(|part| part.starts_with('.') || part == "__MACOSX")
}

/// Reads at most `limit` bytes; `None` when there were more.
fn read_capped(r: &mut dyn Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut out = Vec::new();
    r.take(limit.saturating_add(1)).read_to_end(&mut out)?;
    Ok((out.len() as u64 <= limit).then_some(out))
}

/// One archive being unpacked: its name, limits, and what it has used of them.
struct Unpacker<'a> {
    path: &'a str,
    opts: &'a FormatOptions,
    depth: usize,
    total: u64,
    entries: usize,
    stopped: bool,
}

impl<'a> Unpacker<'a> {
    /// `None` (with a notice) when the archive is nested too deep to be read.
    fn new(
        path: &'a str,
        opts: &'a FormatOptions,
        depth: usize,
        loaded: &mut Loaded,
    ) -> Option<Self> {
        if depth > opts.archive.max_depth {
            loaded.notices.push(notice(
                path,
                format!(
                    "archive nested more than {} deep, not read",
                    opts.archive.max_depth
                ),
            ));
            return None;
        }
        Some(Unpacker {
            path,
            opts,
            depth,
            total: 0,
            entries: 0,
            stopped: false,
        })
    }

    /// Reads one member named `raw` (as the archive lists it), declared to unpack to `size`
    /// bytes from `packed` (when the format says), through `open`; loads it by its format.
    /// False once the archive's limits say the rest must not be read.
    fn member<R: Read>(
        &mut self,
        raw: &str,
        size: u64,
        packed: Option<u64>,
        open: impl FnOnce() -> Result<R, String>,
        loaded: &mut Loaded,
    ) -> bool {
        if self.stopped {
            return false;
        }
        let limits = &self.opts.archive;
        let clean = raw.trim_start_matches("./").trim_start_matches('/');
        if clean.is_empty() || hidden(clean) || clean.split('/').any(|p| p == "..") {
            return true;
        }
        if self.entries >= limits.max_entries {
            loaded.notices.push(notice(
                self.path,
                format!(
                    "more than {} members; the rest are not read",
                    limits.max_entries
                ),
            ));
            self.stopped = true;
            return false;
        }
        self.entries += 1;
        let member = format!("{}{MEMBER_SEP}{clean}", self.path);
        if super::formats::Kind::from_path(&member).is_none() {
            loaded
                .notices
                .push(notice(&member, "unsupported file type, skipped"));
            return true;
        }
        if size > limits.max_member {
            loaded.notices.push(notice(
                &member,
                format!(
                    "unpacks to {size} bytes, over the {} byte member limit, skipped",
                    limits.max_member
                ),
            ));
            return true;
        }
        if let Some(packed) = packed {
            let ratio = size / packed.max(1);
            if size > 1024 * 1024 && ratio > limits.max_ratio {
                loaded.notices.push(notice(
                    &member,
                    format!(
                        "compressed {ratio}:1, over the {}:1 limit (a zip bomb?), skipped",
                        limits.max_ratio
                    ),
                ));
                return true;
            }
        }
        let mut reader = match open() {
            Ok(r) => r,
            Err(e) => {
                loaded
                    .notices
                    .push(notice(&member, format!("cannot unpack ({e}), skipped")));
                return true;
            }
        };
        // The declared size may lie: never read more than the room left.
        let room = limits
            .max_member
            .min(limits.max_total.saturating_sub(self.total));
        let data = match read_capped(&mut reader, room) {
            Ok(Some(d)) => d,
            Ok(None) => {
                loaded.notices.push(notice(
                    &member,
                    "unpacks to more than its limit (member size or the archive's total), skipped",
                ));
                return true;
            }
            Err(e) => {
                loaded
                    .notices
                    .push(notice(&member, format!("cannot unpack ({e}), skipped")));
                return true;
            }
        };
        let n = data.len() as u64;
        if self.total.saturating_add(n) > limits.max_total {
            loaded.notices.push(notice(
                &member,
                format!(
                    "the archive unpacks to more than {} bytes; this member and the rest are not read",
                    limits.max_total
                ),
            ));
            self.stopped = true;
            return false;
        }
        self.total += n;
        super::load_member(&member, &data, self.opts, self.depth + 1, loaded);
        true
    }
}

pub fn zip(path: &str, bytes: &[u8], opts: &FormatOptions, depth: usize, loaded: &mut Loaded) {
    let Some(mut unpacker) = Unpacker::new(path, opts, depth, loaded) else {
        return;
    };
    let mut archive = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => {
            loaded.notices.push(notice(
                path,
                format!("not a readable zip archive ({e}), skipped"),
            ));
            return;
        }
    };
    // Members sorted by name, as a folder's files are.
    let mut names: Vec<(String, usize, u64, u64)> = Vec::new();
    for i in 0..archive.len() {
        if let Ok(f) = archive.by_index_raw(i) {
            if f.is_file() {
                names.push((f.name().to_string(), i, f.size(), f.compressed_size()));
            }
        }
        if names.len() > opts.archive.max_entries.saturating_mul(2) {
            break;
        }
    }
    names.sort();
    for (name, i, size, packed) in names {
        let archive = &mut archive;
        let opened = unpacker.member(
            &name,
            size,
            Some(packed),
            move || archive.by_index(i).map_err(|e| e.to_string()),
            loaded,
        );
        if !opened {
            break;
        }
    }
}

pub fn tar(
    path: &str,
    bytes: &[u8],
    gz: bool,
    opts: &FormatOptions,
    depth: usize,
    loaded: &mut Loaded,
) {
    let Some(mut unpacker) = Unpacker::new(path, opts, depth, loaded) else {
        return;
    };
    // A gzip stream is cut off past twice the total limit (tar headers and skipped members
    // count too), so a bomb cannot keep the loader busy.
    let reader: Box<dyn Read + '_> = if gz {
        Box::new(flate2::read::GzDecoder::new(bytes).take(opts.archive.max_total.saturating_mul(2)))
    } else {
        Box::new(bytes)
    };
    let mut archive = tar::Archive::new(reader);
    let entries = match archive.entries() {
        Ok(e) => e,
        Err(e) => {
            loaded.notices.push(notice(
                path,
                format!("not a readable tar archive ({e}), skipped"),
            ));
            return;
        }
    };
    let mut any = false;
    for entry in entries {
        let mut entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let why = if any {
                    format!("damaged after some members ({e}); the rest are not read")
                } else {
                    format!("not a readable tar archive ({e}), skipped")
                };
                loaded.notices.push(notice(path, why));
                break;
            }
        };
        any = true;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let Ok(name) = entry.path().map(|p| p.to_string_lossy().into_owned()) else {
            continue;
        };
        let size = entry.size();
        if !unpacker.member(&name, size, None, || Ok(&mut entry), loaded) {
            break;
        }
    }
    if !any {
        loaded
            .notices
            .push(notice(path, "empty or not a tar archive, skipped"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let o = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (n, b) in files {
                w.start_file(*n, o).expect("start");
                w.write_all(b).expect("write");
            }
            w.finish().expect("finish");
        }
        buf.into_inner()
    }

    #[test]
    fn zip_members_are_documents_with_paths() {
        let inner = zip_of(&[("deep.txt", b"Deep in Lima.")]);
        let z = zip_of(&[
            ("b/two.md", b"# Two\n\nText in Oslo."),
            ("a.txt", b"Text in Quito."),
            (".hidden.txt", b"no"),
            ("pic.png", b"\x89PNG"),
            ("in.zip", &inner),
        ]);
        let mut l = Loaded::default();
        zip("p.zip", &z, &FormatOptions::default(), 0, &mut l);
        let paths: Vec<&str> = l.documents.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(
            paths,
            ["p.zip!/a.txt", "p.zip!/b/two.md", "p.zip!/in.zip!/deep.txt"]
        );
        assert!(l.notices.iter().any(|n| n.path == "p.zip!/pic.png"));
    }

    #[test]
    fn bombs_and_depth_are_refused() {
        let big = vec![b'a'; 4 * 1024 * 1024];
        let z = zip_of(&[("big.txt", &big)]);
        let mut l = Loaded::default();
        zip("b.zip", &z, &FormatOptions::default(), 0, &mut l);
        assert!(l.documents.is_empty());
        assert!(
            l.notices.iter().any(|n| n.message.contains("zip bomb")),
            "{:?}",
            l.notices
        );

        let mut opts = FormatOptions::default();
        opts.archive.max_total = 10;
        let z = zip_of(&[("a.txt", b"0123456789abc"), ("b.txt", b"x")]);
        let mut l = Loaded::default();
        zip("t.zip", &z, &opts, 0, &mut l);
        assert!(l.documents.iter().all(|d| d.path != "t.zip!/a.txt"));

        let mut nested = zip_of(&[("x.txt", b"Nested text.")]);
        for _ in 0..6 {
            nested = zip_of(&[("n.zip", &nested)]);
        }
        let mut l = Loaded::default();
        zip("n.zip", &nested, &FormatOptions::default(), 0, &mut l);
        assert!(l.documents.is_empty());
        assert!(l.notices.iter().any(|n| n.message.contains("nested")));
    }

    #[test]
    fn tar_and_tar_gz() {
        let mut t = tar::Builder::new(Vec::new());
        let data = b"Report from Nairobi.";
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        t.append_data(&mut h, "docs/r.txt", &data[..])
            .expect("append");
        let tar_bytes = t.into_inner().expect("tar");
        let mut l = Loaded::default();
        tar(
            "a.tar",
            &tar_bytes,
            false,
            &FormatOptions::default(),
            0,
            &mut l,
        );
        assert_eq!(l.documents[0].path, "a.tar!/docs/r.txt");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&tar_bytes).expect("gz");
        let gz = gz.finish().expect("gz");
        let mut l = Loaded::default();
        tar("a.tar.gz", &gz, true, &FormatOptions::default(), 0, &mut l);
        assert_eq!(l.documents[0].path, "a.tar.gz!/docs/r.txt");
        assert!(l.documents[0].text.contains("Nairobi"));
    }

    fn tar_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut t = tar::Builder::new(Vec::new());
        for (n, b) in files {
            let mut h = tar::Header::new_gnu();
            h.set_size(b.len() as u64);
            h.set_mode(0o644);
            // Written raw: the builder refuses names such as `../up.txt`, which archives hold.
            h.as_old_mut().name[..n.len()].copy_from_slice(n.as_bytes());
            h.set_cksum();
            t.append(&h, *b).expect("append");
        }
        t.into_inner().expect("tar")
    }

    /// Zip and tar members go through the same checks: the same names and the same notices.
    #[test]
    fn zip_and_tar_members_are_checked_alike() {
        let files: &[(&str, &[u8])] = &[
            ("./docs/a.txt", b"Text in Quito."),
            ("docs/.hidden.txt", b"no"),
            ("../up.txt", b"no"),
            ("pic.png", b"\x89PNG"),
            ("big.txt", &[b'a'; 64]),
        ];
        let mut opts = FormatOptions::default();
        opts.archive.max_member = 32;
        let mut seen = Vec::new();
        for (name, bytes) in [("x.zip", zip_of(files)), ("x.tar", tar_of(files))] {
            let mut l = Loaded::default();
            if name.ends_with(".zip") {
                zip(name, &bytes, &opts, 0, &mut l);
            } else {
                tar(name, &bytes, false, &opts, 0, &mut l);
            }
            let paths: Vec<String> = l.documents.iter().map(|d| d.path.clone()).collect();
            assert_eq!(paths, [format!("{name}!/docs/a.txt")]);
            // Zip members are read in name order, tar members in archive order.
            let mut notices: Vec<String> = l
                .notices
                .iter()
                .map(|n| format!("{}: {}", &n.path[name.len()..], n.message))
                .collect();
            notices.sort();
            assert_eq!(notices.len(), 2, "{notices:?}");
            assert!(notices[0].contains("!/big.txt: unpacks to 64 bytes, over the 32 byte"));
            assert!(notices[1].contains("!/pic.png: unsupported file type"));
            seen.push(notices);
        }
        assert_eq!(seen[0], seen[1]);
    }

    #[test]
    fn garbage_is_a_notice() {
        for bytes in [
            &b""[..],
            b"PK\x03\x04",
            b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
            &[0u8; 1024],
        ] {
            let mut l = Loaded::default();
            zip("g.zip", bytes, &FormatOptions::default(), 0, &mut l);
            tar("g.tar", bytes, false, &FormatOptions::default(), 0, &mut l);
            tar("g.tgz", bytes, true, &FormatOptions::default(), 0, &mut l);
            assert!(l.documents.is_empty());
            assert!(!l.notices.is_empty());
        }
    }
}
