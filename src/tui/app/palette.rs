//! The Ctrl-P palette's keys: typing sends a ranking job, Enter jumps (or waits for the ranking).

use super::*;

impl App {
    pub(crate) fn palette_changed(&mut self) {
        let Some(p) = &mut self.palette else { return };
        let q = p.input.query().to_string();
        p.nav = ListNav::default();
        p.accept_when_ready = false;
        p.note = None;
        if q.is_empty() {
            p.items.clear();
            p.names = 0;
            p.total = None;
            p.pending = false;
            p.names_pending = false;
            self.cancel_job(JobKind::Palette);
        } else {
            p.pending = true;
            p.names_pending = true;
            self.send_job(JobKind::Palette, q);
        }
    }

    pub(crate) fn palette_action(&mut self, a: Action) {
        match a {
            Action::ForceQuit => self.quit = true,
            Action::Cancel => {
                self.palette = None;
                self.cancel_job(JobKind::Palette);
            }
            Action::Accept => {
                let Some(p) = &mut self.palette else { return };
                // A name selected once the names are ranked is final (lines only come after
                // them); anything else waits for the ranking.
                let final_name = !p.names_pending && p.nav.selected < p.names;
                if p.pending && !final_name {
                    p.accept_when_ready = true;
                    return;
                }
                let item = p.items.get(p.nav.selected).cloned();
                match item {
                    Some(item) => {
                        self.palette = None;
                        // The lines still being ranked are not wanted any more.
                        self.cancel_job(JobKind::Palette);
                        self.jump(item.target);
                    }
                    None if p.input.query().is_empty() => self.palette = None,
                    None => self.message = Some("nothing matches".into()),
                }
            }
            Action::SelectNext | Action::SelectPrev | Action::PageDown | Action::PageUp => {
                let h = self.palette_list_height();
                let Some(p) = &mut self.palette else { return };
                let len = p.items.len();
                let mv = match a {
                    Action::SelectNext => Action::Down,
                    Action::SelectPrev => Action::Up,
                    other => other,
                };
                p.nav.selected = moved(p.nav.selected, len, h, mv);
            }
            _ => {
                if self
                    .palette
                    .as_mut()
                    .is_some_and(|p| p.input.edit(Some(a), None))
                {
                    self.palette_changed();
                }
            }
        }
    }
}
