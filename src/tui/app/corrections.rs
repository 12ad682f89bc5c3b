//! Corrections from the Entities pane: rename (`r`), merge into another entity (`M`, a fuzzy
//! picker of targets), split an alias off (`A`), change the kind (`K`), hide (`x`) and list the
//! hidden ones to restore them (`X`). Each correction is appended to [`Edits::corrections`] and
//! the whole list is replayed over the extracted entities ([`crate::corrections::apply`]), so
//! what the screen shows is exactly what the next load will show. Saving is the event loop's
//! job ([`Edits::dirty`]); this module does no I/O.

use super::*;
use crate::corrections::{names_of, Correction};
use crate::search::Query;
use crate::tui::overlays::picker::PICK_LIMIT;

impl App {
    /// The entity selected in the Entities pane.
    pub(crate) fn selected_entity(&self) -> Option<usize> {
        match self.entities.rows.get(self.entities.nav.selected) {
            Some(EntityRow::Entity { entity, .. }) => Some(*entity),
            _ => None,
        }
    }

    /// r, M, A, K, x, X in Entities.
    pub(crate) fn correction_action(&mut self, a: Action) {
        if a == Action::ShowHidden {
            if self.edits.hidden.is_empty() {
                self.message = Some("no hidden entities".into());
                return;
            }
            self.open_picker(PickFor::Restore, "Hidden entities: Enter restores".into());
            return;
        }
        let Some(e) = self.selected_entity() else {
            self.message = Some("select an entity in Entities first".into());
            return;
        };
        let Some(ent) = self.corpus.entities.get(e).cloned() else {
            return;
        };
        let label = crate::sanitize::clean_line(&entity_label(&ent)).into_owned();
        match a {
            Action::Rename => {
                self.open_picker(PickFor::Rename(e), format!("Rename {label} to…"));
                if let Some(p) = &mut self.picker {
                    p.input = TextInput::editing(&ent.name);
                }
            }
            Action::Merge => self.open_picker(PickFor::Merge(e), format!("Merge {label} into…")),
            Action::SplitAlias => {
                if ent.aliases.is_empty() {
                    self.message = Some(format!("{label} has no alias to split off"));
                    return;
                }
                self.open_picker(PickFor::Split(e), format!("Split off from {label}…"));
            }
            Action::ChangeKind => self.open_picker(PickFor::Kind(e), format!("{label} is a…")),
            Action::Hide => {
                self.commit_correction(Correction::Hide {
                    id: ent.id.clone(),
                    names: names_of(&ent),
                });
                let how = self
                    .settings
                    .keymap
                    .key_label(crate::tui::keymap::Context::Entities, Action::ShowHidden)
                    .map(|k| format!(" ({k} lists hidden entities)"))
                    .unwrap_or_default();
                self.message = Some(format!("hidden: {label}{how}"));
            }
            _ => {}
        }
    }

    pub(crate) fn open_picker(&mut self, purpose: PickFor, title: String) {
        self.picker = Some(Picker {
            purpose,
            title,
            input: TextInput::editing(""),
            items: Vec::new(),
            nav: ListNav::default(),
        });
        self.refresh_picker();
    }

