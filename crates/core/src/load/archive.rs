//! Archives read like folders: `.zip` (by `zip`), `.tar`, `.tar.gz` / `.tgz` (by `tar` and
//! `flate2`). Members are named `ARCHIVE/inner/path` and read by their own format; hidden
//! members are skipped as in folders. Limits stop bombs: member count, member size, total size
//! unpacked, compression ratio and nesting depth, each with a notice.

use super::{notice, FormatOptions, Loaded};
use std::io::Read;

/// Limits on what one archive may unpack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// Members read per archive; the rest are skipped with a notice.
    pub max_entries: usize,
    /// A member unpacking to more bytes than this is skipped.
    pub max_member: u64,
    /// Bytes unpacked per archive, all members together; past it the rest are skipped.
    pub max_total: u64,
    /// A zip member unpacking to more than this many times its packed size is skipped.
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

struct Budget<'a> {
    path: &'a str,
    limits: &'a ArchiveLimits,
    total: u64,
    entries: usize,
    stopped: bool,
}

impl Budget<'_> {
    /// Whether one more member may be read; says why not once.
    fn admit(&mut self, loaded: &mut Loaded) -> bool {
        if self.stopped {
            return false;
        }
        if self.entries >= self.limits.max_entries {
            loaded.notices.push(notice(
                self.path,
                format!(
                    "more than {} members; the rest are not read",
                    self.limits.max_entries
                ),
            ));
            self.stopped = true;
            return false;
        }
        self.entries += 1;
        true
    }

    fn room(&self) -> u64 {
        self.limits
            .max_member
            .min(self.limits.max_total.saturating_sub(self.total))
    }

    fn take(&mut self, n: u64, member: &str, loaded: &mut Loaded) -> bool {
        if self.total.saturating_add(n) > self.limits.max_total {
            loaded.notices.push(notice(
                member,
                format!(
                    "the archive unpacks to more than {} bytes; this member and the rest are not read",
                    self.limits.max_total
                ),
            ));
            self.stopped = true;
            return false;
        }
        self.total += n;
        true
    }
}

fn too_deep(path: &str, opts: &FormatOptions, depth: usize, loaded: &mut Loaded) -> bool {
    if depth > opts.archive.max_depth {
        loaded.notices.push(notice(
            path,
            format!(
                "archive nested more than {} deep, not read",
                opts.archive.max_depth
            ),
        ));
        return true;
    }
    false
}

