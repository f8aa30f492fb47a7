//! What pages share: figures, tables and charts, code selects, export buttons, sub-navigation,
//! form pieces and their kept drafts, the scope from the URL, the update banner, the not-found line.

pub mod charts;
pub mod exit_check;
pub mod export_buttons;
pub mod figure;
pub mod form;
pub mod history;
pub mod kept_draft;
pub mod not_found;
pub mod picker;
pub mod scope;
pub mod subnav;
pub mod table_view;
pub mod update_banner;
pub mod verdict;
pub mod vlist;
