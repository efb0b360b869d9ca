"""Every list has the same pager: where the page sits in the list ("51–100 of 120") and First, Previous, Next and
Last links that keep the filters, as page and as fragment."""

import pytest
from sqlalchemy import func, insert, select

from hallweb.audit.models import AuditLog
from hallweb.auth.models import User
from hallweb.extensions import db
from hallweb.outbox.models import OutboxMessage
from tests.factories import bulk_members, bulk_organizations, make_member
from tests.html import link_href, parse, row_ids
from tests.web.helpers import query_of, text

OUTBOX_MESSAGE = {"recipient": "r@example.org", "subject": "Note", "text_body": "Hello", "html_body": "<p>Hello</p>"}


def pager_text(html: str) -> str:
    """The pager's "51–100 of 120"."""
    nav = parse(html).find("nav", {"class": "pager"})
    assert nav is not None, "no pager"
    return nav.find("span").text


def pager_labels(html: str) -> list[str]:
    return [a.text for a in parse(html).find("nav", {"class": "pager"}).find_all("a")]


def walk(client, url: str) -> dict[str, str]:
    """The pager text of the first page, Next from it, Last, Previous from the last and First from there (when
    Previous did not reach the first page already)."""
    first = text(client.get(url))
    second = text(client.hx_get(link_href(first, "Next")))
    last = text(client.get(link_href(first, "Last")))
    before_last = text(client.hx_get(link_href(last, "Previous")))
    again = text(client.hx_get(link_href(before_last, "First"))) if "First" in pager_labels(before_last) else None
    return {
        "first": pager_text(first),
        "second": pager_text(second),
        "last": pager_text(last),
        "before last": pager_text(before_last),
        "first again": again and pager_text(again),
        "links on the first": pager_labels(first),
        "links on the last": pager_labels(last),
    }


def count_of(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_members_pager_counts_keyset_pages_both_ways(client, login_as):
    login_as("staff")
    bulk_members(120)
    assert walk(client, "/members/") == {
        "first": "1–50 of 120",
        "second": "51–100 of 120",
        "last": "71–120 of 120",
        "before last": "21–70 of 120",
        "first again": "1–50 of 120",
        "links on the first": ["Next", "Last"],
        "links on the last": ["First", "Previous"],
    }


def test_members_pager_counts_only_the_matches_and_keeps_the_search(client, login_as):
    login_as("staff")
    bulk_members(60, prefix="Match")
    bulk_members(30, prefix="Other")
    first = text(client.get("/members/?q=match&sort=-card"))
    assert pager_text(first) == "1–50 of 60"
    next_url = link_href(first, "Next")
    assert {k: v for k, v in query_of(next_url).items() if k != "after"} == {"q": "match", "sort": "-card"}
    second = text(client.hx_get(next_url))
    assert pager_text(second) == "51–60 of 60"
    assert len(row_ids(second)) == 10


def test_a_short_member_list_says_how_many_without_links(client, login_as):
    login_as("staff")
    make_member()
    html = text(client.get("/members/"))
    assert pager_text(html) == "1–1 of 1"
    assert pager_labels(html) == []


def test_organizations_pager_counts(client, login_as):
    login_as("staff")
    bulk_organizations(75)
    assert walk(client, "/organizations/?sort=-name") == {
        "first": "1–50 of 75",
        "second": "51–75 of 75",
        "last": "26–75 of 75",
        "before last": "1–25 of 75",  # the 25 before the last page's first: the list's start
        "first again": None,
        "links on the first": ["Next", "Last"],
        "links on the last": ["First", "Previous"],
    }


def test_users_pager_counts(client, login_as):
    login_as("admin")
    db.session.execute(
        insert(User),
        [
            {"email": f"paged{i:03d}@example.org", "first_name": "Page", "last_name": f"Turner{i:03d}"}
            for i in range(60)
        ],
    )
    db.session.commit()
    total = count_of(User)
    result = walk(client, "/admin/users")
    assert result["first"] == f"1–50 of {total}"
    assert result["second"] == f"51–{total} of {total}"
    assert result["last"] == f"51–{total} of {total}"
    assert result["before last"] == f"1–50 of {total}"
    assert result["first again"] is None
    assert result["links on the first"] == ["Next", "Last"]
    assert result["links on the last"] == ["First", "Previous"]


def test_users_pager_keeps_the_filters(client, login_as):
    login_as("admin")
    db.session.execute(
        insert(User),
        [
            {"email": f"paged{i:03d}@example.org", "first_name": "Page", "last_name": f"Turner{i:03d}"}
            for i in range(55)
        ],
    )
    db.session.commit()
    html = text(client.get("/admin/users?q=paged"))
    assert pager_text(html) == "1–50 of 55"
    assert query_of(link_href(html, "Next")) == {"q": "paged", "page": "2"}
    assert query_of(link_href(html, "Last")) == {"q": "paged", "page": "2"}


def test_audit_log_pager_counts(client, login_as):
    login_as("admin")
    db.session.execute(insert(AuditLog), [{"action": "test.noted"} for _ in range(120)])
    db.session.commit()
    total = count_of(AuditLog)
    result = walk(client, "/admin/audit")
    assert result["first"] == f"1–50 of {total}"
    assert result["second"] == f"51–100 of {total}"
    assert result["last"] == f"101–{total} of {total}"
    assert result["before last"] == f"51–100 of {total}"


def test_outbox_pager_counts(client, login_as):
    login_as("admin")
    db.session.execute(insert(OutboxMessage), [OUTBOX_MESSAGE] * 55)
    db.session.commit()
    total = count_of(OutboxMessage)
    result = walk(client, "/admin/outbox")
    assert result["first"] == f"1–50 of {total}"
    assert result["second"] == result["last"] == f"51–{total} of {total}"


@pytest.mark.parametrize(
    ("url", "model"), [("/admin/users", User), ("/admin/audit", AuditLog), ("/admin/outbox", OutboxMessage)]
)
def test_admin_list_fragments_say_how_many_there_are(client, login_as, url, model):
    login_as("admin")
    db.session.execute(insert(OutboxMessage), [OUTBOX_MESSAGE])
    db.session.commit()
    html = text(client.hx_get(url))
    assert "<html" not in html
    total = count_of(model)
    assert pager_text(html) == f"1–{total} of {total}"
