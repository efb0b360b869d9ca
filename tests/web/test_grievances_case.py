"""The case page and its moves: POST forms without JavaScript, the panel swapped under htmx, refusals."""

from datetime import date

import pytest

from hallweb.extensions import db
from tests.grievance_factories import ensure_holiday, make_grievance
from tests.html import element_by_id, field_errors, parse, text_of
from tests.support import fresh
from tests.web.helpers import hx_trigger_events, location, text


@pytest.fixture
def case(app):
    ensure_holiday(date(2026, 11, 11), "Veterans Day")
    ensure_holiday(date(2026, 11, 26), "Thanksgiving Day")
    return make_grievance()


def moves(html, g) -> list[str]:
    panel = element_by_id(html, f"grievance-{g.id}-moves")
    return [text_of(a) for a in panel.find_all("a")]


def test_the_case_page_shows_facts_deadline_and_only_the_allowed_moves(client, login_as, case):
    login_as("staff")
    html = text(client.get(f"/grievances/{case.id}"))
    assert case.number in html
    deadline = text_of(element_by_id(html, f"grievance-{case.id}-deadline"))
    assert deadline.startswith("11/19/2026 (Thursday): Employer's answer at step 1 due")
    assert moves(html, case) == [
        "Start the investigation",
        "Record a step meeting",
        "Record the employer's answer",
        "Appeal to the next step",
        "Grant an extension",
        "Settle",
        "Withdraw",
        "Close",
    ]
    assert f'id="grievance-{case.id}-timeline"' in html and f'id="grievance-{case.id}-history"' in html


def test_an_answer_without_javascript_redirects_and_moves_the_deadline(client, login_as, case):
    login_as("staff")
    form = client.get(f"/grievances/{case.id}/act/answer")
    assert form.status_code == 200 and 'id="grievance-action-form"' in text(form)
    response = client.post(
        f"/grievances/{case.id}/answer",
        data={"version": case.version, "occurred_on": "2026-11-12", "notes": "Denied: overtime was offered."},
    )
    assert response.status_code == 303 and location(response) == f"/grievances/{case.id}"
    assert fresh(case).next_deadline == date(2026, 11, 27)  # across Thanksgiving
    html = text(client.get(location(response)))
    assert "Appeal to step 2 due" in text_of(element_by_id(html, f"grievance-{case.id}-deadline"))


def test_a_move_under_htmx_swaps_the_panel_and_tells_the_timeline(client, login_as, case):
    login_as("officer")
    form = client.hx_get(f"/grievances/{case.id}/act/meeting")
    assert "<html" not in text(form) and 'id="grievance-action-form"' in text(form)
    response = client.hx_post(
        f"/grievances/{case.id}/meeting",
        data={"version": case.version, "occurred_on": "2026-11-10", "outcome": "denied", "union_attendees": "Lee"},
    )
    html = text(response)
    assert response.status_code == 200 and "<html" not in html
    assert html.startswith(f'<section id="grievance-{case.id}-case"') or f'id="grievance-{case.id}-case"' in html[:300]
    assert "grievance-changed" in hx_trigger_events(response)
    assert fresh(case).status == "hearing"
    timeline = text(client.hx_get(f"/grievances/{case.id}/timeline"))
    assert "Step 1 meeting: denied" in timeline and "<html" not in timeline


def test_bad_input_comes_back_next_to_the_field_with_422(client, login_as, case):
    login_as("staff")
    response = client.post(
        f"/grievances/{case.id}/settle",
        data={"version": case.version, "occurred_on": "2026-11-20", "resolution": "Paid", "amount": "12.345"},
    )
    assert response.status_code == 422
    assert "dollars and cents" in field_errors(text(response), "amount")
    response = client.hx_post(
        f"/grievances/{case.id}/answer", data={"version": case.version, "occurred_on": "0001-01-01", "notes": "x"}
    )
    assert response.status_code == 422 and "before the filing" in field_errors(text(response), "occurred_on")
    response = client.post(
        f"/grievances/{case.id}/extension",
        data={"version": case.version, "new_deadline": "9999-12-31", "agreed_by": "D", "notes": "N"},
    )
    assert response.status_code == 422 and "two years" in field_errors(text(response), "new_deadline")
    response = client.post(f"/grievances/{case.id}/answer", data={"version": case.version, "occurred_on": "31/02/2026"})
    assert response.status_code == 422


def test_a_move_the_table_does_not_allow_is_refused_with_a_message(client, login_as, case):
    login_as("staff")
    client.post(
        f"/grievances/{case.id}/withdraw",
        data={"version": case.version, "occurred_on": "2026-11-20", "resolution": "No violation"},
    )
    g = fresh(case)
    assert g.status == "withdrawn"
    response = client.post(f"/grievances/{g.id}/appeal", data={"version": g.version, "occurred_on": "2026-11-21"})
    assert response.status_code == 422
    assert "withdrawn cannot take this action (appeal to the next step)" in text(response)
    assert fresh(case).step == 1
    html = text(client.get(f"/grievances/{g.id}"))
    assert moves(html, g) == ["Close"]
    assert client.get(f"/grievances/{g.id}/act/appeal").status_code == 422


