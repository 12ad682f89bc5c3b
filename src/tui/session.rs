//! The reader's session: where it was and the marks, saved per corpus in the state folder
//! (see [`crate::store`]) and put back on the next opening.
//!
//! Places are stored by document path and record (not by index), so they survive documents
//! being added or removed; a place whose document is gone is dropped.

use crate::model::Corpus;
use crate::tui::app::App;
use crate::tui::places::Pos;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A place, by document path (and record, for JSON records) and byte offset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<usize>,
    pub offset: usize,
    /// The document's index when the place was taken: looked at first (a corpus from the
    /// document store then decodes that document only), the path deciding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<usize>,
}

impl Place {
    pub fn of(corpus: &Corpus, p: Pos) -> Option<Place> {
        let d = corpus.documents.get(p.doc)?;
        Some(Place {
            path: d.path.clone(),
            record: d.record,
            offset: p.offset,
            doc: Some(p.doc),
        })
    }

    /// The position in `corpus`, if the document is still there (offset kept within it).
    pub fn resolve(&self, corpus: &Corpus) -> Option<Pos> {
        let same = |d: &&crate::model::Document| d.path == self.path && d.record == self.record;
        let hinted = self.doc.and_then(|i| corpus.documents.get(i)).filter(same);
        let d = match hinted {
            Some(d) => d,
            None => corpus.documents.iter().find(same)?,
        };
        Some(Pos {
            doc: d.id,
            offset: self.offset.min(d.text.len()),
        })
    }
}

/// Where the reader was, and the marks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub version: u32,
    #[serde(default)]
    pub place: Option<Place>,
    /// Mark letter → place.
    #[serde(default)]
    pub marks: BTreeMap<char, Place>,
}

/// The app's session: its position and marks.
pub fn capture(app: &App) -> Session {
    Session {
        version: 1,
        place: Place::of(&app.corpus, app.position()),
        marks: app
            .places
            .marks
            .iter()
            .filter_map(|(&c, &p)| Some((c, Place::of(&app.corpus, p)?)))
            .collect(),
    }
}

/// Puts the app where `s` left it: the document and position, and the marks whose documents
/// are still there.
pub fn restore(app: &mut App, s: &Session) {
    for (&c, place) in &s.marks {
        if let Some(p) = place.resolve(&app.corpus) {
            app.places.marks.insert(c, p);
        }
    }
    if let Some(p) = s.place.as_ref().and_then(|p| p.resolve(&app.corpus)) {
        app.go_to(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{read_json, write_json};

    #[test]
    fn sessions_round_trip_through_the_store() {
        let t = tempfile::tempdir().expect("tmp");
        let p = t.path().join("sub").join("a.session.json");
        assert_eq!(read_json::<Session>(&p), Ok(None));
        let mut s = Session {
            version: 1,
            ..Session::default()
        };
        s.marks.insert(
            'a',
            Place {
                path: "x.txt".into(),
                record: None,
                offset: 3,
                doc: Some(0),
            },
        );
        write_json(&p, &s).expect("writes");
        assert_eq!(read_json::<Session>(&p), Ok(Some(s)));
        // A session written before the hint reads, without one.
        std::fs::write(
            &p,
            r#"{"version":1,"marks":{"b":{"path":"y.txt","offset":2}}}"#,
        )
        .expect("writes");
        let old = read_json::<Session>(&p).ok().flatten().expect("reads");
        assert_eq!(old.marks.get(&'b').map(|m| m.doc), Some(None));
    }

    #[test]
    fn a_place_is_found_by_its_hint_or_by_its_path() {
        let docs: Vec<crate::model::Document> = ["a.txt", "b.txt", "c.txt"]
            .iter()
            .enumerate()
            .map(|(id, p)| crate::model::Document {
                id,
                path: p.to_string(),
                text: "some text".into(),
                ..Default::default()
            })
            .collect();
        let corpus = Corpus {
            documents: docs.into(),
            ..Default::default()
        };
        let place = |doc| Place {
            path: "c.txt".into(),
            record: None,
            offset: 4,
            doc,
        };
        // The hint right, wrong (the corpus changed), absent: the path decides.
        for hint in [Some(2), Some(0), Some(9), None] {
            assert_eq!(place(hint).resolve(&corpus).map(|p| p.doc), Some(2));
        }
        let gone = Place {
            path: "d.txt".into(),
            ..place(Some(1))
        };
        assert_eq!(gone.resolve(&corpus), None);
    }
}
