//! Rebuilding the Sources and Entities rows from filters, scope and sort.

use super::*;

impl App {
    pub(crate) fn rebuild_sources(&mut self) {
        let selected_doc = self
            .sources
            .rows
            .get(self.sources.nav.selected)
            .map(|r| r.doc);
        self.sources.rows = match &self.sources.matches {
            None => (0..self.corpus.documents.len())
                .map(|doc| SourceRow {
                    doc,
                    positions: Vec::new(),
                    path_positions: Vec::new(),
                    line: None,
                })
                .collect(),
            Some(ms) => ms
                .iter()
                .filter(|m| m.doc < self.corpus.documents.len())
                .map(|m| SourceRow {
                    doc: m.doc,
                    positions: m.title_positions.clone(),
                    path_positions: m.path_positions.clone(),
                    line: m.line.clone(),
                })
                .collect(),
        };
        self.sources.nav.selected = if self.sources.filter.editing {
            0
        } else {
            selected_doc
                .or(Some(self.reader.doc))
                .and_then(|d| self.sources.rows.iter().position(|r| r.doc == d))
                .unwrap_or(0)
        };
        self.refresh_across_rows();
    }

    /// Rebuilds the Entities rows from scope, sort and filter, keeping the selected entity.
    pub fn rebuild_entities(&mut self) {
        let keep = match self.entities.rows.get(self.entities.nav.selected) {
            Some(EntityRow::Entity { entity, .. }) => Some(*entity),
            _ => None,
        };
        let corpus = Arc::clone(&self.corpus);
        let entities = &corpus.entities;
        // Kinds, counts and (stored) ranks come from the store's rows: a warm open decodes
        // only the entities on screen.
        let items: Vec<(usize, usize)> = match self.entities.scope {
            Scope::Document => self.index.entities_of(self.reader.doc).collect(),
            Scope::Corpus => (0..entities.len())
                .map(|i| (i, entities.mention_count(i)))
                .collect(),
        };
        let filter = self.entities.matches.as_ref();
        let score = |e: usize| filter.and_then(|f| f.get(&e)).map(|m| m.score);
        type Group = (&'static str, EntityKind, Vec<(usize, usize)>);
        // One group per kind, in the kind table's order, then the dates with no value.
        let mut groups: Vec<Group> = crate::model::KINDS
            .iter()
            .map(|k| (k.plural, k.kind, Vec::new()))
            .collect();
        let unresolved = groups.len();
        groups.push(("Unresolved dates", EntityKind::Date, Vec::new()));
        for (e, count) in items {
            let Some(kind) = entities.kind(e) else {
                continue;
            };
            if !self.settings.kinds.contains(&kind) {
                continue;
            }
            if filter.is_some() && score(e).is_none() {
                continue;
            }
            let g = match kind {
                EntityKind::Date if !entities.has_value(e) => unresolved,
                kind => kind.index(),
            };
            groups[g].2.push((e, count));
        }
        // Stored ranks order as the names (dates: their values) do, then the number; owned
        // entities, or a row that does not read, are ordered by their names.
        let ranked = |list: &[(usize, usize)]| {
            list.iter()
                .map(|&(e, _)| entities.rank(e))
                .collect::<Option<Vec<(u32, u32)>>>()
        };
        let name_key = |e: usize| {
            entities
                .get(e)
                .map(|x| x.name.to_lowercase())
                .unwrap_or_default()
        };
        for (gi, (_, _, list)) in groups.iter_mut().enumerate() {
            let ranks = if filter.is_some() { None } else { ranked(list) };
            if let Some(ranks) = ranks {
                let rank: std::collections::HashMap<usize, (u32, u32)> =
                    list.iter().map(|&(e, _)| e).zip(ranks).collect();
                let r = |e: usize| rank.get(&e).copied().unwrap_or_default();
                if gi == EntityKind::Date.index() {
                    list.sort_by_key(|&(e, _)| r(e).1);
                } else {
                    match self.entities.sort {
                        Sort::Count => list.sort_by_key(|&(e, c)| (std::cmp::Reverse(c), r(e).0)),
                        Sort::Name => list.sort_by_key(|&(e, _)| r(e).0),
                    }
                }
            } else if gi == EntityKind::Date.index() {
                list.sort_by_cached_key(|&(e, _)| {
                    let v = entities
                        .get(e)
                        .and_then(|x| x.value.clone())
                        .unwrap_or_default();
                    (date_key(&v), e)
                });
            } else if filter.is_some() {
                list.sort_by_key(|&(e, c)| (std::cmp::Reverse(score(e)), std::cmp::Reverse(c), e));
            } else {
                match self.entities.sort {
                    Sort::Count => {
                        list.sort_by_cached_key(|&(e, c)| (std::cmp::Reverse(c), name_key(e), e))
                    }
                    Sort::Name => list.sort_by_cached_key(|&(e, _)| (name_key(e), e)),
                }
            }
        }
        let mut rows = Vec::new();
        for (label, kind, list) in groups {
            if list.is_empty() {
                continue;
            }
            let collapsed = self.entities.collapsed.contains(&label);
            rows.push(EntityRow::Header {
                label,
                kind,
                count: list.len(),
                collapsed,
            });
            if collapsed {
                continue;
            }
            for (e, count) in list {
                let positions = filter
                    .and_then(|f| f.get(&e))
                    .map(|m| m.name_positions.clone())
                    .unwrap_or_default();
                rows.push(EntityRow::Entity {
                    entity: e,
                    count,
                    positions,
                });
            }
        }
        self.entities.rows = rows;
        let target = self.active.map(|a| a.entity).or(keep);
        let pos = target.and_then(|t| {
            self.entities
                .rows
                .iter()
                .position(|r| matches!(r, EntityRow::Entity { entity, .. } if *entity == t))
        });
        self.entities.nav.selected = match pos {
            Some(p) if !self.entities.filter.editing => p,
            _ => self.first_entity_row_from(0).unwrap_or(0),
        };
    }
}
