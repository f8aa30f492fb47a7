//! Pieces of forms: the options of a coded select, yes/no options, a field's errors.

use crate::domain::edit::FieldError;
use crate::ui::prelude::*;

/// The options of a select of coded values (a blank "not recorded" first, if `blank`).
pub fn code_options<T: Coded>(l: Locale, blank: bool) -> AnyView {
    view! {
        {blank.then(|| view! { <option value="">{tr!(l, not_recorded)}</option> })}
        {T::all()
            .iter()
            .map(|&x| view! { <option value=x.code()>{x.label(l)}</option> })
            .collect_view()}
    }
    .into_any()
}

/// 是/否/未填 as the options of a select bound to a "yes"/"no"/"" field.
pub fn yes_no_options(l: Locale) -> AnyView {
    view! {
        <option value="">{tr!(l, not_recorded)}</option>
        <option value="yes">{tr!(l, yes)}</option>
        <option value="no">{tr!(l, no)}</option>
    }
    .into_any()
}

/// Every error of one field, in words.
pub fn error_for(errors: &[FieldError], field: &str, l: Locale) -> Option<String> {
    let msgs: Vec<String> = errors
        .iter()
        .filter(|e| e.field == field)
        .map(|e| e.msg.render(l))
        .collect();
    (!msgs.is_empty()).then(|| msgs.join("; "))
}
