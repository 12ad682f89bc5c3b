//! A file written around the page cache (`O_DIRECT` on Linux), for the large files a cold build
//! writes once and does not read back soon (the extraction segments).
//!
//! Why: on a virtual machine every new page of the page cache can cost the host a fault; a
//! buffered write there spends more CPU in the kernel's copy than docent spends on the bytes
//! (measured on the project's 2-core machine: 1 GB of random bytes written buffered 27 s wall,
//! 10 s system CPU; with `O_DIRECT` 1.0 s wall, 0.25 s). Direct I/O wants the buffer, the file
//! offset and the length aligned to the device's block: whole 1 MiB blocks are written direct
//! from an aligned buffer, and what is left at the end (or after a seek) goes through the page
//! cache as usual, the flag cleared. Where the filesystem refuses `O_DIRECT` (tmpfs, some
//! network filesystems) or the platform has none, every write is an ordinary one.

use std::fs::File;
use std::io::{self, Seek, SeekFrom, Write};
use std::path::Path;

/// Bytes gathered before a write: a multiple of every block size in use.
const CAP: usize = 1 << 20;
/// The alignment direct I/O asks of buffers, offsets and lengths (4 KiB covers 512-byte and
/// 4 KiB devices).
const ALIGN: usize = 4096;

/// A file being written: whole aligned blocks around the page cache, partial ones (the end, or
/// around a seek) through it.
pub struct DirectFile {
    /// Opened `O_DIRECT` when `direct`; the same file as `plain` otherwise.
    direct_file: File,
    /// The file opened for ordinary writes: partial blocks.
    plain: File,
    /// `cap + ALIGN` bytes; the block starts at `off`, aligned in memory.
    buf: Vec<u8>,
    off: usize,
    /// The file offset (aligned) the block's first byte stands for.
    base: u64,
    /// Gathered bytes are block bytes `lead..lead + len` (`lead` > 0 after a seek to an
    /// unaligned offset: memory and file stay aligned alike).
    lead: usize,
    len: usize,
    direct: bool,
    /// Bytes gathered before a write (a multiple of `ALIGN`).
    cap: usize,
}

impl DirectFile {
    /// Creates (or truncates) `path` for writing, direct where the filesystem allows.
    pub fn create(path: &Path) -> io::Result<DirectFile> {
        DirectFile::create_with_block(path, CAP)
    }

    /// [`DirectFile::create`] gathering `block` bytes (rounded up to the alignment) before a
    /// write, not 1 MiB: for many files written at once, each its own buffer.
    pub fn create_with_block(path: &Path, block: usize) -> io::Result<DirectFile> {
        let cap = block.max(1).next_multiple_of(ALIGN);
        let plain = File::create(path)?;
        match open_direct(path, std::fs::OpenOptions::new().write(true)) {
            Some(direct_file) => Ok(DirectFile::over(plain, direct_file, true, cap)),
            None => Ok(DirectFile::over(plain.try_clone()?, plain, false, cap)),
        }
    }

    fn over(plain: File, direct_file: File, direct: bool, cap: usize) -> DirectFile {
        let (buf, off) = aligned_block(cap);
        DirectFile {
            direct_file,
            plain,
            buf,
            off,
            base: 0,
            lead: 0,
            len: 0,
            direct,
            cap,
        }
    }

    /// Whether whole blocks still go around the page cache (for tests and reports).
    pub fn is_direct(&self) -> bool {
        self.direct
    }

    /// Writes `bytes` at `at` directly, past what is gathered (a region a seek skipped).
    pub fn write_at(&self, bytes: &[u8], at: u64) -> io::Result<()> {
        write_at(&self.plain, bytes, at)
    }

    /// Writes what is gathered and gives the file back (its position unspecified).
    pub fn into_file(mut self) -> io::Result<File> {
        self.write_out(true)?;
        Ok(self.plain)
    }

