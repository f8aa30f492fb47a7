//! A virtualised list's window: only the rows in view (and a few either side) are drawn, so a
//! list of every household or every helper scrolls on a cheap phone. The page draws its rows
//! absolutely at `top(k)` inside a box of `height(len)`, for the positions of `range(len)`.

use leptos::prelude::*;

/// The height of one row, in CSS pixels (matches `.vrow` in the style sheet).
pub const ROW_HEIGHT: f64 = 44.0;
/// Rows drawn at a time: a tall screen's worth and a few either side.
const DRAWN_ROWS: usize = 40;
const ABOVE: usize = 5;

#[derive(Clone, Copy)]
pub struct Window {
    scroll_top: RwSignal<f64>,
}

impl Default for Window {
    fn default() -> Self {
        Window {
            scroll_top: RwSignal::new(0.0),
        }
    }
}

impl Window {
    /// Back to the first row (after a new search or filter).
    pub fn to_top(&self) {
        self.scroll_top.set(0.0);
    }

    /// The positions to draw of a list of `len` rows.
    pub fn range(&self, len: usize) -> std::ops::Range<usize> {
        let first = (self.scroll_top.get() / ROW_HEIGHT) as usize;
        let start = first.saturating_sub(ABOVE).min(len);
        start..(start + DRAWN_ROWS).min(len)
    }

    /// The inner box's style for `len` rows.
    pub fn height(len: usize) -> String {
        format!("height:{}px", len as f64 * ROW_HEIGHT)
    }

    /// Row `k`'s style.
    pub fn top(k: usize) -> String {
        format!("top:{}px", k as f64 * ROW_HEIGHT)
    }

    /// The scrolling box's `on:scroll`.
    pub fn on_scroll(self) -> impl Fn(leptos::ev::Event) + Copy + 'static {
        move |ev: leptos::ev::Event| {
            if let Some(el) = ev
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            {
                self.scroll_top.set(el.scroll_top() as f64);
            }
        }
    }
}
