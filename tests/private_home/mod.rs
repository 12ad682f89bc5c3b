//! A private cache and state folder for a test binary that holds one test, and a folder of
//! documents to write into: the tests that open through the cache must not share the user's
//! (or each other's) cache.

// Each test binary that includes this uses a part of it.
#![allow(dead_code)]

use std::path::PathBuf;

pub struct PrivateHome {
    pub home: tempfile::TempDir,
    pub docs: tempfile::TempDir,
}

impl PrivateHome {
    /// Sets `XDG_CACHE_HOME` and `XDG_STATE_HOME` for the whole process: call it before any
    /// thread of the test binary starts (it holds one test).
    pub fn new() -> PrivateHome {
        let home = tempfile::tempdir().expect("tmp");
        let docs = tempfile::tempdir().expect("tmp");
        std::env::set_var("XDG_CACHE_HOME", home.path().join("cache"));
        std::env::set_var("XDG_STATE_HOME", home.path().join("state"));
        PrivateHome { home, docs }
    }

    /// Writes a document `name` with `text` in the documents' folder.
    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.doc(name), text).expect("write");
    }

    /// The path of document `name`.
    pub fn doc(&self, name: &str) -> PathBuf {
        self.docs.path().join(name)
    }

    /// The documents' folder as the paths given to `open`.
    pub fn paths(&self) -> Vec<String> {
        vec![self.docs.path().to_string_lossy().into_owned()]
    }

    /// docent's own cache folder.
    pub fn cache(&self) -> PathBuf {
        self.home.path().join("cache").join("docent")
    }
}