    /// Writes the gathered bytes: the partial block they start in and, when `all`, the one
    /// they end in through the page cache, whole blocks between direct. Without `all`, a
    /// partial last block stays gathered, moved to the block's start.
    fn write_out(&mut self, all: bool) -> io::Result<()> {
        let (a, b) = (self.lead, self.lead + self.len);
        if a == b {
            return Ok(());
        }
        // Block bytes a..head: before the first aligned offset; whole..b: after the last.
        let head = a.next_multiple_of(ALIGN).min(b);
        let whole = (b / ALIGN * ALIGN).max(head);
        if a < head {
            self.put(a, head, false)?;
        }
        if head < whole {
            self.put(head, whole, true)?;
        }
        if whole < b {
            if all {
                self.put(whole, b, false)?;
            } else {
                let from = self.off + whole;
                self.buf.copy_within(from..self.off + b, self.off);
                self.base += whole as u64;
                self.lead = 0;
                self.len = b - whole;
                return Ok(());
            }
        }
        self.base += b.next_multiple_of(ALIGN) as u64;
        self.lead = 0;
        self.len = 0;
        if b % ALIGN != 0 {
            // The next byte's offset is not aligned: it starts a block of its own.
            self.base -= ALIGN as u64;
            self.lead = b % ALIGN;
        }
        Ok(())
    }

    /// Writes block bytes `a..b` at their place in the file, direct when asked and possible;
    /// a direct write the system refuses is made again through the page cache, and no later
    /// one is tried.
    fn put(&mut self, a: usize, b: usize, direct: bool) -> io::Result<()> {
        let at = self.base + a as u64;
        let bytes = &self.buf[self.off + a..self.off + b];
        if !(direct && self.direct) {
            return write_at(&self.plain, bytes, at);
        }
        match write_at(&self.direct_file, bytes, at) {
            Err(e) if e.raw_os_error() == Some(EINVAL) => {
                self.direct = false;
                write_at(&self.plain, bytes, at)
            }
            r => r,
        }
    }

    fn position(&self) -> u64 {
        self.base + (self.lead + self.len) as u64
    }
}

impl std::fmt::Debug for DirectFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirectFile")
            .field("at", &self.position())
            .field("direct", &self.direct)
            .finish_non_exhaustive()
    }
}

impl Write for DirectFile {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let used = self.lead + self.len;
        let n = (self.cap - used).min(data.len());
        let from = self.off + used;
        self.buf[from..from + n].copy_from_slice(&data[..n]);
        self.len += n;
        if self.lead + self.len == self.cap {
            self.write_out(false)?;
        }
        Ok(n)
    }

    /// Gathered bytes stay gathered (a partial block is not written direct); they are
    /// written by a seek, a full block or [`DirectFile::into_file`].
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Seek for DirectFile {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let here = self.position();
        let target = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::Current(d) => here.checked_add_signed(d),
            SeekFrom::End(d) => {
                let end = self.plain.metadata()?.len().max(here);
                end.checked_add_signed(d)
            }
        }
        .ok_or_else(|| io::Error::other("seek before the start"))?;
        if target == here {
            return Ok(here);
        }
        self.write_out(true)?;
        let lead = (target % ALIGN as u64) as usize;
        self.base = target - lead as u64;
        self.lead = lead;
        self.len = 0;
        Ok(target)
    }
}

/// A file read from start to end around the page cache where the filesystem allows (the
/// temporary files linking writes with [`DirectFile`] and reads back once): a block of
/// `CAP` bytes at a time into an aligned buffer; elsewhere ordinary reads.
pub struct DirectReader {
    file: File,
    path: std::path::PathBuf,
    buf: Vec<u8>,
    off: usize,
    /// Unread block bytes: `start..end`.
    start: usize,
    end: usize,
    /// The file offset of the next block.
    at: u64,
    direct: bool,
    eof: bool,
}