    /// Recomputes the picker's rows from its input.
    pub(crate) fn refresh_picker(&mut self) {
        let Some(p) = &self.picker else { return };
        let q = Query::parse(&p.input.text);
        let scored = |label: &str| q.match_text(label);
        let mut items: Vec<(i64, PickItem)> = Vec::new();
        let entity_item = |e: &Entity, value: PickValue| -> Option<(i64, PickItem)> {
            let label = entity_label(e);
            let (score, positions) = scored(&label).or_else(|| {
                e.aliases
                    .iter()
                    .filter_map(|a| scored(a))
                    .max()
                    .map(|(s, _)| (s, Vec::new()))
            })?;
            Some((
                score,
                PickItem {
                    label,
                    kind: Some(e.kind),
                    positions,
                    count: Some(e.mentions.len()),
                    value,
                },
            ))
        };
        match &p.purpose {
            PickFor::Rename(_) => {}
            PickFor::Merge(e) => {
                let kind = self.corpus.entities.get(*e).map(|x| x.kind);
                for (i, other) in self.corpus.entities.iter().enumerate() {
                    if i != *e && Some(other.kind) == kind {
                        items.extend(entity_item(other, PickValue::Entity(i)));
                    }
                }
            }
            PickFor::Restore => {
                for (i, h) in self.edits.hidden.iter().enumerate() {
                    items.extend(entity_item(h, PickValue::Hidden(i)));
                }
            }
            PickFor::Split(e) => {
                if let Some(ent) = self.corpus.entities.get(*e) {
                    for a in &ent.aliases {
                        let Some((score, positions)) = scored(a) else {
                            continue;
                        };
                        let n = self.surface_count(ent, a);
                        items.push((
                            score,
                            PickItem {
                                label: a.clone(),
                                kind: Some(ent.kind),
                                positions,
                                count: Some(n),
                                value: PickValue::Alias(a.clone()),
                            },
                        ));
                    }
                }
            }
            PickFor::Kind(e) => {
                let cur = self.corpus.entities.get(*e).map(|x| x.kind);
                for k in EntityKind::ALL {
                    if Some(k) == cur {
                        continue;
                    }
                    if let Some((score, positions)) = scored(k.as_str()) {
                        items.push((
                            score,
                            PickItem {
                                label: k.as_str().to_string(),
                                kind: Some(k),
                                positions,
                                count: None,
                                value: PickValue::Kind(k),
                            },
                        ));
                    }
                }
            }
        }
        // Best match first; without a query, most mentioned first (kinds keep their order).
        items.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(b.1.count.unwrap_or(0).cmp(&a.1.count.unwrap_or(0)))
                .then(a.1.label.cmp(&b.1.label))
        });
        items.truncate(PICK_LIMIT);
        if let Some(p) = &mut self.picker {
            p.items = items.into_iter().map(|(_, i)| i).collect();
            p.nav = ListNav::default();
        }
    }

    /// Mentions of `ent` whose text is `form` (accents and case folded).
    pub(crate) fn surface_count(&self, ent: &Entity, form: &str) -> usize {
        let want = crate::analyze::text::fold(form).to_lowercase();
        ent.mentions
            .iter()
            .filter(|m| {
                self.corpus
                    .documents
                    .get(m.doc())
                    .and_then(|d| d.text.get(m.start()..m.end()))
                    .is_some_and(|t| crate::analyze::text::fold(t).to_lowercase() == want)
            })
            .count()
    }

    /// A key in the picker: `typed` is the printable char when the key has no action.
    pub(crate) fn picker_key(&mut self, action: Option<Action>, typed: Option<char>) {
        if self
            .picker
            .as_mut()
            .is_some_and(|p| p.input.edit(action, typed))
        {
            self.refresh_picker();
            return;
        }
        let Some(a) = action else {
            return;
        };
        match a {
            Action::ForceQuit => self.quit = true,
            Action::Cancel => self.picker = None,
            Action::Accept => self.accept_picker(),
            Action::SelectNext | Action::SelectPrev | Action::PageDown | Action::PageUp => {
                let h = self.palette_list_height();
                let Some(p) = &mut self.picker else { return };
                let mv = match a {
                    Action::SelectNext => Action::Down,
                    Action::SelectPrev => Action::Up,
                    other => other,
                };
                p.nav.selected = moved(p.nav.selected, p.items.len(), h, mv);
                let len = p.items.len();
                p.nav.scroll_into_view(len, h);
            }
            _ => {}
        }
    }

    pub(crate) fn accept_picker(&mut self) {
        let Some(p) = self.picker.take() else { return };
        let chosen = p.items.get(p.nav.selected).map(|i| i.value.clone());
        let ent = |app: &App, e: usize| app.corpus.entities.get(e).cloned();
        let label = |e: &Entity| crate::sanitize::clean_line(&entity_label(e)).into_owned();
        match (p.purpose, chosen) {
            (PickFor::Rename(e), _) => {
                let name = p.input.query().to_string();
                let Some(x) = ent(self, e) else { return };
                if name.is_empty() || name == x.name {
                    self.message = Some("name unchanged".into());
                    return;
                }
                self.commit_correction(Correction::Rename {
                    id: x.id.clone(),
                    names: names_of(&x),
                    name: name.clone(),
                });
                self.message = Some(format!(
                    "renamed {} to {}",
                    label(&x),
                    crate::sanitize::clean_line(&name)
                ));
            }
            (PickFor::Merge(e), Some(PickValue::Entity(t))) => {
                let (Some(x), Some(y)) = (ent(self, e), ent(self, t)) else {
                    return;
                };
                self.commit_correction(Correction::Merge {
                    id: x.id.clone(),
                    names: names_of(&x),
                    into: y.id.clone(),
                    into_names: names_of(&y),
                });
                self.message = Some(format!("merged {} into {}", label(&x), label(&y)));
            }
            (PickFor::Split(e), Some(PickValue::Alias(a))) => {
                let Some(x) = ent(self, e) else { return };
                self.commit_correction(Correction::Split {
                    id: x.id.clone(),
                    names: names_of(&x),
                    alias: a.clone(),
                });
                self.message = Some(format!(
                    "split {} off {}",
                    crate::sanitize::clean_line(&a),
                    label(&x)
                ));
            }
            (PickFor::Kind(e), Some(PickValue::Kind(k))) => {
                let Some(x) = ent(self, e) else { return };
                self.commit_correction(Correction::Kind {
                    id: x.id.clone(),
                    names: names_of(&x),
                    kind: k,
                });
                self.message = Some(format!("{} is now a {}", label(&x), k.as_str()));
            }
            (PickFor::Restore, Some(PickValue::Hidden(h))) => {
                let Some(x) = self.edits.hidden.get(h).cloned() else {
                    return;
                };
                let names = names_of(&x);
                self.edits.corrections.corrections.retain(|c| match c {
                    Correction::Hide { id, names: n } => {
                        *id != x.id && !n.iter().any(|a| names.contains(a))
                    }
                    _ => true,
                });
                self.reapply_corrections();
                self.message = Some(format!("restored {}", label(&x)));
            }
            _ => self.message = Some("nothing chosen".into()),
        }
    }

    /// Appends `c` and replays every correction.
    pub fn commit_correction(&mut self, c: Correction) {
        self.edits.corrections.corrections.push(c);
        self.reapply_corrections();
    }

    /// Replays the corrections over the extracted entities and swaps the result in, keeping the
    /// active entity and the selection on the entity that now holds their mention.
    pub(crate) fn reapply_corrections(&mut self) {
        let base = match &self.edits.base {
            Some(b) => Arc::clone(b),
            None => {
                let b = Arc::new(self.corpus.entities.to_vec());
                self.edits.base = Some(Arc::clone(&b));
                b
            }
        };
        let probe = |app: &App, e: Option<usize>| -> Option<Mention> {
            app.corpus.entities.get(e?)?.mentions.first().copied()
        };
        let active_mention = self.active.and_then(|a| {
            self.corpus
                .entities
                .get(a.entity)?
                .mentions
                .get(a.mention)
                .copied()
        });
        let selected = probe(self, self.selected_entity());
        let applied = crate::corrections::apply(
            (*base).clone(),
            &self.corpus.documents,
            &self.edits.corrections,
        );
        self.edits.hidden = applied.hidden;
        self.edits.dirty = true;
        let corpus = crate::model::Corpus {
            // The texts are shared (an `Arc`), never copied: a correction costs the entities.
            documents: self.corpus.documents.clone(),
            entities: applied.entities.into(),
            notices: self.corpus.notices.clone(),
        };
        self.replace_corpus(corpus);
        let holder = |app: &App, m: Mention| {
            app.corpus
                .entities
                .iter()
                .enumerate()
                .find_map(|(i, e)| e.mentions.binary_search(&m).ok().map(|k| (i, k)))
        };
        self.active = active_mention
            .and_then(|m| holder(self, m))
            .map(|(entity, mention)| Active { entity, mention });
        self.rebuild_entities();
        if let Some((e, _)) = selected.and_then(|m| holder(self, m)) {
            self.select_entity_row(e);
        }
    }
}
