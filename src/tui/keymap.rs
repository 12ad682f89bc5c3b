//! Key maps as data: every user-facing action has a name, and the built-in bindings are one table
//! of (context, key, action) rows. [`KeyMap::lookup`] resolves a key in a context, falling back to
//! the global context. The `?` help overlay is generated from the same table, so it always shows
//! the keys as bound. The configuration file's `[keys]` section edits the table
//! ([`KeyMap::bind_sequence`], [`KeyMap::unbind_sequence`]) with keys parsed by
//! [`parse_sequence`]; a binding may be a sequence of keys (`g g`), resolved one key at a time by
//! [`KeyMap::resolve`].

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fmt;

/// Where a key is pressed. Lookups try the specific context first, then [`Context::Global`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    Sources,
    Reader,
    Entities,
    /// The Ctrl-P palette (its text input takes printable keys first).
    Palette,
    /// A `/` filter or search prompt being typed (printable keys go to the prompt).
    Prompt,
    /// The `?` help overlay.
    Help,
    /// A list overlay: the timeline, co-occurrences, the mention list, pickers.
    List,
}

impl Context {
    pub const ALL: [Context; 8] = [
        Context::Global,
        Context::Sources,
        Context::Reader,
        Context::Entities,
        Context::Palette,
        Context::Prompt,
        Context::Help,
        Context::List,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Sources => "sources",
            Context::Reader => "reader",
            Context::Entities => "entities",
            Context::Palette => "palette",
            Context::Prompt => "prompt",
            Context::Help => "help",
            Context::List => "list",
        }
    }

    /// The context with configuration name `name`.
    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }
}

macro_rules! actions {
    ($($variant:ident => $name:literal, $desc:literal;)*) => {
        /// Everything a key can do. Each action has a stable snake_case name (for configuration)
        /// and a one-line description (for the help overlay).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Action { $($variant,)* }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The action's configuration name, e.g. `next_mention`.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name,)* }
            }

            /// What the action does, for the help overlay.
            pub fn description(self) -> &'static str {
                match self { $(Action::$variant => $desc,)* }
            }

            /// The action with configuration name `name`.
            pub fn from_name(name: &str) -> Option<Action> {
                match name { $($name => Some(Action::$variant),)* _ => None }
            }
        }
    };
}

actions! {
    Quit => "quit", "quit docent";
    ForceQuit => "force_quit", "quit from anywhere";
    Suspend => "suspend", "suspend to the shell (fg resumes)";
    FocusNext => "focus_next", "focus the next pane";
    FocusPrev => "focus_prev", "focus the previous pane";
    FocusSources => "focus_sources", "focus Sources";
    FocusReader => "focus_reader", "focus the reader";
    FocusEntities => "focus_entities", "focus Entities";
    Down => "down", "move / scroll down";
    Up => "up", "move / scroll up";
    HalfPageDown => "half_page_down", "half a page down";
    HalfPageUp => "half_page_up", "half a page up";
    PageDown => "page_down", "a page down";
    PageUp => "page_up", "a page up";
    Top => "top", "go to the top";
    Bottom => "bottom", "go to the bottom";
    Activate => "activate", "open document / activate entity";
    NextMention => "next_mention", "next mention / search hit (any doc)";
    PrevMention => "prev_mention", "prev mention / search hit (any doc)";
    NextDocument => "next_document", "open the next document";
    PrevDocument => "prev_document", "open the previous document";
    Filter => "filter", "filter the list / search the text";
    OpenPalette => "open_palette", "jump to an entity, title or text";
    ToggleScope => "toggle_scope", "entity scope: document / corpus";
    ToggleSort => "toggle_sort", "sort entities: count / name";
    ToggleSidebar => "toggle_sidebar", "sidebar on narrow screens";
    Help => "help", "this help";
    Cancel => "cancel", "close overlay / clear filter";
    Accept => "accept", "keep the filter / jump there";
    SelectNext => "select_next", "next result";
    SelectPrev => "select_prev", "previous result";
    DeleteChar => "delete_char", "delete a character";
    DeleteWord => "delete_word", "delete a word";
    ClearInput => "clear_input", "clear the input";
    Timeline => "timeline", "timeline of every date";
    Cooccurrence => "cooccurrence", "entities seen with the active one";
    MentionList => "mention_list", "every mention of the active entity";
    ZoomIn => "zoom_in", "timeline: finer buckets (day)";
    ZoomOut => "zoom_out", "timeline: coarser buckets (month, year)";
    SetMark => "set_mark", "set a mark: then a letter";
    GotoMark => "goto_mark", "go to a mark: then a letter (' = back)";
    JumpBack => "jump_back", "back in the jump list";
    JumpForward => "jump_forward", "forward in the jump list";
    Rename => "rename", "rename the entity";
    Merge => "merge", "merge the entity into another";
    SplitAlias => "split_alias", "split an alias off the entity";
    ChangeKind => "change_kind", "change the entity's kind";
    Hide => "hide", "hide the entity";
    ShowHidden => "show_hidden", "hidden entities (Enter restores)";
    ToggleText => "toggle_text", "Sources: titles+paths / text words";
    NextGroup => "next_group", "next kind group / folder (Sources)";
    PrevGroup => "prev_group", "previous kind group / folder";
    ToggleGroup => "toggle_group", "fold / unfold this kind group";
    ToggleAllGroups => "toggle_all_groups", "fold / unfold every kind group";
    Notices => "notices", "what loading skipped or repaired";
    Yank => "yank", "copy the passage in view, with source";
    ToggleReflow => "toggle_reflow", "reflow wrapped paragraphs / as written";
}

