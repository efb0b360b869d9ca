"""reference_version: a new random value whenever classifications or organizations change

Revision ID: 0003_reference_version
Revises: 0002_members
Create Date: 2026-12-01 23:30:00

The pick lists' per-worker cache (hallweb/reference_data.py) trusts this value, so every change to the
tables below must change it: triggers do, in the writing transaction, whoever writes (the app, the seeder,
psql). Each change also locks that one row until its transaction ends, so changes to these tables wait
for each other; they are rare (staff adding an employer, an admin a classification). On SQLite a batch
migration that rebuilds one of these tables drops its triggers with the old table:
create them again in that migration (tests/services/test_reference_data.py fails until it does).
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_reference_version'
down_revision = '0002_members'
branch_labels = None
depends_on = None

TABLES = ("classifications", "organizations")
SQLITE_EVENTS = ("insert", "update", "delete")
NEW_VALUE = {"sqlite": "lower(hex(randomblob(16)))", "postgresql": "gen_random_uuid()::text"}


def upgrade():
    op.create_table('reference_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=36), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_reference_version_one_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_version'))
    )
    dialect = op.get_bind().dialect.name
    new_value = NEW_VALUE[dialect]
    op.execute(f"INSERT INTO reference_version (id, version) VALUES (1, {new_value})")
    if dialect == "postgresql":
        op.execute(f"""
            CREATE FUNCTION bump_reference_version() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE reference_version SET version = {new_value};
                RETURN NULL;
            END $$""")
        for table in TABLES:
            op.execute(f"CREATE TRIGGER {table}_bump_reference_version "
                       f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                       f"FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version()")
    else:
        for table in TABLES:
            for event in SQLITE_EVENTS:
                op.execute(f"CREATE TRIGGER {table}_{event}_bumps_reference_version AFTER {event.upper()} ON {table} "
                           f"BEGIN UPDATE reference_version SET version = {new_value}; END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER {table}_bump_reference_version ON {table}")
        op.execute("DROP FUNCTION bump_reference_version()")
    else:
        for table in TABLES:
            for event in SQLITE_EVENTS:
                op.execute(f"DROP TRIGGER {table}_{event}_bumps_reference_version")
    op.drop_table('reference_version')