impl DirectReader {
    /// Opens `path` for reading, direct where the filesystem allows.
    pub fn open(path: &Path) -> io::Result<DirectReader> {
        let (file, direct) = match open_direct(path, std::fs::OpenOptions::new().read(true)) {
            Some(f) => (f, true),
            None => (File::open(path)?, false),
        };
        let (buf, off) = aligned_block(CAP);
        Ok(DirectReader {
            file,
            path: path.to_path_buf(),
            buf,
            off,
            start: 0,
            end: 0,
            at: 0,
            direct,
            eof: false,
        })
    }

    /// The file's length, as the opened descriptor has it.
    pub fn file_len(&self) -> io::Result<u64> {
        Ok(self.file.metadata()?.len())
    }

    /// Reads the next block; at the end of the file it is short (or empty).
    fn fill(&mut self) -> io::Result<()> {
        let mut got = 0;
        while got < CAP {
            let block = &mut self.buf[self.off + got..self.off + CAP];
            match read_at(&self.file, block, self.at + got as u64) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => {
                    got += n;
                    // A direct read ends short only at the end of the file, mid-block.
                    if self.direct && got % ALIGN != 0 {
                        self.eof = true;
                        break;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if self.direct && e.raw_os_error() == Some(EINVAL) => {
                    self.file = File::open(&self.path)?;
                    self.direct = false;
                }
                Err(e) => return Err(e),
            }
        }
        self.at += got as u64;
        self.start = 0;
        self.end = got;
        Ok(())
    }
}

impl io::Read for DirectReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.start == self.end {
            if self.eof {
                return Ok(0);
            }
            self.fill()?;
        }
        let n = out.len().min(self.end - self.start);
        let from = self.off + self.start;
        out[..n].copy_from_slice(&self.buf[from..from + n]);
        self.start += n;
        Ok(n)
    }
}

/// A buffer of `cap + ALIGN` bytes and where in it an aligned block of `cap` starts.
fn aligned_block(cap: usize) -> (Vec<u8>, usize) {
    let buf = vec![0u8; cap + ALIGN];
    let off = buf.as_ptr().align_offset(ALIGN).min(ALIGN);
    (buf, off)
}

const EINVAL: i32 = 22;

/// `path` opened as `how` says (reading or writing an existing file) with `O_DIRECT`; `None`
/// where the filesystem or the platform has none.
#[cfg(target_os = "linux")]
fn open_direct(path: &Path, how: &mut std::fs::OpenOptions) -> Option<File> {
    use std::os::unix::fs::OpenOptionsExt;
    how.custom_flags(libc::O_DIRECT).open(path).ok()
}

#[cfg(not(target_os = "linux"))]
fn open_direct(_path: &Path, _how: &mut std::fs::OpenOptions) -> Option<File> {
    None
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, at)
}

