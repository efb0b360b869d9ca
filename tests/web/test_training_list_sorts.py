"""The course and session lists sort by their column headers: every order read page by page across a page
boundary (forward with Next, backward with Previous), the sort kept in the pager, the CSV and the filter
form; junk sorts and cursors give the first page, never an error; the statements sent do not depend on the
sort or on how many rows there are."""

import csv
import io
from datetime import date, time, timedelta
from decimal import Decimal as D

import pytest

from hallweb.db.keyset import encode_cursor
from hallweb.extensions import db
from hallweb.training.queries.courses import PER_PAGE
from hallweb.training.services.catalogue import create_course
from hallweb.training.services.schedule import schedule_sessions
from tests.factories import user
from tests.html import element_by_id, form_values, link_href, links, row_ids
from tests.support import counted_statements
from tests.training_factories import course, make_cohort
from tests.web.helpers import query_of, text

TYPES = ("core", "elective", "remedial", "advanced", "certification")
COURSES = 57  # more than a page (50)


def make_courses(staff, n=COURSES, prefix="S"):
    """Courses S-000 ... whose titles run the other way round, types in turn."""
    made = [
        create_course(
            actor=staff,
            code=f"{prefix}-{i:03d}",
            title=f"Title {n - i:03d}",
            course_type=TYPES[i % 5],
            hours=D(8),
            credits=1,
            pass_mark=D(70),
        )  # fmt: skip
        for i in range(n)
    ]
    db.session.commit()
    return made


def walk(client, url, prefix, default):
    """Every row id of the list from `url`, following Next; then, from the last page, back with Previous.
    Each link keeps the sort (left out of the URL when it is the list's default)."""
    sort = query_of(url).get("sort")
    kept = None if sort == default else sort
    pages, html = [], text(client.get(url))
    pages.append(row_ids(html, prefix))
    while "Next" in _labels(html):
        next_url = link_href(html, "Next")
        assert query_of(next_url).get("sort") == kept
        html = text(client.hx_get(next_url))
        pages.append(row_ids(html, prefix))
    forward = [i for p in pages for i in p]
    back = [pages[-1]]
    while "Previous" in _labels(html):
        previous = link_href(html, "Previous")
        assert query_of(previous).get("sort") == kept
        html = text(client.hx_get(previous))
        back.insert(0, row_ids(html, prefix))
    assert back == pages, "Previous reads the same pages back"
    return forward, len(pages)


def _labels(html):
    return [a.text for a in links(html)]


def expected(rows, key, descending):
    return [r.id for r in sorted(rows, key=key, reverse=descending)]


@pytest.fixture
def staff(app, login_as):
    return login_as("staff")


@pytest.mark.parametrize(
    "sort, key",
    [
        ("code", lambda c: (c.code, c.id)),
        ("title", lambda c: (c.title, c.id)),
        ("type", lambda c: (c.course_type, c.code, c.id)),
    ],
)
@pytest.mark.parametrize("descending", [False, True])
def test_the_course_list_sorts_by_each_header_across_pages(client, staff, sort, key, descending):
    made = make_courses(staff)
    url_sort = f"-{sort}" if descending else sort
    ids, pages = walk(client, f"/training/courses/?q=S-&sort={url_sort}", "course", "code")
    assert pages == 2 and len(ids) == COURSES
    assert ids == expected(made, key, descending)
    rows = list(csv.reader(io.StringIO(text(client.get(f"/training/courses/export.csv?q=S-&sort={url_sort}")))))
    by_code = {c.code: c.id for c in made}
    assert [by_code[r[0]] for r in rows[1:]] == ids


def test_the_course_list_is_by_code_unless_told(client, staff):
    made = make_courses(staff, 5)
    html = text(client.get("/training/courses/?q=S-"))
    assert row_ids(html, "course") == [c.id for c in made]
    assert 'aria-sort="ascending"' in element_by_id(html, "course-table").outer_html
    assert query_of(link_href(html, "Code"))["sort"] == "-code"
    assert query_of(link_href(html, "Title"))["sort"] == "title"


def test_the_course_filters_keep_the_sort_a_header_chose(client, staff):
    make_courses(staff, 3)
    page = text(client.get("/training/courses/?sort=-title&course_type=core"))
    assert form_values(page, "course-filters") == {"q": "", "course_type": "core", "archived": "", "sort": "-title"}
    assert query_of(link_href(page, "Download these courses"))["sort"] == "-title"


@pytest.fixture
def timetable(staff):
    """57 sessions of one cohort: two courses, three instructors, on dates that interleave."""
    cohort = make_cohort(staff, start=date(2026, 1, 1), end=date(2027, 12, 31))
    teachers = [
        user("instructor", first_name=first, last_name=last)
        for first, last in (("Zoe", "Bee"), ("Al", "Bee"), ("Cy", "Ash"))
    ]
    plan = [("ELEC-101", 0, 20), ("MATH-100", 1, 19), ("ELEC-101", 2, 18)]
    made = []
    for n, (code, t, weeks) in enumerate(plan):
        made += schedule_sessions(
            actor=staff, course=course(code), cohort=cohort, instructor=teachers[t],
            first_date=date(2026, 1, 5) + timedelta(days=n), starts_at=time(18), ends_at=time(21), weeks=weeks,
        )  # fmt: skip
    db.session.commit()
    return cohort, made


