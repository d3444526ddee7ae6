"""The traversal plan: reachability, order, cycles, several and optional identities, and
running it on a real (SQLite) database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from personvern.connectors.factory import connect, dispose_all
from personvern.datamap.execute import collect, erase
from personvern.datamap.loader import parse_datasets
from personvern.datamap.model import DataMap, DatamapError
from personvern.datamap.plan import Input, build_plan, render_dot, render_mermaid, render_text, unreachable_collections
from personvern.keys import Keys
from tests.datamap.fides import DATASET, KEY, requires_fides

APP = """\
dataset:
  - fides_key: app
    collections:
      - name: households
        fields:
          - name: id
            fides_meta: {primary_key: true}
          - name: email
            data_categories: [user.contact.email]
            fides_meta: {identity: email}
          - name: head_person_id
            data_categories: [user.unique_id]
            fides_meta:
              references: [{dataset: app, field: persons.id, direction: to}]
      - name: persons
        fields:
          - name: id
            fides_meta: {primary_key: true}
          - name: name
            data_categories: [user.name]
          - name: household_id
            fides_meta:
              references: [{dataset: app, field: households.id, direction: to}]
      - name: sms_log
        fields:
          - name: id
            fides_meta: {primary_key: true}
          - name: phone
            data_categories: [user.contact.phone_number]
            fides_meta: {identity: phone}
          - name: body
            data_categories: [user.content]
      - name: notes
        fields:
          - name: id
            fides_meta: {primary_key: true}
          - name: person_id
            data_categories: [user.unique_id]
            fides_meta:
              references: [{dataset: app, field: persons.id}]
          - name: text
            data_categories: [user.content]
      - name: orphan
        fields:
          - name: id
          - name: ssn
            data_categories: [user.government_id]
      - name: settings
        fields:
          - name: id
          - name: theme
            data_categories: [system.operations]
      - name: audit
        fides_meta:
          after: [app.sms_log]
          erase_after: [app.notes]
        fields:
          - name: id
            fides_meta: {primary_key: true}
          - name: email
            data_categories: [user.contact.email]
            fides_meta: {identity: email}
