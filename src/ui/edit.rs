//! The household form (new and edit) and the status-change panel. The form holds the draft as
//! typed; validation runs as you type and names each field; a form with errors cannot be saved;
//! leaving a changed form asks first; a failed save keeps everything on screen.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::state::AppState;
use super::{use_lang, Lang};
use crate::domain::codes::*;
use crate::domain::date::Date;
use crate::domain::edit::{
    self, FieldError, HouseholdDraft, IncomeDraft, MemberDraft, StatusChange,
};
use crate::domain::model::Household;
use crate::domain::rules::Rules;

fn new_id(prefix: &str) -> String {
    format!("{prefix}-{}", &super::util::random_hex()[..20])
}

type UnloadHandler = Closure<dyn FnMut(web_sys::BeforeUnloadEvent)>;
type ClickHandler = Closure<dyn FnMut(web_sys::MouseEvent)>;

thread_local! {
    static UNLOAD_GUARD: std::cell::RefCell<Option<(UnloadHandler, ClickHandler)>> =
        const { std::cell::RefCell::new(None) };
}

/// While `on`, closing or reloading the tab asks first (the browser's own prompt), and so does
/// following a link inside the app (a confirm box), so typed input is never lost by a slip.
fn guard_unload(on: bool) {
    let window = web_sys::window().unwrap();
    let document = window.document().unwrap();
    UNLOAD_GUARD.with(|g| {
        let mut g = g.borrow_mut();
        if on && g.is_none() {
            let unload = Closure::<dyn FnMut(web_sys::BeforeUnloadEvent)>::new(
                |e: web_sys::BeforeUnloadEvent| {
                    e.prevent_default();
                    e.set_return_value("unsaved");
                },
            );
            window.set_onbeforeunload(Some(unload.as_ref().unchecked_ref()));
            let click = Closure::<dyn FnMut(web_sys::MouseEvent)>::new(|e: web_sys::MouseEvent| {
                let on_link = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|el| el.closest("a[href]").ok().flatten())
                    .is_some();
                if on_link {
                    let leave = web_sys::window()
                        .unwrap()
                        .confirm_with_message("有未保存的修改, 确定离开吗? / Leave without saving?")
                        .unwrap_or(true);
                    if !leave {
                        e.prevent_default();
                        e.stop_immediate_propagation();
                    }
                }
            });
            let _ = document.add_event_listener_with_callback_and_bool(
                "click",
                click.as_ref().unchecked_ref(),
                true,
            );
            *g = Some((unload, click));
        } else if !on {
            if let Some((_, click)) = g.take() {
                window.set_onbeforeunload(None);
                let _ = document.remove_event_listener_with_callback_and_bool(
                    "click",
                    click.as_ref().unchecked_ref(),
                    true,
                );
            }
        }
    });
}

fn options<T: Copy + 'static>(
    all: &'static [T],
    code: fn(T) -> &'static str,
    zh: fn(T) -> &'static str,
    en: fn(T) -> &'static str,
    l: Lang,
    blank: bool,
) -> impl IntoView {
    view! {
        {blank.then(|| view! { <option value="">{l.pick("(未填)", "(not recorded)")}</option> })}
        {all.iter().map(|&x| view! { <option value=code(x)>{l.pick(zh(x), en(x))}</option> }).collect_view()}
    }
}

/// 是/否/未填 as the options of a select bound to a "yes"/"no"/"" field.
fn yes_no_options(l: Lang) -> AnyView {
    view! { <option value="">{l.pick("(未填)", "(not recorded)")}</option><option value="yes">{l.pick("是", "yes")}</option><option value="no">{l.pick("否", "no")}</option> }.into_any()
}

fn error_for(errors: &[FieldError], field: &str, l: Lang) -> Option<String> {
    let msgs: Vec<String> = errors
        .iter()
        .filter(|e| e.field == field)
        .map(|e| l.pick(&e.zh, &e.en))
        .collect();
    (!msgs.is_empty()).then(|| msgs.join("; "))
}