/// One key with its modifiers, as written in key maps: `j`, `G`, `ctrl-d`, `shift-tab`, `pgdn`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeySpec {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeySpec {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> KeySpec {
        KeySpec { code, mods }.normalized()
    }

    /// The spec of a key event (shift folded into the character for printable keys).
    pub fn from_event(ev: &KeyEvent) -> KeySpec {
        KeySpec::new(ev.code, ev.modifiers)
    }

    fn normalized(mut self) -> KeySpec {
        // Keep only the modifiers bindings distinguish.
        self.mods &= KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT;
        match self.code {
            // Terminals report Shift-Tab as BackTab, with or without SHIFT.
            KeyCode::BackTab => self.mods.remove(KeyModifiers::SHIFT),
            // An uppercase letter already says shift; ctrl-letters are case-insensitive.
            KeyCode::Char(c) => {
                if self.mods.contains(KeyModifiers::CONTROL) && c.is_ascii_uppercase() {
                    self.code = KeyCode::Char(c.to_ascii_lowercase());
                }
                if !self.mods.contains(KeyModifiers::CONTROL) || c.is_ascii_alphabetic() {
                    self.mods.remove(KeyModifiers::SHIFT);
                }
            }
            _ => {}
        }
        self
    }

    /// Parses `j`, `G`, `?`, `ctrl-d`, `alt-x`, `shift-tab`, `enter`, `esc`, `pgdn`, `f1`, `space`.
    pub fn parse(s: &str) -> Option<KeySpec> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.len() > 1 {
                if let Some(r) = lower.strip_prefix("ctrl-") {
                    mods |= KeyModifiers::CONTROL;
                    rest = &rest[rest.len() - r.len()..];
                    continue;
                }
                if let Some(r) = lower.strip_prefix("alt-") {
                    mods |= KeyModifiers::ALT;
                    rest = &rest[rest.len() - r.len()..];
                    continue;
                }
                if let Some(r) = lower.strip_prefix("shift-") {
                    mods |= KeyModifiers::SHIFT;
                    rest = &rest[rest.len() - r.len()..];
                    continue;
                }
            }
            break;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_control() => return None,
            (Some(c), None) => KeyCode::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" if mods.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" | "bs" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                "space" => KeyCode::Char(' '),
                f if f.starts_with('f') => KeyCode::F(f[1..].parse().ok()?),
                _ => return None,
            },
        };
        Some(KeySpec::new(code, mods))
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                write!(f, "{}", c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The built-in bindings: (context, key, action). Order is the order shown in help.
pub const DEFAULT_BINDINGS: &[(Context, &str, Action)] = &[
    (Context::Global, "ctrl-c", Action::ForceQuit),
    (Context::Global, "q", Action::Quit),
    (Context::Global, "ctrl-z", Action::Suspend),
    (Context::Global, "tab", Action::FocusNext),
    (Context::Global, "shift-tab", Action::FocusPrev),
    (Context::Global, "1", Action::FocusSources),
    (Context::Global, "2", Action::FocusReader),
    (Context::Global, "3", Action::FocusEntities),
    (Context::Global, "j", Action::Down),
    (Context::Global, "down", Action::Down),
    (Context::Global, "k", Action::Up),
    (Context::Global, "up", Action::Up),
    (Context::Global, "ctrl-d", Action::HalfPageDown),
    (Context::Global, "ctrl-u", Action::HalfPageUp),
    (Context::Global, "pgdn", Action::PageDown),
    (Context::Global, "space", Action::PageDown),
    (Context::Global, "pgup", Action::PageUp),
    (Context::Global, "g", Action::Top),
    (Context::Global, "home", Action::Top),
    (Context::Global, "G", Action::Bottom),
    (Context::Global, "end", Action::Bottom),
    (Context::Global, "enter", Action::Activate),
    (Context::Global, "n", Action::NextMention),
    (Context::Global, "N", Action::PrevMention),
    (Context::Global, "]", Action::NextDocument),
    (Context::Global, "[", Action::PrevDocument),
    (Context::Global, "/", Action::Filter),
    (Context::Global, "ctrl-p", Action::OpenPalette),
    (Context::Global, "e", Action::ToggleScope),
    (Context::Global, "s", Action::ToggleSort),
    (Context::Global, "b", Action::ToggleSidebar),
    (Context::Global, "w", Action::ToggleReflow),
    (Context::Global, "y", Action::Yank),
    (Context::Global, "t", Action::Timeline),
    (Context::Global, "c", Action::Cooccurrence),
    (Context::Global, "m", Action::MentionList),
    (Context::Global, "M", Action::SetMark),
    (Context::Global, "'", Action::GotoMark),
    (Context::Global, "ctrl-o", Action::JumpBack),
    (Context::Global, "ctrl-i", Action::JumpForward),
    (Context::Global, "}", Action::NextGroup),
    (Context::Global, "{", Action::PrevGroup),
    (Context::Global, "z", Action::ToggleGroup),
    (Context::Global, "Z", Action::ToggleAllGroups),
    (Context::Global, "!", Action::Notices),
    (Context::Global, "?", Action::Help),
    (Context::Global, "esc", Action::Cancel),
    // The palette: printable keys edit the query; these move and act.
    (Context::Palette, "enter", Action::Accept),
    (Context::Palette, "esc", Action::Cancel),
    (Context::Palette, "ctrl-p", Action::Cancel),
    (Context::Palette, "down", Action::SelectNext),
    (Context::Palette, "ctrl-n", Action::SelectNext),
    (Context::Palette, "ctrl-j", Action::SelectNext),
    (Context::Palette, "tab", Action::SelectNext),
    (Context::Palette, "up", Action::SelectPrev),
    (Context::Palette, "ctrl-k", Action::SelectPrev),
    (Context::Palette, "shift-tab", Action::SelectPrev),
    (Context::Palette, "pgdn", Action::PageDown),
    (Context::Palette, "pgup", Action::PageUp),
    (Context::Palette, "backspace", Action::DeleteChar),
    (Context::Palette, "ctrl-h", Action::DeleteChar),
    (Context::Palette, "ctrl-w", Action::DeleteWord),
    (Context::Palette, "ctrl-u", Action::ClearInput),
    // A `/` prompt: printable keys edit it.
    (Context::Prompt, "enter", Action::Accept),
    (Context::Prompt, "esc", Action::Cancel),
    (Context::Prompt, "down", Action::SelectNext),
    (Context::Prompt, "ctrl-n", Action::SelectNext),
    (Context::Prompt, "up", Action::SelectPrev),
    (Context::Prompt, "ctrl-p", Action::SelectPrev),
    (Context::Prompt, "backspace", Action::DeleteChar),
    (Context::Prompt, "ctrl-h", Action::DeleteChar),
    (Context::Prompt, "ctrl-w", Action::DeleteWord),
    (Context::Prompt, "ctrl-u", Action::ClearInput),
    (Context::Prompt, "ctrl-t", Action::ToggleText),
    // Corrections, in Entities (M merges here; marks are set from the other panes).
    (Context::Entities, "r", Action::Rename),
    (Context::Entities, "M", Action::Merge),
    (Context::Entities, "A", Action::SplitAlias),
    (Context::Entities, "K", Action::ChangeKind),
    (Context::Entities, "x", Action::Hide),
    (Context::Entities, "X", Action::ShowHidden),
    // List overlays: timeline, co-occurrences, mentions, pickers.
    (Context::List, "enter", Action::Accept),
    (Context::List, "esc", Action::Cancel),
    (Context::List, "q", Action::Cancel),
    (Context::List, "j", Action::Down),
    (Context::List, "down", Action::Down),
    (Context::List, "k", Action::Up),
    (Context::List, "up", Action::Up),
    (Context::List, "ctrl-d", Action::HalfPageDown),
    (Context::List, "ctrl-u", Action::HalfPageUp),
    (Context::List, "pgdn", Action::PageDown),
    (Context::List, "space", Action::PageDown),
    (Context::List, "pgup", Action::PageUp),
    (Context::List, "g", Action::Top),
    (Context::List, "home", Action::Top),
    (Context::List, "G", Action::Bottom),
    (Context::List, "end", Action::Bottom),
    (Context::List, "+", Action::ZoomIn),
    (Context::List, "=", Action::ZoomIn),
    (Context::List, "-", Action::ZoomOut),
    (Context::List, "t", Action::Timeline),
    (Context::List, "c", Action::Cooccurrence),
    (Context::List, "m", Action::MentionList),
    (Context::List, "!", Action::Notices),
    (Context::List, "/", Action::Filter),
    // Help overlay.
    (Context::Help, "esc", Action::Cancel),
    (Context::Help, "?", Action::Cancel),
    (Context::Help, "q", Action::Cancel),
    (Context::Help, "j", Action::Down),
    (Context::Help, "down", Action::Down),
    (Context::Help, "k", Action::Up),
    (Context::Help, "up", Action::Up),
    (Context::Help, "ctrl-d", Action::HalfPageDown),
    (Context::Help, "ctrl-u", Action::HalfPageUp),
    (Context::Help, "pgdn", Action::PageDown),
    (Context::Help, "space", Action::PageDown),
    (Context::Help, "pgup", Action::PageUp),
    (Context::Help, "g", Action::Top),
    (Context::Help, "G", Action::Bottom),
];

/// A sequence of keys pressed one after the other (`g g`); most bindings are one key long.
pub type KeySeq = Vec<KeySpec>;

/// The longest key sequence a binding may have.
pub const MAX_SEQUENCE: usize = 4;

/// Parses a key sequence as written in the configuration: keys separated by spaces (`g g`,
/// `ctrl-w j`). A lone space character is the space key. The error names the key that failed.
pub fn parse_sequence(s: &str) -> Result<KeySeq, String> {
    if s == " " {
        return Ok(vec![KeySpec::new(KeyCode::Char(' '), KeyModifiers::NONE)]);
    }
    let mut seq = Vec::new();
    for word in s.split_whitespace() {
        match KeySpec::parse(word) {
            Some(k) => seq.push(k),
            None => return Err(word.to_string()),
        }
    }
    if seq.is_empty() {
        return Err(String::new());
    }
    Ok(seq)
}

/// How a key sequence is shown: `gg` when every key is one character, else the keys joined
/// with `,` (`Ctrl-W,j`). A single key shows as itself.
pub fn sequence_label(seq: &[KeySpec]) -> String {
    let labels: Vec<String> = seq.iter().map(ToString::to_string).collect();
    if labels.iter().all(|l| l.chars().count() == 1) {
        labels.concat()
    } else {
        labels.join(",")
    }
}

/// What a key press resolves to, given the keys already pending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved {
    Action(Action),
    /// The keys so far start a longer sequence: wait for the next key.
    Pending,
    Unbound,
}

