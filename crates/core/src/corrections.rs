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
//! [`crate::store`]) or wherever `--annotations FILE` says:
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
//!
//! Replaying indexes the entities by id and by folded name once, so it is linear in corrections
//! plus names (20,000 stale corrections used to cost seconds per open). The file may be shared
//! or damaged, so it is not trusted: at most [`MAX_FILE_BYTES`], [`MAX_CORRECTIONS`]
//! corrections, names and ids of at most [`MAX_NAME_CHARS`] characters, each limit with a
//! notice ([`load_with_notices`]). Saving merges ([`save_merged`]): under a lock, the file is
//! read again and only this reader's changes are applied to it, so two readers on one corpus
//! never erase each other's corrections; a symbolic link is written through to its target.

use crate::analyze::text::{fold, slug};
use crate::model::{Documents, Entity, EntityKind, Mention};
use serde::{Deserialize, Serialize};

/// One correction.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// The longest name, alias or id a correction may carry (in characters); longer ones come from
/// a damaged or hostile file and are not applied (a 10 MB "name" would be indexed and searched).
pub const MAX_NAME_CHARS: usize = 300;
/// The most recorded names (`names`, `into_names`) one correction keeps.
pub const MAX_NAMES: usize = 64;
/// The most corrections one file applies.
pub const MAX_CORRECTIONS: usize = 100_000;
/// The largest corrections file read.
pub const MAX_FILE_BYTES: u64 = 16 << 20;
/// How long a save waits for another docent saving the same file.
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// What [`apply`] gives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub entities: Vec<Entity>,
    /// Hidden entities (corrected as far as they got before being hidden).
    pub hidden: Vec<Entity>,
    /// Corrections whose entity was not found, or that would do nothing or carry a name over
    /// [`MAX_NAME_CHARS`].
    pub skipped: usize,
}

fn key(name: &str) -> String {
    fold(name).to_lowercase()
}

fn too_long(s: &str) -> bool {
    s.len() > MAX_NAME_CHARS && s.chars().count() > MAX_NAME_CHARS
}

/// The entities being corrected, with what finds them fast: slots that keep their index (a
/// removed entity leaves `None`, a new one goes at the end, so slot order is list order), and
/// maps from id and from folded name to the slots that have them. Replaying is then linear in
/// corrections plus names, where scanning every entity for every correction took seconds.
struct Table {
    slots: Vec<Option<Entity>>,
    by_id: std::collections::HashMap<String, std::collections::BTreeSet<usize>>,
    by_name: std::collections::HashMap<String, std::collections::BTreeSet<usize>>,
}

impl Table {
    fn new(entities: Vec<Entity>) -> Table {
        let mut t = Table {
            slots: Vec::with_capacity(entities.len()),
            by_id: std::collections::HashMap::with_capacity(entities.len()),
            by_name: std::collections::HashMap::with_capacity(entities.len() * 2),
        };
        for e in entities {
            t.push(e);
        }
        t
    }

    fn push(&mut self, e: Entity) -> usize {
        let i = self.slots.len();
        self.by_id.entry(e.id.clone()).or_default().insert(i);
        for n in names_of(&e) {
            self.by_name.entry(key(&n)).or_default().insert(i);
        }
        self.slots.push(Some(e));
        i
    }

    fn get(&self, i: usize) -> Option<&Entity> {
        self.slots.get(i).and_then(Option::as_ref)
    }

    fn get_mut(&mut self, i: usize) -> Option<&mut Entity> {
        self.slots.get_mut(i).and_then(Option::as_mut)
    }

    fn remove(&mut self, i: usize) -> Option<Entity> {
        let e = self.slots.get_mut(i)?.take()?;
        if let Some(s) = self.by_id.get_mut(&e.id) {
            s.remove(&i);
        }
        for n in names_of(&e) {
            if let Some(s) = self.by_name.get_mut(&key(&n)) {
                s.remove(&i);
            }
        }
        Some(e)
    }

    fn id_taken(&self, id: &str) -> bool {
        self.by_id.get(id).is_some_and(|s| !s.is_empty())
    }

    fn set_id(&mut self, i: usize, id: String) {
        let Some(e) = self.slots.get_mut(i).and_then(Option::as_mut) else {
            return;
        };
        let old = std::mem::replace(&mut e.id, id.clone());
        if let Some(s) = self.by_id.get_mut(&old) {
            s.remove(&i);
        }
        self.by_id.entry(id).or_default().insert(i);
    }