def test_a_move_from_a_page_opened_before_another_move_is_refused(client, login_as, case):
    login_as("staff")
    seen = case.version
    client.post(f"/grievances/{case.id}/investigate", data={"version": seen, "occurred_on": "2026-11-05"})
    response = client.post(f"/grievances/{case.id}/appeal", data={"version": seen, "occurred_on": "2026-11-16"})
    assert response.status_code == 422
    assert "Someone else changed this record" in text(response)
    db.session.expire_all()
    assert fresh(case).step == 1


def test_settlement_amount_is_shown_as_dollars(client, login_as, case):
    login_as("staff")
    client.post(
        f"/grievances/{case.id}/settle",
        data={"version": case.version, "occurred_on": "2026-11-20", "resolution": "Back pay", "amount": "1234.5"},
    )
    html = text(client.get(f"/grievances/{case.id}"))
    assert text_of(element_by_id(html, f"grievance-{case.id}-amount")) == "$1,234.50"


def test_filing_from_the_form(client, login_as, app):
    from tests.factories import make_employer, make_member

    staff = login_as("staff")
    member = make_member()
    employer = make_employer()
    form = text(client.get(f"/grievances/new?member={member.id}"))
    assert member.card_number in form
    data = {
        "card_number": member.card_number,
        "employer_id": employer.id,
        "incident_date": "2026-11-02",
        "filed_date": "2026-11-20",
        "step": "3",
        "article": "Article 2 Discharge",
        "violation": "Fired without just cause",
        "remedy": "Reinstatement with back pay",
        "representative_id": staff.id,
    }
    late = client.post("/grievances/new", data=data)
    assert late.status_code == 422 and "filing deadline (11/17/2026)" in field_errors(text(late), "late_reason")
    filed = client.post("/grievances/new", data={**data, "late_reason": "Learned of it late"})
    assert filed.status_code == 303
    html = text(client.get(location(filed)))
    assert "Filed late" in html and "Step 3" in html


@pytest.mark.parametrize(
    "data",
    [
        {"employer_id": "abc"},
        {"employer_id": "99999999999"},
        {"step": "7"},
        {"incident_date": "20260-01-01"},
        {"representative_id": "-5"},
        {"card_number": "x" * 41},
    ],
)
def test_bad_filing_input_is_a_422_never_a_500(client, login_as, app, data):
    login_as("staff")
    base = {"incident_date": "2026-11-02", "filed_date": "2026-11-04", "article": "A", "violation": "V", "remedy": "R"}
    assert client.post("/grievances/new", data={**base, **data}).status_code == 422


def test_a_refused_filing_keeps_the_step_chosen(client, login_as, app):
    login_as("staff")
    response = client.post("/grievances/new", data={"step": "3", "incident_date": "2026-11-02"})
    assert response.status_code == 422
    chosen = [o for o in parse(text(response)).find_all("option") if "selected" in o.attrs]
    assert any(o.attrs.get("value") == "3" for o in chosen)


@pytest.mark.settings(GRIEVANCE_FINAL_STEP_NAME="Council on Industrial Relations")
def test_the_final_steps_name_is_a_setting(client, login_as, app):
    ensure_holiday(date(2026, 11, 11), "Veterans Day")
    g = make_grievance(step=3)
    login_as("staff")
    client.post(f"/grievances/{g.id}/answer", data={"version": g.version, "occurred_on": "2026-11-12", "notes": "No"})
    html = text(client.get(f"/grievances/{g.id}"))
    assert "Council on Industrial Relations demand due" in html
    g = fresh(g)
    client.post(f"/grievances/{g.id}/arbitration", data={"version": g.version, "occurred_on": "2026-11-13"})
    html = text(client.get(f"/grievances/{g.id}"))
    assert "Council on Industrial Relations demanded" in html
    assert text_of(element_by_id(html, f"grievance-{g.id}-step")) == "Council on Industrial Relations"
    assert "Council on Industrial Relations" in text(client.get("/grievances/?step=4"))


def test_the_facts_and_the_representative_are_edited_from_the_version_seen(client, login_as, case):
    from tests.factories import user

    rep = user("officer", first_name="Lee", last_name="Steward")
    login_as("staff")
    assert client.get(f"/grievances/{case.id}/edit").status_code == 200
    data = {"article": "Article 4.3", "violation": "V", "remedy": "R", "representative_id": rep.id}
    saved = client.post(f"/grievances/{case.id}/edit", data={**data, "version": case.version})
    assert saved.status_code == 303
    assert (fresh(case).article, fresh(case).representative_id) == ("Article 4.3", rep.id)
    stale = client.post(f"/grievances/{case.id}/edit", data={**data, "remedy": "Other", "version": 1})
    assert stale.status_code == 422 and "Someone else changed this record" in text(stale)
    assert fresh(case).remedy == "R"
    unknown_representative = client.post(f"/grievances/{case.id}/edit", data={**data, "representative_id": "abc"})
    assert unknown_representative.status_code == 422


def test_a_closed_grievance_is_not_edited(client, login_as, case):
    login_as("staff")
    client.post(
        f"/grievances/{case.id}/close",
        data={"version": case.version, "occurred_on": "2026-11-20", "resolution": "Done"},
    )
    g = fresh(case)
    data = {"article": "X", "violation": "V", "remedy": "R", "version": g.version}
    response = client.post(f"/grievances/{g.id}/edit", data=data)
    assert response.status_code == 422 and "kept as it was closed" in text(response)
    assert fresh(case).article == "Article 4.2 Overtime"