#[component]
pub fn HouseholdEditPage() -> impl IntoView {
    let params = use_params_map();
    let state = AppState::expect();
    let id = params.with_untracked(|p| p.get("id")).unwrap_or_default();
    let existing: Option<Household> = state.registry.with_untracked(|r| {
        r.households
            .iter()
            .find(|h| h.id == id)
            .and_then(|h| h.body.clone())
    });
    match existing {
        Some(h) => {
            view! { <HouseholdForm id=id initial=HouseholdDraft::from_household(&h) base=Some(h)/> }
                .into_any()
        }
        None => view! { <super::pages::NotFound/> }.into_any(),
    }
}

#[component]
pub fn NewHouseholdPage() -> impl IntoView {
    let state = AppState::expect();
    let first_village = state
        .registry
        .with_untracked(|r| {
            r.regions
                .iter()
                .find(|x| x.live().is_some_and(|b| b.kind == RegionKind::Village))
                .map(|x| x.id.clone())
        })
        .unwrap_or_default();
    let draft = HouseholdDraft::new_household(&first_village, new_id("m"));
    view! { <HouseholdForm id=new_id("h") initial=draft base=None/> }
}

#[component]
fn HouseholdForm(id: String, initial: HouseholdDraft, base: Option<Household>) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let navigate = use_navigate();
    let today = super::util::today();
    let draft = RwSignal::new(initial.clone());
    let saved_draft = RwSignal::new(initial);
    let errors = Memo::new(move |_| {
        draft.with(|d| {
            edit::household_from_draft(d, None, today)
                .err()
                .unwrap_or_default()
        })
    });
    let dirty = Memo::new(move |_| draft.with(|d| saved_draft.with(|s| d != s)));
    Effect::new(move |_| guard_unload(dirty.get()));
    on_cleanup(|| guard_unload(false));
    let villages = Memo::new(move |_| super::dashboard::village_options(&state.registry.get()));
    let is_new = base.is_none();
    let id_for_save = id.clone();
    let save = move |_| {
        // Built over the household as stored now: another tab may have recorded a status change
        // or edited it since this form opened.
        let stored = state.registry.with_untracked(|r| {
            r.households
                .iter()
                .find(|h| h.id == id_for_save)
                .and_then(|h| h.live().cloned())
        });
        let Ok((body, overwrites)) = draft
            .with_untracked(|d| edit::household_to_save(d, base.as_ref(), stored.as_ref(), today))
        else {
            return;
        };
        if overwrites {
            let go_on = super::util::confirm(&lang.get_untracked().pick(
                "打开此表单后, 这户已在别处 (另一个窗口或导入) 被修改。保存将以您填写的内容为准, 覆盖那些修改。仍要保存吗?",
                "This household was changed elsewhere (another tab or an import) after this form opened. Saving keeps what you entered here over those changes. Save anyway?",
            ));
            if !go_on {
                return;
            }
        }
        let navigate = navigate.clone();
        let id = id_for_save.clone();
        spawn_local(async move {
            if state
                .save_household(id.clone(), body, "已保存。", "Saved.")
                .await
            {
                saved_draft.set(draft.get_untracked());
                guard_unload(false);
                navigate(&format!("/households/{id}"), NavigateOptions::default());
            }
        });
    };
    // Field helpers: a text input bound to one string of the draft.
    let field = move |name: &'static str,
                      get: fn(&HouseholdDraft) -> String,
                      set: fn(&mut HouseholdDraft, String)| {
        view! {
            <input type="text" data-field=name prop:value=move || draft.with(get) on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| set(d, v)); }/>
            {move || error_for(&errors.get(), name, lang.get()).map(|m| view! { <span class="field-error" data-error=name>{m}</span> })}
        }
    };
    let select = move |name: &'static str,
                       get: fn(&HouseholdDraft) -> String,
                       set: fn(&mut HouseholdDraft, String),
                       opts: AnyView| {
        view! {
            <select data-field=name prop:value=move || draft.with(get) on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| set(d, v)); }>{opts}</select>
            {move || error_for(&errors.get(), name, lang.get()).map(|m| view! { <span class="field-error" data-error=name>{m}</span> })}
        }
    };
    let l = lang.get_untracked();
    view! {
        <p><A href=if is_new { "/households".to_string() } else { format!("/households/{id}") }>{move || lang.get().pick("返回", "Back")}</A></p>
        <h1>{if is_new { l.pick("新增农户", "New household") } else { l.pick("编辑农户", "Edit household") }}</h1>
        <form class="card form" on:submit=|ev| ev.prevent_default()>
            <div class="grid2">
                <label>{l.pick("所在村", "Village")}
                    <select data-field="village_id" prop:value=move || draft.with(|d| d.village_id.clone()) on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.village_id = v); }>
                        {move || villages.get().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                    {move || error_for(&errors.get(), "village_id", lang.get()).map(|m| view! { <span class="field-error" data-error="village_id">{m}</span> })}
                </label>
                <label>{l.pick("社/组", "Group")}{field("group", |d| d.group.clone(), |d, v| d.group = v)}</label>
                <label>{l.pick("联系电话", "Phone")}{field("phone", |d| d.phone.clone(), |d, v| d.phone = v)}</label>
                <label>{l.pick("住址", "Address")}{field("address", |d| d.address.clone(), |d, v| d.address = v)}</label>
                <label>{l.pick("贫困户属性", "Attribute")}{select("attribute", |d| d.attribute.clone(), |d, v| d.attribute = v, options(Attribute::ALL, Attribute::code, Attribute::zh, Attribute::en, l, false).into_any())}</label>
                <label>{l.pick("主要致贫原因", "Main cause")}{select("main_cause", |d| d.main_cause.clone(), |d, v| d.main_cause = v, options(Cause::ALL, Cause::code, Cause::zh, Cause::en, l, false).into_any())}</label>
                <label>{l.pick("吃穿有保障", "Food and clothing secure")}{select("food_clothing_secure", |d| d.food_clothing_secure.clone(), |d, v| d.food_clothing_secure = v, yes_no_options(l))}</label>
                <label>{l.pick("住房", "Housing")}{select("housing", |d| d.housing.clone(), |d, v| d.housing = v, options(Housing::ALL, Housing::code, Housing::zh, Housing::en, l, true).into_any())}</label>
                <label>{l.pick("饮水", "Drinking water")}{select("drinking_water", |d| d.drinking_water.clone(), |d, v| d.drinking_water = v, options(DrinkingWater::ALL, DrinkingWater::code, DrinkingWater::zh, DrinkingWater::en, l, true).into_any())}</label>
                <label>{l.pick("通生活用电", "Electricity")}{select("electricity", |d| d.electricity.clone(), |d, v| d.electricity = v, yes_no_options(l))}</label>
                <label>{l.pick("种养棚圈", "Planting or breeding shed")}{select("shed", |d| d.shed.clone(), |d, v| d.shed = v, yes_no_options(l))}</label>
                <label>{l.pick("合作社成员", "Cooperative member")}{select("cooperative_member", |d| d.cooperative_member.clone(), |d, v| d.cooperative_member = v, yes_no_options(l))}</label>
                <label>{l.pick("易地扶贫搬迁", "Relocated")}{select("relocated", |d| d.relocated.clone(), |d, v| d.relocated = v, yes_no_options(l))}</label>
            </div>
            <fieldset class="causes" data-field="other_causes">
                <legend>{l.pick("其他致贫原因", "Other causes")}</legend>
                {Cause::ALL.iter().map(|&c| {
                    let code = c.code();
                    view! {
                        <label class="check">
                            <input type="checkbox" data-cause=code
                                prop:checked=move || draft.with(|d| d.other_causes.iter().any(|x| x == code))
                                prop:disabled=move || draft.with(|d| d.main_cause == code)
                                on:change=move |ev| { let on = event_target_checked(&ev); draft.update(|d| { d.other_causes.retain(|x| x != code); if on { d.other_causes.push(code.to_string()); } }); }/>
                            {l.pick(c.zh(), c.en())}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <h2>{l.pick("家庭成员", "Members")}</h2>
            {move || error_for(&errors.get(), "members", lang.get()).map(|m| view! { <p class="field-error" data-error="members">{m}</p> })}
            <div class="members">
                {move || (0..draft.with(|d| d.members.len())).map(|k| view! { <MemberRow draft=draft errors=errors k=k/> }).collect_view()}
            </div>
            <button type="button" data-control="add-member" on:click=move |_| draft.update(|d| d.members.push(MemberDraft { id: new_id("m"), sex: "female".into(), relation: "child".into(), ..Default::default() }))>{l.pick("添加成员", "Add member")}</button>
            <h2>{l.pick("收入 (元)", "Incomes (yuan)")}</h2>
            <div class="incomes">
                {move || (0..draft.with(|d| d.incomes.len())).map(|k| view! { <IncomeRow draft=draft errors=errors k=k/> }).collect_view()}
            </div>
            <button type="button" data-control="add-income" on:click=move |_| draft.update(|d| { let y = d.incomes.iter().filter_map(|i| i.year.parse::<i32>().ok()).max().map_or(today.year(), |y| y + 1); d.incomes.push(IncomeDraft { year: y.to_string(), ..Default::default() }) })>{l.pick("添加年度收入", "Add a year's income")}</button>
            <div class="actions">
                <button type="button" class="primary" data-control="save-household" disabled=move || !errors.get().is_empty() || state.busy.get() on:click=save>{l.pick("保存", "Save")}</button>
                <span class="muted" data-state=move || if errors.get().is_empty() { "valid" } else { "invalid" }>{move || { let n = errors.get().len(); if n == 0 { String::new() } else { lang.get().pick(&format!("还有 {n} 处需要修改", ), &format!("{n} problem(s) to fix")) } }}</span>
            </div>
        </form>
    }
}

#[component]
fn MemberRow(
    draft: RwSignal<HouseholdDraft>,
    errors: Memo<Vec<FieldError>>,
    k: usize,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let get = move |f: fn(&MemberDraft) -> String| {
        move || draft.with(|d| d.members.get(k).map(f).unwrap_or_default())
    };
    let input = move |name: &'static str,
                      kind: &'static str,
                      f: fn(&MemberDraft) -> String,
                      set: fn(&mut MemberDraft, String)| {
        let key = format!("members.{k}.{name}");
        let key2 = key.clone();
        view! {
            <input type=kind data-field=key.clone() prop:value=get(f) on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| if let Some(m) = d.members.get_mut(k) { set(m, v) }); }/>
            {move || error_for(&errors.get(), &key2, lang.get()).map(|m| view! { <span class="field-error" data-error=key.clone()>{m}</span> })}
        }
    };
    let pick = move |name: &'static str,
                     f: fn(&MemberDraft) -> String,
                     set: fn(&mut MemberDraft, String),
                     opts: AnyView| {
        view! { <select data-field=format!("members.{k}.{name}") prop:value=get(f) on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| if let Some(m) = d.members.get_mut(k) { set(m, v) }); }>{opts}</select> }
    };
    view! {
        <fieldset class="member" data-member=k.to_string()>
            <label>{l.pick("姓名", "Name")}{input("name", "text", |m| m.name.clone(), |m, v| m.name = v)}</label>
            <label>{l.pick("与户主关系", "Relation")}{pick("relation", |m| m.relation.clone(), |m, v| m.relation = v, options(Relation::ALL, Relation::code, Relation::zh, Relation::en, l, false).into_any())}</label>
            <label>{l.pick("性别", "Sex")}{pick("sex", |m| m.sex.clone(), |m, v| m.sex = v, options(Sex::ALL, Sex::code, Sex::zh, Sex::en, l, false).into_any())}</label>
            <label>{l.pick("身份证号", "ID number")}{input("id_number", "text", |m| m.id_number.clone(), |m, v| m.id_number = v)}</label>
            <label>{l.pick("出生日期", "Birth date")}{input("birth_date", "text", |m| m.birth_date.clone(), |m, v| m.birth_date = v)}</label>
            <label>{l.pick("健康", "Health")}{pick("health", |m| m.health.clone(), |m, v| m.health = v, options(Health::ALL, Health::code, Health::zh, Health::en, l, true).into_any())}</label>
            <label>{l.pick("劳动能力", "Labour")}{pick("labor", |m| m.labor.clone(), |m, v| m.labor = v, options(Labor::ALL, Labor::code, Labor::zh, Labor::en, l, true).into_any())}</label>
            <label>{l.pick("在校情况", "Schooling")}{pick("schooling", |m| m.schooling.clone(), |m, v| m.schooling = v, options(Schooling::ALL, Schooling::code, Schooling::zh, Schooling::en, l, true).into_any())}</label>
            <label>{l.pick("文化程度", "Education")}{pick("education", |m| m.education.clone(), |m, v| m.education = v, options(Education::ALL, Education::code, Education::zh, Education::en, l, true).into_any())}</label>
            <label>{l.pick("务工情况", "Work")}{pick("work", |m| m.work.clone(), |m, v| m.work = v, options(Work::ALL, Work::code, Work::zh, Work::en, l, true).into_any())}</label>
            <label>{l.pick("技能证书", "Skills certificate")}{pick("skill_trained", |m| m.skill_trained.clone(), |m, v| m.skill_trained = v, yes_no_options(l))}</label>
            <label>{l.pick("医保", "Medical insurance")}{pick("medical_insurance", |m| m.medical_insurance.clone(), |m, v| m.medical_insurance = v, view! { <option value="">{l.pick("(未填)", "(not recorded)")}</option><option value="yes">{l.pick("已参保", "insured")}</option><option value="no">{l.pick("未参保", "not insured")}</option> }.into_any())}</label>
            <label>{l.pick("离开日期", "Left on")}{input("left_date", "text", |m| m.left_date.clone(), |m, v| m.left_date = v)}</label>
            <label>{l.pick("离开原因", "Reason")}{pick("left_reason", |m| m.left_reason.clone(), |m, v| m.left_reason = v, options(LeftReason::ALL, LeftReason::code, LeftReason::zh, LeftReason::en, l, true).into_any())}</label>
        </fieldset>
    }
}

