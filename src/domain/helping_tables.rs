//! The helping half as tables, for Excel and CSV and the report's workbook (Chinese headers, as
//! county offices keep them): helpers, the year's assistance plan, the funds ledger with its
//! payments, loans. Each row is computed by the same functions the pages show.

use super::codes::AssistanceStatus;
use super::date::Date;
use super::helper_list;
use super::helping::{fund_lines, loan_outstanding, loan_overdue};
use super::index::{Index, Scope};
use super::model::*;
use super::money::Fen;
use super::report::{quantity_text, Overview, Value};
use super::table::{Cell, Table};
use crate::domain::id_number;
use crate::text::{Locale, K};

fn money(f: Fen) -> Cell {
    Cell::Number(f.0 as f64 / 100.0)
}

fn opt_money(f: Option<Fen>) -> Cell {
    f.map_or(Cell::Text(String::new()), money)
}

fn text(s: Option<&String>) -> Cell {
    Cell::from(s.cloned().unwrap_or_default())
}

fn header(l: Locale, keys: &[K]) -> Vec<String> {
    keys.iter().map(|k| k.get(l).to_string()).collect()
}

/// 帮扶责任人: every live helper as the list shows them at D.
pub fn helpers_table(ix: &Index, d: Date, l: Locale) -> Table {
    let rows = helper_list::rows(ix, d)
        .into_iter()
        .map(|r| {
            let h = ix.reg.helpers[r.pos].live();
            vec![
                Cell::from(r.name),
                Cell::from(r.kind.label(l)),
                Cell::from(r.work_unit),
                Cell::from(r.position),
                Cell::from(r.phone),
                Cell::from(r.region_path),
                Cell::from(r.leads_with.map(|m| m.label(l)).unwrap_or_default()),
                Cell::Number(r.households as f64),
                Cell::from(
                    h.and_then(|h| h.retired)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                ),
            ]
        })
        .collect();
    Table {
        sheet: K::sheet_helpers.get(l).to_string(),
        header: header(
            l,
            &[
                K::label_helper_name,
                K::label_helper_kind,
                K::label_work_unit,
                K::label_position,
                K::label_phone,
                K::label_region,
                K::label_leads_with,
                K::helper_households_title,
                K::label_retired_on,
            ],
        ),
        rows,
    }
}

/// The date an order reached `status`, from its steps.
fn step_date(a: &Assistance, status: AssistanceStatus) -> Cell {
    Cell::from(
        a.steps
            .iter()
            .find(|s| s.status == status)
            .map(|s| s.date.to_string())
            .unwrap_or_default(),
    )
}