#[cfg(not(unix))]
fn read_at(mut file: &File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    use std::io::Read;
    file.seek(SeekFrom::Start(at))?;
    file.read(buf)
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(not(unix))]
fn write_at(mut file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
    file.seek(SeekFrom::Start(at))?;
    file.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lengths around the block and the buffer.
    const SIZES: [usize; 9] = [
        0,
        1,
        ALIGN - 1,
        ALIGN,
        ALIGN + 1,
        CAP - 1,
        CAP,
        CAP + 1,
        3 * CAP + 4097,
    ];

    fn pattern(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 7 + i / 251) as u8).collect()
    }

    /// Sizes around the block and the buffer, written in uneven pieces: the file holds exactly
    /// the bytes, wherever the folder is (direct or not), whatever the block.
    #[test]
    fn what_is_written_is_what_the_file_holds() {
        let dir = tempfile::tempdir().expect("tmp");
        // The default block, and a small one (not a multiple of the alignment as asked).
        for block in [CAP, 3 * ALIGN - 5] {
            for n in SIZES {
                let path = dir.path().join(format!("f{n}-{block}"));
                let data = pattern(n);
                let mut f = DirectFile::create_with_block(&path, block).expect("create");
                for piece in data.chunks(1000 + n % 7) {
                    f.write_all(piece).expect("write");
                }
                drop(f.into_file().expect("finish"));
                assert_eq!(std::fs::read(&path).expect("read"), data, "{n} bytes");
            }
        }
    }

    /// A header written last at the start (as the index cache does), after a body that does
    /// not end on a block: both land where they belong.
    #[test]
    fn a_seek_back_writes_in_place() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("f");
        let body = pattern(2 * CAP + 123);
        let mut f = DirectFile::create(&path).expect("create");
        f.write_all(&[0u8; 16]).expect("placeholder");
        f.write_all(&body).expect("body");
        assert_eq!(f.stream_position().expect("here"), 16 + body.len() as u64);
        f.seek(SeekFrom::Start(0)).expect("seek");
        f.write_all(b"HEADER-HEADER-16").expect("header");
        assert_eq!(
            f.seek(SeekFrom::End(0)).expect("end"),
            16 + body.len() as u64
        );
        f.write_all(b"tail").expect("tail");
        drop(f.into_file().expect("finish"));
        let got = std::fs::read(&path).expect("read");
        assert_eq!(&got[..16], b"HEADER-HEADER-16");
        assert_eq!(&got[16..16 + body.len()], &body[..]);
        assert_eq!(&got[16 + body.len()..], b"tail");
    }

    /// The store's way: room skipped by a seek forward to an unaligned offset, filled later
    /// with [`DirectFile::write_at`], then more than a buffer written from there; every byte
    /// in its place.
    #[test]
    fn holes_skipped_and_filled_and_unaligned_runs() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("f");
        let a = pattern(5000);
        let b = pattern(2 * CAP + 777);
        let mut f = DirectFile::create(&path).expect("create");
        f.write_all(&a).expect("a");
        let hole = f.stream_position().expect("here");
        f.seek(SeekFrom::Current(333)).expect("skip");
        f.write_all(&b).expect("b");
        f.write_at(&[9u8; 333], hole).expect("hole");
        let end = f.stream_position().expect("end");
        assert_eq!(end, 5000 + 333 + b.len() as u64);
        f.seek(SeekFrom::Start(0)).expect("start");
        f.write_all(b"head").expect("head");
        drop(f.into_file().expect("finish"));
        let got = std::fs::read(&path).expect("read");
        let mut want = a.clone();
        want[..4].copy_from_slice(b"head");
        want.extend_from_slice(&[9u8; 333]);
        want.extend_from_slice(&b);
        assert_eq!(got.len(), want.len());
        assert!(
            got == want,
            "bytes differ at {:?}",
            got.iter().zip(&want).position(|(x, y)| x != y)
        );
    }

    /// Files written direct read back whole, in pieces of any size, at every length around
    /// the block and the buffer.
    #[test]
    fn what_is_written_direct_reads_back_direct() {
        use std::io::Read;
        let dir = tempfile::tempdir().expect("tmp");
        for n in SIZES {
            let path = dir.path().join(format!("r{n}"));
            let data = pattern(n);
            let mut f = DirectFile::create(&path).expect("create");
            f.write_all(&data).expect("write");
            drop(f.into_file().expect("finish"));
            let mut r = DirectReader::open(&path).expect("open");
            let mut back = Vec::new();
            let mut piece = vec![0u8; 777 + n % 5];
            loop {
                let k = r.read(&mut piece).expect("read");
                if k == 0 {
                    break;
                }
                back.extend_from_slice(&piece[..k]);
            }
            assert!(back == data, "{n} bytes read back");
        }
    }

    /// On a filesystem that takes `O_DIRECT` (the temporary folder usually is one), whole
    /// blocks really go direct until the end.
    #[test]
    fn direct_where_the_filesystem_allows() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("f");
        let mut f = DirectFile::create(&path).expect("create");
        let direct = f.is_direct();
        f.write_all(&pattern(CAP + 10)).expect("write");
        // Still direct after a whole block, whatever the start said.
        assert_eq!(f.is_direct(), direct);
        let f = f.into_file().expect("finish");
        assert_eq!(f.metadata().expect("meta").len(), CAP as u64 + 10);
    }
}
