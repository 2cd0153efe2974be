"""Polku's domain: accounts, cohorts, quests, XP and badges.

Plain Python and SQLAlchemy. Nothing here imports Flask or the web application,
so every rule can be tested with a database session alone.
"""
