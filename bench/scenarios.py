"""The benchmark's scenarios: the pages it measures, as the UI requests them, and the ratio to the bare page each
should reach."""

import urllib.parse

from grade_save import GradeSave
from harness import Page
from seed_training import ASSESSMENTS, COHORT, COURSE, STUDENTS

# The ratio to the bare page each page should reach: pages and fragments that only read, and form pages
# (which build a WTForms form and its fields on every view).
READ_TARGET = 0.5
FORM_TARGET = 0.35
MEMBER_ROW = '<tr id="member-'


def page_targets(db_url: str) -> dict:
    """What the pages need from the seeded data: the cursor of the list's middle (the 50,000th of
    100,000 members), a search prefix, a member with a current job and a history of past ones."""
    import sqlalchemy as sa

    from hallweb.db.keyset import encode_cursor

    engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        listed = conn.execute(sa.text("SELECT count(*) FROM members WHERE archived_at IS NULL")).scalar_one()
        middle = conn.execute(
            sa.text(
                "SELECT last_name_key, first_name_key, id FROM members WHERE archived_at IS NULL "
                "ORDER BY last_name_key, first_name_key, id LIMIT 1 OFFSET :n"
            ),
            {"n": listed // 2 - 1},
        ).one()
        common = conn.execute(
            sa.text(
                "SELECT last_name_key FROM members GROUP BY last_name_key ORDER BY count(*) DESC, last_name_key LIMIT 1"
            )
        ).scalar_one()
        employed = conn.execute(
            sa.text(
                "SELECT member_id FROM employments WHERE member_id >= (SELECT max(id) / 2 FROM members) "
                "GROUP BY member_id HAVING count(*) >= 3 AND count(*) > count(end_date) "
                "ORDER BY member_id LIMIT 1"
            )
        ).scalar_one()
        campaign = conn.execute(  # the demo's busiest organizing campaign
            sa.text(
                "SELECT employer_id FROM organizing_activities GROUP BY employer_id "
                "ORDER BY count(*) DESC, employer_id LIMIT 1"
            )
        ).scalar_one()
        # Benevolence: the demo's paid application over the cap (the longest page: four reviews, an override)
        application = conn.execute(
            sa.text("SELECT id FROM benevolence_applications ORDER BY amount_requested DESC, id LIMIT 1")
        ).scalar_one()
        grievance = conn.execute(
            sa.text(
                "SELECT grievance_id FROM grievance_events GROUP BY grievance_id "
                "ORDER BY count(*) DESC, grievance_id LIMIT 1"
            )
        ).scalar_one()
        # Training: the bench offering's latest session with attendance taken (bench/seed_training.py)
        session = conn.execute(
            sa.text(
                "SELECT s.id, s.course_id, s.cohort_id FROM training_sessions s "
                "JOIN training_cohorts h ON h.id = s.cohort_id JOIN training_courses c ON c.id = s.course_id "
                "WHERE h.name = :cohort AND c.code = :course "
                "AND EXISTS (SELECT 1 FROM training_attendance a WHERE a.session_id = s.id) "
                "ORDER BY s.held_on DESC, s.id DESC LIMIT 1"
            ),
            {"cohort": COHORT, "course": COURSE},
        ).one()
    engine.dispose()
    book = f"/training/courses/{session.course_id}/cohorts/{session.cohort_id}/gradebook"
    return {
        "training_session": session.id,
        "training_gradebook": book,
        "training_grade_save": GradeSave(db_url, session.course_id, session.cohort_id, book),
        "cursor": encode_cursor(list(middle)),
        "prefix": common[:3],
        "member_id": employed,
        "campaign_id": campaign,
        "application_id": application,
        "grievance_id": grievance,
    }


def pages(targets: dict) -> list[Page]:
    """The pages as the UI requests them: a link, a reload or a new tab gets a whole page; the list's pager
    and its search box ask htmx for the table alone (the table partial, no layout)."""
    after = urllib.parse.quote(targets["cursor"])
    member = f"/members/{targets['member_id']}"
    grievance = f"/grievances/{targets['grievance_id']}"
    read, form = READ_TARGET, FORM_TARGET
    return [
        Page("bare", "ref", "/bare"),  # first: the ratios are relative to it
        Page("plain", "ref", "/plain"),
        # Whole pages
        Page("members-list", "app", "/members/", target=read, shows=MEMBER_ROW),
        Page("members-list-last", "app", "/members/?last=1", target=read, shows=MEMBER_ROW),
        Page("member-page", "app", member, target=read, shows=f'id="member-{targets["member_id"]}-'),
        Page("organizations-list", "app", "/organizations/", target=read, shows='<tr id="organization-'),
        Page("organizing-list", "app", "/organizing/", target=read, shows='<tr id="activity-'),
        Page(
            "campaign-page",
            "app",
            f"/organizing/campaigns/{targets['campaign_id']}",
            target=read,
            shows='id="cards-chart"',
        ),
        # htmx fragments of the members list: the pager's Next from the list's middle, and the active search
        Page("members-pager", "app", f"/members/?after={after}", fragment=True, target=read, shows=MEMBER_ROW),
        Page("members-search", "app", f"/members/?q={targets['prefix']}", fragment=True, target=read, shows=MEMBER_ROW),
        # Form pages (GET): each builds a WTForms form; the member's forms also read the classifications
        Page("member-edit", "app", f"{member}/edit", target=form, shows=f'action="{member}/edit"'),
        Page("member-new", "app", "/members/new", target=form, shows='action="/members/new"'),
        Page("profile", "app", "/account/profile", target=form, shows='action="/account/profile"'),
        # The benevolence fund as the office reads it, and the vice president's review queue
        Page(
            "benevolence-review-queue",
            "app",
            "/benevolence/review",
            target=read,
            shows='<tr id="application-',
            user="fund.vp@example.org",
        ),
        Page("benevolence-list", "app", "/benevolence/", target=read, shows='<tr id="application-'),
        Page("benevolence-summary", "app", "/benevolence/summary", target=read, shows='id="figures-month"'),
        Page(
            "benevolence-application",
            "app",
            f"/benevolence/{targets['application_id']}",
            target=read,
            shows=f'id="application-{targets["application_id"]}-history"',
        ),
        # Grievances: the list (next deadline first) and its search fragment, and the case with the longest timeline
        Page("grievances-list", "app", "/grievances/", target=read, shows='<tr id="grievance-'),
        Page("grievances-search", "app", "/grievances/?q=gr-", fragment=True, target=read, shows='<tr id="grievance-'),
        Page("grievance-page", "app", grievance, target=read, shows=f'id="grievance-{targets["grievance_id"]}-case"'),
        # Training grids as staff open them, at the sizes (bench/seed_training.py): a roster of 30, a
        # gradebook of 30 x 20 (reported with its time per cell; no target), and one grade save as htmx posts it
        Page(
            "training-roster",
            "app",
            f"/training/sessions/{targets['training_session']}/attendance",
            target=read,
            shows='<tr id="attendance-row-',
        ),
        Page(
            "training-gradebook",
            "app",
            targets["training_gradebook"],
            shows='class="grade-input"',
            cells=STUDENTS * ASSESSMENTS,
        ),
        Page(
            "training-grade-save",
            "app",
            targets["training_gradebook"],
            target=read,
            shows='class="grade-input"',
            save=targets["training_grade_save"],
        ),
    ]
