"""Members after creation: archive and restore, who may see a record, links to user accounts."""

import pytest

from hallweb.errors import Conflict, DomainError, NotFound
from hallweb.members import services
from hallweb.members.queries import MemberFilters, list_members
from tests.factories import make_member
from tests.services.member_helpers import stored
from tests.support import audit_rows, only_audit_row

# --- archive and restore --------------------------------------------------------------------------------------


def listed_ids(**filters):
    return {m.id for m in list_members(MemberFilters(**filters)).items}


def test_archived_member_is_hidden_from_lists_unless_a_filter_asks_for_it(app, staff):
    kept = make_member(last_name="Keepwell")
    gone = make_member(last_name="Keepgone")

    services.archive_member(gone, actor=staff)

    assert gone.is_archived
    assert listed_ids(q="keep") == {kept.id}
    assert listed_ids(q="keep", archived="include") == {kept.id, gone.id}
    assert listed_ids(q="keep", archived="only") == {gone.id}
    row = only_audit_row(gone, "member.archived")
    assert row.actor_id == staff.id
    assert row.changes["archived_at"][0] is None and row.changes["archived_at"][1]
    assert row.changes["version"] == [1, 2]


def test_restored_member_is_listed_again_and_the_restore_is_audited(app, staff):
    member = make_member(last_name="Restorova")
    services.archive_member(member, actor=staff)
    services.restore_member(member, actor=staff)

    assert not member.is_archived
    assert listed_ids(q="restorova") == {member.id}
    row = only_audit_row(member, "member.restored")
    assert row.changes["archived_at"][1] is None
    assert row.changes["version"] == [2, 3]
    assert stored(member.id).version == 3


def test_archiving_twice_or_restoring_a_member_who_is_not_archived_is_refused(app, staff):
    member = make_member()
    with pytest.raises(DomainError):
        services.restore_member(member, actor=staff)
    services.archive_member(member, actor=staff)
    with pytest.raises(DomainError):
        services.archive_member(member, actor=staff)
    assert len(audit_rows(member, "member.archived")) == 1


# --- who may see a member -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "officer", "organizer", "admin"])
def test_readers_see_any_member(app, make, role):
    member = make_member()
    assert services.ensure_can_view(make.user(role), member) is member


def test_a_member_user_sees_only_the_member_linked_to_them(app, make, staff):
    own, other = make_member(), make_member()
    user = make.user("member")
    services.link_user(own, actor=staff, user=user)

    assert services.ensure_can_view(user, own) is own
    with pytest.raises(NotFound):
        services.ensure_can_view(user, other)


@pytest.mark.parametrize("roles", [(), ("member",), ("instructor",)])
def test_anyone_else_gets_not_found_rather_than_not_allowed(app, make, roles):
    member = make_member()
    with pytest.raises(NotFound) as error:
        services.ensure_can_view(make.user(*roles), member)
    assert type(error.value) is NotFound
    with pytest.raises(NotFound):
        services.ensure_can_view(make.user(*roles), None)


@pytest.mark.parametrize("role", ["officer", "organizer"])
def test_an_archived_member_is_not_found_for_readers_who_are_not_staff(app, make, staff, role):
    member = make_member()
    services.archive_member(member, actor=staff)
    with pytest.raises(NotFound):
        services.ensure_can_view(make.user(role), member)
    assert services.ensure_can_view(staff, member) is member
    assert services.ensure_can_view(make.user("admin"), member) is member


def test_an_archived_member_is_not_found_even_for_their_own_account(app, make, staff):
    member = make_member()
    user = make.user("member")
    services.link_user(member, actor=staff, user=user)
    services.archive_member(member, actor=staff)
    with pytest.raises(NotFound):
        services.ensure_can_view(user, member)


# --- account links --------------------------------------------------------------------------------------------


def test_linking_an_account_sets_the_member_user_and_is_audited(app, make, staff):
    member = make_member()
    user = make.user("member")

    services.link_user(member, actor=staff, user=user)

    assert stored(member.id).user_id == user.id
    row = only_audit_row(member, "member.user_linked")
    assert row.actor_id == staff.id
    assert row.changes == {"user": [None, user.email], "version": [1, 2]}


def test_linking_the_same_account_again_changes_nothing(app, make, staff):
    member = make_member()
    user = make.user()
    services.link_user(member, actor=staff, user=user)
    services.link_user(member, actor=staff, user=user)
    assert len(audit_rows(member, "member.user_linked")) == 1
    assert stored(member.id).version == 2


def test_an_account_links_to_at_most_one_member(app, make, staff):
    first, second = make_member(), make_member()
    user = make.user()
    services.link_user(first, actor=staff, user=user)

    with pytest.raises(Conflict):
        services.link_user(second, actor=staff, user=user)
    assert stored(second.id).user_id is None


def test_a_member_links_to_at_most_one_account(app, make, staff):
    member = make_member()
    services.link_user(member, actor=staff, user=make.user())
    other = make.user()

    with pytest.raises(Conflict):
        services.link_user(member, actor=staff, user=other)
    assert stored(member.id).user_id != other.id


def test_unlinking_frees_both_the_member_and_the_account(app, make, staff):
    first, second = make_member(), make_member()
    user = make.user()
    services.link_user(first, actor=staff, user=user)

    services.unlink_user(first, actor=staff)

    assert stored(first.id).user_id is None
    assert only_audit_row(first, "member.user_unlinked").changes == {"user": [user.email, None], "version": [2, 3]}
    services.link_user(second, actor=staff, user=user)
    assert stored(second.id).user_id == user.id
    with pytest.raises(DomainError):
        services.unlink_user(first, actor=staff)
