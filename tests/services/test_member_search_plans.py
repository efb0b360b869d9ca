"""Member search statements: each branch reads an index on SQLite and PostgreSQL, the count too, and only filter
and cursor values are parameters."""

import random
import re

import pytest
from faker import Faker
from sqlalchemy import text
from sqlalchemy.dialects import postgresql

from hallweb.db.keyset import Window
from hallweb.db.search_keys import search_key
from hallweb.extensions import db
from hallweb.members.queries import MemberFilters, list_count_statement, list_statement, members_for_export
from tests.factories import classification_id, insert_members

# --- the search uses an index ---------------------------------------------------------------------------------


def bulk_members_with_real_names(count, *, phones=False):
    """`count` members in one bulk insert, named as people are (so the planner sees a real spread of prefixes);
    with `phones`, their phone numbers too, written in several ways."""
    fake = Faker("en_US")
    fake.seed_instance(11)
    rng = random.Random(5)
    formats = ("{}-{}-{}", "({}) {}-{}", "+1 {} {} {}", "{}.{}.{}")
    cid = classification_id()
    rows = []
    for i in range(count):
        first, last = fake.first_name(), fake.last_name()
        rows.append(
            {
                "card_number": f"B{i:07d}",
                "first_name": first,
                "last_name": last,
                "email": f"{search_key(first)}.{i}@example.net",
                "classification_id": cid,
            }
        )
        if phones:
            number = (rng.randint(200, 989), rng.randint(200, 999), f"{rng.randint(0, 9999):04d}")
            rows[-1]["phone"] = rng.choice(formats).format(*number)
    insert_members(rows)


def search_sql(q, window=Window.FIRST):
    """The SQL of a page of the list for search q, as list_members runs it, with the values inlined."""
    filters = MemberFilters(q=q)
    stmt = list_statement(filters.shape(), window).params(
        filters.params(), cursor_0="smith", cursor_1="ann", cursor_2=1
    )
    return str(stmt.compile(dialect=db.session.get_bind().dialect, compile_kwargs={"literal_binds": True}))


@pytest.mark.parametrize("window", [Window.FIRST, Window.AFTER, Window.LAST])
def test_search_uses_an_index_on_members_in_every_branch(app, window):
    bulk_members_with_real_names(2000)
    dialect = db.session.get_bind().dialect.name
    sql = search_sql("smi", window)
    assert "'smi'" in sql  # the prefix range really is in the statement

    if dialect == "sqlite":
        db.session.execute(text("ANALYZE"))
        plan = [row[3] for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
        on_members = [line for line in plan if " members" in line]
        assert len(on_members) == 4, plan  # last name, first name, card number, email
        assert all(line.startswith("SEARCH members USING") and "INDEX" in line for line in on_members), plan
        assert not any(line.startswith("SCAN members") for line in plan), plan
    else:
        db.session.execute(text("ANALYZE members"))
        plan = "\n".join(row[0] for row in db.session.execute(text(f"EXPLAIN {sql}")))
        assert "Seq Scan on members" not in plan, plan
        scans = re.findall(r"Bitmap Heap Scan on members|Index (?:Only )?Scan(?: Backward)? using \w+ on members", plan)
        assert len(scans) == 4, plan


@pytest.mark.parametrize("window", list(Window))
@pytest.mark.parametrize("q", ["", "smi ann"])
def test_a_list_statement_sends_only_filter_and_cursor_values_as_parameters(app, window, q):
    """The page size and sort expressions are written into PostgreSQL's SQL: it reuses one plan for a
    prepared statement only if the plan does not hinge on its parameters, as a LIMIT parameter does."""
    filters = MemberFilters(q=q)
    compiled = list_statement(filters.shape(), window).compile(dialect=postgresql.dialect())
    cursor = {f"cursor_{i}" for i in range(3)} if window in (Window.AFTER, Window.BEFORE) else set()
    assert set(compiled.params) == set(filters.params()) - {"status", "classification_id", "employer_id"} | cursor
    assert "LIMIT 51" in str(compiled)


def bulk_members_with_phones(count):
    """bulk_members_with_real_names(), with phone numbers written as people write them."""
    bulk_members_with_real_names(count, phones=True)


def plan_of(sql) -> list[str]:
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("ANALYZE"))
        return [row[3] for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
    db.session.execute(text("ANALYZE members"))
    return [row[0] for row in db.session.execute(text(f"EXPLAIN {sql}"))]


def reads_members_by_index_only(plan) -> bool:
    if db.session.get_bind().dialect.name == "sqlite":
        on_members = [line for line in plan if " members" in line]
        return bool(on_members) and all(line.startswith("SEARCH members USING") for line in on_members)
    return "Seq Scan on members" not in "\n".join(plan)


@pytest.mark.parametrize("window", [Window.FIRST, Window.AFTER, Window.LAST])
def test_a_phone_search_adds_a_branch_that_reads_the_phone_index(app, window):
    bulk_members_with_phones(2000)
    plan = plan_of(search_sql("555 86", window))
    assert reads_members_by_index_only(plan), plan
    assert any("ix_members_phone_key" in line for line in plan), plan


@pytest.mark.parametrize("q", ["", "smi", "smi ann", "555 867", "(555) 867-5309", "Smith, J", "smith,"])
@pytest.mark.parametrize("window", [Window.FIRST, Window.AFTER])
def test_the_count_of_a_search_reads_indexes_not_every_member(app, q, window):
    bulk_members_with_phones(2000)
    filters = MemberFilters(q=q)
    stmt = list_count_statement(filters.shape(), window).params(
        filters.params(), cursor_0="smith", cursor_1="ann", cursor_2=1
    )
    sql = str(stmt.compile(dialect=db.session.get_bind().dialect, compile_kwargs={"literal_binds": True}))
    plan = plan_of(sql)
    if q:
        assert reads_members_by_index_only(plan), plan
    assert db.session.execute(text(sql)).one()[0] == len(list(members_for_export(filters)))


@pytest.mark.parametrize("window", [Window.FIRST, Window.AFTER, Window.LAST])
def test_a_last_comma_first_search_reads_a_range_of_an_index(app, window):
    bulk_members_with_real_names(2000)
    plan = plan_of(search_sql("Smith, J", window))
    assert reads_members_by_index_only(plan), plan
