//! The roster import's own steps: the column mapping table and the summary of what the sheet
//! holds.

use std::sync::Arc;

use crate::domain::roster::{self, Column, Sheet};
use crate::domain::table::SheetColumn;
use crate::exchange::roster::{PairingSummary, RosterSummary};
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

#[component]
pub fn RosterSummaryLine(summary: RosterSummary) -> impl IntoView {
    let lang = use_lang();
    let RosterSummary {
        rows_read,
        households_read,
        unchanged,
        regions_created,
    } = summary;
    let n_created = regions_created.len();
    let created = move || {
        let l = lang.get();
        let names: Vec<String> = regions_created
            .iter()
            .map(|(name, kind)| format!("{name}（{}）", kind.label(l)))
            .collect();
        tr!(
            l,
            roster_regions_created,
            n = n_created,
            names = names.join("、")
        )
    };
    view! {
        <p
            data-roster-rows=rows_read.to_string()
            data-roster-households=households_read.to_string()
            data-roster-unchanged=unchanged.to_string()
        >
            {move || {
                tr!(
                    lang.get(), exchange_read_rows_read_rows_households, rows_read = rows_read, households_read = households_read, unchanged = unchanged
                )
            }}
            {(n_created > 0)
                .then(|| {
                    view! {
                        " "
                        {created}
                    }
                })}
        </p>
    }
}

/// The roster columns to offer for a sheet: every fixed column and the income columns of the
/// years the sheet names, plus the last two years.
pub fn roster_options(sheet: &Sheet) -> Vec<Column> {
    let this_year = today().year();
    let mut years: std::collections::BTreeSet<i32> = [this_year - 1, this_year].into();
    years.extend(
        sheet
            .header
            .iter()
            .filter_map(|h| match Column::from_header(h) {
                Some(Column::Income(y, _)) => Some(y),
                _ => None,
            }),
    );
    let mut options: Vec<Column> = Column::FIXED.to_vec();
    for y in years {
        options.extend(
            roster::IncomePart::ALL
                .iter()
                .map(|&p| Column::Income(y, p)),
        );
    }
    options
}

/// One line per column of the sheet: its header, a few values, and what it is imported as
/// (one of `options`, each at most once).
#[component]
pub fn MappingTable<C: SheetColumn>(
    sheet: Arc<Sheet>,
    mapping: RwSignal<Vec<Option<C>>>,
    options: Vec<C>,
) -> impl IntoView {
    let lang = use_lang();
    let options = Arc::new(options);
    let rows = sheet.rows.len();
    let headers = sheet.header.clone();
    let samples = move |k: usize| -> String {
        sheet
            .rows
            .iter()
            .filter_map(|r| r.get(k))
            .filter(|c| !c.trim().is_empty())
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join(" · ")
    };
    view! {
        <p class="muted">
            {move || tr!(lang.get(), exchange_rows_data_rows_choose_what, rows = rows)}
        </p>
        <table class="table mapping">
            <thead>
                <tr>
                    <th>{move || tr!(lang.get(), exchange_column_sheet)}</th>
                    <th>{move || tr!(lang.get(), exchange_examples)}</th>
                    <th>{move || tr!(lang.get(), exchange_import)}</th>
                </tr>
            </thead>
            <tbody>
                {headers
                    .into_iter()
                    .enumerate()
                    .map(|(k, h)| {
                        let options = options.clone();
                        let current = move || {
                            mapping
                                .with(|m| {
                                    m.get(k).copied().flatten().map(|c| c.key()).unwrap_or_default()
                                })
                        };
                        view! {
                            <tr>
                                <td>{h}</td>
                                <td class="muted">{samples(k)}</td>
                                <td>
                                    <select
                                        data-column=k.to_string()
                                        prop:value=current
                                        on:change=move |ev| {
                                            let chosen = C::from_key(&event_target_value(&ev));
                                            mapping
                                                .update(|m| {
                                                    if m.len() <= k {
                                                        m.resize(k + 1, None);
                                                    }
                                                    if chosen.is_some() {
                                                        for c in m.iter_mut() {
                                                            if *c == chosen {
                                                                *c = None;
                                                            }
                                                        }
                                                    }
                                                    m[k] = chosen;
                                                });
                                        }
                                    >
                                        <option value="">
                                            {move || tr!(lang.get(), exchange_not_imported)}
                                        </option>
                                        {options
                                            .iter()
                                            .map(|c| {
                                                let (key, c) = (c.key(), *c);
                                                let key2 = key.clone();
                                                view! {
                                                    <option value=key selected=move || current() == key2>
                                                        {move || c.label(lang.get())}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn PairingSummaryLine(summary: PairingSummary) -> impl IntoView {
    let lang = use_lang();
    let PairingSummary {
        rows_read,
        helpers_new,
        pairings_new,
        unchanged,
    } = summary;
    view! {
        <p
            data-pairing-rows=rows_read.to_string()
            data-pairing-new=pairings_new.to_string()
            data-helpers-new=helpers_new.to_string()
            data-pairing-unchanged=unchanged.to_string()
        >
            {move || {
                tr!(
                    lang.get(), exchange_pairing_summary, rows = rows_read, helpers = helpers_new, pairings = pairings_new, unchanged = unchanged
                )
            }}
        </p>
    }
}
