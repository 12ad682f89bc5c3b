//! Dates: one entity per normalized value; an unresolved date (no anchor: "Monday") one per
//! document and surface text (by its slug).
//!
//! The dates are grouped as settling reads each batch, on a thread of their own ([`Dates`]):
//! each mention's group is numbered as it comes and (group, mention) given to a [`Sink`] (a
//! file when linking spills), each (group, surface) counted; the groups' lists are then
//! sorted as the names' are ([`postings::lists`]: on disk when spilled). So no batch's date
//! records are held past its settling (they were all held until the end of settling, then
//! listed again for a sort: ~48 bytes a date, ~1.4 GB at a million documents).

use super::settled::Sink;
use super::*;
use std::path::PathBuf;
use std::sync::mpsc;

/// The dates' grouping, fed a batch at a time.
pub(super) struct Dates {
    tx: mpsc::SyncSender<Vec<DateRec>>,
    done: std::thread::JoinHandle<Option<Vec<Entity>>>,
}

impl Dates {
    /// Starts the grouping over the strings the records number; the (group, mention) records
    /// go to a file in `spill` when given, else to a list made for `n` mentions. `None` when
    /// no thread can be started.
    pub(super) fn start(
        values: input::Strings,
        surfaces: input::Strings,
        spill: Option<PathBuf>,
        n: usize,
    ) -> Option<Dates> {
        // Two batches in flight at most: settling never gets far ahead of the grouping.
        let (tx, rx) = mpsc::sync_channel::<Vec<DateRec>>(2);
        let done = std::thread::Builder::new()
            .name("docent-dates".into())
            .spawn(move || {
                let sink = Sink::new(spill.as_deref(), n);
                let got = group_dates(rx.into_iter(), &values, &surfaces, sink);
                crate::phase::thread_done("dates grouped");
                got
            })
            .ok()?;
        Some(Dates { tx, done })
    }

    /// Gives one batch's dates, in document order.
    pub(super) fn add(&self, batch: Vec<DateRec>) -> Option<()> {
        self.tx.send(batch).ok()
    }

    /// The date entities once every batch is given; `None` when a file did not read back.
    pub(super) fn finish(self) -> Option<Vec<Entity>> {
        drop(self.tx);
        self.done
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))
    }
}

