//! Dates: one entity per normalized value; an unresolved date (no anchor: "Monday") one per
//! document and surface text (by its slug).

use super::*;

/// Groups the date mentions. Each mention's group and surface are numbers: every distinct
/// surface is hashed into the table once per mention and its slug made once, and no key string
/// is built per mention. Each batch's records are dropped once read (they and the list made
/// from them were both held whole: 24 bytes a date each).
pub(super) fn group_dates(
    chunks: Vec<Vec<DateRec>>,
    values: &input::Strings,
    surface_strs: &input::Strings,
) -> Vec<Entity> {
    let mut surfaces = Interned::default();
    // Per surface: the number of its slug among `slugs`, or NONE until an unresolved date asks.
    let mut slug_of: Vec<u32> = Vec::new();
    let mut slug_ids: FxMap<String, u32> = FxMap::default();
    let mut slugs: Vec<String> = Vec::new();
    let mut by_value: FxMap<&str, u32> = FxMap::default();
    let mut by_unresolved: FxMap<(DocId, u32), u32> = FxMap::default();
    // Per group: its value, or the document and slug of an unresolved date.
    let mut keys: Vec<(Option<&str>, DocId, u32)> = Vec::new();
    // (group, surface, mention), in the order the mentions come.
    // (The list is made to size: a corpus has millions of dates.)
    let mut recs: Vec<(u32, u32, Option<Mention>)> =
        Vec::with_capacity(chunks.iter().map(Vec::len).sum());
    for m in chunks.into_iter().flat_map(Vec::into_iter) {
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
        recs.push((group, sid, m.has_at.then_some(m.at)));
    }
    recs.sort_by_key(|r| r.0);
    let mut uses: Vec<usize> = vec![0; surfaces.strs.len()];
    let mut seen: Vec<u32> = Vec::new();
    let mut out = Vec::with_capacity(keys.len());
    let mut at = 0;
    while at < recs.len() {
        let g = recs[at].0;
        let end = at + recs[at..].partition_point(|r| r.0 == g);
        let run = &recs[at..end];
        at = end;
        let Some(&(value, doc, sl)) = keys.get(g as usize) else {
            continue;
        };
        let mut mentions: Vec<Mention> = run.iter().filter_map(|r| r.2).collect();
        mentions.sort();
        mentions.dedup();
        seen.clear();
        for r in run {
            if let Some(u) = uses.get_mut(r.1 as usize) {
                if *u == 0 {
                    seen.push(r.1);
                }
                *u += 1;
            }
        }
        let mut forms: Vec<(&str, usize)> = seen
            .iter()
            .filter_map(|&s| {
                let n = std::mem::take(uses.get_mut(s as usize)?);
                Some((*surfaces.strs.get(s as usize)?, n))
            })
            .collect();
        forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
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
            mentions: mentions.into(),
        });
    }
    out
}
