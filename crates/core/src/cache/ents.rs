//! The index cache's entity section on its way to the file: encoded in memory, or, in the
//! cold build, to an unnamed file an entity at a time (it grows with the mentions: ~0.5 GB
//! at a million documents), copied and checksummed as the cache is written. The file is
//! written and read back around the page cache ([`DirectFile`], [`DirectReader`]): filling
//! new page-cache pages is what cost here (see [`crate::cache::direct`]), not the bytes.

use super::direct::{DirectFile, DirectReader};
use super::*;

/// The entity section encoded for the index cache: in memory, or in temporary files (the
/// cold build's: it grows with the mentions, ~0.5 GB at a million documents), copied into
/// the cache when it is written.
pub(super) enum EncodedEntities {
    Mem(Vec<u8>),
    /// The section's parts, one after another: each an unnamed file (removed from its folder
    /// once made), read from its start, and its length.
    File(Vec<(Box<DirectReader>, u64)>),
}

/// Entities below which the section is encoded on one thread.
const PARALLEL_FROM: usize = 1 << 12;

impl EncodedEntities {
    /// `entities` encoded ([`encode_entities`]) an entity at a time to files in `dir` (the
    /// first half on this thread, the second on another: each entity's bytes stand alone), or
    /// in memory when none can be made there.
    pub(super) fn of(entities: &[Entity], dir: &Path) -> EncodedEntities {
        let to_file = || -> std::io::Result<EncodedEntities> {
            let half = if entities.len() >= PARALLEL_FROM {
                entities.len() / 2
            } else {
                entities.len()
            };
            let (first, second) = entities.split_at(half);
            let (a, b) = std::thread::scope(|s| {
                let b = (!second.is_empty()).then(|| s.spawn(|| encode_part(second, None, dir, 1)));
                let a = encode_part(first, Some(entities.len()), dir, 0);
                let b = b.map(|t| {
                    t.join()
                        .unwrap_or_else(|_| Err(std::io::Error::other("panicked")))
                });
                (a, b)
            });
            let mut parts = vec![a?];
            if let Some(b) = b {
                parts.push(b?);
            }
            Ok(EncodedEntities::File(parts))
        };
        to_file().unwrap_or_else(|_| EncodedEntities::Mem(encode_entities(entities)))
    }

    /// Writes the section to `f`; its length and checksum.
    pub(super) fn copy_to(&mut self, f: &mut impl std::io::Write) -> std::io::Result<(u64, u64)> {
        use std::io::Read;
        match self {
            EncodedEntities::Mem(b) => {
                f.write_all(b)?;
                Ok((b.len() as u64, checksum(b)))
            }
            EncodedEntities::File(parts) => {
                let len: u64 = parts.iter().map(|p| p.1).sum();
                // The sum of the pieces is the sum of the whole.
                let mut sum = codec::Checksum::new(len);
                let mut buf = vec![0u8; 1 << 20];
                for (src, part_len) in parts.iter_mut() {
                    let mut left = *part_len;
                    while left > 0 {
                        let b = buf
                            .get_mut(..left.min(1 << 20) as usize)
                            .unwrap_or_default();
                        src.read_exact(b)?;
                        sum.update(b);
                        f.write_all(b)?;
                        left -= b.len() as u64;
                    }
                }
                Ok((len, sum.finish()))
            }
        }
    }
}

/// `entities` encoded to an unnamed file in `dir` (part `k` of the section), after their
/// count when it is given (the section's first part): the file, opened for reading from its
/// start, and its length. Written and read back around the page cache.
fn encode_part(
    entities: &[Entity],
    count: Option<usize>,
    dir: &Path,
    k: usize,
) -> std::io::Result<(Box<DirectReader>, u64)> {
    use std::io::Write;
    let path = dir.join(format!("ents{k}.tmp{}", std::process::id()));
    // Opened for reading too before it is unnamed (a descriptor of its own: direct reads from
    // the start).
    let opened = DirectFile::create(&path).and_then(|o| Ok((o, DirectReader::open(&path)?)));
    // Unnamed at once: nothing is left behind, whatever happens next.
    std::fs::remove_file(&path)?;
    let (mut out, back) = opened?;
    let mut w = Writer::default();
    if let Some(n) = count {
        w.usize(n);
    }
    let mut len = 0u64;
    for e in entities {
        encode_entity(&mut w, e);
        if w.buf.len() >= 1 << 16 {
            out.write_all(&w.buf)?;
            len += w.buf.len() as u64;
            w.buf.clear();
        }
    }
    out.write_all(&w.buf)?;
    len += w.buf.len() as u64;
    drop(out.into_file()?);
    Ok((Box::new(back), len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(i: usize) -> Entity {
        let mentions = (0..i % 5)
            .filter_map(|k| Mention::new(i / 3 + k / 2, 10 * k + i % 7, 10 * k + i % 7 + 4))
            .collect::<Vec<_>>();
        Entity {
            id: format!("person:someone-{i}"),
            kind: EntityKind::Person,
            name: format!("Someone {i}"),
            value: None,
            aliases: if i.is_multiple_of(4) {
                vec![format!("S. {i}")]
            } else {
                Vec::new()
            },
            mentions: mentions.into(),
        }
    }

    /// Encoded to files (in two parts past [`PARALLEL_FROM`] entities, one below), the
    /// section copied out is the one encoded in memory, with its checksum.
    #[test]
    fn the_files_hold_the_section_encoded_in_memory() {
        let dir = tempfile::tempdir().expect("tmp");
        for n in [
            0,
            3,
            PARALLEL_FROM - 1,
            PARALLEL_FROM,
            2 * PARALLEL_FROM + 17,
        ] {
            let es: Vec<Entity> = (0..n).map(entity).collect();
            let want = encode_entities(&es);
            let mut enc = EncodedEntities::of(&es, dir.path());
            match &enc {
                EncodedEntities::File(parts) => {
                    assert_eq!(parts.len(), if n >= PARALLEL_FROM { 2 } else { 1 })
                }
                EncodedEntities::Mem(_) => panic!("{n}: not to files"),
            }
            let mut got = Vec::new();
            let (len, sum) = enc.copy_to(&mut got).expect("copied");
            assert_eq!(got.len(), want.len(), "{n} entities");
            assert!(got == want, "{n} entities: bytes differ");
            assert_eq!((len, sum), (want.len() as u64, checksum(&want)));
            // Nothing left in the folder: the files were unnamed once made.
            assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
        }
    }
}