/// Groups the date mentions, each batch dropped once read. Each mention's group and surface
/// are numbers: every distinct surface is hashed into the table once per mention and its slug
/// made once, and no key string is built per mention.
fn group_dates(
    batches: impl Iterator<Item = Vec<DateRec>>,
    values: &input::Strings,
    surface_strs: &input::Strings,
    mut sink: Sink,
) -> Option<Vec<Entity>> {
    let mut surfaces = Interned::default();
    // Per surface: the number of its slug among `slugs`, or NONE until an unresolved date asks.
    let mut slug_of: Vec<u32> = Vec::new();
    let mut slug_ids: FxMap<String, u32> = FxMap::default();
    let mut slugs: Vec<String> = Vec::new();
    let mut by_value: FxMap<&str, u32> = FxMap::default();
    let mut by_unresolved: FxMap<(DocId, u32), u32> = FxMap::default();
    // Per group: its value, or the document and slug of an unresolved date.
    let mut keys: Vec<(Option<&str>, DocId, u32)> = Vec::new();
    // Per (group, surface): its mentions, counted with those that have no place in a text.
    let mut uses: FxMap<(u32, u32), u32> = FxMap::default();
    for batch in batches {
        for m in batch {
            let doc = m.at.doc as DocId;
            let surface = surface_strs.get(m.surface);
            let sid = surfaces.intern(surface);
            let n = keys.len() as u32;
            let group = if m.value != NONE {
                let v = values.get(m.value);
                *by_value.entry(v).or_insert_with(|| {
                    keys.push((Some(v), 0, NONE));
                    n
                })
            } else {
                if slug_of.len() <= sid as usize {
                    slug_of.resize(sid as usize + 1, NONE);
                }
                if slug_of[sid as usize] == NONE {
                    let s = slug(surface);
                    let k = slugs.len() as u32;
                    slug_of[sid as usize] = *slug_ids.entry(s).or_insert_with_key(|s| {
                        slugs.push(s.clone());
                        k
                    });
                }
                let sl = slug_of[sid as usize];
                *by_unresolved.entry((doc, sl)).or_insert_with(|| {
                    keys.push((None, doc, sl));
                    n
                })
            };
            *uses.entry((group, sid)).or_default() += 1;
            if m.has_at {
                sink.give(group, m.at)?;
            }
        }
    }
    drop((by_value, by_unresolved, slug_of, slug_ids));
    let mut lists = postings::lists(sink)?;
    let mut uses: Vec<(u32, u32, u32)> = uses.into_iter().map(|((g, s), n)| (g, s, n)).collect();
    uses.sort_unstable();
    let mut out = Vec::with_capacity(keys.len());
    let mut at = 0;
    for (g, &(value, doc, sl)) in keys.iter().enumerate() {
        let end = at + uses[at..].partition_point(|r| r.0 as usize == g);
        let mut forms: Vec<(&str, usize)> = uses[at..end]
            .iter()
            .filter_map(|&(_, s, n)| Some((*surfaces.strs.get(s as usize)?, n as usize)))
            .collect();
        at = end;
        forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let mentions = if g < lists.len() {
            lists.take(g)
        } else {
            Vec::new().into()
        };
        let name = match value {
            Some(v) => v.to_string(),
            None => forms.first().map(|f| f.0.to_string()).unwrap_or_default(),
        };
        let id = match value {
            Some(v) => format!("date:{v}"),
            None => format!(
                "date:unresolved:{doc}:{}",
                slugs.get(sl as usize).map_or("", |s| s.as_str())
            ),
        };
        out.push(Entity {
            id,
            kind: EntityKind::Date,
            value: value.map(str::to_string),
            aliases: forms
                .into_iter()
                .filter(|f| f.0 != name)
                .map(|f| f.0.to_string())
                .collect(),
            name,
            mentions,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(doc: u32, start: u32, value: u32, surface: u32, has_at: bool) -> DateRec {
        DateRec {
            at: Mention {
                doc,
                start,
                end: start + 5,
            },
            has_at,
            value,
            surface,
        }
    }

    /// The dates fed in two batches, grouped with their records in memory or in a file.
    fn grouped(spill: Option<PathBuf>) -> Vec<Entity> {
        let (mut values, mut surfaces) = (input::Strings::default(), input::Strings::default());
        let v = values.intern("2024-01-05");
        let (jan, january, monday) = (
            surfaces.intern("Jan 5"),
            surfaces.intern("January 5"),
            surfaces.intern("Monday"),
        );
        let d = Dates::start(values, surfaces, spill, 0).expect("a thread");
        d.add(vec![
            rec(0, 0, v, january, true),
            rec(1, 9, NONE, monday, true),
        ])
        .expect("taken");
        d.add(vec![
            rec(1, 3, v, jan, true),
            rec(1, 3, v, jan, true),
            rec(2, 1, NONE, monday, true),
            rec(2, 8, v, jan, false),
        ])
        .expect("taken");
        d.finish().expect("grouped")
    }

    #[test]
    fn dates_group_alike_in_memory_and_on_disk() {
        let mem = grouped(None);
        let dir = std::env::temp_dir().join(format!("docent-dates-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a folder");
        let disk = grouped(Some(dir.clone()));
        let _ = std::fs::remove_dir_all(&dir);
        let seen = |es: &[Entity]| -> Vec<(String, String, Vec<String>, Vec<Mention>)> {
            es.iter()
                .map(|e| {
                    let ms: &[Mention] = &e.mentions;
                    (e.id.clone(), e.name.clone(), e.aliases.clone(), ms.to_vec())
                })
                .collect()
        };
        assert_eq!(seen(&mem), seen(&disk));
        let m = |doc, start| Mention {
            doc,
            start,
            end: start + 5,
        };
        assert_eq!(
            seen(&mem),
            vec![
                (
                    "date:2024-01-05".to_string(),
                    "2024-01-05".to_string(),
                    // "Jan 5" three times (once with no place in a text), "January 5" once.
                    vec!["Jan 5".to_string(), "January 5".to_string()],
                    // The repeated mention once, in document order.
                    vec![m(0, 0), m(1, 3)],
                ),
                (
                    "date:unresolved:1:monday".to_string(),
                    "Monday".to_string(),
                    vec![],
                    vec![m(1, 9)],
                ),
                (
                    "date:unresolved:2:monday".to_string(),
                    "Monday".to_string(),
                    vec![],
                    vec![m(2, 1)],
                ),
            ]
        );
    }
}