"""


def datamap(text: str = APP) -> DataMap:
    return DataMap.of(*parse_datasets(text, "app.yml"))


def order(plan) -> list[str]:
    return [s.address.removeprefix("app:") for s in plan.steps]


def test_unreachable_personal_collection_is_named() -> None:
    plan = build_plan(datamap(), ["email"])
    assert [c.address for c in plan.unreachable_personal] == ["app:orphan", "app:sms_log"]
    assert {c.address for c in plan.unreachable} == {"app:orphan", "app:settings", "app:sms_log"}
    assert [c.name for c in unreachable_collections(datamap(), ["email", "phone"])] == ["orphan"]
    assert "app:orphan (ssn)" in render_text(plan)


def test_several_identities_each_seed_their_collections() -> None:
    plan = build_plan(datamap(), ["email", "phone"])
    assert "sms_log" in order(plan)
    assert plan.step("app:sms_log").inputs == (Input("phone", "identity:phone"),)
    assert plan.step("app:households").inputs[0] == Input("email", "identity:email")
    assert build_plan(datamap(), ["phone"]).identities == ("phone",)
    assert order(build_plan(datamap(), ["phone"])) == ["sms_log"]


def test_order_feeds_every_collection_before_it_is_queried() -> None:
    plan = build_plan(datamap(), ["email", "phone"])
    names = order(plan)
    assert names.index("households") < names.index("persons") < names.index("notes")
    assert names.index("sms_log") < names.index("audit")  # after: [app.sms_log]
    notes = plan.step("app:notes")
    assert notes.inputs == (Input("person_id", "app:persons.id"),)  # no direction: both ways
    assert Input("id", "app:notes.person_id") in plan.step("app:persons").inputs


def test_cycles_are_marked_and_erase_order_is_children_first() -> None:
    plan = build_plan(datamap(), ["email", "phone"])
    households, persons = plan.step("app:households"), plan.step("app:persons")
    assert set(households.cycle) == {"app:households", "app:persons", "app:notes"}
    assert households.cycle == persons.cycle
    assert plan.step("app:sms_log").cycle == ()
    erase_names = [s.address.removeprefix("app:") for s in plan.erase_order()]
    assert erase_names.index("notes") < erase_names.index("audit")  # erase_after: [app.notes]
    assert erase_names.index("notes") < erase_names.index("persons")  # notes holds the key
    extra = plan.erase_order([("app:audit", "app:sms_log")])
    names = [s.address.removeprefix("app:") for s in extra]
    assert names.index("audit") < names.index("sms_log")


def test_after_and_erase_after_cycles_are_errors() -> None:
    looped = APP.replace(
        "      - name: sms_log\n", "      - name: sms_log\n        fides_meta: {after: [app.audit]}\n"
    )
    with pytest.raises(DatamapError, match="'after' entries of app:audit, app:sms_log form a cycle"):
        build_plan(datamap(looped), ["email", "phone"])
    text = APP.replace(
        "      - name: notes\n",
        "      - name: notes\n        fides_meta:\n          erase_after: [app.audit]\n",
    )
    plan = build_plan(datamap(text), ["email"])
    with pytest.raises(DatamapError, match="erase_after"):
        plan.erase_order()


def test_references_that_point_nowhere_are_errors() -> None:
    broken = APP.replace("field: persons.id, direction: to", "field: people.id, direction: to")
    with pytest.raises(DatamapError, match="references 'app.people.id', but there is no collection 'people'"):
        build_plan(datamap(broken), ["email"])
    broken = APP.replace("after: [app.sms_log]", "after: [app.sms]")
    assert "has after 'app.sms', which is not a known collection" in datamap(broken).problems()[0]


def test_skip_processing_leaves_a_collection_out() -> None:
    text = APP.replace("      - name: orphan\n", "      - name: orphan\n        fides_meta: {skip_processing: true}\n")
    plan = build_plan(datamap(text), ["email", "phone"])
    assert plan.unreachable_personal == []


def test_pictures() -> None:
    plan = build_plan(datamap(), ["email"])
    mermaid = render_mermaid(plan)
    assert mermaid.startswith("flowchart LR\n")
    assert '(["identity: email"])' in mermaid and ':::unreachable' in mermaid
    assert '-->|"head_person_id → id"|' in mermaid
    dot = render_dot(plan)
    assert dot.startswith("digraph datamap {") and dot.rstrip().endswith("}")
    assert '"app:households" -> "app:persons" [label="head_person_id → id"];' in dot
    assert '"app:orphan" [label="app:orphan (unreachable)", color=red, fontcolor=red];' in dot
    text = render_text(plan)
    assert "cycle: repeated until no new values" in text and "Erase order:" in text


@requires_fides
def test_fides_plan_order() -> None:
    from personvern.datamap.loader import load_datamap

    plan = build_plan(load_datamap([DATASET]), ["email"])
    names = [s.address.removeprefix(f"{KEY}:") for s in plan.steps]
    assert names[:5] == ["customer", "employee", "report", "service_request", "visit"]
    assert names.index("orders") < names.index("address") and names.index("orders") < names.index("order_item")
    assert names.index("order_item") < names.index("product")
    assert all(not s.cycle for s in plan.steps)


# --- running plans on SQLite ------------------------------------------------------------

SCHEMA = """
CREATE TABLE households (id INTEGER PRIMARY KEY, email TEXT, head_person_id INTEGER);
CREATE TABLE persons (id INTEGER PRIMARY KEY, name TEXT, household_id INTEGER);
CREATE TABLE sms_log (id INTEGER PRIMARY KEY, phone TEXT, body TEXT);
CREATE TABLE notes (id INTEGER PRIMARY KEY, person_id INTEGER, text TEXT);
CREATE TABLE orphan (id INTEGER, ssn TEXT);
CREATE TABLE settings (id INTEGER, theme TEXT);
CREATE TABLE audit (id INTEGER PRIMARY KEY, email TEXT);
INSERT INTO households VALUES (1, 'ada@example.com', 10), (2, 'other@example.com', 20), (3, 'x@example.com', 30);
INSERT INTO persons VALUES (10, 'Ada', 2), (20, 'Bo', 2), (30, 'Cy', 3);
INSERT INTO sms_log VALUES (1, '+4740000001', 'hello'), (2, '+4740000002', 'hi');
INSERT INTO notes VALUES (1, 20, 'note on Bo'), (2, 30, 'note on Cy');
INSERT INTO audit VALUES (1, 'ada@example.com');
"""


@pytest.fixture
def app_db(tmp_path: Path):
    path = tmp_path / "app.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(SCHEMA)
    yield {"app": connect("app", f"sqlite:///{path}")}
    dispose_all()


def test_a_cycle_is_followed_until_nothing_new_appears(app_db) -> None:
    plan = build_plan(datamap(), ["email", "phone"])
    collected = collect(plan, app_db, {"email": "ada@example.com"})
    rows = collected.nonempty()
    # households 1 -> head person 10 -> household 2 -> head person 20 -> note 1
    assert [r["id"] for r in rows["app:households"]] == [1, 2]
    assert [r["id"] for r in rows["app:persons"]] == [10, 20]
    assert [r["id"] for r in rows["app:notes"]] == [1]
    assert [r["id"] for r in rows["app:audit"]] == [1]
    assert "app:sms_log" not in rows  # the optional phone identity was not given


def test_optional_identities_and_several_values(app_db) -> None:
    plan = build_plan(datamap(), ["email", "phone"])
    by_phone = collect(plan, app_db, {"phone": ["+4740000001", "+4740000002"], "email": None})
    assert list(by_phone.nonempty()) == ["app:sms_log"]
    assert len(by_phone.rows["app:sms_log"]) == 2
    both = collect(plan, app_db, {"phone": "+4740000002", "email": ["x@example.com"]})
    assert [r["body"] for r in both.rows["app:sms_log"]] == ["hi"]
    assert [r["name"] for r in both.rows["app:persons"]] == ["Cy"]
    assert collect(plan, app_db, {}).total == 0


def test_erasure_on_sqlite_follows_the_erase_order(app_db) -> None:
    plan = build_plan(datamap(), ["email", "phone"])
    collected = collect(plan, app_db, {"email": "ada@example.com"})
    seen: list[str] = []
    result = erase(plan, app_db, collected, Keys(b"s" * 32), on_step=lambda s, o: seen.append(s.address))
    assert seen.index("app:notes") < seen.index("app:audit")
    assert result.collections["app:persons"].masked == [{"id": 10}, {"id": 20}]
    connector = app_db["app"]
    assert [r["name"] for r in connector.retrieve("persons", {"id": [10, 20, 30]})] == [None, None, "Cy"]
    assert connector.retrieve("notes", {"id": [1]})[0] == {"id": 1, "person_id": None, "text": None}
