//! A headline figure with its `data-metric` name and plain `data-value`.

use crate::domain::report::{Metric, Value};
use crate::ui::prelude::*;

#[component]
pub fn Figure(
    metric: Metric,
    value: Value,
    #[prop(optional)] note: Option<String>,
    /// Where the figure leads (the list behind it); empty for nowhere.
    #[prop(optional)]
    href: String,
) -> impl IntoView {
    let lang = use_lang();
    let shown = value.display();
    let label = move || metric.label(lang.get());
    view! {
        <div class="figure">
            <div class="figure-label">
                {if href.is_empty() {
                    label.into_any()
                } else {
                    view! {
                        <A href=href attr:data-figure-link=metric.code()>
                            {label}
                        </A>
                    }
                        .into_any()
                }}
            </div>
            <div class="figure-value" data-metric=metric.code() data-value=value.plain()>
                {move || shown.clone().unwrap_or_else(|| tr!(lang.get(), unknown).to_string())}
            </div>
            {note.map(|n| view! { <div class="figure-note">{n}</div> })}
        </div>
    }
}

/// A table cell holding one computed figure, named for tests by `metric`.
#[component]
pub fn NumCell(metric: String, value: Value) -> impl IntoView {
    let negative = matches!(value, Value::Money(f) if f.0 < 0);
    view! {
        <td class="num" class:negative=negative data-metric=metric data-value=value.plain()>
            {value.display().unwrap_or_default()}
        </td>
    }
}
