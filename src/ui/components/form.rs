//! Pieces of forms: the options of a coded select, yes/no options, a field's errors, and
//! [`FormState`], which every record form of the helping half is built on (typed draft, errors
//! as one types, the leave guard, the two-tab question, a reason asked for).

use crate::domain::edit::FieldError;
use crate::domain::model::Registry;
use crate::intents::{Actor, IntentError, Outcome};
use crate::store::idb::IdbStore;
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

/// How a field is typed in.
#[derive(Clone)]
pub enum Input {
    Text,
    /// A phone number (the phone's number pad).
    Tel,
    /// An amount in yuan or a count (a decimal pad).
    Number,
    Date,
    /// Several lines.
    Area,
    /// One of these (value, label) pairs.
    Choice(Vec<(String, String)>),
}

/// The options of a coded select as (code, label) pairs, with a blank first if `blank`.
pub fn code_choices<T: Coded>(l: Locale, blank: bool) -> Vec<(String, String)> {
    let none = blank.then(|| (String::new(), tr!(l, not_recorded).to_string()));
    none.into_iter()
        .chain(
            T::all()
                .iter()
                .map(|x| (x.code().to_string(), x.label(l).to_string())),
        )
        .collect()
}

/// A form being typed in: the draft, what it held when last saved, the errors of the draft as
/// it stands (checked as one types, shown for a field once it was touched or a save was
/// tried), and the question the last save came back with (a reason to go over a fund). While it
/// holds unsaved changes, leaving the page asks first.
pub struct FormState<D: Send + Sync + 'static> {
    pub draft: RwSignal<D>,
    saved: RwSignal<D>,
    pub errors: Memo<Vec<FieldError>>,
    /// Errors the last save came back with (facts the form could not check alone).
    refused: RwSignal<Vec<FieldError>>,
    touched: RwSignal<Vec<&'static str>>,
    tried: RwSignal<bool>,
    /// A refusal a reason would lift: its sentence.
    pub asked: RwSignal<Option<Msg>>,
    /// Taken when the form is made: a save runs outside the component's reactive owner.
    state: AppState,
}

impl<D: Send + Sync + 'static> Clone for FormState<D> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<D: Send + Sync + 'static> Copy for FormState<D> {}