pub fn zip(path: &str, bytes: &[u8], opts: &FormatOptions, depth: usize, loaded: &mut Loaded) {
    if too_deep(path, opts, depth, loaded) {
        return;
    }
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
    let mut names: Vec<(String, usize)> = Vec::new();
    for i in 0..archive.len() {
        if let Ok(f) = archive.by_index_raw(i) {
            if f.is_file() {
                names.push((f.name().to_string(), i));
            }
        }
        if names.len() > opts.archive.max_entries.saturating_mul(2) {
            break;
        }
    }
    names.sort();
    let mut budget = Budget {
        path,
        limits: &opts.archive,
        total: 0,
        entries: 0,
        stopped: false,
    };
    for (name, i) in names {
        let clean = name.trim_start_matches('/');
        if clean.is_empty() || hidden(clean) || clean.split('/').any(|p| p == "..") {
            continue;
        }
        if !budget.admit(loaded) {
            break;
        }
        let member = format!("{path}/{clean}");
        if super::formats::Kind::from_path(&member).is_none() {
            loaded
                .notices
                .push(notice(&member, "unsupported file type, skipped"));
            continue;
        }
        let mut f = match archive.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                loaded
                    .notices
                    .push(notice(&member, format!("cannot unpack ({e}), skipped")));
                continue;
            }
        };
        let (size, packed) = (f.size(), f.compressed_size());
        if size > opts.archive.max_member {
            loaded.notices.push(notice(
                &member,
                format!(
                    "unpacks to {size} bytes, over the {} byte member limit, skipped",
                    opts.archive.max_member
                ),
            ));
            continue;
        }
        if size > 1024 * 1024 && size / packed.max(1) > opts.archive.max_ratio {
            loaded.notices.push(notice(
                &member,
                format!(
                    "compressed {}:1, over the {}:1 limit (a zip bomb?), skipped",
                    size / packed.max(1),
                    opts.archive.max_ratio
                ),
            ));
            continue;
        }
        // The declared size may lie: never read more than the room left.
        let data = match read_capped(&mut f, budget.room()) {
            Ok(Some(d)) => d,
            Ok(None) => {
                loaded.notices.push(notice(
                    &member,
                    "unpacks to more than its limit (member size or the archive's total), skipped",
                ));
                continue;
            }
            Err(e) => {
                loaded
                    .notices
                    .push(notice(&member, format!("cannot unpack ({e}), skipped")));
                continue;
            }
        };
        if !budget.take(data.len() as u64, &member, loaded) {
            break;
        }
        super::load_member(&member, &data, opts, depth + 1, loaded);
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
    if too_deep(path, opts, depth, loaded) {
        return;
    }
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
    let mut budget = Budget {
        path,
        limits: &opts.archive,
        total: 0,
        entries: 0,
        stopped: false,
    };
    let mut any = false;
    for entry in entries {
        let mut entry = match entry {
            Ok(e) => e,
            Err(e) => {
                if !any {
                    loaded.notices.push(notice(
                        path,
                        format!("not a readable tar archive ({e}), skipped"),
                    ));
                } else {
                    loaded.notices.push(notice(
                        path,
                        format!("damaged after some members ({e}); the rest are not read"),
                    ));
                }
                break;
            }
        };
        any = true;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = match entry.path() {
            Ok(p) => p.to_string_lossy().into_owned(),
            Err(_) => continue,
        };
        let clean = name
            .trim_start_matches("./")
            .trim_start_matches('/')
            .to_string();
        if clean.is_empty() || hidden(&clean) || clean.split('/').any(|p| p == "..") {
            continue;
        }
        if !budget.admit(loaded) {
            break;
        }
        let member = format!("{path}/{clean}");
        if super::formats::Kind::from_path(&member).is_none() {
            loaded
                .notices
                .push(notice(&member, "unsupported file type, skipped"));
            continue;
        }
        let size = entry.size();
        if size > opts.archive.max_member {
            loaded.notices.push(notice(
                &member,
                format!(
                    "{size} bytes, over the {} byte member limit, skipped",
                    opts.archive.max_member
                ),
            ));
            continue;
        }
        let data = match read_capped(&mut entry, budget.room()) {
            Ok(Some(d)) => d,
            Ok(None) => {
                loaded.notices.push(notice(
                    &member,
                    "over its limit (member size or the archive's total), skipped",
                ));
                continue;
            }
            Err(e) => {
                loaded
                    .notices
                    .push(notice(&member, format!("cannot unpack ({e}), skipped")));
                continue;
            }
        };
        if !budget.take(data.len() as u64, &member, loaded) {
            break;
        }
        super::load_member(&member, &data, opts, depth + 1, loaded);
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
            ["p.zip/a.txt", "p.zip/b/two.md", "p.zip/in.zip/deep.txt"]
        );
        assert!(l.notices.iter().any(|n| n.path == "p.zip/pic.png"));
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
        assert!(l.documents.iter().all(|d| d.path != "t.zip/a.txt"));

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
        assert_eq!(l.documents[0].path, "a.tar/docs/r.txt");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&tar_bytes).expect("gz");
        let gz = gz.finish().expect("gz");
        let mut l = Loaded::default();
        tar("a.tar.gz", &gz, true, &FormatOptions::default(), 0, &mut l);
        assert_eq!(l.documents[0].path, "a.tar.gz/docs/r.txt");
        assert!(l.documents[0].text.contains("Nairobi"));
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
