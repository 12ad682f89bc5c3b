//! The store's texts file (`KEY.texts`, beside `KEY.docs`): every document's text, where the
//! store's rows say (offset, length, checksum), then a 24-byte trailer (magic, the stamp the
//! store's header names it by, the texts' length).
//!
//! In a cold build it is the file the texts were set aside to while loading
//! ([`crate::cache::texts::SetAside`]), not a copy of it: the texts not set aside (e-mails,
//! empty ones, or all of them when none were) are appended after those, in document order,
//! then the trailer; the file is linked to its place just before the store is renamed to its
//! own (so a crash between the two leaves the old store beside texts with another stamp,
//! which is damage at open, never a wrong text). A text is still checked against its
//! checksum on first use, as when it lay in the store's file.

use crate::cache::codec::{checksum, u64_at};
use crate::cache::texts::{Place, SetAside};
use crate::model::Documents;
use std::io::Write;
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"DOCENTTX";
/// The trailer: magic, stamp, length of the texts before it.
pub(super) const TRAILER: usize = 24;

/// The texts file of the store at `store`.
pub fn path_of(store: &Path) -> PathBuf {
    store.with_extension("texts")
}

/// A texts file being made: the texts set aside, then the others (see the module
/// documentation). [`Made::place`] gives each document's place in document order, as the
/// texts were appended; [`Made::seal`] puts the file in its place.
pub(super) struct Made {
    /// The file as made (the set-aside file, or a temporary one of its own).
    from: PathBuf,
    /// Made here (removed when dropped unsealed), not the set-aside file (whose set removes
    /// it).
    own: bool,
    sealed: bool,
    /// Where the next text not set aside starts (when asked for its place, in order).
    tail: u64,
    /// The texts' length and the stamp.
    pub len: u64,
    pub stamp: u64,
}

/// Makes the texts file for `documents` beside `store`: the set-aside file `aside` with the
/// texts it lacks appended, or a new file with every text.
pub(super) fn make(
    store: &Path,
    documents: &Documents,
    aside: Option<&SetAside>,
) -> std::io::Result<Made> {
    let (from, own, file) = match aside {
        Some(a) => {
            let f = std::fs::OpenOptions::new().append(true).open(a.path())?;
            (a.path().to_path_buf(), false, f)
        }
        None => {
            let p = store.with_extension(format!("texts.new.docs.tmp{}", std::process::id()));
            let f = std::fs::File::create(&p)?;
            (p, true, f)
        }
    };
    let mut made = Made {
        from,
        own,
        sealed: false,
        tail: 0,
        len: 0,
        stamp: 0,
    };
    // The set-aside texts' end (the file holds nothing else yet).
    let base = file.metadata()?.len();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut len = base;
    for (i, d) in documents.iter().enumerate() {
        if aside.and_then(|a| a.place(i)).is_none() {
            out.write_all(d.text.as_bytes())?;
            len += d.text.len() as u64;
        }
    }
    let stamp = new_stamp(len);
    out.write_all(MAGIC)?;
    out.write_all(&stamp.to_le_bytes())?;
    out.write_all(&len.to_le_bytes())?;
    // Not synced: see `write_with` (every text is checked against its checksum on first use).
    out.into_inner().map_err(|e| e.into_error())?;
    made.tail = base;
    made.len = len;
    made.stamp = stamp;
    Ok(made)
}

/// A stamp no earlier texts file of this store is likely to have: the time, the process and
/// the length mixed.
fn new_stamp(len: u64) -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut x = nanos ^ (u64::from(std::process::id()) << 40) ^ len.rotate_left(17);
    // splitmix64's finalizer: nearby inputs give unrelated stamps.
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

impl Made {
    /// Document `i`'s place (asked in document order, once each): set aside, or appended.
    pub fn place(&mut self, i: usize, text: &[u8], aside: Option<&SetAside>) -> Place {
        if let Some(p) = aside.and_then(|a| a.place(i)) {
            return p;
        }
        let at = self.tail;
        self.tail += text.len() as u64;
        (at, text.len() as u64, checksum(text))
    }

    /// Puts the file in its place beside `store` (replacing the last one). The set-aside file
    /// is linked there, not moved: its set still reads the texts back if the store's own
    /// rename fails. A file system without links gets a copy.
    pub fn seal(&mut self, store: &Path) -> std::io::Result<()> {
        let to = path_of(store);
        if self.own {
            std::fs::rename(&self.from, &to)?;
        } else {
            let link = store.with_extension(format!("texts.link.docs.tmp{}", std::process::id()));
            let _ = std::fs::remove_file(&link);
            if std::fs::hard_link(&self.from, &link).is_err() {
                std::fs::copy(&self.from, &link)?;
            }
            if let Err(e) = std::fs::rename(&link, &to) {
                let _ = std::fs::remove_file(&link);
                return Err(e);
            }
        }
        self.sealed = true;
        Ok(())
    }
}

impl Drop for Made {
    fn drop(&mut self) {
        if self.own && !self.sealed {
            let _ = std::fs::remove_file(&self.from);
        }
    }
}

/// The texts file of the store at `store`, mapped, if it is the one whose `len` and `stamp`
/// the store's header gives; why not otherwise.
pub(super) fn open(store: &Path, len: u64, stamp: u64) -> Result<memmap2::Mmap, String> {
    let path = path_of(store);
    let (file, size) = crate::cache::file::open(&path).map_err(|u| match u {
        crate::cache::file::Unopened::Absent => "its texts file is missing".to_string(),
        crate::cache::file::Unopened::Damaged(why) => format!("its texts file: {why}"),
    })?;
    let whole = len
        .checked_add(TRAILER as u64)
        .filter(|&w| w == size)
        .and_then(|w| usize::try_from(w).ok())
        .ok_or("its texts file has another length")?;
    // SAFETY: read only; docent replaces this file by rename, never in place (see the store's
    // own map).
    let map =
        unsafe { memmap2::MmapOptions::new().len(whole).map(&file) }.map_err(|e| e.to_string())?;
    let trailer = map.get(whole - TRAILER..).unwrap_or_default();
    if trailer.get(..8) != Some(&MAGIC[..])
        || u64_at(trailer, 8) != Some(stamp)
        || u64_at(trailer, 16) != Some(len)
    {
        return Err("its texts file is another store's".into());
    }
    Ok(map)
}