#[component]
fn IncomeRow(
    draft: RwSignal<HouseholdDraft>,
    errors: Memo<Vec<FieldError>>,
    k: usize,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let today = super::util::today();
    let input = move |name: &'static str,
                      f: fn(&IncomeDraft) -> String,
                      set: fn(&mut IncomeDraft, String)| {
        let key = format!("incomes.{k}.{name}");
        let key2 = key.clone();
        view! {
            <input type="text" inputmode="decimal" data-field=key.clone() prop:value=move || draft.with(|d| d.incomes.get(k).map(f).unwrap_or_default())
                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| if let Some(i) = d.incomes.get_mut(k) { set(i, v) }); }/>
            {move || error_for(&errors.get(), &key2, lang.get()).map(|m| view! { <span class="field-error" data-error=key.clone()>{m}</span> })}
        }
    };
    let preview = move || draft.with(|d| edit::income_preview(d, k, today));
    view! {
        <fieldset class="income" data-income=k.to_string()>
            <label>{l.pick("年度", "Year")}{input("year", |i| i.year.clone(), |i, v| i.year = v)}</label>
            <label>{l.pick("工资性", "Wages")}{input("wage", |i| i.wage.clone(), |i, v| i.wage = v)}</label>
            <label>{l.pick("经营性", "Business")}{input("business", |i| i.business.clone(), |i, v| i.business = v)}</label>
            <label>{l.pick("财产性", "Property")}{input("property", |i| i.property.clone(), |i, v| i.property = v)}</label>
            <label>{l.pick("转移性", "Transfers")}{input("transfer", |i| i.transfer.clone(), |i, v| i.transfer = v)}</label>
            <label>{l.pick("生产经营支出", "Business costs")}{input("business_costs", |i| i.business_costs.clone(), |i, v| i.business_costs = v)}</label>
            <p class="income-preview" data-preview=k.to_string()>{move || match preview() {
                Some((net, pc)) => lang.get().pick(&format!("纯收入 {net} 元, 人均 {} 元", pc.map(|p| p.to_string()).unwrap_or_else(|| "未知".into())), &format!("net {net} yuan, per capita {}", pc.map(|p| p.to_string()).unwrap_or_else(|| "unknown".into()))),
                None => String::new(),
            }}</p>
        </fieldset>
    }
}

