//! The palette's names file ([`crate::open::names_location`]) written as a stream: each
//! candidate (entity names, aliases and date forms, titles, shown paths) made, spooled and
//! dropped, in [`crate::search::Candidates::names`]`.with_paths(..)`'s order, so the file is
//! the one [`super::write_candidates`] writes from those candidates, byte for byte, without
//! them all in memory (at a million documents ~5 million strings, ~2 GB with the decoded
//! entities and documents). The cold build writes it ([`after_cold_build`]), so the reader's
//! first palette query maps it rather than building every name.
//!
//! The layout puts the candidates' count (meta) and fixed-size tables before their texts, so
//! the records, the letters and the texts are spooled to three temporary files beside the
//! file (named as [`super::super::file::write_atomic`]'s temporaries, so those of a killed
//! writer are removed by the next write) and copied into it once the count is known; only
//! one chunk's records and each chunk's checksum stay in memory.

use super::{chunk_sum, put_u32, Validity, CHUNK, RECORD};
use crate::cache::codec::checksum;
use crate::model::Corpus;
use crate::search::{Candidate, Target};
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Writes the names file of a corpus a cold build has just stored and opened (`opened`, after
/// its corrections), where the reader looks for it; errors cost only the first palette
/// query's speed (the reader builds the names as before), so they are not said.
pub fn after_cold_build(
    paths: &[String],
    options: &crate::open::OpenOptions,
    opened: &crate::open::Opened,
) {
    let home = crate::paths::home();
    if let Some((path, validity)) =
        crate::open::names_location(paths, options, opened, home.as_deref())
    {
        let _ = write_names(&path, &validity, &opened.corpus, home.as_deref());
    }
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
    spool.finish(path, validity)
}

/// One temporary file, removed when dropped.
struct Temp {
    path: PathBuf,
    out: BufWriter<File>,
}

impl Temp {
    fn create(beside: &Path, part: &str) -> io::Result<Temp> {
        let name = beside
            .file_name()
            .map_or_else(|| "names".into(), |n| n.to_string_lossy().into_owned());
        // `.search.tmpPID` at the end: what write_atomic's sweep of dead writers' files finds.
        let path = beside.with_file_name(format!("{name}-{part}.search.tmp{}", std::process::id()));
        let file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)?;
        Ok(Temp {
            path,
            out: BufWriter::with_capacity(1 << 20, file),
        })
    }

    /// Appends everything written to `self` to `to`.
    fn copy_into(&mut self, to: &mut impl Write) -> io::Result<()> {
        self.out.flush()?;
        let f = self.out.get_mut();
        f.rewind()?;
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = f.read(&mut buf)?;
            if n == 0 {
                return Ok(());
            }
            to.write_all(&buf[..n])?;
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
        })
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
        self.texts.out.write_all(shown.as_bytes())?;
        if key_len > 0 {
            self.texts.out.write_all(key.as_bytes())?;
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
        self.records.out.write_all(records)?;
        self.letters.out.write_all(letters)?;
        records.clear();
        letters.clear();
        Ok(())
    }

    /// Writes the file at `path` (atomically) from what is spooled.
    fn finish(mut self, path: &Path, validity: &Validity) -> io::Result<()> {
        self.end_chunk()?;
        // No notices, no entity or document rows: as write_candidates.
        let meta = super::meta(validity, &[], self.n, (0, 0), None);
        // What follows the letters: the chunks' checksums, then the rows' offsets (one: none).
        let mut checked = Vec::with_capacity(self.sums.len() * 8 + 8);
        for s in &self.sums {
            checked.extend_from_slice(&s.to_le_bytes());
        }
        checked.extend_from_slice(&0u64.to_le_bytes());
        let tables_len = (self.n * (RECORD + 8) + checked.len()) as u64;
        let header = super::header(&meta, tables_len, checksum(&checked), self.text_len);
        super::super::file::write_atomic(path, "search", |f| {
            f.write_all(&header)?;
            f.write_all(&meta.buf)?;
            self.records.copy_into(f)?;
            self.letters.copy_into(f)?;
            f.write_all(&checked)?;
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
}