    fn add_name(&mut self, i: usize, name: &str) {
        self.by_name.entry(key(name)).or_default().insert(i);
    }

    /// The entity a correction means: by id, else the first (in list order) of the kind its
    /// id names having one of the names it had.
    fn find(&self, id: &str, names: &[String]) -> Option<usize> {
        if let Some(&i) = self.by_id.get(id).and_then(|s| s.first()) {
            return Some(i);
        }
        let kind = id.split_once(':').map(|(k, _)| k);
        names
            .iter()
            .filter_map(|n| {
                self.by_name.get(&key(n))?.iter().copied().find(|&i| {
                    self.get(i)
                        .is_some_and(|e| kind.is_none_or(|k| k == e.kind.as_str()))
                })
            })
            .min()
    }

    /// An id for `kind` and `name` not used by any entity.
    fn fresh_id(&self, kind: EntityKind, name: &str) -> String {
        let base = format!("{}:{}", kind.as_str(), slug(name));
        let mut id = base.clone();
        let mut n = 2;
        while self.id_taken(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    fn into_entities(self) -> Vec<Entity> {
        self.slots.into_iter().flatten().collect()
    }
}

/// Replays `c` over `entities` (the extractor's output), reading mention texts from `docs`.
/// A correction whose entity is gone, or whose new name or alias is over [`MAX_NAME_CHARS`],
/// is skipped and counted.
pub fn apply(entities: Vec<Entity>, docs: &Documents, c: &Corrections) -> Applied {
    let mut t = Table::new(entities);
    let mut hidden = Vec::new();
    let mut skipped = 0;
    for op in &c.corrections {
        let Some(i) = t.find(op.id(), op.names()) else {
            skipped += 1;
            continue;
        };
        match op {
            Correction::Rename { name, .. } => {
                let name = name.trim();
                if name.is_empty() || too_long(name) {
                    skipped += 1;
                    continue;
                }
                let Some(e) = t.get_mut(i) else { continue };
                if e.name != name {
                    let old = std::mem::replace(&mut e.name, name.to_string());
                    e.aliases.retain(|a| a != name);
                    if !e.aliases.contains(&old) {
                        e.aliases.push(old);
                    }
                    t.add_name(i, name);
                }
            }
            Correction::Merge {
                into, into_names, ..
            } => {
                let Some(j) = t.find(into, into_names).filter(|&j| j != i) else {
                    skipped += 1;
                    continue;
                };
                let Some(from) = t.remove(i) else { continue };
                let Some(target) = t.get_mut(j) else { continue };
                let mut known: std::collections::HashSet<String> =
                    target.aliases.iter().cloned().collect();
                known.insert(target.name.clone());
                let mut added = Vec::new();
                for n in names_of(&from) {
                    if known.insert(n.clone()) {
                        target.aliases.push(n.clone());
                        added.push(n);
                    }
                }
                let list = target.mentions.make_mut();
                list.extend(from.mentions.iter());
                list.sort();
                list.dedup();
                for n in added {
                    t.add_name(j, &n);
                }
            }
            Correction::Split { alias, .. } => {
                if too_long(alias) {
                    skipped += 1;
                    continue;
                }
                let want = key(alias);
                let surface = |m: &Mention| {
                    docs.get(m.doc())
                        .and_then(|d| d.text.get(m.start()..m.end()))
                        .map(key)
                };
                let Some(e) = t.get_mut(i) else { continue };
                if key(&e.name) == want {
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
                e.mentions = keep.into();
                e.aliases.retain(|a| key(a) != want);
                let kind = e.kind;
                let value = if kind == EntityKind::Date {
                    e.value.clone()
                } else {
                    None
                };
                if let Some(s) = t.by_name.get_mut(&want) {
                    s.remove(&i);
                }
                let id = t.fresh_id(kind, alias);
                t.push(Entity {
                    id,
                    kind,
                    name: alias.clone(),
                    value,
                    aliases: Vec::new(),
                    mentions: off.into(),
                });
            }
            Correction::Kind { kind, .. } => {
                let Some(e) = t.get(i) else { continue };
                if e.kind == *kind {
                    continue;
                }
                let slug_part =
                    e.id.split_once(':')
                        .map_or(e.id.clone(), |(_, s)| s.to_string());
                let new_id = format!("{}:{slug_part}", kind.as_str());
                let taken = t.id_taken(&new_id);
                if let Some(e) = t.get_mut(i) {
                    e.kind = *kind;
                    if *kind != EntityKind::Date {
                        e.value = None;
                    }
                }
                if !taken {
                    t.set_id(i, new_id);
                }
            }
            Correction::Hide { .. } => hidden.extend(t.remove(i)),
        }
    }
    Applied {
        entities: t.into_entities(),
        hidden,
        skipped,
    }
}

/// Parses a corrections file (a UTF-8 byte order mark allowed) and applies the limits: a
/// correction naming something over [`MAX_NAME_CHARS`] is dropped, recorded names are kept to
/// [`MAX_NAMES`] of at most that length, and only the first [`MAX_CORRECTIONS`] count. Each
/// limit that bit gives a notice.
pub fn parse(bytes: &[u8]) -> Result<(Corrections, Vec<String>), String> {
    let c: Corrections = crate::store::parse_json(bytes)?;
    Ok(limit(c))
}

/// Applies the limits [`parse`] describes.
pub fn limit(mut c: Corrections) -> (Corrections, Vec<String>) {
    let mut notices = Vec::new();
    let total = c.corrections.len();
    if total > MAX_CORRECTIONS {
        c.corrections.truncate(MAX_CORRECTIONS);
        notices.push(format!(
            "{total} corrections: only the first {MAX_CORRECTIONS} are applied"
        ));
    }
    let before = c.corrections.len();
    c.corrections.retain(|op| {
        let payload = match op {
            Correction::Rename { name, .. } => Some(name),
            Correction::Merge { into, .. } => Some(into),
            Correction::Split { alias, .. } => Some(alias),
            Correction::Kind { .. } | Correction::Hide { .. } => None,
        };
        !too_long(op.id()) && !payload.is_some_and(|p| too_long(p))
    });
    let long = before - c.corrections.len();
    if long > 0 {
        notices.push(format!(
            "{long} correction(s) with a name or id over {MAX_NAME_CHARS} characters ignored"
        ));
    }
    let mut trimmed = 0;
    let mut trim = |names: &mut Vec<String>| {
        let n = names.len();
        names.retain(|x| !too_long(x));
        names.truncate(MAX_NAMES);
        trimmed += n - names.len();
    };
    for op in &mut c.corrections {
        match op {
            Correction::Merge {
                names, into_names, ..
            } => {
                trim(names);
                trim(into_names);
            }
            Correction::Rename { names, .. }
            | Correction::Split { names, .. }
            | Correction::Kind { names, .. }
            | Correction::Hide { names, .. } => trim(names),
        }
    }
    if trimmed > 0 {
        notices.push(format!(
            "{trimmed} recorded name(s) over {MAX_NAME_CHARS} characters or past {MAX_NAMES} per \
             correction ignored"
        ));
    }
    (c, notices)
}

/// Reads corrections from `path`: empty when the file does not exist, an error message when it
/// cannot be read or parsed or is over [`MAX_FILE_BYTES`]; the limits of [`parse`] applied,
/// with their notices.
pub fn load_with_notices(path: &std::path::Path) -> Result<(Corrections, Vec<String>), String> {
    crate::store::clean_stale_temps(path);
    match crate::store::read_bytes(path, MAX_FILE_BYTES)? {
        None => Ok((Corrections::default(), Vec::new())),
        Some(bytes) => parse(&bytes).map_err(|e| format!("{}: damaged ({e})", path.display())),
    }
}

/// [`load_with_notices`] without the notices.
pub fn load(path: &std::path::Path) -> Result<Corrections, String> {
    load_with_notices(path).map(|(c, _)| c)
}

/// Writes corrections to `path` atomically, replacing what is there (see [`save_merged`] to
/// keep what another docent saved meanwhile).
pub fn save(path: &std::path::Path, c: &Corrections) -> std::io::Result<()> {
    let mut c = c.clone();
    c.version = 1;
    crate::store::write_json(path, &c)
}

/// Why corrections were not saved; the message says so loudly, for the status line and the
/// exit message.
#[derive(Debug)]
pub enum SaveError {
    /// The file or its folder cannot be written (read-only, permissions, not a folder, disk
    /// full).
    Unwritable {
        path: std::path::PathBuf,
        error: std::io::Error,
    },
    /// Another docent held the lock for longer than [`LOCK_WAIT`].
    Locked {
        path: std::path::PathBuf,
        error: std::io::Error,
    },
    /// The file on disk cannot be read or parsed any more (changed by hand meanwhile): it is
    /// not overwritten.
    Damaged {
        path: std::path::PathBuf,
        message: String,
    },
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Unwritable { path, error } => write!(
                f,
                "corrections NOT saved: cannot write {} ({error}); they last only as long as \
                 this session (make the folder writable or use --annotations FILE)",
                path.display()
            ),
            SaveError::Locked { error, .. } => {
                write!(f, "corrections NOT saved yet: {error}; saving again later")
            }
            SaveError::Damaged { path, message } => write!(
                f,
                "corrections NOT saved: {} cannot be read any more ({message}); fix or remove it",
                path.display()
            ),
        }
    }
}

impl std::error::Error for SaveError {}

/// Saves corrections without losing another reader's: under a lock on the file, re-reads it,
/// applies what changed since `saved` (corrections added to `current` are appended unless
/// already there, corrections removed from it are removed), and writes the result atomically
/// (through a symbolic link to its target). `saved` is what this reader last loaded or saved;
/// the merged list is returned (limits applied) and becomes the new `saved` and `current`.
pub fn save_merged(
    path: &std::path::Path,
    saved: &Corrections,
    current: &Corrections,
) -> Result<Corrections, SaveError> {
    save_merged_waiting(path, saved, current, LOCK_WAIT)
}

/// [`save_merged`], waiting up to `wait` for another writer's lock.
fn save_merged_waiting(
    path: &std::path::Path,
    saved: &Corrections,
    current: &Corrections,
    wait: std::time::Duration,
) -> Result<Corrections, SaveError> {
    let unwritable = |error: std::io::Error| SaveError::Unwritable {
        path: path.to_path_buf(),
        error,
    };
    let target = crate::store::resolve_link(path).map_err(unwritable)?;
    let _lock = crate::store::lock(&target, wait).map_err(|error| {
        if error.kind() == std::io::ErrorKind::WouldBlock {
            SaveError::Locked {
                path: path.to_path_buf(),
                error,
            }
        } else {
            unwritable(error)
        }
    })?;
    let damaged = |message: String| SaveError::Damaged {
        path: path.to_path_buf(),
        message,
    };
    let on_disk: Vec<Correction> = match crate::store::read_bytes(&target, MAX_FILE_BYTES) {
        Ok(None) => Vec::new(),
        Ok(Some(bytes)) => {
            crate::store::parse_json::<Corrections>(&bytes)
                .map_err(damaged)?
                .corrections
        }
        Err(e) => return Err(damaged(e)),
    };
    let merged = Corrections {
        version: 1,
        corrections: merge(on_disk, &saved.corrections, &current.corrections),
    };
    crate::store::write_json(&target, &merged).map_err(unwritable)?;
    Ok(limit(merged).0)
}

/// `disk` with the changes from `saved` to `current`: each correction removed (as many times
/// as it was) removed from `disk`, each added appended unless `disk` has it.
fn merge(disk: Vec<Correction>, saved: &[Correction], current: &[Correction]) -> Vec<Correction> {
    use std::collections::HashMap;
    fn count(list: &[Correction]) -> HashMap<&Correction, isize> {
        let mut m: HashMap<&Correction, isize> = HashMap::new();
        for c in list {
            *m.entry(c).or_default() += 1;
        }
        m
    }
    let (had, has) = (count(saved), count(current));
    // Corrections to remove, with how many times.
    let mut removed: HashMap<&Correction, isize> = had
        .iter()
        .filter_map(|(c, n)| {
            let gone = n - has.get(c).copied().unwrap_or(0);
            (gone > 0).then_some((*c, gone))
        })
        .collect();
    let mut out: Vec<Correction> = Vec::with_capacity(disk.len() + current.len());
    for c in disk {
        if let Some(n) = removed.get_mut(&c).filter(|n| **n > 0) {
            *n -= 1;
            continue;
        }
        out.push(c);
    }
    let mut present: HashMap<Correction, isize> = HashMap::new();
    for c in &out {
        *present.entry(c.clone()).or_default() += 1;
    }
    let mut seen: HashMap<&Correction, isize> = HashMap::new();
    for c in current {
        let k = seen.entry(c).or_default();
        *k += 1;
        // The k-th copy of `c` in `current` is new if `saved` had fewer than k.
        if *k > had.get(c).copied().unwrap_or(0) {
            let p = present.entry(c.clone()).or_default();
            if *p > 0 {
                *p -= 1; // another reader saved the same correction
            } else {
                out.push(c.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, SourceMap};

    const TEXT: &str =
        "Ana Torres met A. Torres and Torres in Quito near Lima Airport. Lima slept.";

    fn doc() -> crate::model::Document {
        crate::model::Document {
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
            mentions: mentions.into(),
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
            &vec![doc()].into(),
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

    fn hide(id: &str) -> Correction {
        Correction::Hide {
            id: id.into(),
            names: vec![],
        }
    }

    fn list(ops: &[Correction]) -> Corrections {
        Corrections {
            version: 1,
            corrections: ops.to_vec(),
        }
    }

    /// Two readers opened the same corpus; each saved only its own list, so the last save
    /// erased the other's corrections.
    #[test]
    fn two_readers_keep_each_others_corrections() {
        let t = tempfile::tempdir().expect("tmp");
        let p = t.path().join("c.json");
        save(&p, &list(&[hide("person:old")])).expect("saves");
        let a_saved = load(&p).expect("loads");
        let b_saved = load(&p).expect("loads");
        // A hides x, B hides y: both stay.
        let mut a = a_saved.clone();
        a.corrections.push(hide("person:x"));
        let a_saved = save_merged(&p, &a_saved, &a).expect("A saves");
        let mut b = b_saved.clone();
        b.corrections.push(hide("person:y"));
        let b_saved = save_merged(&p, &b_saved, &b).expect("B saves");
        assert_eq!(
            load(&p).expect("loads").corrections,
            [hide("person:old"), hide("person:x"), hide("person:y")]
        );
        assert_eq!(b_saved, load(&p).expect("loads"), "B now has A's too");
        // A restores old (removes its hide) and saves again: y stays, old goes.
        let mut a = a_saved.clone();
        a.corrections.retain(|c| *c != hide("person:old"));
        save_merged(&p, &a_saved, &a).expect("A saves");
        assert_eq!(
            load(&p).expect("loads").corrections,
            [hide("person:x"), hide("person:y")]
        );
        // The same correction made by both is kept once.
        let mut b = b_saved.clone();
        b.corrections.push(hide("person:x"));
        save_merged(&p, &b_saved, &b).expect("B saves");
        assert_eq!(load(&p).expect("loads").corrections.len(), 2);
    }

    #[test]
    fn concurrent_saves_lose_nothing() {
        let t = tempfile::tempdir().expect("tmp");
        let p = t.path().join("c.json");
        std::thread::scope(|s| {
            for w in 0..4 {
                let p = &p;
                s.spawn(move || {
                    let mut saved = Corrections::default();
                    for i in 0..15 {
                        let mut now = saved.clone();
                        now.corrections.push(hide(&format!("person:w{w}-{i}")));
                        // Sixty saves queue on one lock: on a loaded machine one writer may
                        // wait past LOCK_WAIT, which is not what this test is about.
                        let wait = std::time::Duration::from_secs(120);
                        saved = save_merged_waiting(p, &saved, &now, wait).expect("saves");
                    }
                });
            }
        });
        assert_eq!(load(&p).expect("loads").corrections.len(), 60);
        let left: Vec<_> = std::fs::read_dir(t.path()).expect("ls").collect();
        assert_eq!(left.len(), 1, "no lock or temporary file left");
    }

    #[test]
    fn a_file_damaged_meanwhile_is_not_overwritten_and_errors_are_loud() {
        let t = tempfile::tempdir().expect("tmp");
        let p = t.path().join("c.json");
        std::fs::write(&p, "{ hand edited").expect("writes");
        let err = save_merged(&p, &Corrections::default(), &list(&[hide("person:x")]))
            .expect_err("damaged");
        assert!(matches!(err, SaveError::Damaged { .. }), "{err:?}");
        assert!(err.to_string().contains("NOT saved"), "{err}");
        assert_eq!(std::fs::read_to_string(&p).expect("reads"), "{ hand edited");
        // A folder that cannot be made (a file in the way), even for root.
        let blocked = t.path().join("file");
        std::fs::write(&blocked, "").expect("writes");
        let err = save_merged(
            &blocked.join("c.json"),
            &Corrections::default(),
            &list(&[hide("person:x")]),
        )
        .expect_err("unwritable");
        assert!(matches!(err, SaveError::Unwritable { .. }), "{err:?}");
        assert!(err.to_string().contains("NOT saved"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn merged_saves_write_through_a_symbolic_link() {
        let t = tempfile::tempdir().expect("tmp");
        let target = t.path().join("team.json");
        let link = t.path().join("mine.json");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        save_merged(&link, &Corrections::default(), &list(&[hide("person:x")])).expect("saves");
        assert!(std::fs::symlink_metadata(&link)
            .expect("stat")
            .file_type()
            .is_symlink());
        assert_eq!(load(&target).expect("loads").corrections.len(), 1);
    }
}
