"""A letter from the hall: one templated message (plain text and HTML) to a user, queued in the outbox.

Every domain's emails are written with send(); links are absolute from BASE_URL, never the Host header.
"""

from flask import current_app, render_template

from hallweb.outbox import services as outbox


def absolute(path: str) -> str:
    return current_app.config["BASE_URL"] + path


def send(
    user,
    template: str,
    subject: str,
    *,
    to: str | None = None,
    link_purpose: str | None = None,
    by_name: bool = False,
    **ctx,
):
    """Queue templates/email/<template>.txt and .html to the user (or `to`). With link_purpose, `link` holds
    outbox.LINK and the one-time link is made when the message is sent (auth.emails registers how).

    Only by_name letters greet the user by name: mail that can reach an address nobody has proved (sign-up,
    resend, reset, "account exists", email change) carries only the hall's own words, never a name a
    stranger typed (e.g. "URGENT: pay at https://...")."""
    if link_purpose:
        ctx["link"] = outbox.LINK
    local_name = current_app.config["LOCAL_NAME"]
    ctx.update(
        user=user,
        greeting=f"Hello {user.first_name}," if by_name else "Hello,",
        local_name=local_name,
        base_url=current_app.config["BASE_URL"],
    )
    return outbox.queue(
        to or user.email,
        f"{local_name}: {subject}",
        render_template(f"email/{template}.txt", **ctx),
        render_template(f"email/{template}.html", **ctx),
        link_purpose=link_purpose,
        link_user_id=user.id if link_purpose else None,
    )
