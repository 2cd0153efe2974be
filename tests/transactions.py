"""A test in one transaction that is rolled back: nothing to empty afterwards."""

from sqlalchemy import event


def allow_savepoints(engine) -> None:
    """pysqlite begins transactions on its own, which breaks SAVEPOINT; let SQLAlchemy begin
    them (the recipe of SQLAlchemy's SQLite documentation). Other databases need nothing."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _no_implicit_begin(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN")