/// A key map: an ordered table of bindings.
#[derive(Clone, Debug)]
pub struct KeyMap {
    bindings: Vec<(Context, KeySeq, Action)>,
}

impl Default for KeyMap {
    fn default() -> Self {
        let bindings = DEFAULT_BINDINGS
            .iter()
            .filter_map(|&(ctx, key, action)| KeySpec::parse(key).map(|k| (ctx, vec![k], action)))
            .collect();
        KeyMap { bindings }
    }
}

impl KeyMap {
    /// A key map with no bindings at all (Ctrl-C still quits).
    pub fn empty() -> KeyMap {
        KeyMap {
            bindings: Vec::new(),
        }
    }

    /// The action bound to the single `key` in `ctx` exactly (no fallback).
    pub fn get(&self, ctx: Context, key: KeySpec) -> Option<Action> {
        self.get_sequence(ctx, &[key])
    }

    /// The action bound to `seq` in `ctx` exactly (no fallback).
    pub fn get_sequence(&self, ctx: Context, seq: &[KeySpec]) -> Option<Action> {
        self.bindings
            .iter()
            .find(|(c, k, _)| *c == ctx && k.as_slice() == seq)
            .map(|&(_, _, a)| a)
    }

    /// True when a longer sequence in `ctx` starts with `seq`.
    fn starts_sequence(&self, ctx: Context, seq: &[KeySpec]) -> bool {
        self.bindings
            .iter()
            .any(|(c, k, _)| *c == ctx && k.len() > seq.len() && k.starts_with(seq))
    }

