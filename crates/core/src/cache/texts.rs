//! The documents' texts set aside during a cold build: once extracted, linking reads none of
//! them (its records carry what it needs) but the e-mails', so they are written to a file
//! beside the document store and dropped from memory; the store's write makes that file its
//! texts file (`KEY.texts`, [`crate::cache::docstore::write_with`]: the texts not set aside
//! appended, then linked into place, not copied), and the corpus is then opened from the store.
//!
//! A build that is to be stored (from nothing, resumed from its segments, or after some files
//! changed) sets them aside as they are loaded ([`AsideWriter`],
//! [`crate::load::load_paths_aside`]), so the texts are never all in memory: extraction, and
//! the check of what earlier builds extracted, read each segment's back ([`SetAside::text`])
//! and drop them again.
//!
//! The file is a temporary one of the store's (`KEY.texts.docs.tmpPID`): its name is removed
//! when the set is dropped (the store's texts file keeps the bytes under its own), and by a
//! later write of the store when a killed docent left it.

use super::codec::checksum;
use super::direct::DirectFile;
use crate::model::{DocText, Document, Format};
use std::io::{Read, Seek, SeekFrom, Write};

use std::path::{Path, PathBuf};

/// Where a text set aside lies in the file: (offset, length, checksum).
pub type Place = (u64, u64, u64);

/// Texts written aside ([`SetAside::write`]).
#[derive(Debug)]
pub struct SetAside {
    path: PathBuf,
    /// Per document: where its text lies in the file (offset, length) and its checksum;
    /// `None` for a text kept in memory (an e-mail's, or an empty one).
    at: Vec<Option<Place>>,
    /// Opened on the first [`SetAside::text`].
    reader: std::sync::Mutex<Option<std::fs::File>>,
}

/// Whether a document's text is set aside: linking reads the e-mails' (their addresses), and
/// an empty or stored text costs nothing to keep.
pub fn sets_aside(d: &Document) -> bool {
    d.format != Format::Email && !d.text.is_empty() && !d.text.is_stored()
}

/// Texts set aside as they are loaded, by every loading thread at once: each is appended and
/// its [`Place`] returned. [`AsideWriter::finish`] makes the [`SetAside`]; dropped unfinished,
/// the file is removed.
#[derive(Debug)]
pub struct AsideWriter {
    path: PathBuf,
    /// The file, its length so far, and whether a write failed (every later one fails too:
    /// the length would no longer say where the next text starts).
    /// `None` once finished.
    out: std::sync::Mutex<Option<(DirectFile, u64, bool)>>,
    done: bool,
}

impl AsideWriter {
    /// Creates the temporary file beside `store`.
    pub fn create(store: &Path) -> std::io::Result<AsideWriter> {
        let path = store.with_extension(format!("texts.docs.tmp{}", std::process::id()));
        // A cold build's first file in the cache folder: it may not exist yet.
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        // Around the page cache: nothing reads the texts back while the build runs (each
        // segment's are extracted from memory), and on this project's machine page-cache
        // writes cost more CPU than the bytes' analysis ([`DirectFile`]).
        let file = DirectFile::create(&path)?;
        Ok(AsideWriter {
            path,
            out: std::sync::Mutex::new(Some((file, 0, false))),
            done: false,
        })
    }

    /// Appends `bytes`; where they went. After an error the caller keeps the text.
    pub fn put(&self, bytes: &[u8]) -> std::io::Result<Place> {
        let sum = checksum(bytes);
        let mut out = self
            .out
            .lock()
            .map_err(|_| std::io::Error::other("a loading thread failed"))?;
        let Some((f, len, broken)) = out.as_mut() else {
            return Err(std::io::Error::other("already finished"));
        };
        if *broken {
            return Err(std::io::Error::other("an earlier write failed"));
        }
        if let Err(e) = f.write_all(bytes) {
            *broken = true;
            return Err(e);
        }
        let at = *len;
        *len += bytes.len() as u64;
        Ok((at, bytes.len() as u64, sum))
    }