/// 帮扶计划: every order and village project of the scope for `year`, by village and household.
pub fn plan_table(ix: &Index, scope: Scope, year: i32, l: Locale) -> Table {
    let reg = ix.reg;
    let mut rows: Vec<(String, Vec<Cell>)> = Vec::new();
    for a in reg.assistance.iter().filter_map(|a| a.live()) {
        if a.year != year {
            continue;
        }
        let Some(v) = super::calc::assistance_village(ix, a) else {
            continue;
        };
        if !ix.region_in_scope(v, scope) {
            continue;
        }
        let village = ix.region_path(v);
        let hh = a
            .household_id
            .as_deref()
            .and_then(|h| ix.household_pos(h))
            .and_then(|&h| reg.households[h].live());
        let head = hh.and_then(|h| h.head());
        let measure = reg.live::<Measure>(&a.measure_id);
        let fund = a.fund_id.as_deref().and_then(|f| reg.live::<Fund>(f));
        let who = head
            .map(|m| m.name.clone())
            .unwrap_or_else(|| K::plan_village_project.get(l).to_string());
        let cells = vec![
            Cell::from(village.clone()),
            Cell::from(who.clone()),
            Cell::from(
                head.and_then(|m| m.id_number.as_deref())
                    .map(id_number::masked)
                    .unwrap_or_default(),
            ),
            Cell::from(measure.map(|m| m.name.clone()).unwrap_or_default()),
            Cell::from(measure.map(|m| m.category.label(l)).unwrap_or_default()),
            a.quantity
                .map_or(Cell::Text(String::new()), |q| Cell::from(quantity_text(q))),
            text(a.unit.as_ref()),
            opt_money(a.amount_yuan),
            Cell::from(fund.map(|f| f.name.clone()).unwrap_or_default()),
            Cell::from(a.status.label(l)),
            step_date(a, AssistanceStatus::Requested),
            step_date(a, AssistanceStatus::Approved),
            Cell::from(a.done_date.map(|d| d.to_string()).unwrap_or_default()),
        ];
        rows.push((format!("{village}|{}|{who}", hh.is_some()), cells));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    Table {
        sheet: format!("{}{year}", K::sheet_plan.get(l)),
        header: header(
            l,
            &[
                K::village,
                K::head,
                K::pairing_column_head_id_number,
                K::label_measure_name,
                K::label_measure_category,
                K::label_quantity,
                K::label_unit,
                K::label_amount,
                K::label_fund,
                K::status,
                K::assistance_status_requested,
                K::assistance_status_approved,
                K::assistance_status_done,
            ],
        ),
        rows: rows.into_iter().map(|(_, r)| r).collect(),
    }
}

/// 资金台账: every fund with amount, allocated, spent by D and balance.
pub fn funds_table(ix: &Index, d: Date, l: Locale) -> Table {
    Table {
        sheet: K::sheet_funds.get(l).to_string(),
        header: header(
            l,
            &[
                K::label_fund_name,
                K::label_fund_source,
                K::label_fund_year,
                K::label_fund_region,
                K::fund_amount,
                K::fund_allocated,
                K::fund_spent,
                K::fund_balance,
            ],
        ),
        rows: fund_lines(ix, d)
            .into_iter()
            .map(|f| {
                let balance = f.balance();
                vec![
                    Cell::from(f.fund.name),
                    Cell::from(f.fund.source.label(l)),
                    Cell::Number(f.fund.year as f64),
                    Cell::from(f.region),
                    money(f.fund.amount_yuan),
                    money(f.allocated),
                    money(f.spent),
                    money(balance),
                ]
            })
            .collect(),
    }
}

/// 拨付明细: every payment, by date.
pub fn payments_table(ix: &Index, l: Locale) -> Table {
    let reg = ix.reg;
    let mut rows: Vec<(Date, Vec<Cell>)> = reg
        .disbursements
        .iter()
        .filter_map(|r| r.live())
        .map(|x| {
            let fund = reg.live::<Fund>(&x.fund_id).map(|f| f.name.clone());
            let pays_for = x
                .assistance_id
                .as_deref()
                .and_then(|a| reg.live::<Assistance>(a))
                .and_then(|a| reg.live::<Measure>(&a.measure_id))
                .map(|m| m.name.clone());
            (
                x.date,
                vec![
                    Cell::from(x.date.to_string()),
                    Cell::from(fund.unwrap_or_default()),
                    money(x.amount_yuan),
                    Cell::from(x.payee.as_str()),
                    text(x.voucher.as_ref()),
                    Cell::from(pays_for.unwrap_or_default()),
                    text(x.overspend_reason.as_ref()),
                ],
            )
        })
        .collect();
    rows.sort_by_key(|r| r.0);
    Table {
        sheet: K::sheet_payments.get(l).to_string(),
        header: header(
            l,
            &[
                K::label_date,
                K::label_fund_name,
                K::label_amount,
                K::label_payee,
                K::label_voucher,
                K::label_pays_for,
                K::label_override_reason,
            ],
        ),
        rows: rows.into_iter().map(|(_, r)| r).collect(),
    }
}

/// 贷款台账: every loan with what was repaid and is owed at D, and whether overdue.
pub fn loans_table(ix: &Index, d: Date, l: Locale) -> Table {
    let reg = ix.reg;
    let rows = reg
        .loans
        .iter()
        .filter_map(|r| r.live())
        .filter_map(|loan| {
            let &h = ix.household_pos(loan.household_id.as_str())?;
            let line = ix.household_line(h);
            let owed = loan_outstanding(loan, d);
            let repaid: Fen = loan
                .repayments
                .iter()
                .filter(|r| r.date <= d)
                .map(|r| r.amount_yuan)
                .sum();
            Some(vec![
                Cell::from(line.head),
                Cell::from(line.village),
                Cell::from(loan.lender.label(l)),
                text(loan.lender_name.as_ref()),
                money(loan.amount_yuan),
                Cell::from(loan.start_date.to_string()),
                Cell::Number(loan.term_months as f64),
                Cell::from(loan.due_date().to_string()),
                opt_money(loan.interest_subsidy_yuan),
                money(repaid),
                money(owed),
                Cell::from(if loan_overdue(loan, d) {
                    K::loan_overdue.get(l)
                } else {
                    ""
                }),
            ])
        })
        .collect();
    Table {
        sheet: K::sheet_loans.get(l).to_string(),
        header: header(
            l,
            &[
                K::head,
                K::village,
                K::label_lender,
                K::label_lender_name,
                K::label_amount,
                K::label_start_date,
                K::label_term_months,
                K::loan_due,
                K::label_interest_subsidy,
                K::loan_repaid,
                K::loan_outstanding,
                K::loan_overdue,
            ],
        ),
        rows,
    }
}

/// The report's helping sections as tables: the helping figures, orders by state, funds by
/// source (amount, allocated, spent, balance).
pub fn report_tables(o: &Overview, l: Locale) -> Vec<Table> {
    let number = |v: &Value| match v {
        Value::Count(n) => Cell::Number(*n as f64),
        Value::Money(f) => money(*f),
        Value::Percent(r) => Cell::Number((r.as_f64() * 10_000.0).round() / 100.0),
        Value::Unknown => Cell::from(K::unknown.get(l)),
    };
    let figures = Table {
        sheet: K::overview_helping.get(l).to_string(),
        header: header(l, &[K::analysis_figure, K::analysis_value]),
        rows: o
            .headline
            .iter()
            .filter(|(m, _)| m.is_helping())
            .map(|(m, v)| vec![Cell::from(m.label(l)), number(v)])
            .collect(),
    };
    let orders = Table {
        sheet: K::orders_title.get(l).to_string(),
        header: header(l, &[K::status, K::orders_count, K::fund_amount]),
        rows: o
            .orders
            .iter()
            .map(|x| {
                vec![
                    Cell::from(x.status.label(l)),
                    Cell::Number(x.count as f64),
                    money(x.amount),
                ]
            })
            .collect(),
    };
    let funds = Table {
        sheet: K::funds_title.get(l).to_string(),
        header: header(
            l,
            &[
                K::fund_source,
                K::fund_count,
                K::fund_amount,
                K::fund_allocated,
                K::fund_spent,
                K::fund_balance,
            ],
        ),
        rows: o
            .funds
            .iter()
            .map(|f| {
                vec![
                    Cell::from(f.source.label(l)),
                    Cell::Number(f.sum.count as f64),
                    money(f.sum.amount),
                    money(f.sum.allocated),
                    money(f.sum.spent),
                    money(f.sum.balance()),
                ]
            })
            .collect(),
    };
    vec![figures, orders, funds]
}