    /// The action for a key event in `ctx`, falling back to the global context (except in text
    /// prompts, where unbound keys are typed instead). Ctrl-C always quits. Keys that only start
    /// a sequence give `None` here; [`KeyMap::resolve`] tells them apart.
    pub fn lookup(&self, ctx: Context, ev: &KeyEvent) -> Option<Action> {
        match self.resolve(ctx, &[], ev) {
            Resolved::Action(a) => Some(a),
            _ => None,
        }
    }

    /// Resolves a key event in `ctx` after the `pending` keys of an unfinished sequence: the
    /// specific context first, then (outside prompts and overlays) the global one. When the
    /// pending keys and this one lead nowhere, the key is resolved on its own. Ctrl-C always
    /// quits, and the global suspend key works everywhere.
    pub fn resolve(&self, ctx: Context, pending: &[KeySpec], ev: &KeyEvent) -> Resolved {
        let key = KeySpec::from_event(ev);
        if key == KeySpec::new(KeyCode::Char('c'), KeyModifiers::CONTROL) {
            return Resolved::Action(Action::ForceQuit);
        }
        let mut seq = pending.to_vec();
        seq.push(key);
        let fallback = !matches!(
            ctx,
            Context::Global | Context::Palette | Context::Prompt | Context::Help | Context::List
        );
        let contexts: &[Context] = if fallback {
            &[ctx, Context::Global]
        } else {
            &[ctx]
        };
        for &c in contexts {
            if let Some(a) = self.get_sequence(c, &seq) {
                return Resolved::Action(a);
            }
            if seq.len() < MAX_SEQUENCE && self.starts_sequence(c, &seq) {
                return Resolved::Pending;
            }
        }
        if !pending.is_empty() {
            return self.resolve(ctx, &[], ev);
        }
        // Suspending works from anywhere, prompts and overlays included.
        if let Some(Action::Suspend) = self.get(Context::Global, key) {
            return Resolved::Action(Action::Suspend);
        }
        Resolved::Unbound
    }

