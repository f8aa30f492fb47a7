"""Writes the bad-input corpus under tests/corpus/ from tests/corpus/valid-base.json.

Each bad-*.json must be refused by the importer with a problem at the path given in
tests/corpus/expected.tsv (file, path, a fragment of the English message). Run again after
changing the base file: `python3 scripts/make_corpus.py`. The 100 MB file is not committed:
tests/exchange.rs makes it at test time.
"""
import copy
import json
import os

here = os.path.join(os.path.dirname(__file__), "..", "tests", "corpus")
base = json.load(open(os.path.join(here, "valid-base.json"), encoding="utf-8"))
cases = []


def case(name, path, fragment, mutate=None, raw=None):
    target = os.path.join(here, f"bad-{name}.json")
    if raw is not None:
        data = raw if isinstance(raw, bytes) else raw.encode("utf-8")
    else:
        doc = copy.deepcopy(base)
        mutate(doc)
        data = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    open(target, "wb").write(data)
    cases.append((f"bad-{name}.json", path, fragment))


text = json.dumps(base, ensure_ascii=False)
case("truncated", "", "ends too early", raw=text[: len(text) // 2])
case("empty", "", "empty", raw="")
case("not-json", "", "not valid JSON", raw="村,户主,人口\n1村,王军,3\n")
case("deep-nesting", "", "nested too deeply", raw="[" * 200 + "]" * 200)
case("top-array", "", "one JSON object", raw="[]")
case("wrong-format", "format", "not a Jingzhun exchange file", lambda d: d.update(format="other"))
case("newer-version", "version", "newer than this app", lambda d: d.update(version=9))
case("unknown-top-field", "extra", "unknown field", lambda d: d.update(extra=1))
case("unknown-household-field", "households[0].income_total", "unknown field", lambda d: d["households"][0].update(income_total=5))
case("wrong-type-people", "regions[2].rural_population[0].people", "whole number", lambda d: d["regions"][2]["rural_population"][0].update(people="1200"))
case("wrong-type-members", "households[0].members", "should be a list", lambda d: d["households"][0].update(members={"id": "x"}))
case("missing-required", "households[0].main_cause", "required field is missing", lambda d: d["households"][0].pop("main_cause"))
case("bad-enum", "households[0].attribute", "not an allowed code", lambda d: d["households"][0].update(attribute="rich"))
case("bad-date", "households[0].status_events[0].date", "not a real date", lambda d: d["households"][0]["status_events"][0].update(date="2017-02-29"))
case("bad-timestamp", "exported_at", "not a date-time", lambda d: d.update(exported_at="yesterday"))
case("bad-check-character", "households[0].members[0].id_number", "check character should be", lambda d: d["households"][0]["members"][0].update(id_number=d["households"][0]["members"][0]["id_number"][:17] + ("0" if d["households"][0]["members"][0]["id_number"][17] != "0" else "1")))
case("birth-date-mismatch", "households[0].members[0].birth_date", "differs from", lambda d: d["households"][0]["members"][0].update(birth_date="1990-01-01"))
case("duplicate-household-id", "households[1].id", "used twice", lambda d: d["households"][1].update(id=d["households"][0]["id"]))
case("duplicate-member-id", "households[1].members[0].id", "used twice", lambda d: d["households"][1]["members"][0].update(id=d["households"][0]["members"][0]["id"]))
case("dangling-village", "households[0].village_id", "does not exist", lambda d: d["households"][0].update(village_id="nowhere"))
case("dangling-helper", "pairings[0].helper_id", "does not exist", lambda d: d["pairings"][0].update(helper_id="nobody"))
case("member-of-other-household", "assistance[0].member_id", "is not a member", lambda d: d["assistance"][0].update(member_id=d["households"][1]["members"][0]["id"]))
case("village-under-county", "regions[2].parent_id", "parent must be a township", lambda d: d["regions"][2].update(parent_id=d["regions"][0]["id"]))
case("county-with-parent", "regions[0].parent_id", "a county has no parent", lambda d: d["regions"][0].update(parent_id=d["regions"][1]["id"]))
case("events-out-of-order", "households[0].status_events[1].date", "oldest first", lambda d: d["households"][0]["status_events"][1].update(date="2000-01-01"))
case("left-before-joined", "households[0].members[0].left_date", "before joining", lambda d: d["households"][0]["members"][0].update(joined_date="2016-01-01", left_date="2015-01-01"))
case("three-decimals", "households[0].incomes[0].wage", "more than two decimals", lambda d: d["households"][0]["incomes"][0].update(wage=100.123))
case("negative-money", "funds[0].amount_yuan", "out of range", lambda d: d["funds"][0].update(amount_yuan=-5))
case("income-year-twice", "households[0].incomes[2].year", "appears twice", lambda d: d["households"][0]["incomes"].append(copy.deepcopy(d["households"][0]["incomes"][0])))
case("scope-not-in-file", "scope", "not in the file", lambda d: d.update(scope="elsewhere"))
case("tombstone-with-data", "households[0].attribute", "tombstone", lambda d: d["households"][0].update(deleted=True))
case("bad-id-pattern", "households[0].id", "not valid", lambda d: d["households"][0].update(id="户 1"))
case("empty-rev", "households[0].rev", "1 to 1000", lambda d: d["households"][0].update(rev={}))
case("pairing-ends-before-start", "pairings[0].end_date", "before the start", lambda d: d["pairings"][0].update(end_date="2000-01-01"))


# Version 2: the helping half's records.
def v2(mutate):
    def go(d):
        d["version"] = 2
        d["assistance"][0]["status"] = "done"
        d["assistance"][0]["steps"] = [
            {"status": "requested", "date": "2017-03-01"},
            {"status": "approved", "date": "2017-03-05"},
            {"status": "in_progress", "date": "2017-03-10"},
            {"status": "done", "date": "2017-04-20"},
        ]
        d["loans"] = [{"id": "l-1", "rev": {"base": 1}, "updated_at": "2017-01-01T00:00:00Z", "household_id": d["households"][1]["id"], "lender": "bank", "amount_yuan": 50000, "start_date": "2016-01-10", "term_months": 36, "repayments": [{"date": "2017-01-10", "amount_yuan": 20000}]}]
        d["disbursements"] = [{"id": "d-1", "rev": {"base": 1}, "updated_at": "2017-01-01T00:00:00Z", "fund_id": d["funds"][0]["id"], "date": "2017-05-01", "amount_yuan": 3000, "payee": "一村合作社", "assistance_id": d["assistance"][0]["id"]}]
        mutate(d)
    return go

case("v2-step-skipped", "assistance[0].steps[1].status", "cannot follow", v2(lambda d: d["assistance"][0]["steps"].pop(1)))
case("v2-status-not-last-step", "assistance[0].status", "last step", v2(lambda d: d["assistance"][0].update(status="approved")))
case("v2-order-for-both", "assistance[0].village_id", "cannot both be given", v2(lambda d: d["assistance"][0].update(village_id=d["regions"][2]["id"])))
case("v2-repaid-beyond-loan", "loans[0].repayments[1].amount_yuan", "more than the loan", v2(lambda d: d["loans"][0]["repayments"].append({"date": "2017-06-01", "amount_yuan": 40000})))
case("v2-repaid-before-start", "loans[0].repayments[0].date", "before", v2(lambda d: d["loans"][0]["repayments"][0].update(date="2015-01-01")))
case("v2-mutual-aid-without-fund", "loans[0].fund_id", "mutual-aid", v2(lambda d: d["loans"][0].update(lender="mutual_aid")))
case("v2-dangling-disbursement-fund", "disbursements[0].fund_id", "does not exist", v2(lambda d: d["disbursements"][0].update(fund_id="f-none")))
case("v2-visit-without-pairing", "visits[0].pairing_id", "does not exist", v2(lambda d: d.update(visits=[{"id": "vi-1", "rev": {"base": 1}, "updated_at": "2017-01-01T00:00:00Z", "pairing_id": "pr-none", "date": "2017-05-01", "done": "走访"}])))
case("v2-planned-state", "assistance[0].status", "not an allowed code", v2(lambda d: d["assistance"][0].update(status="planned", steps=[])))
case("v2-signed-letter-without-date", "targets[0].signed_date", "needs its date", v2(lambda d: d.update(targets=[{"id": "tg-1", "rev": {"base": 1}, "updated_at": "2017-01-01T00:00:00Z", "year": 2017, "region_id": d["regions"][1]["id"], "kind": "exit_households", "planned": 30, "letter": "signed"}])))
case("v2-more-wrong-than-checked", "sample_checks[0].wrongly_exited", "more than", v2(lambda d: d.update(sample_checks=[{"id": "sc-1", "rev": {"base": 1}, "updated_at": "2017-01-01T00:00:00Z", "region_id": d["regions"][0]["id"], "date": "2017-11-01", "exited_checked": 5, "wrongly_exited": 6, "others_checked": 10, "missed": 0}])))
case("v2-more-satisfied-than-asked", "surveys[0].satisfied", "more than", v2(lambda d: d.update(surveys=[{"id": "sv-1", "rev": {"base": 1}, "updated_at": "2017-01-01T00:00:00Z", "region_id": d["regions"][0]["id"], "date": "2017-11-01", "respondents": 10, "satisfied": 11}])))
case("v2-bad-exit-step", "households[1].exit_steps[0].step", "not an allowed code", v2(lambda d: d["households"][1].update(exit_steps=[{"step": "vote", "date": "2017-06-01", "result": "pass"}])))
case("v2-task-due-before-start", "tasks[0].due_date", "before the start", v2(lambda d: d["tasks"][0].update(start_date="2017-12-01")))

with open(os.path.join(here, "expected.tsv"), "w", encoding="utf-8") as f:
    f.write("# file\tpath\tfragment of the English message\n")
    for c in cases:
        f.write("\t".join(c) + "\n")
print(f"{len(cases)} bad files")