@pytest.mark.parametrize(
    "sort, key",
    [
        ("date", lambda s: (s.held_on, s.id)),
        ("course", lambda s: (s.course.code, s.held_on, s.id)),
        ("instructor", lambda s: (s.instructor.last_name, s.instructor.first_name, s.held_on, s.id)),
    ],
)
@pytest.mark.parametrize("descending", [False, True])
def test_the_session_list_sorts_by_each_header_across_pages(client, timetable, sort, key, descending):
    cohort, made = timetable
    url_sort = f"-{sort}" if descending else sort
    ids, pages = walk(client, f"/training/sessions/?cohort={cohort.id}&sort={url_sort}", "session", "date")
    assert pages == 2 and len(ids) == len(made) == 57
    assert ids == expected(made, key, descending)
    rows = list(
        csv.reader(io.StringIO(text(client.get(f"/training/sessions/export.csv?cohort={cohort.id}&sort={url_sort}"))))
    )
    assert [(r[0], r[4], r[6]) for r in rows[1:]] == [
        (s.held_on.isoformat(), s.course.code, f"{s.instructor.first_name} {s.instructor.last_name}")
        for s in sorted(made, key=key, reverse=descending)
    ]


def test_the_session_list_is_by_date_unless_told_and_the_filters_keep_the_sort(client, timetable):
    cohort, made = timetable
    html = text(client.get(f"/training/sessions/?cohort={cohort.id}"))
    assert row_ids(html, "session") == expected(made, lambda s: (s.held_on, s.id), False)[:PER_PAGE]
    assert query_of(link_href(html, "Date"))["sort"] == "-date"
    page = text(client.get(f"/training/sessions/?cohort={cohort.id}&sort=-instructor"))
    assert form_values(page, "session-filters")["sort"] == "-instructor"
    assert query_of(link_href(page, "Download these sessions"))["sort"] == "-instructor"
    assert query_of(link_href(page, "Next"))["sort"] == "-instructor"


JUNK_CURSORS = [
    "junk",
    "%%%",
    "x" * 5000,
    encode_cursor(["not a date", 1]),
    encode_cursor(["2026-01-05", 2**40]),
    encode_cursor(["\x00", "a", "2026-01-05", 1]),
    encode_cursor(["S-001", "2026-13-45", 1]),
    encode_cursor([[1], {"a": 1}]),
    encode_cursor([None, None, None]),
]


@pytest.mark.parametrize("cursor", JUNK_CURSORS)
def test_junk_sorts_and_cursors_give_the_first_page(client, timetable, cursor):
    cohort, made = timetable
    first = expected(made, lambda s: (s.held_on, s.id), False)[:PER_PAGE]
    for sort in ("date", "-course", "instructor", "bogus", "-", "' OR 1=1"):
        for arg in ("after", "before"):
            response = client.get("/training/sessions/", query_string={"cohort": cohort.id, "sort": sort, arg: cursor})
            assert response.status_code == 200, (sort, arg)
            shown = row_ids(text(response), "session")
            if sort in ("-course", "instructor"):
                assert len(shown) == PER_PAGE, (sort, arg)
            else:  # a sort the list does not know is the default one
                assert shown == first, (sort, arg)
        for sort in ("code", "-title", "type", "bogus"):
            # a cursor whose values fit this sort's keys is a place in the list (maybe past its end)
            response = client.get("/training/courses/", query_string={"sort": sort, arg: cursor})
            assert response.status_code == 200 and 'id="course-table"' in text(response), (sort, arg)


def test_a_cursor_of_another_sort_is_no_error(client, timetable):
    cohort, _ = timetable
    by_date = text(client.get(f"/training/sessions/?cohort={cohort.id}"))
    cursor = query_of(link_href(by_date, "Next"))["after"]
    for sort in ("course", "-instructor"):
        response = client.get("/training/sessions/", query_string={"cohort": cohort.id, "sort": sort, "after": cursor})
        assert response.status_code == 200 and len(row_ids(text(response), "session")) == PER_PAGE


def _statements(client, url):
    with counted_statements() as statements:
        response = client.hx_get(url)
        assert response.status_code == 200
    return len(list(statements))


def test_the_statements_sent_depend_on_neither_the_sort_nor_the_rows(client, staff):
    cohort = make_cohort(staff, start=date(2026, 1, 1), end=date(2027, 12, 31))
    teacher = user("instructor")

    def grow(weeks, first):
        schedule_sessions(
            actor=staff, course=course("ELEC-101"), cohort=cohort, instructor=teacher, first_date=first,
            starts_at=time(18), ends_at=time(21), weeks=weeks,
        )  # fmt: skip
        db.session.commit()

    def measure():
        counts = {}
        for sort in ("date", "-date", "course", "-course", "instructor", "-instructor"):
            counts[f"sessions {sort}"] = _statements(client, f"/training/sessions/?cohort={cohort.id}&sort={sort}")
        for sort in ("code", "-code", "title", "-title", "type", "-type"):
            counts[f"courses {sort}"] = _statements(client, f"/training/courses/?sort={sort}")
        return counts

    grow(10, date(2026, 1, 5))
    make_courses(staff, 10)
    small = measure()
    grow(50, date(2026, 4, 1))
    make_courses(staff, 50, prefix="T")
    large = measure()
    assert large == small
    assert len({v for k, v in small.items() if k.startswith("sessions")}) == 1, small
    assert len({v for k, v in small.items() if k.startswith("courses")}) == 1, small