    /// Binds `key` to `action` in `ctx`, replacing what was there.
    pub fn bind(&mut self, ctx: Context, key: KeySpec, action: Action) {
        self.bind_sequence(ctx, vec![key], action);
    }

    /// Binds a key sequence to `action` in `ctx`, replacing the binding of the same keys and any
    /// binding that would shadow it or be shadowed by it (a shorter sequence it starts with, or
    /// a longer one that starts with it).
    pub fn bind_sequence(&mut self, ctx: Context, seq: KeySeq, action: Action) {
        self.bindings
            .retain(|(c, k, _)| !(*c == ctx && (k.starts_with(&seq) || seq.starts_with(k))));
        self.bindings.push((ctx, seq, action));
    }

    /// Removes the binding of `key` in `ctx`.
    pub fn unbind(&mut self, ctx: Context, key: KeySpec) {
        self.unbind_sequence(ctx, &[key]);
    }

    /// Removes the binding of exactly `seq` in `ctx`.
    pub fn unbind_sequence(&mut self, ctx: Context, seq: &[KeySpec]) {
        self.bindings
            .retain(|(c, k, _)| !(*c == ctx && k.as_slice() == seq));
    }

    /// The key sequences bound to `action` in `ctx`, in table order.
    pub fn keys_for(&self, ctx: Context, action: Action) -> Vec<KeySeq> {
        self.bindings
            .iter()
            .filter(|(c, _, a)| *c == ctx && *a == action)
            .map(|(_, k, _)| k.clone())
            .collect()
    }

