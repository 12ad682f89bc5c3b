//! The analyst's corrections to what extraction found: rename an entity, merge it into another,
//! split a wrongly merged alias off it, change its kind, or hide it.
//!
//! Corrections are a list of operations replayed in order over the extracted entities
//! ([`apply`]), on every load and after every re-extraction, so they are keyed by what survives
//! re-extraction: the entity's stable id (`person:ana-torres`), with the names it had when the
//! correction was made as a fallback (an entity whose id changed is found again by its name or
//! an alias). An operation whose entity is gone is skipped and counted.
//!
//! The file is JSON, per corpus in the state directory (`<key>.corrections.json`, see
//! [`crate::state`]) or wherever `--annotations FILE` says:
//!
//! ```json
//! { "version": 1, "corrections": [
//!   { "op": "rename", "id": "person:a-torres", "names": ["A. Torres"], "name": "Ana Torres" },
//!   { "op": "merge", "id": "person:torres", "names": ["Torres"], "into": "person:a-torres",
//!     "into_names": ["Ana Torres"] },
//!   { "op": "split", "id": "place:lima", "names": ["Lima"], "alias": "Lima Airport" },
//!   { "op": "kind", "id": "person:quito", "names": ["Quito"], "kind": "place" },
//!   { "op": "hide", "id": "person:someday", "names": ["Someday"] }
//! ] }
//! ```
//!
//! Ids stay stable through renames and merges (the surviving entity keeps its id); a kind change
//! gives the entity the id of its new kind (`place:quito`) unless that id is taken; a split-off
//! alias becomes an entity of the same kind with its own id.

use crate::analyze::text::{fold, slug};
use crate::model::{Document, Entity, EntityKind, Mention};
use serde::{Deserialize, Serialize};

/// One correction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Correction {
    Rename {
        id: String,
        #[serde(default)]
        names: Vec<String>,
        name: String,
    },
    Merge {
        id: String,
        #[serde(default)]
        names: Vec<String>,
        into: String,
        #[serde(default)]
        into_names: Vec<String>,
    },
    Split {
        id: String,
        #[serde(default)]
        names: Vec<String>,
        alias: String,
    },
    Kind {
        id: String,
        #[serde(default)]
        names: Vec<String>,
        kind: EntityKind,
    },
    Hide {
        id: String,
        #[serde(default)]
        names: Vec<String>,
    },
}

impl Correction {
    /// The id of the entity it changes.
    pub fn id(&self) -> &str {
        match self {
            Correction::Rename { id, .. }
            | Correction::Merge { id, .. }
            | Correction::Split { id, .. }
            | Correction::Kind { id, .. }
            | Correction::Hide { id, .. } => id,
        }
    }

    fn names(&self) -> &[String] {
        match self {
            Correction::Rename { names, .. }
            | Correction::Merge { names, .. }
            | Correction::Split { names, .. }
            | Correction::Kind { names, .. }
            | Correction::Hide { names, .. } => names,
        }
    }
}

/// The names an entity goes by (name first, then aliases), recorded with a correction.
pub fn names_of(e: &Entity) -> Vec<String> {
    let mut n = vec![e.name.clone()];
    n.extend(e.aliases.iter().cloned());
    n
}

/// Every correction of a corpus, in the order made.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Corrections {
    pub version: u32,
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

impl Corrections {
    pub fn is_empty(&self) -> bool {
        self.corrections.is_empty()
    }
}

/// What [`apply`] gives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub entities: Vec<Entity>,
    /// Hidden entities (corrected as far as they got before being hidden).
    pub hidden: Vec<Entity>,
    /// Corrections whose entity was not found.
    pub skipped: usize,
}

/// The entity a correction means: by id, else by one of the names it had.
fn find(entities: &[Entity], id: &str, names: &[String]) -> Option<usize> {
    if let Some(i) = entities.iter().position(|e| e.id == id) {
        return Some(i);
    }
    let kind = id.split_once(':').map(|(k, _)| k);
    let wanted: Vec<String> = names.iter().map(|n| fold(n).to_lowercase()).collect();
    if wanted.is_empty() {
        return None;
    }
    entities.iter().position(|e| {
        kind.is_none_or(|k| k == e.kind.as_str())
            && names_of(e)
                .iter()
                .any(|n| wanted.contains(&fold(n).to_lowercase()))
    })
}

