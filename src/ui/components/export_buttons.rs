//! Export buttons: a table as CSV (here) or Excel (in the spreadsheet worker), built only when a
//! button is pressed.

use crate::domain::id_number::IdNumbers;
use crate::domain::table::Table;
use crate::ui::platform::{files, xlsx};
use crate::ui::prelude::*;

/// Offers a workbook of `tables` through the spreadsheet worker; a failure is shown in words.
pub fn offer_workbook(file_name: String, tables: Vec<Table>) {
    let state = AppState::expect();
    spawn_local(async move {
        if let Err(e) = xlsx::export(&file_name, tables).await {
            state.warn(msg!(excel_failed, why = e));
        }
    });
}

/// Offers a table as a CSV download (UTF-8 with a byte-order mark, formula cells defused).
pub fn offer_csv(file_name: &str, table: &Table) {
    files::download(
        file_name,
        "text/csv;charset=utf-8",
        &crate::exchange::csv::write_table(table),
    );
}

/// Two buttons, `<control>-csv` and `<control>-xlsx`; `make` builds the table and the file name
/// (without extension).
#[component]
pub fn ExportButtons(
    control: &'static str,
    csv_label: K,
    xlsx_label: K,
    make: Callback<(), (Table, String)>,
) -> impl IntoView {
    let lang = use_lang();
    let csv = move |_| {
        let (t, file) = make.run(());
        offer_csv(&format!("{file}.csv"), &t);
    };
    let xlsx = move |_| {
        let (t, file) = make.run(());
        offer_workbook(format!("{file}.xlsx"), vec![t]);
    };
    view! {
        <button data-control=format!("{control}-csv") on:click=csv>
            {move || csv_label.get(lang.get())}
        </button>
        <button data-control=format!("{control}-xlsx") on:click=xlsx>
            {move || xlsx_label.get(lang.get())}
        </button>
    }
}

/// The household roster (花名册) as CSV or Excel, one row per member.
#[component]
pub fn RosterExport(
    /// Builds the roster and its file name (without extension), when a button is pressed, with
    /// ID numbers masked unless the person ticked "full ID numbers".
    table: Callback<IdNumbers, (crate::domain::roster::Table, String)>,
) -> impl IntoView {
    let full = RwSignal::new(false);
    let make = Callback::new(move |_: ()| {
        let (t, file) = table.run(id_numbers(full));
        (t.to_table(), file)
    });
    view! {
        <ExportButtons
            control="roster"
            csv_label=K::roster_csv
            xlsx_label=K::roster_excel
            make=make
        />
        <FullIdNumbers control="roster-full-ids" full=full />
    }
}

/// What a "full ID numbers" box says: masked unless ticked.
pub fn id_numbers(full: RwSignal<bool>) -> IdNumbers {
    if full.get_untracked() {
        IdNumbers::Full
    } else {
        IdNumbers::Masked
    }
}

/// The box that lets an export carry full ID numbers (unticked: masked), beside its buttons.
#[component]
pub fn FullIdNumbers(control: &'static str, full: RwSignal<bool>) -> impl IntoView {
    view! {
        <label class="check" title=t!(roster_full_ids_note)>
            <input
                type="checkbox"
                data-control=control
                prop:checked=full
                on:change=move |ev| full.set(event_target_checked(&ev))
            />
            {t!(roster_full_ids)}
        </label>
    }
}
