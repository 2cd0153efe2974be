"""URL converters for the whole app.

Every `<int:...>` in a route is a row id. Flask's own converter takes any run of digits,
so /quests/2147483648 reached PostgreSQL and failed there (`integer out of range`: 500).
This one matches only what the id column can hold and answers 404 for the rest.
"""

from werkzeug.routing import IntegerConverter

# The largest value of the id columns' type (SQLAlchemy's Integer: a signed 32-bit INTEGER
# on PostgreSQL, the type every primary key in quests/ has).
ID_MAX = 2**31 - 1


class IdConverter(IntegerConverter):
    """A positive row id that fits its column; anything else matches no route (404)."""

    def __init__(self, map, fixed_digits=0, min=1, max=ID_MAX, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def ids_fit(value) -> bool:
    """Whether an id taken from a form or a query string fits the column."""
    return isinstance(value, int) and 0 < value <= ID_MAX


def init_app(app) -> None:
    # Before any blueprint registers its rules: they bind the converter when added.
    app.url_map.converters["int"] = IdConverter