    /// How the first key bound to `action` in `ctx` is shown, if any.
    pub fn key_label(&self, ctx: Context, action: Action) -> Option<String> {
        self.keys_for(ctx, action)
            .first()
            .map(|k| sequence_label(k))
    }

    /// Why a key that needs an active entity did nothing, naming the palette's key as bound
    /// (short enough for an 80-column status line).
    pub fn no_active_entity(&self) -> String {
        match self.key_label(Context::Global, Action::OpenPalette) {
            Some(k) => format!("no active entity: Enter on one in Entities, or {k}"),
            None => "no active entity: Enter on one in Entities".to_string(),
        }
    }

    /// A hint line naming the keys as bound in `ctx`: each item's actions' first keys joined by
    /// `/`, then what they do (`j/k move · Enter jump · Esc close`); unbound items are left out.
    pub fn hint(&self, ctx: Context, items: &[(&[Action], &str)]) -> String {
        items
            .iter()
            .filter_map(|&(actions, what)| {
                let keys: Vec<String> = actions
                    .iter()
                    .filter_map(|&a| self.key_label(ctx, a))
                    .collect();
                (!keys.is_empty()).then(|| format!("{} {what}", keys.join("/")))
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Every binding, in table order.
    pub fn bindings(&self) -> &[(Context, KeySeq, Action)] {
        &self.bindings
    }

    /// Rows for the help overlay: for each context, each action with its keys, in table order.
    pub fn help_rows(&self) -> Vec<(Context, Action, String)> {
        let mut rows: Vec<(Context, Action, String, usize)> = Vec::new();
        for (ctx, seq, action) in &self.bindings {
            let label = sequence_label(seq);
            if let Some(row) = rows.iter_mut().find(|r| r.0 == *ctx && r.1 == *action) {
                // At most three keys per action keep the help compact.
                if row.3 < 3 {
                    row.2.push(' ');
                    row.2.push_str(&label);
                    row.3 += 1;
                }
            } else {
                rows.push((*ctx, *action, label, 1));
            }
        }
        rows.into_iter().map(|(c, a, k, _)| (c, a, k)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn parses_and_displays_keys() {
        let k = KeySpec::parse("ctrl-d").expect("parses");
        assert_eq!(k.code, KeyCode::Char('d'));
        assert_eq!(k.mods, KeyModifiers::CONTROL);
        assert_eq!(k.to_string(), "Ctrl-D");
        assert_eq!(
            KeySpec::parse("shift-tab").map(|k| k.code),
            Some(KeyCode::BackTab)
        );
        assert_eq!(KeySpec::parse("G").map(|k| k.to_string()), Some("G".into()));
        assert_eq!(
            KeySpec::parse("pgdn").map(|k| k.code),
            Some(KeyCode::PageDown)
        );
        assert!(KeySpec::parse("nonsense").is_none());
    }

    #[test]
    fn every_default_binding_parses_and_names_round_trip() {
        for &(_, key, action) in DEFAULT_BINDINGS {
            assert!(KeySpec::parse(key).is_some(), "{key}");
            assert_eq!(Action::from_name(action.name()), Some(action));
        }
    }

    #[test]
    fn lookup_falls_back_to_global_but_not_in_prompts() {
        let km = KeyMap::default();
        let j = ev(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(km.lookup(Context::Reader, &j), Some(Action::Down));
        assert_eq!(km.lookup(Context::Prompt, &j), None);
        let big_g = ev(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(km.lookup(Context::Sources, &big_g), Some(Action::Bottom));
        let ctrl_c = ev(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(km.lookup(Context::Prompt, &ctrl_c), Some(Action::ForceQuit));
        let backtab = ev(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            km.lookup(Context::Global, &backtab),
            Some(Action::FocusPrev)
        );
    }

    #[test]
    fn rebinding_and_unbinding() {
        let mut km = KeyMap::default();
        let x = KeySpec::parse("x").expect("parses");
        km.bind(Context::Global, x, Action::NextMention);
        let xe = ev(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(km.lookup(Context::Reader, &xe), Some(Action::NextMention));
        km.unbind(Context::Global, x);
        assert_eq!(km.lookup(Context::Reader, &xe), None);
    }

    #[test]
    fn sequences_wait_for_the_next_key_and_fall_back_when_broken() {
        let mut km = KeyMap::default();
        let seq = parse_sequence("g g").expect("parses");
        km.bind_sequence(Context::Global, seq, Action::Top);
        // The built-in single `g` was replaced: it would shadow the sequence.
        assert_eq!(
            km.get(Context::Global, KeySpec::parse("g").expect("g")),
            None
        );
        let g = ev(KeyCode::Char('g'), KeyModifiers::NONE);
        let j = ev(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(km.resolve(Context::Reader, &[], &g), Resolved::Pending);
        let pending = [KeySpec::from_event(&g)];
        assert_eq!(
            km.resolve(Context::Reader, &pending, &g),
            Resolved::Action(Action::Top)
        );
        // `g j` is no sequence: the `j` counts on its own.
        assert_eq!(
            km.resolve(Context::Reader, &pending, &j),
            Resolved::Action(Action::Down)
        );
        assert_eq!(km.lookup(Context::Reader, &g), None);
        assert_eq!(
            km.help_rows()
                .iter()
                .find(|r| r.1 == Action::Top)
                .map(|r| r.2.clone()),
            Some("Home gg".into())
        );
    }

    #[test]
    fn a_context_binding_beats_the_global_one() {
        let mut km = KeyMap::default();
        km.bind(
            Context::Reader,
            KeySpec::parse("j").expect("j"),
            Action::NextMention,
        );
        let j = ev(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(km.lookup(Context::Reader, &j), Some(Action::NextMention));
        assert_eq!(km.lookup(Context::Sources, &j), Some(Action::Down));
    }

    #[test]
    fn sequence_parsing_and_labels() {
        assert_eq!(
            parse_sequence("ctrl-w x"),
            Ok(vec![
                KeySpec::new(KeyCode::Char('w'), KeyModifiers::CONTROL),
                KeySpec::new(KeyCode::Char('x'), KeyModifiers::NONE),
            ])
        );
        assert_eq!(parse_sequence("g bogus"), Err("bogus".to_string()));
        assert!(parse_sequence("  ").is_err());
        assert_eq!(parse_sequence(" ").map(|s| s.len()), Ok(1));
        let s = parse_sequence("ctrl-w j").expect("parses");
        assert_eq!(sequence_label(&s), "Ctrl-W,j");
        assert_eq!(
            sequence_label(&parse_sequence("g g").expect("parses")),
            "gg"
        );
        assert_eq!(Context::from_name("reader"), Some(Context::Reader));
        assert_eq!(Context::from_name("nowhere"), None);
    }
}
