//! The index cache's entity section on its way to the file: encoded in memory, or, in the
//! cold build, to an unnamed file an entity at a time (it grows with the mentions: ~0.5 GB
//! at a million documents), copied and checksummed as the cache is written.

use super::*;

/// The entity section encoded for the index cache: in memory, or in a temporary file (the
/// cold build's: it grows with the mentions, ~0.5 GB at a million documents), copied into
/// the cache when it is written.
pub(super) enum EncodedEntities {
    Mem(Vec<u8>),
    /// An unnamed file (removed from its folder once made) and its length.
    File(std::fs::File, u64),
}

impl EncodedEntities {
    /// `entities` encoded ([`encode_entities`]) an entity at a time to a file in `dir`, or in
    /// memory when none can be made there.
    pub(super) fn of(entities: &[Entity], dir: &Path) -> EncodedEntities {
        let to_file = || -> std::io::Result<EncodedEntities> {
            use std::io::{Seek, Write};
            let path = dir.join(format!("ents.tmp{}", std::process::id()));
            let f = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(true)
                .open(&path)?;
            // Unnamed at once: nothing is left behind, whatever happens next.
            std::fs::remove_file(&path)?;
            let mut out = std::io::BufWriter::with_capacity(1 << 16, f);
            let mut w = Writer::default();
            w.usize(entities.len());
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
            let mut f = out.into_inner().map_err(|e| e.into_error())?;
            f.rewind()?;
            Ok(EncodedEntities::File(f, len))
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
            EncodedEntities::File(src, len) => {
                let mut sum = codec::Checksum::new(*len);
                let mut left = *len;
                let mut buf = vec![0u8; 1 << 20];
                while left > 0 {
                    let b = buf
                        .get_mut(..left.min(1 << 20) as usize)
                        .unwrap_or_default();
                    src.read_exact(b)?;
                    sum.update(b);
                    f.write_all(b)?;
                    left -= b.len() as u64;
                }
                Ok((*len, sum.finish()))
            }
        }
    }
}