static NEXT_FORM: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl<D: Clone + PartialEq + Send + Sync + 'static> FormState<D> {
    pub fn new(initial: D, check: impl Fn(&D) -> Vec<FieldError> + Send + Sync + 'static) -> Self {
        let draft = RwSignal::new(initial.clone());
        let saved = RwSignal::new(initial);
        let errors = Memo::new(move |_| draft.with(&check));
        let lang = use_lang();
        let key = NEXT_FORM.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dirty = Memo::new(move |_| draft.with(|d| saved.with(|s| d != s)));
        // The guard lives outside the reactive system (the window's handlers): an effect is the
        // bridge to it.
        Effect::new(move |_| {
            crate::ui::platform::unload_guard::set_unsaved(
                key,
                dirty.get(),
                tr!(lang.get_untracked(), leave_unsaved),
            )
        });
        on_cleanup(move || crate::ui::platform::unload_guard::set_unsaved(key, false, ""));
        FormState {
            draft,
            saved,
            errors,
            refused: RwSignal::new(Vec::new()),
            touched: RwSignal::new(Vec::new()),
            tried: RwSignal::new(false),
            asked: RwSignal::new(None),
            state: AppState::expect(),
        }
    }

    /// Keeps the draft on the device as it is typed (see [`kept_draft`]), under `name` and the
    /// page's address.
    ///
    /// [`kept_draft`]: crate::ui::components::kept_draft
    pub fn kept(self, name: &str) -> Self
    where
        D: serde::Serialize + serde::de::DeserializeOwned,
    {
        crate::ui::components::kept_draft::keep(name, self.draft, self.saved, |_, _| {});
        self
    }

    /// Starts over from `d` (after an added record was saved: an empty form again).
    pub fn reset(&self, d: D) {
        self.saved.set(d.clone());
        self.draft.set(d);
        self.tried.set(false);
        self.touched.set(Vec::new());
        self.refused.set(Vec::new());
        self.asked.set(None);
    }

    /// After a save: an empty form again (`fresh`), unless the person typed on meanwhile, which
    /// is kept.
    pub fn clear_if_saved(&self, fresh: D) {
        let unchanged = self
            .draft
            .with_untracked(|d| self.saved.with_untracked(|s| d == s));
        if unchanged {
            self.reset(fresh);
        }
    }

    fn edit(&self, name: &'static str, f: impl FnOnce(&mut D)) {
        self.draft.update(f);
        self.refused.update(|r| r.retain(|e| e.field != name));
        self.asked.set(None);
        self.touched.update(|t| {
            if !t.contains(&name) {
                t.push(name)
            }
        });
    }

    /// The words of field `name`'s errors, when they are to be shown.
    pub fn error(&self, name: &'static str, l: Locale) -> Option<String> {
        if !self.tried.get() && !self.touched.with(|t| t.contains(&name)) {
            return None;
        }
        let mut all = self.errors.get();
        all.extend(self.refused.get());
        error_for(&all, name, l)
    }

    /// One labelled field bound to one string of the draft; `control` names it for tests.
    pub fn field(
        self,
        name: &'static str,
        label: K,
        control: &'static str,
        input: Input,
        get: fn(&D) -> String,
        set: fn(&mut D, String),
    ) -> AnyView {
        let lang = use_lang();
        let value = move || self.draft.with(get);
        let on = move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            self.edit(name, |d| set(d, v));
        };
        let control_view = match input {
            Input::Choice(options) => view! {
                <select data-field=name data-control=control prop:value=value on:change=on>
                    {options
                        .into_iter()
                        .map(|(v, label)| view! { <option value=v>{label}</option> })
                        .collect_view()}
                </select>
            }
            .into_any(),
            Input::Area => view! { <textarea data-field=name data-control=control rows="3" prop:value=value on:input=on /> }
            .into_any(),
            other => {
                let (kind, mode) = match other {
                    Input::Tel => ("tel", "tel"),
                    Input::Number => ("text", "decimal"),
                    Input::Date => ("date", "none"),
                    _ => ("text", "text"),
                };
                view! {
                    <input
                        type=kind
                        inputmode=mode
                        data-field=name
                        data-control=control
                        prop:value=value
                        on:input=on
                    />
                }
                .into_any()
            }
        };
        view! {
            <label class="field">
                <span class="field-label">{move || label.get(lang.get())}</span>
                {control_view}
                {move || {
                    self.error(name, lang.get())
                        .map(|m| {
                            view! {
                                <span class="field-error" data-error=name>
                                    {m}
                                </span>
                            }
                        })
                }}
            </label>
        }
        .into_any()
    }

    /// A checkbox bound to one flag of the draft.
    pub fn check(
        self,
        name: &'static str,
        label: K,
        control: &'static str,
        get: fn(&D) -> bool,
        set: fn(&mut D, bool),
    ) -> AnyView {
        let lang = use_lang();
        view! {
            <label class="field check">
                <input
                    type="checkbox"
                    data-field=name
                    data-control=control
                    prop:checked=move || self.draft.with(get)
                    on:change=move |ev| {
                        let v = event_target_checked(&ev);
                        self.edit(name, |d| set(d, v));
                    }
                />
                <span>{move || label.get(lang.get())}</span>
            </label>
        }
        .into_any()
    }

    /// Saves the draft through `intent` (the draft and whether to overwrite another tab's
    /// change, which it asks about first). With errors, nothing is sent and they are all shown.
    /// True when saved; the draft stays as typed otherwise (a full disk loses nothing).
    pub async fn submit<F>(self, intent: F) -> bool
    where
        F: AsyncFn(&IdbStore, &Actor, &Registry, &D, bool) -> Outcome,
    {
        let state = self.state;
        self.tried.set(true);
        let errors = self.errors.get_untracked().len();
        if errors > 0 {
            state.warn(msg!(intent_form_has_errors, count = errors));
            return false;
        }
        let d = self.draft.get_untracked();
        let result = state
            .run_asking(async |store, actor, reg, overwrite| {
                intent(store, actor, reg, &d, overwrite).await
            })
            .await;
        match result {
            Ok(()) => {
                self.saved.set(d);
                true
            }
            Err(IntentError::Invalid(e)) => {
                state.warn(msg!(intent_form_has_errors, count = e.len()));
                self.refused.set(e);
                false
            }
            Err(IntentError::NeedsReason(m)) => {
                self.asked.set(Some(m));
                false
            }
            Err(_) => false,
        }
    }
}

/// The edit page of a record of type `T`: the record the address's `:id` names, opened in its
/// form (`form(id, Some(record))`), or the not-found line.
pub fn edit_page<T: crate::domain::model::Body + Clone>(
    form: fn(String, Option<T>) -> AnyView,
) -> impl IntoView {
    let state = AppState::expect();
    let params = leptos_router::hooks::use_params_map();
    move || {
        let id = params.with(|p| p.get("id")).unwrap_or_default();
        match state
            .registry()
            .with_untracked(|r| r.live::<T>(&id).cloned())
        {
            Some(t) => form(id, Some(t)),
            None => view! { <crate::ui::components::not_found::NotFound /> }.into_any(),
        }
    }
}