/// Records identification, exit, return, removal or cessation as a dated event with a reason.
#[component]
pub fn StatusPanel(id: String, household: Household) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let l = lang.get_untracked();
    let status = RwSignal::new(Status::Exited.code().to_string());
    let date = RwSignal::new(super::util::today().to_string());
    let reason = RwSignal::new(String::new());
    let override_reason = RwSignal::new(String::new());
    let check = RwSignal::new(None::<crate::domain::calc::ExitCheck>);
    let problem = RwSignal::new(None::<(String, String)>);
    let apply = move |_| {
        let Some(st) = Status::from_code(&status.get_untracked()) else {
            return;
        };
        let Some(d) = Date::parse(&date.get_untracked()) else {
            problem.set(Some((
                "请按 2017-10-23 的格式填写日期".into(),
                "write the date as 2017-10-23".into(),
            )));
            return;
        };
        let rules = Rules::new(&state.registry.get_untracked().settings);
        let over = override_reason.get_untracked();
        match edit::change_status(
            &household,
            d,
            st,
            &reason.get_untracked(),
            check.get_untracked().is_some().then_some(over.as_str()),
            &rules,
        ) {
            StatusChange::NeedsOverride(c) => {
                check.set(Some(c));
                problem.set(Some(("脱贫标准未全部达标: 如确需脱贫, 请填写理由后再次确认。".into(), "The exit check is not met in full: to record the exit anyway, give a reason and confirm again.".into())));
            }
            StatusChange::Refused(zh, en) => problem.set(Some((zh, en))),
            StatusChange::Recorded(h) => {
                let id = id.clone();
                spawn_local(async move {
                    state
                        .save_household(id, *h, "状态变动已记录。", "Status change recorded.")
                        .await;
                });
            }
        }
    };
    view! {
        <section class="card" data-panel="status">
            <h2>{l.pick("状态变动", "Status change")}</h2>
            <div class="inline-form">
                <select data-control="status-kind" on:change=move |ev| { status.set(event_target_value(&ev)); check.set(None); problem.set(None); }>
                    {[Status::Exited, Status::Returned, Status::Poor, Status::StruckOff, Status::Ceased].into_iter().map(|s| view! { <option value=s.code() selected=s == Status::Exited>{l.pick(s.zh(), s.en())}</option> }).collect_view()}
                </select>
                <input type="text" data-control="status-date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev))/>
                <input type="text" data-control="status-reason" placeholder=l.pick("原因", "Reason") prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                <button data-control="status-apply" on:click=apply>{l.pick("记录", "Record")}</button>
            </div>
            {move || check.get().map(|c| view! {
                <ul class="plain" data-exit-check="fail">
                    {c.verdicts.iter().map(|(cr, v)| view! { <li data-criterion=cr.code() data-verdict=format!("{v:?}").to_lowercase()>{lang.get().pick(cr.zh(), cr.en())}": "<b>{super::verdict_text(*v, lang.get())}</b></li> }).collect_view()}
                </ul>
                <input type="text" data-control="status-override" placeholder=lang.get().pick("仍予脱贫的理由", "Reason to record the exit anyway") prop:value=move || override_reason.get() on:input=move |ev| override_reason.set(event_target_value(&ev))/>
            })}
            {move || problem.get().map(|(zh, en)| view! { <p class="error" data-state="status-problem">{lang.get().pick(&zh, &en)}</p> })}
        </section>
    }
}

