"""Domain tests get a plain SQLAlchemy session: no Flask app, no request.

The schema is the migrated test database; each test runs in one transaction that is rolled
back, and the domain's own commits and savepoints happen inside it.
"""

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from tests.transactions import allow_savepoints


@pytest.fixture(scope="session")
def domain_engine(migrated):
    engine = create_engine(migrated)
    allow_savepoints(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(domain_engine):
    with domain_engine.connect() as connection:
        transaction = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint")
        try:
            yield session
        finally:
            session.close()
            transaction.rollback()
