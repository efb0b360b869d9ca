"""Command line: `flask users create`, `flask sessions purge`, `flask mail retry`, `flask mail worker`."""

import secrets
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from hallweb.auth.models import RoleName
from hallweb.errors import DomainError
from hallweb.extensions import db

ROLE_NAMES = [r.value for r in RoleName]


def register(app: Flask) -> None:
    app.cli.add_command(seed)
    app.cli.add_command(users)
    app.cli.add_command(sessions_group)
    app.cli.add_command(mail_group)


@click.group(cls=AppGroup)
def seed():
    """Demo data."""


@seed.command("demo")
@click.option("--members", default=500, show_default=True, help="How many members to add.")
@click.option("--employers", default=40, show_default=True, help="How many employers to add.")
@click.option("--seed", "seed_value", default=1, show_default=True, help="The same seed gives the same data.")
@click.option("--force", is_flag=True, help="Add the data even if the database already has members.")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) if the database already has members.")
def seed_demo(members, employers, seed_value, force, if_empty):
    """Add realistic demo data (members, employment, employers, one user per role). Never deletes anything."""
    from hallweb.seed import AlreadySeeded
    from hallweb.seed import seed_demo as run

    try:
        report = run(
            members=members,
            employers=employers,
            seed=seed_value,
            force=force,
            user_password=lambda role: generated_password(),
        )
    except AlreadySeeded as err:
        if if_empty:
            click.echo("demo data: the database already has members; nothing added")
            return
        raise click.ClickException(str(err)) from err
    db.session.commit()
    click.echo(f"added {report.members} members, {report.jobs} jobs, {report.organizations} organizations")
    for email, password in report.users.items():
        click.echo(f"  {email:28} " + (f"password {password}" if password else "(already existed)"))


@click.group(cls=AppGroup)
def users():
    """User accounts."""


@users.command("create")
@click.argument("email")
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLE_NAMES), help="May be given several times.")
@click.option("--first-name", default="Hall")
@click.option("--last-name", default="User")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(email, roles, first_name, last_name, password_stdin):
    """Create a verified user. Without --password-stdin a strong password is generated and printed once."""
    from hallweb.auth.accounts import create_user as create

    password = sys.stdin.readline().rstrip("\n") if password_stdin else generated_password()
    try:
        user = create(
            actor=None, email=email, first_name=first_name, last_name=last_name, roles=list(roles), password=password
        )
    except DomainError as err:
        raise click.ClickException(err.message) from err
    db.session.commit()
    click.echo(f"created {user.email} roles={','.join(sorted(user.role_names())) or '-'}")
    if not password_stdin:
        click.echo(f"password: {password}")


@users.command("demo-admin")
@click.option("--email", default="admin@example.org", show_default=True)
def demo_admin(email):
    """Create a demo admin if the hall has no admin yet, and print its sign-in (what `make run` uses)."""
    from hallweb.admin.queries import list_users
    from hallweb.auth.accounts import create_user as create

    admins = list_users(role=RoleName.ADMIN).items
    if admins:
        click.echo(f"admin exists: {admins[0].email} (its password was printed when it was created)")
        return
    password = generated_password()
    create(actor=None, email=email, first_name="Demo", last_name="Admin", roles=[RoleName.ADMIN], password=password)
    db.session.commit()
    click.echo(f"demo admin created: email {email} password {password}")


def generated_password() -> str:
    return "-".join(secrets.token_urlsafe(6) for _ in range(4))


@click.group("sessions", cls=AppGroup)
def sessions_group():
    """Sign-in sessions."""


@sessions_group.command("purge")
def purge_sessions():
    """Delete expired or revoked sessions and used or expired email tokens."""
    from hallweb.auth.sessions import purge_expired

    n_sessions, n_tokens = purge_expired()
    db.session.commit()
    click.echo(f"purged {n_sessions} sessions and {n_tokens} tokens")


@click.group("mail", cls=AppGroup)
def mail_group():
    """The outbox."""


@mail_group.command("retry")
def retry_mail():
    """Send every message still pending in the outbox."""
    from hallweb.outbox.services import retry_pending

    sent = retry_pending()
    click.echo(f"sent {sent} message(s)")


@mail_group.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
@click.option("--if-configured", is_flag=True, help="Without MAIL_QUEUE_URL, do nothing and succeed (`make run`).")
def mail_worker(burst, if_configured):
    """Send mail from the Redis queue named by MAIL_QUEUE_URL (an RQ worker), until stopped."""
    from rq import Worker

    from hallweb.background import queue_for

    if not current_app.config.get("MAIL_QUEUE_URL"):
        if if_configured:
            return
        raise click.ClickException("MAIL_QUEUE_URL is not set: web processes send mail themselves.")
    mail_queue = queue_for(current_app)
    click.echo(f"sending mail from queue {mail_queue.name!r}")
    Worker([mail_queue], connection=mail_queue.connection).work(burst=burst)
