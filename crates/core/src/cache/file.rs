//! How every file in the cache folder is written and opened. Written whole to a temporary
//! file beside it (`NAME.EXT.tmpPID`; those of writers that died are removed first), synced,
//! then renamed over the old one, so a reader never sees a torn file and a second docent never
//! writes into the same one. (An extraction segment, the index cache and the document store are
//! not synced: see [`write_atomic_direct`].) Opened only when it is a regular file, checked
//! again on the opened descriptor, so a FIFO planted there never blocks.

use super::direct::DirectFile;
use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;

/// Writes `path` atomically: `body` fills a temporary `path.EXT.tmpPID` in the same folder
/// (buffered), which is then synced and renamed over `path`; on any error it is removed.
pub fn write_atomic(
    path: &Path,
    ext: &str,
    body: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> io::Result<()> {
    write_atomic_with(path, ext, |tmp| {
        let mut f = BufWriter::with_capacity(1 << 20, File::create(tmp)?);
        body(&mut f)?;
        let f = f.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()
    })
}

/// [`write_atomic`] around the page cache ([`DirectFile`]) and without the sync: for a large
/// file written once and not read back soon (an extraction segment, the index cache, the
/// document store), whose sections are checked against their checksums when read, so one torn
/// by a crash is rebuilt. A sync per segment waited for the disk to take the build's other
/// writes too (seconds each at 300,000 documents).
pub fn write_atomic_direct(
    path: &Path,
    ext: &str,
    body: impl FnOnce(&mut DirectFile) -> io::Result<()>,
) -> io::Result<()> {
    write_atomic_direct_as(path, ext, false, body)
}

/// [`write_atomic`] around the page cache ([`DirectFile`]), synced: for a file read back
/// later, not in the build that writes it (the palette's names file). Its whole blocks are
/// on the disk when the write returns, so the sync waits for little.
pub fn write_atomic_direct_synced(
    path: &Path,
    ext: &str,
    body: impl FnOnce(&mut DirectFile) -> io::Result<()>,
) -> io::Result<()> {
    write_atomic_direct_as(path, ext, true, body)
}

fn write_atomic_direct_as(
    path: &Path,
    ext: &str,
    sync: bool,
    body: impl FnOnce(&mut DirectFile) -> io::Result<()>,
) -> io::Result<()> {
    write_atomic_with(path, ext, |tmp| {
        let mut f = DirectFile::create(tmp)?;
        body(&mut f)?;
        let f = f.into_file()?;
        if sync {
            f.sync_all()?;
        }
        Ok(())
    })
}

/// The temporary file's name, its cleanup and the rename, around `fill` (which creates and
/// writes the temporary file at the path it is given).
fn write_atomic_with(
    path: &Path,
    ext: &str,
    fill: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::other("no cache folder"))?;
    std::fs::create_dir_all(dir)?;
    let marker = format!(".{ext}.tmp");
    crate::store::remove_stale_temps(dir, |name| {
        let at = name.rfind(&marker)?;
        crate::store::pid_after(&name[at..], &marker)
    });
    let tmp = path.with_extension(format!("{ext}.tmp{}", std::process::id()));
    let result = fill(&tmp).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Why a cache file could not be opened.
#[derive(Debug)]
pub enum Unopened {
    /// There is no file.
    Absent,
    /// Something that is not a regular file, or unreadable: the reason.
    Damaged(String),
}

/// Opens the cache file at `path` for reading, a regular file only, and gives its size (as the
/// opened descriptor has it).
pub fn open(path: &Path) -> Result<(File, u64), Unopened> {
    let meta = std::fs::symlink_metadata(path).map_err(|_| Unopened::Absent)?;
    if !meta.is_file() {
        return Err(Unopened::Damaged("not a regular file".into()));
    }
    let damaged = |e: io::Error| Unopened::Damaged(e.to_string());
    let file = crate::store::open_regular(path).map_err(damaged)?;
    let size = file.metadata().map_err(damaged)?.len();
    Ok((file, size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = std::env::temp_dir().join(format!("docent-file-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("key.docs");
        write_atomic(&path, "docs", |f| io::Write::write_all(f, b"first")).expect("written");
        let failed = write_atomic(&path, "docs", |f| {
            io::Write::write_all(f, b"half")?;
            Err(io::Error::other("stopped"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).expect("read"), b"first");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .expect("dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(matches!(open(&dir), Err(Unopened::Damaged(_))));
        assert!(matches!(open(&dir.join("none")), Err(Unopened::Absent)));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
