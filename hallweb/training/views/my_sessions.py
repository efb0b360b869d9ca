from flask_login import current_user

from hallweb.hall_clock import hall_today
from hallweb.training.policies import can_teach
from hallweb.training.queries.my_sessions import my_sessions as read_my_sessions
from hallweb.training.views import bp
from hallweb.web.access import allowed
from hallweb.web.htmx import render


@bp.route("/my-sessions")
@allowed(can_teach)
def my_sessions():
    return render("training/my_sessions.html", mine=read_my_sessions(current_user.id, hall_today()))