    /// The set of `docs` documents, `placed` saying where each text set aside went (by
    /// document). An error means texts were lost: the caller loads again.
    pub fn finish(mut self, docs: usize, placed: &[(usize, Place)]) -> std::io::Result<SetAside> {
        let (f, _, broken) = self
            .out
            .get_mut()
            .ok()
            .and_then(Option::take)
            .ok_or_else(|| std::io::Error::other("a loading thread failed"))?;
        // A failed write may have left bytes of a text whose place was given out unwritten.
        if broken {
            return Err(std::io::Error::other("a text could not be set aside"));
        }
        // Not synced: the file is read back by this process only (or, as the store's texts
        // file, each text checked against its checksum on first use).
        f.into_file()?;
        let mut at = vec![None; docs];
        for &(i, p) in placed {
            if let Some(a) = at.get_mut(i) {
                *a = Some(p);
            }
        }
        self.done = true;
        Ok(SetAside {
            path: self.path.clone(),
            at,
            reader: Default::default(),
        })
    }
}

impl Drop for AsideWriter {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl SetAside {
    /// Writes every document's text but the e-mails' to a temporary file beside `store` and
    /// empties it in `docs`. On an error, `docs` is as it was.
    pub fn write(store: &Path, docs: &mut [Document]) -> std::io::Result<SetAside> {
        let path = store.with_extension(format!("texts.docs.tmp{}", std::process::id()));
        let mut set = SetAside {
            path,
            at: vec![None; docs.len()],
            reader: Default::default(),
        };
        let file = std::fs::File::create(&set.path)?;
        let mut f = std::io::BufWriter::with_capacity(1 << 20, file);
        let mut len = 0u64;
        for (d, at) in docs.iter().zip(set.at.iter_mut()) {
            if !sets_aside(d) {
                continue;
            }
            let bytes = d.text.as_bytes();
            f.write_all(bytes)?;
            *at = Some((len, bytes.len() as u64, checksum(bytes)));
            len += bytes.len() as u64;
        }
        // Not synced: read back by this process, and as the store's texts file each text is
        // checked against its checksum on first use.
        f.into_inner().map_err(|e| e.into_error())?;
        // Only now, with every text on disk: an error above leaves `docs` untouched.
        for (d, at) in docs.iter_mut().zip(&set.at) {
            if at.is_some() {
                d.text = DocText::default();
            }
        }
        Ok(set)
    }

    /// Document `doc`'s place in the file, when its text was set aside.
    pub fn place(&self, doc: usize) -> Option<Place> {
        self.at.get(doc).copied().flatten()
    }

    /// The file (the store's texts file is made from it: [`crate::cache::docstore`]).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The bytes its table of places holds (for [`crate::open`]'s account of a build).
    pub fn held_bytes(&self) -> usize {
        self.at.capacity() * std::mem::size_of::<Option<Place>>()
    }

    /// Document `doc`'s text read back (checked), `None` when it was not set aside.
    pub fn text(&self, doc: usize) -> std::io::Result<Option<String>> {
        let Some(at) = self.at.get(doc).copied().flatten() else {
            return Ok(None);
        };
        let mut reader = self
            .reader
            .lock()
            .map_err(|_| std::io::Error::other("a reading thread failed"))?;
        if reader.is_none() {
            *reader = Some(std::fs::File::open(&self.path)?);
        }
        let Some(file) = reader.as_mut() else {
            return Ok(None);
        };
        let mut buf = Vec::new();
        self.read(file, at, &mut buf)?;
        String::from_utf8(buf)
            .map(Some)
            .map_err(|_| std::io::Error::other("a text set aside is not UTF-8"))
    }

    /// Copies of `docs[i]` for each of `which`, with their texts read back: what extraction
    /// and linking read of a segment's documents while the corpus's texts stay on disk.
    pub fn restored(&self, docs: &[Document], which: &[usize]) -> std::io::Result<Vec<Document>> {
        let mut out = Vec::with_capacity(which.len());
        for &i in which {
            let d = docs
                .get(i)
                .ok_or_else(|| std::io::Error::other("no such document"))?;
            // Cloned without its (empty) text, then given the one read back.
            let mut c = d.clone();
            if let Some(t) = self.text(i)? {
                c.text = DocText::from(t);
            }
            out.push(c);
        }
        Ok(out)
    }

    /// Puts every text back into `docs` (when the store could not be written).
    pub fn restore(&self, docs: &mut [Document]) -> std::io::Result<()> {
        let mut file = std::fs::File::open(&self.path)?;
        let mut buf = Vec::new();
        for (d, at) in docs.iter_mut().zip(&self.at) {
            if let Some(at) = *at {
                self.read(&mut file, at, &mut buf)?;
                let text = String::from_utf8(std::mem::take(&mut buf))
                    .map_err(|_| std::io::Error::other("a text set aside is not UTF-8"))?;
                d.text = DocText::from(text);
            }
        }
        Ok(())
    }

