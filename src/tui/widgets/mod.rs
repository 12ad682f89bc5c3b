//! The two small state machines every list and prompt of the reader shares, written once:
//! [`ListNav`] (a selection and a scroll offset moved by list actions) and [`TextInput`] (a
//! one-line input edited by prompt actions). Pure state, no drawing, no I/O.

mod list_nav;
pub mod paint;
mod text_input;

pub use list_nav::{moved, ListNav};
pub use text_input::TextInput;