/// 防返贫监测: the household's monitoring periods, with starting one (category, date, note) and
/// ending the open one (risk removed).
#[component]
pub fn MonitoringPanel(id: String, household: Household) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let l = lang.get_untracked();
    let category = RwSignal::new(MonitoringCategory::Marginal.code().to_string());
    let date = RwSignal::new(super::util::today().to_string());
    let note = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<(String, String)>);
    let open = household.monitoring.iter().any(|m| m.end_date.is_none());
    let save = move |h: Household, id: String, zh: &'static str, en: &'static str| {
        spawn_local(async move {
            state.save_household(id, h, zh, en).await;
        });
    };
    let (h1, id1) = (household.clone(), id.clone());
    let apply = move |_| {
        let Some(d) = Date::parse(date.get_untracked().trim()) else {
            problem.set(Some((
                "请按 2017-10-23 的格式填写日期".into(),
                "write the date as 2017-10-23".into(),
            )));
            return;
        };
        let result = if open {
            edit::end_monitoring(&h1, d)
        } else {
            let c = MonitoringCategory::from_code(&category.get_untracked())
                .unwrap_or(MonitoringCategory::Marginal);
            edit::start_monitoring(&h1, c, d, &note.get_untracked())
        };
        match result {
            Ok(h) if open => save(h, id1.clone(), "监测已结束。", "Monitoring ended."),
            Ok(h) => save(h, id1.clone(), "已纳入监测。", "Monitoring started."),
            Err(e) => problem.set(Some(e)),
        }
    };
    view! {
        <section class="card" data-panel="monitoring">
            <h2>{l.pick("防返贫监测", "Relapse monitoring")}</h2>
            {if household.monitoring.is_empty() {
                view! { <p class="muted">{l.pick("未纳入过监测。", "Never monitored.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain">
                        {household.monitoring.iter().map(|m| view! {
                            <li data-monitoring=m.category.code() data-open=m.end_date.is_none().to_string()>
                                <b>{l.pick(m.category.zh(), m.category.en())}</b>" "{m.start_date.to_string()}" — "
                                {m.end_date.map(|d| d.to_string()).unwrap_or_else(|| l.pick("至今", "ongoing"))}
                                " "<span class="muted">{m.note.clone().unwrap_or_default()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <div class="inline-form">
                {(!open).then(|| view! {
                    <select data-control="monitoring-category" on:change=move |ev| category.set(event_target_value(&ev))>
                        {MonitoringCategory::ALL.iter().map(|c| view! { <option value=c.code() selected=*c == MonitoringCategory::Marginal>{l.pick(c.zh(), c.en())}</option> }).collect_view()}
                    </select>
                })}
                <input type="text" data-control="monitoring-date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev))/>
                {(!open).then(|| view! {
                    <input type="text" data-control="monitoring-note" placeholder=l.pick("风险说明", "Risk noted") prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                })}
                <button data-control="monitoring-apply" on:click=apply>{if open { l.pick("结束监测 (风险消除)", "End monitoring (risk removed)") } else { l.pick("纳入监测", "Start monitoring") }}</button>
            </div>
            {move || problem.get().map(|(zh, en)| view! { <p class="error" data-state="monitoring-problem">{lang.get().pick(&zh, &en)}</p> })}
        </section>
    }
}