/// An id for `kind` and `name` not used by any of `entities`.
fn fresh_id(entities: &[Entity], kind: EntityKind, name: &str) -> String {
    let base = format!("{}:{}", kind.as_str(), slug(name));
    let mut id = base.clone();
    let mut n = 2;
    while entities.iter().any(|e| e.id == id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Replays `c` over `entities` (the extractor's output), reading mention texts from `docs`.
pub fn apply(mut entities: Vec<Entity>, docs: &[Document], c: &Corrections) -> Applied {
    let mut hidden = Vec::new();
    let mut skipped = 0;
    for op in &c.corrections {
        let Some(i) = find(&entities, op.id(), op.names()) else {
            skipped += 1;
            continue;
        };
        match op {
            Correction::Rename { name, .. } => {
                let name = name.trim();
                if name.is_empty() {
                    skipped += 1;
                    continue;
                }
                let e = &mut entities[i];
                if e.name != name {
                    let old = std::mem::replace(&mut e.name, name.to_string());
                    e.aliases.retain(|a| a != name);
                    if !e.aliases.contains(&old) {
                        e.aliases.push(old);
                    }
                }
            }
            Correction::Merge {
                into, into_names, ..
            } => {
                let Some(j) = find(&entities, into, into_names).filter(|&j| j != i) else {
                    skipped += 1;
                    continue;
                };
                let from = entities.remove(i);
                let j = if j > i { j - 1 } else { j };
                let target = &mut entities[j];
                for n in names_of(&from) {
                    if n != target.name && !target.aliases.contains(&n) {
                        target.aliases.push(n);
                    }
                }
                target.mentions.extend(from.mentions);
                target.mentions.sort();
                target.mentions.dedup();
            }
            Correction::Split { alias, .. } => {
                let want = fold(alias).to_lowercase();
                let surface = |m: &Mention| {
                    docs.get(m.doc())
                        .and_then(|d| d.text.get(m.start()..m.end()))
                        .map(|t| fold(t).to_lowercase())
                };
                let e = &mut entities[i];
                if fold(&e.name).to_lowercase() == want {
                    skipped += 1;
                    continue;
                }
                let (off, keep): (Vec<Mention>, Vec<Mention>) = e
                    .mentions
                    .iter()
                    .partition(|m| surface(m).is_some_and(|s| s == want));
                if off.is_empty() {
                    skipped += 1;
                    continue;
                }
                e.mentions = keep;
                e.aliases.retain(|a| fold(a).to_lowercase() != want);
                let kind = e.kind;
                let value = if kind == EntityKind::Date {
                    e.value.clone()
                } else {
                    None
                };
                let id = fresh_id(&entities, kind, alias);
                entities.push(Entity {
                    id,
                    kind,
                    name: alias.clone(),
                    value,
                    aliases: Vec::new(),
                    mentions: off,
                });
            }
            Correction::Kind { kind, .. } => {
                if entities[i].kind == *kind {
                    continue;
                }
                let slug_part = entities[i]
                    .id
                    .split_once(':')
                    .map_or(entities[i].id.clone(), |(_, s)| s.to_string());
                let new_id = format!("{}:{slug_part}", kind.as_str());
                let taken = entities.iter().any(|e| e.id == new_id);
                let e = &mut entities[i];
                e.kind = *kind;
                if !taken {
                    e.id = new_id;
                }
                if *kind != EntityKind::Date {
                    e.value = None;
                }
            }
            Correction::Hide { .. } => hidden.push(entities.remove(i)),
        }
    }
    Applied {
        entities,
        hidden,
        skipped,
    }
}

/// Reads corrections from `path`: empty when the file does not exist, an error message when it
/// cannot be read or parsed.
pub fn load(path: &std::path::Path) -> Result<Corrections, String> {
    Ok(crate::store::read_json(path)?.unwrap_or_default())
}

/// Writes corrections to `path` atomically.
pub fn save(path: &std::path::Path, c: &Corrections) -> std::io::Result<()> {
    let mut c = c.clone();
    c.version = 1;
    crate::store::write_json(path, &c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, SourceMap};

    const TEXT: &str =
        "Ana Torres met A. Torres and Torres in Quito near Lima Airport. Lima slept.";

    fn doc() -> Document {
        Document {
            id: 0,
            path: "t.txt".into(),
            record: None,
            format: Format::Text,
            title: "t".into(),
            date: None,
            date_inferred: false,
            url: None,
            text: TEXT.into(),
            body_start: 0,
            source_map: SourceMap::identity(),
            ..Default::default()
        }
    }

    fn ent(id: &str, kind: EntityKind, name: &str, forms: &[&str]) -> Entity {
        let mut mentions: Vec<Mention> = forms
            .iter()
            .flat_map(|f| {
                TEXT.match_indices(f)
                    .filter_map(|(i, m)| Mention::new(0, i, i + m.len()))
            })
            .collect();
        // Longest first at a start, then overlaps dropped (as the index does).
        mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        mentions.dedup_by(|a, b| a.start < b.end && b.start < a.end);
        Entity {
            id: id.into(),
            kind,
            name: name.into(),
            value: None,
            aliases: forms
                .iter()
                .filter(|f| **f != name)
                .map(|f| f.to_string())
                .collect(),
            mentions,
        }
    }

    fn entities() -> Vec<Entity> {
        vec![
            ent(
                "person:ana-torres",
                EntityKind::Person,
                "Ana Torres",
                &["Ana Torres"],
            ),
            ent(
                "person:a-torres",
                EntityKind::Person,
                "A. Torres",
                &["A. Torres"],
            ),
            ent("person:quito", EntityKind::Person, "Quito", &["Quito"]),
            ent(
                "place:lima",
                EntityKind::Place,
                "Lima",
                &["Lima Airport", "Lima"],
            ),
        ]
    }

    fn run(ops: Vec<Correction>) -> Applied {
        apply(
            entities(),
            &[doc()],
            &Corrections {
                version: 1,
                corrections: ops,
            },
        )
    }

    fn by_id<'a>(a: &'a Applied, id: &str) -> &'a Entity {
        a.entities
            .iter()
            .find(|e| e.id == id)
            .unwrap_or_else(|| panic!("{id} in {:?}", a.entities))
    }

    #[test]
    fn rename_keeps_the_id_and_the_old_name_as_an_alias() {
        let a = run(vec![Correction::Rename {
            id: "person:a-torres".into(),
            names: vec![],
            name: "Dr. Ana Torres".into(),
        }]);
        let e = by_id(&a, "person:a-torres");
        assert_eq!(e.name, "Dr. Ana Torres");
        assert!(e.aliases.contains(&"A. Torres".to_string()));
    }

    #[test]
    fn merge_moves_mentions_and_names_into_the_target() {
        let a = run(vec![Correction::Merge {
            id: "person:a-torres".into(),
            names: vec![],
            into: "person:ana-torres".into(),
            into_names: vec![],
        }]);
        assert_eq!(a.entities.len(), 3);
        let e = by_id(&a, "person:ana-torres");
        assert_eq!(e.mentions.len(), 2);
        assert!(e.mentions.windows(2).all(|w| w[0] < w[1]), "sorted");
        assert!(e.aliases.contains(&"A. Torres".to_string()));
    }

    #[test]
    fn split_moves_the_alias_mentions_to_a_new_entity() {
        let a = run(vec![Correction::Split {
            id: "place:lima".into(),
            names: vec![],
            alias: "Lima Airport".into(),
        }]);
        let lima = by_id(&a, "place:lima");
        assert_eq!(lima.mentions.len(), 1);
        assert!(lima.aliases.is_empty());
        let airport = by_id(&a, "place:lima-airport");
        assert_eq!(airport.kind, EntityKind::Place);
        assert_eq!(airport.mentions.len(), 1);
        assert_eq!(&TEXT[airport.mentions[0].range()], "Lima Airport");
        // Splitting the name itself, or an alias never seen, changes nothing.
        let b = run(vec![Correction::Split {
            id: "place:lima".into(),
            names: vec![],
            alias: "lima".into(),
        }]);
        assert_eq!(b.skipped, 1);
    }

    #[test]
    fn kind_changes_and_hide_removes() {
        let a = run(vec![
            Correction::Kind {
                id: "person:quito".into(),
                names: vec![],
                kind: EntityKind::Place,
            },
            Correction::Hide {
                id: "person:a-torres".into(),
                names: vec![],
            },
        ]);
        let q = by_id(&a, "place:quito");
        assert_eq!(q.kind, EntityKind::Place);
        assert_eq!(a.hidden.len(), 1);
        assert_eq!(a.hidden[0].id, "person:a-torres");
        assert!(a.entities.iter().all(|e| e.id != "person:a-torres"));
    }

    #[test]
    fn a_changed_id_is_found_by_name_and_a_gone_entity_is_skipped() {
        let a = run(vec![
            Correction::Hide {
                id: "person:torres-a".into(),
                names: vec!["a. torres".into()],
            },
            Correction::Hide {
                id: "person:nobody".into(),
                names: vec!["Nobody".into()],
            },
        ]);
        assert_eq!(a.hidden.len(), 1);
        assert_eq!(a.skipped, 1);
    }

    #[test]
    fn the_file_round_trips_and_damage_is_an_error() {
        let t = tempfile::tempdir().expect("tmp");
        let p = t.path().join("c.json");
        assert_eq!(load(&p), Ok(Corrections::default()));
        let c = Corrections {
            version: 1,
            corrections: vec![Correction::Kind {
                id: "person:quito".into(),
                names: vec!["Quito".into()],
                kind: EntityKind::Place,
            }],
        };
        save(&p, &c).expect("saves");
        let text = std::fs::read_to_string(&p).expect("reads");
        assert!(text.contains("\"op\": \"kind\""), "{text}");
        assert_eq!(load(&p), Ok(c));
        std::fs::write(&p, "[1,2").expect("writes");
        assert!(load(&p).is_err());
    }
}