    fn read(
        &self,
        file: &mut std::fs::File,
        (at, len, sum): (u64, u64, u64),
        buf: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        let n = usize::try_from(len).map_err(std::io::Error::other)?;
        buf.resize(n, 0);
        file.seek(SeekFrom::Start(at))?;
        file.read_exact(buf)?;
        if checksum(buf) != sum {
            return Err(std::io::Error::other(format!(
                "a text set aside in {} changed",
                self.path.display()
            )));
        }
        Ok(())
    }
}

impl Drop for SetAside {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: usize, text: &str, format: Format) -> Document {
        Document {
            id,
            path: format!("{id}.txt"),
            format,
            text: text.into(),
            ..Document::default()
        }
    }

    #[test]
    fn texts_set_aside_come_back_whole_and_the_file_goes() {
        let dir = tempfile::tempdir().expect("tmp");
        let store = dir.path().join("k.docs");
        let texts = ["Ana Torres in Quito.", "", "From: a@b.c\n\nHi", "é ü"];
        let formats = [Format::Text, Format::Text, Format::Email, Format::Text];
        let mut docs: Vec<Document> = (0..4).map(|i| doc(i, texts[i], formats[i])).collect();
        let set = SetAside::write(&store, &mut docs).expect("written");
        // Set aside: emptied; kept: the e-mail and the empty one.
        assert_eq!(docs[0].text, "");
        assert_eq!(docs[2].text, texts[2]);
        assert_eq!(set.place(0), Some((0, 20, checksum(texts[0].as_bytes()))));
        assert_eq!(set.place(2), None);
        // The file holds the texts set aside, one after another.
        let want = [texts[0], texts[3]].concat();
        assert_eq!(std::fs::read(set.path()).expect("read"), want.as_bytes());
        set.restore(&mut docs).expect("restored");
        let back: Vec<String> = docs.iter().map(|d| d.text.to_string()).collect();
        assert_eq!(back, texts);
        let path = set.path.clone();
        assert!(path.exists());
        drop(set);
        assert!(!path.exists(), "the file is removed with the set");
    }

    #[test]
    fn texts_set_aside_while_loading_are_read_back_one_at_a_time() {
        let dir = tempfile::tempdir().expect("tmp");
        // The cache folder does not exist yet on a first build.
        let store = dir.path().join("new").join("k.docs");
        let w = AsideWriter::create(&store).expect("created");
        let texts = ["Ana Torres in Quito.", "From: a@b.c\n\nHi", "é ü"];
        let formats = [Format::Text, Format::Email, Format::Text];
        let mut docs: Vec<Document> = (0..3).map(|i| doc(i, texts[i], formats[i])).collect();
        let mut placed = Vec::new();
        for (i, d) in docs.iter_mut().enumerate() {
            if sets_aside(d) {
                placed.push((i, w.put(d.text.as_bytes()).expect("put")));
                d.text = DocText::default();
            }
        }
        let set = w.finish(docs.len(), &placed).expect("finished");
        assert_eq!(docs[0].text, "");
        assert_eq!(set.text(0).expect("read").as_deref(), Some(texts[0]));
        assert_eq!(set.text(1).expect("read"), None, "an e-mail is kept");
        let back = set.restored(&docs, &[0, 2]).expect("restored");
        assert_eq!(back[0].text, texts[0]);
        assert_eq!(back[1].text, texts[2]);
        assert_eq!(back[1].id, 2);
        let path = set.path.clone();
        drop(set);
        assert!(!path.exists(), "the file is removed with the set");
        // Dropped unfinished, the writer removes its file.
        let w = AsideWriter::create(&store).expect("created");
        let p = w.path.clone();
        drop(w);
        assert!(!p.exists());
    }

    #[test]
    fn a_changed_file_is_an_error_not_a_wrong_text() {
        let dir = tempfile::tempdir().expect("tmp");
        let store = dir.path().join("k.docs");
        let mut docs = vec![doc(0, "Juan Perez", Format::Text)];
        let set = SetAside::write(&store, &mut docs).expect("written");
        std::fs::write(&set.path, "Juan Pérez").expect("overwrite");
        assert!(set.restore(&mut docs).is_err());
        assert!(set.text(0).is_err());
        // Cut short: an error too.
        std::fs::write(&set.path, "Juan").expect("overwrite");
        assert!(set.restore(&mut docs).is_err());
    }
}
