//! Lab-independent pieces of the page: transport controls, sliders, the book-scenario
//! picker, the glossary, charts (plotters), the event log and the drawer that holds it in compact
//! layouts, the notice banner, URL sync, keyboard shortcuts and their dialog, the frame loop, Share and
//! Export run, and the embedding API.

pub mod book_picker;
pub mod caption_note;
pub mod chart;
pub mod clipboard;
pub mod compact;
pub mod context;
pub mod drawer;
pub mod embed;
pub mod embed_protocol;
pub mod event_log;
pub mod export;
pub mod first_render;
pub mod fork_bar;
pub mod format;
pub mod frame_loop;
pub mod glossary;
pub mod keyboard;
pub mod keys_help;
pub mod knob;
pub mod listen;
pub mod live_lab;
pub mod message_menu;
pub mod notice;
pub mod page;
pub mod reveal;
pub mod share;
pub mod slider;
pub mod spacetime;
pub mod spacetime_flow;
pub mod spacetime_lines;
pub mod spacetime_tab;
pub mod speed;
pub mod timeline;
pub mod transport;
pub mod url;
