//! Matching jobs for the worker: queued with a generation, stale ones cancelled, results applied
//! only when they are the latest.

use super::*;

impl App {
    /// Matching requests queued since the last call.
    pub fn take_jobs(&mut self) -> Vec<Job> {
        std::mem::take(&mut self.jobs)
    }

    /// What the event loop must do after the updates so far, each asked once: run the queued
    /// match jobs, save changed corrections, suspend, quit.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        let mut out: Vec<Effect> = self.take_jobs().into_iter().map(Effect::Match).collect();
        if self.edits.dirty {
            self.edits.dirty = false;
            out.push(Effect::SaveCorrections);
        }
        if let Some(text) = self.copy.take() {
            out.push(Effect::Copy(text));
        }
        if std::mem::take(&mut self.suspend) {
            out.push(Effect::Suspend);
        }
        if self.quit {
            out.push(Effect::Quit);
        }
        out
    }

    /// True while a job's result is awaited.
    pub fn busy(&self) -> bool {
        self.outstanding.values().any(|o| o.cancel.is_some())
    }

    pub(crate) fn send_job(&mut self, kind: JobKind, query: String) {
        self.generation += 1;
        let slot = self.outstanding.entry(kind_key(&kind)).or_default();
        if let Some(old) = slot.cancel.take() {
            old.store(true, Ordering::Relaxed);
        }
        let cancel = Arc::new(AtomicBool::new(false));
        slot.generation = self.generation;
        slot.cancel = Some(Arc::clone(&cancel));
        self.jobs.retain(|j| j.kind.slot() != kind.slot());
        self.jobs.push(Job {
            kind,
            generation: self.generation,
            query,
            cancel,
        });
    }

    pub(crate) fn cancel_job(&mut self, kind: JobKind) {
        if let Some(slot) = self.outstanding.get_mut(kind_key(&kind)) {
            if let Some(c) = slot.cancel.take() {
                c.store(true, Ordering::Relaxed);
            }
            slot.generation = u64::MAX;
        }
        self.jobs.retain(|j| j.kind.slot() != kind.slot());
    }

    pub(crate) fn is_current(&mut self, kind: JobKind, generation: u64) -> bool {
        match self.outstanding.get_mut(kind_key(&kind)) {
            Some(slot) if slot.generation == generation => {
                slot.cancel = None;
                true
            }
            _ => false,
        }
    }

    pub(crate) fn on_result(&mut self, r: JobResult) {
        match r {
            JobResult::Palette {
                generation,
                items,
                names,
                names_done,
                done,
                total,
                note,
            } => {
                // Partial results leave the job outstanding (still cancellable).
                let current = if done {
                    self.is_current(JobKind::Palette, generation)
                } else {
                    self.outstanding
                        .get(kind_key(&JobKind::Palette))
                        .is_some_and(|s| s.generation == generation)
                };
                if !current {
                    return;
                }
                let Some(p) = &mut self.palette else { return };
                if p.items_generation != generation {
                    p.nav = ListNav::default();
                } else if let Some(sel) = p.items.get(p.nav.selected) {
                    // The same query refined (its lines arriving): the selection stays on
                    // what it was on, so the list never moves under the cursor.
                    let t = sel.target;
                    if let Some(i) = items.iter().position(|i| i.target == t) {
                        p.nav.selected = i;
                    } else {
                        p.nav.selected = p.nav.selected.min(items.len().saturating_sub(1));
                    }
                }
                p.items = items;
                p.names = names;
                p.total = total;
                p.note = note;
                p.items_generation = generation;
                p.pending = !done;
                p.names_pending = !names_done;
                if p.accept_when_ready && (done || names_done && p.nav.selected < p.names) {
                    // Enter waited: what is selected is final now.
                    p.accept_when_ready = false;
                    self.palette_action(Action::Accept);
                }
            }
            JobResult::Sources {
                generation,
                matches,
                note,
            } => {
                if !self.is_current(JobKind::Sources { text: false }, generation) {
                    return;
                }
                self.sources.matches = Some(matches);
                self.sources.note = note.clone();
                if let Some(n) = note {
                    self.message = Some(n);
                }
                self.rebuild_sources();
            }
            JobResult::Entities {
                generation,
                matches,
            } => {
                if !self.is_current(JobKind::Entities, generation) {
                    return;
                }
                self.entities.matches = Some(matches.into_iter().map(|m| (m.entity, m)).collect());
                self.rebuild_entities();
            }
            JobResult::FindDocs {
                generation,
                docs,
                note,
            } => self.on_docs(generation, docs, note),
            JobResult::WordsReady => {
                self.docs_index_ready();
                // A text filter that waited for the index runs again.
                if self.sources.text_mode && self.sources.note.is_some() {
                    self.sources.note = None;
                    let q = self.sources.filter.text.trim().to_string();
                    if !q.is_empty() {
                        self.send_job(JobKind::Sources { text: true }, q);
                    }
                }
                // Lines waited for the word index: ask again.
                let waiting = self
                    .palette
                    .as_ref()
                    // (The open document's lines may be shown meanwhile: the note says
                    // the others waited, "lines: indexing the text…".)
                    .filter(|p| {
                        !p.pending && p.note.as_deref().is_some_and(|n| n.contains("lines: "))
                    })
                    .map(|p| p.input.query().to_string())
                    .filter(|q| !q.is_empty());
                if let Some(q) = waiting {
                    if let Some(p) = &mut self.palette {
                        p.pending = true;
                    }
                    self.send_job(JobKind::Palette, q);
                }
            }
        }
    }

    /// Swaps in a corpus with corrected entities: the index is rebuilt, the worker told, the
    /// Entities filter run again; overlays holding entity indices close.
    pub(crate) fn replace_corpus(&mut self, corpus: Corpus) {
        self.corpus = Arc::new(corpus);
        self.index = Index::build(&self.corpus);
        self.panel = None;
        self.palette = None;
        self.cancel_job(JobKind::Palette);
        self.jobs.push(Job {
            kind: JobKind::Reload(crate::tui::worker::SharedCorpus(Arc::clone(&self.corpus))),
            generation: 0,
            query: String::new(),
            cancel: Arc::new(AtomicBool::new(false)),
        });
        self.entities.matches = None;
        let q = self.entities.filter.text.trim().to_string();
        if q.is_empty() {
            self.cancel_job(JobKind::Entities);
        } else {
            self.send_job(JobKind::Entities, q);
        }
        self.rebuild_entities();
    }

    /// Swaps in the corpus opened again after its files changed on disk (see
    /// [`crate::tui::refresh`]): the reader stays where it was (by document path, as a
    /// session is restored), with its marks, settings and screen size; the worker is told.
    /// What the user was doing carries over ([`App::carry_over`]): the check can land seconds
    /// after the first frame, in the middle of typing a query.
    pub fn refreshed(&mut self, opened: crate::open::Opened) {
        let session = crate::tui::session::capture(self);
        for slot in self.outstanding.values_mut() {
            if let Some(c) = slot.cancel.take() {
                c.store(true, Ordering::Relaxed);
            }
        }
        let corpus = Arc::new(opened.corpus);
        let theme = self.theme.clone();
        let mut next = match opened.index {
            Some(index) => App::with_index(Arc::clone(&corpus), theme, index),
            None => App::new(Arc::clone(&corpus), theme),
        };
        next.apply_settings(self.settings.clone());
        next.edits = opened.edits;
        // Results of jobs sent before are never taken for the new app's.
        next.generation = self.generation;
        next.update(Msg::Resize(self.area.width, self.area.height));
        crate::tui::session::restore(&mut next, &session);
        next.jobs.push(Job {
            kind: JobKind::Reload(crate::tui::worker::SharedCorpus(Arc::clone(&corpus))),
            generation: 0,
            query: String::new(),
            cancel: Arc::new(AtomicBool::new(false)),
        });
        next.carry_over(self);
        let n = corpus.documents.len();
        let s = if n == 1 { "" } else { "s" };
        next.message = Some(match next.notices_message() {
            Some(m) => format!("read again from the files: {n} document{s}; {m}"),
            None => format!("read again from the files: {n} document{s}"),
        });
        *self = next;
    }

    /// Carries what `old` was doing over to this app, freshly made over the corpus read again:
    /// the focus and panes, the filters, the reader's search and the palette with their
    /// queries (asked again of the new corpus: the worker has it by now, jobs run in order),
    /// and the active entity, found again by its id at the reader's position. The lists
    /// (timeline, co-occurrence, mentions) and the correction picker hold entity numbers of the
    /// old corpus: they close.
    fn carry_over(&mut self, old: &App) {
        self.focus = old.focus;
        self.side = old.side;
        self.sidebar_pinned = old.sidebar_pinned;
        self.help = old.help;
        self.zoom = old.zoom;
        self.entities.scope = old.entities.scope;
        self.entities.sort = old.entities.sort;
        self.entities.collapsed = old.entities.collapsed.clone();
        self.entities.filter = old.entities.filter.clone();
        self.sources.filter = old.sources.filter.clone();
        self.sources.text_mode = old.sources.text_mode;
        self.rebuild_entities();
        self.refilter(Pane::Sources);
        self.refilter(Pane::Entities);
        if !old.reader.search.prompt.text.is_empty() {
            self.reader.search.prompt = old.reader.search.prompt.clone();
            self.refilter(Pane::Reader);
        }
        if let Some(p) = &old.palette {
            self.palette = Some(Palette {
                input: p.input.clone(),
                ..Palette::default()
            });
            self.palette_changed();
        }
        let id = old
            .active
            .and_then(|a| old.corpus.entities.get(a.entity))
            .map(|e| e.id.as_str());
        if let Some(e) = id.and_then(|id| self.corpus.entities.iter().position(|e| e.id == id)) {
            let here = self.position();
            let mentions = &self.corpus.entities[e].mentions;
            let k = mentions
                .iter()
                .position(|m| (m.doc(), m.start()) >= (here.doc, here.offset))
                .unwrap_or(0);
            if k < mentions.len() {
                self.active = Some(Active {
                    entity: e,
                    mention: k,
                });
                self.select_entity_row(e);
            }
        }
    }
}
