"""The organizer pick list: who holds the organizer role now, who has logged activity, and a member already
chosen, each once, by last name."""

from datetime import timedelta

from hallweb.auth.models import UserRole
from hallweb.db.db_types import utcnow
from hallweb.extensions import db
from hallweb.organizing.queries import organizer_options
from tests import factories
from tests.organizing_factories import activity, organizer, target


def names(options):
    return [name for _, name in options]


def expire_organizer_role(member):
    grant = db.session.scalars(db.select(UserRole).where(UserRole.user_id == member.user_id)).one()
    grant.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()


def test_the_pick_list_holds_role_holders_now_and_whoever_logged_activity(app):
    organizer("Olive", "Oak")
    _, lapsed = organizer("Lars", "Lapsed")
    past_user, past = organizer("Pat", "Past")
    activity(past_user, target("Acme Nonunion"))
    expire_organizer_role(lapsed)
    expire_organizer_role(past)
    assert names(organizer_options()) == ["Oak, Olive", "Past, Pat"]


def test_a_member_already_chosen_is_offered_once(app):
    organizer("Olive", "Oak")
    chosen = factories.make_member(first_name="Ann", last_name="Able")
    assert names(organizer_options(also=chosen.id)) == ["Able, Ann", "Oak, Olive"]
    _, olive_member = organizer("Otto", "Oak")
    assert names(organizer_options(also=olive_member.id)) == ["Oak, Olive", "Oak, Otto"]
