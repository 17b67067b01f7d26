//! Lab-independent pieces of the page: transport controls, sliders, the book-scenario
//! picker, charts (plotters), the event log and the drawer that holds it in compact
//! layouts, the notice banner, URL sync, keyboard shortcuts and the frame loop.

pub mod book_picker;
pub mod chart;
pub mod compact;
pub mod drawer;
pub mod event_log;
pub mod first_render;
pub mod format;
pub mod frame_loop;
pub mod keyboard;
pub mod knob;
pub mod live_lab;
pub mod notice;
pub mod page;
pub mod slider;
pub mod speed;
pub mod transport;
pub mod url;
