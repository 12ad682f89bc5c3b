//! The names files written as a stream: each candidate (entity names, aliases and date forms,
//! titles, shown paths) made, spooled and dropped, so the file is the one written from those
//! candidates in memory, byte for byte, without them all in memory (at a million documents
//! ~5 million strings, ~2 GB with the decoded entities and documents). Two files are so:
//! - the palette's names file ([`crate::open::names_location`]: the names and the shown paths,
//!   [`crate::search::Candidates::names`]`.with_paths(..)`, as [`super::write_candidates`]
//!   writes them): the cold build writes it ([`after_cold_build`]), so the reader's first
//!   palette query maps it rather than building every name;
//! - the stored search of a corpus whose lines are found through the word index (the names,
//!   the entity and document rows a result prints, the notices: as [`super::write_names`]
//!   writes them), written by the first `docent search` over the corpus ([`write_search`]).
//!
//! The layout puts the candidates' count (meta) and fixed-size tables before their texts, so
//! the records, the letters, the texts and the rows are spooled to temporary files beside the
//! file (named as [`super::super::file::write_atomic`]'s temporaries, so those of a killed
//! writer are removed by the next write) and copied into it once the count is known; only
//! one chunk's records and each chunk's checksum stay in memory.

use super::{chunk_sum, put_u32, EntityRow, Validity, CHUNK, RECORD};
use crate::cache::codec::Checksum;
use crate::cache::direct::{DirectFile, DirectReader};
use crate::model::{Corpus, Notice};
use crate::search::{Candidate, Target};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Writes the names file of a corpus a cold build has just stored and opened (`opened`, after
/// its corrections), where the reader looks for it, on a thread of its own (the corpus's
/// handles shared with it: it maps the store), so that what the caller does next, a
/// subcommand's output, has the other core; the thread to join (`None`: no file to write,
/// or no thread). Errors cost only the first palette query's speed (the reader builds the
/// names as before, as it does when it asks before the file is there), so they are not said.
pub fn after_cold_build(
    paths: &[String],
    options: &crate::open::OpenOptions,
    opened: &crate::open::Opened,
) -> Option<std::thread::JoinHandle<Option<Notice>>> {
    let home = crate::paths::home();
    let (path, validity) = crate::open::names_location(paths, options, opened, home.as_deref())?;
    let corpus = opened.corpus.clone();
    std::thread::Builder::new()
        .name("docent-names".into())
        .spawn(move || {
            let _ = write_names(&path, &validity, &corpus, home.as_deref());
            crate::phase::mark("names file written");
            None
        })
        .ok()
}

/// Writes the names tier of `corpus` (shown paths with `home` as `~`) to `path` for
/// `validity`, streamed (see the module documentation).
pub fn write_names(
    path: &Path,
    validity: &Validity,
    corpus: &Corpus,
    home: Option<&str>,
) -> io::Result<()> {
    let mut spool = Spool::create(path)?;
    let mut failed = None;
    let mut put = |c: Candidate| {
        if failed.is_none() {
            if let Err(e) = spool.push(&c) {
                failed = Some(e);
            }
        }
    };
    crate::search::for_each_name(corpus, &mut put);
    corpus.documents.for_each_passing(|d, doc| {
        put(crate::search::path_candidate(
            d,
            &crate::paths::shown(doc, home),
        ))
    });
    if let Some(e) = failed {
        return Err(e);
    }
    // No notices, no entity or document rows: as write_candidates.
    spool.finish(path, validity, &[], None)
}

/// Writes the stored search of `corpus`, whose lines are found through the word index and
/// which has `lines` line candidates, to `path` for `validity`: the file
/// [`super::write_names`] writes from [`crate::search::Candidates::names`], streamed (see
/// the module documentation). Entities and documents are decoded a chunk at a time and not
/// kept; an entity's row reads its mention and document counts, not its mentions.
pub fn write_search(
    path: &Path,
    validity: &Validity,
    corpus: &Corpus,
    lines: usize,
) -> io::Result<()> {
    let mut spool = Spool::create(path)?;
    let mut failed = None;
    crate::search::for_each_name(corpus, |c| {
        if failed.is_none() {
            if let Err(e) = spool.push(&c) {
                failed = Some(e);
            }
        }
    });
    // The rows, entities first, in order: each one's offset, then its bytes.
    let mut row = Vec::new();
    corpus.entities.for_each_passing(|_, e| {
        if failed.is_none() {
            row.clear();
            EntityRow::of(e).encode(&mut row);
            if let Err(e) = spool.push_row(&row) {
                failed = Some(e);
            }
        }
    });
    corpus.documents.for_each_passing(|_, d| {
        if failed.is_none() {
            row.clear();
            super::encode_doc_row(d, &mut row);
            if let Err(e) = spool.push_row(&row) {
                failed = Some(e);
            }
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    let rows = (corpus.entities.len(), corpus.documents.len());
    spool.finish(path, validity, &corpus.notices, Some((rows, lines)))
}

/// One temporary file, written and read back around the page cache ([`DirectFile`],
/// [`DirectReader`]: filling new page-cache pages is what costs on the machines measured, see
/// [`crate::cache::direct`]); removed when dropped.
struct Temp {
    path: PathBuf,
    /// `None` once read back: it is written whole before it is read.
    out: Option<DirectFile>,
}

impl Temp {
    fn create(beside: &Path, part: &str) -> io::Result<Temp> {
        let name = beside
            .file_name()
            .map_or_else(|| "names".into(), |n| n.to_string_lossy().into_owned());
        // `.search.tmpPID` at the end: what write_atomic's sweep of dead writers' files finds.
        let path = beside.with_file_name(format!("{name}-{part}.search.tmp{}", std::process::id()));
        let out = DirectFile::create(&path)?;
        Ok(Temp {
            path,
            out: Some(out),
        })
    }

    fn write_all(&mut self, b: &[u8]) -> io::Result<()> {
        match &mut self.out {
            Some(o) => o.write_all(b),
            None => Err(io::Error::other("spool written after it was read")),
        }
    }

    /// Appends everything written to `self` to `to`.
    fn copy_into(&mut self, to: &mut impl Write) -> io::Result<()> {
        self.read_through(|b| to.write_all(b))
    }

    /// Calls `f` with everything written to `self`, in pieces, in order (the writing ends
    /// with the first call).
    fn read_through(&mut self, mut f: impl FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        if let Some(o) = self.out.take() {
            drop(o.into_file()?);
        }
        let mut r = DirectReader::open(&self.path)?;
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = r.read(&mut buf)?;
            if n == 0 {
                return Ok(());
            }
            f(&buf[..n])?;
        }
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The candidates spooled so far.
struct Spool {
    records: Temp,
    letters: Temp,
    texts: Temp,
    /// The current chunk's records and letters (its checksum is over both).
    chunk: (Vec<u8>, Vec<u8>),
    sums: Vec<u64>,
    n: usize,
    text_len: u64,
    /// The entity and document rows: each one's offset in `rows`, and their bytes.
    offsets: Temp,
    rows: Temp,
    rows_n: usize,
    rows_len: u64,
}

impl Spool {
    fn create(path: &Path) -> io::Result<Spool> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        Ok(Spool {
            records: Temp::create(path, "records")?,
            letters: Temp::create(path, "letters")?,
            texts: Temp::create(path, "texts")?,
            chunk: (
                Vec::with_capacity(CHUNK * RECORD),
                Vec::with_capacity(CHUNK * 8),
            ),
            sums: Vec::new(),
            n: 0,
            text_len: 0,
            offsets: Temp::create(path, "offsets")?,
            rows: Temp::create(path, "rows")?,
            rows_n: 0,
            rows_len: 0,
        })
    }

    /// Spools the next entity or document row (its bytes as [`super::write_names`] writes
    /// them).
    fn push_row(&mut self, row: &[u8]) -> io::Result<()> {
        self.offsets.write_all(&self.rows_len.to_le_bytes())?;
        self.rows.write_all(row)?;
        self.rows_len += row.len() as u64;
        self.rows_n += 1;
        Ok(())
    }

    /// Spools `c` as [`super::write_candidates`] writes a candidate.
    fn push(&mut self, c: &Candidate) -> io::Result<()> {
        let (key, shown) = c.own_text().unwrap_or(("", ""));
        let key_len = if key == shown { 0 } else { key.len() };
        let (kind, a, line) = match c.target {
            Target::Entity(e) => (0, e, 0),
            Target::Document(d) => (1, d, 0),
            Target::Line { doc, line, .. } => (2, doc, line),
        };
        let (records, letters) = &mut self.chunk;
        records.extend_from_slice(&self.text_len.to_le_bytes());
        put_u32(records, shown.len());
        put_u32(records, key_len);
        put_u32(records, kind);
        put_u32(records, a);
        put_u32(records, line);
        put_u32(records, 0);
        letters.extend_from_slice(&crate::search::letters(key).to_le_bytes());
        self.texts.write_all(shown.as_bytes())?;
        if key_len > 0 {
            self.texts.write_all(key.as_bytes())?;
        }
        self.text_len += (shown.len() + key_len) as u64;
        self.n += 1;
        if self.n.is_multiple_of(CHUNK) {
            self.end_chunk()?;
        }
        Ok(())
    }

    fn end_chunk(&mut self) -> io::Result<()> {
        let (records, letters) = &mut self.chunk;
        if records.is_empty() {
            return Ok(());
        }
        self.sums.push(chunk_sum(records, letters));
        self.records.write_all(records)?;
        self.letters.write_all(letters)?;
        records.clear();
        letters.clear();
        Ok(())
    }

    /// Writes the file at `path` (atomically) from what is spooled, with `notices` and, for a
    /// stored search of names alone, its ((entities, documents) rows, line candidates).
    fn finish(
        mut self,
        path: &Path,
        validity: &Validity,
        notices: &[Notice],
        search: Option<((usize, usize), usize)>,
    ) -> io::Result<()> {
        self.end_chunk()?;
        let (rows, lines) = search.map_or(((0, 0), None), |(r, l)| (r, Some(l)));
        if rows.0 + rows.1 != self.rows_n {
            return Err(io::Error::other("rows spooled and counted differ"));
        }
        let meta = super::meta(validity, notices, self.n, rows, lines);
        // The rows' offsets end with their bytes' length.
        self.offsets.write_all(&self.rows_len.to_le_bytes())?;
        // What follows the letters, checksummed whole: the chunks' checksums, then the rows'
        // offsets and bytes.
        let mut sums = Vec::with_capacity(self.sums.len() * 8);
        for s in &self.sums {
            sums.extend_from_slice(&s.to_le_bytes());
        }
        let checked_len = sums.len() as u64 + (self.rows_n as u64 + 1) * 8 + self.rows_len;
        let mut sum = Checksum::new(checked_len);
        sum.update(&sums);
        for part in [&mut self.offsets, &mut self.rows] {
            part.read_through(|b| {
                sum.update(b);
                Ok(())
            })?;
        }
        let tables_len = (self.n * (RECORD + 8)) as u64 + checked_len;
        let header = super::header(&meta, tables_len, sum.finish(), self.text_len);
        super::super::file::write_atomic_direct_synced(path, "search", |f| {
            f.write_all(&header)?;
            f.write_all(&meta.buf)?;
            self.records.copy_into(f)?;
            self.letters.copy_into(f)?;
            f.write_all(&sums)?;
            self.offsets.copy_into(f)?;
            self.rows.copy_into(f)?;
            self.texts.copy_into(f)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Candidates;
    use std::sync::Arc;

    /// A generated corpus with records (`#n` paths), from the document store (entities and
    /// documents decoded on demand) as a warm open gives it.
    fn stored_corpus(tmp: &Path) -> Corpus {
        let dir = tmp.join("home").join("corpus");
        crate::dev::generate(300, 5, &dir).expect("generate");
        std::fs::write(
            dir.join("feed.jsonl"),
            "{\"title\":\"One\",\"text\":\"Ana Lopez met Bo Chan in Lima on 3 May 2020.\"}\n\
             {\"title\":\"Two\",\"text\":\"Bo Chan left Lima.\"}\n",
        )
        .expect("write");
        let paths = vec![dir.to_string_lossy().into_owned()];
        let options = crate::open::OpenOptions {
            use_cache: false,
            ..Default::default()
        };
        let c = crate::open::open(&paths, &options).expect("open").corpus;
        let store = tmp.join("c.docs");
        let validity = Validity {
            fingerprint: "f".into(),
            corrections: String::new(),
            files: vec![("a".into(), 1, 1)],
        };
        crate::cache::docstore::write(&store, &validity, &[], &[], &c.documents, &c.entities)
            .expect("stored");
        let s = crate::cache::docstore::open(&store, &validity).expect("opened");
        Corpus {
            documents: s.documents,
            entities: s.entities,
            notices: Vec::new(),
        }
    }

    #[test]
    fn the_streamed_names_file_is_the_one_written_from_the_candidates() {
        let tmp = tempfile::tempdir().expect("tmp");
        let corpus = Arc::new(stored_corpus(tmp.path()));
        assert!(corpus.entities.is_stored() && corpus.documents.is_stored());
        assert_eq!(corpus.entities.decoded_chunks(), 0);
        let home = tmp.path().join("home").to_string_lossy().into_owned();
        let validity = Validity {
            fingerprint: "test".into(),
            ..Default::default()
        };
        let streamed = tmp.path().join("streamed.names.search");
        write_names(&streamed, &validity, &corpus, Some(&home)).expect("written");
        // Nothing kept decoded by the stream.
        assert_eq!(corpus.entities.decoded_chunks(), 0);
        assert_eq!(corpus.documents.decoded_chunks(), 0);
        let paths: Vec<String> = corpus
            .documents
            .iter()
            .map(|d| crate::paths::shown(d, Some(&home)))
            .collect();
        assert!(paths.iter().all(|p| p.starts_with("~/corpus/")));
        assert!(paths.iter().any(|p| p.ends_with("feed.jsonl#2")));
        let built = Candidates::names(&corpus).with_paths(paths.iter());
        assert!(
            built.items.len() > 1_000,
            "{} candidates",
            built.items.len()
        );
        let whole = tmp.path().join("whole.names.search");
        super::super::write_candidates(&whole, &validity, &built).expect("written");
        let (a, b) = (
            std::fs::read(&streamed).expect("read"),
            std::fs::read(&whole).expect("read"),
        );
        assert!(
            a == b,
            "the streamed file differs from the one written whole"
        );
        // Several chunks (small in tests), so their checksums are checked too; and it opens.
        assert!(built.items.len() > 4 * CHUNK);
        let file = super::super::SearchFile::open(&streamed, &validity).expect("opens");
        assert_eq!(crate::search::Searchable::len(&file), built.items.len());
        // No spool left beside it.
        let left: Vec<String> = std::fs::read_dir(tmp.path())
            .expect("dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn the_streamed_stored_search_is_the_one_written_from_the_names() {
        let tmp = tempfile::tempdir().expect("tmp");
        let mut corpus = stored_corpus(tmp.path());
        corpus.notices.push(crate::model::Notice {
            path: "a.txt".into(),
            message: "skipped".into(),
        });
        let corpus = Arc::new(corpus);
        let validity = Validity {
            fingerprint: "test".into(),
            corrections: "1:2".into(),
            files: vec![("a".into(), 1, 1)],
        };
        let streamed = tmp.path().join("streamed.search");
        write_search(&streamed, &validity, &corpus, 1234).expect("written");
        assert_eq!(corpus.entities.decoded_chunks(), 0);
        assert_eq!(corpus.documents.decoded_chunks(), 0);
        let names = Candidates::names(&corpus);
        let whole = tmp.path().join("whole.search");
        super::super::write_names(&whole, &validity, &corpus, &names, 1234).expect("written");
        let (a, b) = (
            std::fs::read(&streamed).expect("read"),
            std::fs::read(&whole).expect("read"),
        );
        assert!(a == b, "the streamed stored search differs");
        // Rows and notices in it, read back.
        use super::super::Described;
        let file = super::super::SearchFile::open(&streamed, &validity).expect("opens");
        assert_eq!(file.lines_counted(), Some(1234));
        assert_eq!(file.notices, corpus.notices);
        let last = corpus.entities.len() - 1;
        assert_eq!(file.entity_row(last), names.entity_row(last));
        let doc = corpus.documents.len() - 1;
        assert_eq!(file.doc_row(doc), names.doc_row(doc));
        assert!(file.entity_row(last + 1).is_none());
    }
}
