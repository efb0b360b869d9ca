"""URL converters registered app-wide."""

from werkzeug.routing import IntegerConverter

from hallweb.web.forms import MAX_ID


def decimal_up_to(limit: int) -> str:
    """A regular expression for the decimal numbers 1 to limit, without leading zeros: '1', '42', never '0',
    '007' or limit + 1."""
    digits = str(limit)
    width = len(digits)
    shorter = [rf"[1-9]\d{{0,{width - 2}}}"] if width > 1 else []
    same_width = []
    for i, digit in enumerate(digits):  # the first i digits as the limit's, the next one lower, any after
        lowest = 1 if i == 0 else 0
        if int(digit) > lowest:
            rest = rf"\d{{{width - i - 1}}}" if i < width - 1 else ""
            same_width.append(f"{digits[:i]}[{lowest}-{int(digit) - 1}]{rest}")
    return "(?:" + "|".join([*shorter, *same_width, digits]) + ")"


class IdConverter(IntegerConverter):
    """`<id:member_id>`: a record id, 1 to MAX_ID. A larger number is no row's id, and must not reach the
    database (SQLite refuses integers past 64 bits, PostgreSQL past its 32-bit integer columns: a 500 each).

    The range is in the regular expression, not only in to_python: werkzeug checks converters after methods,
    so a value refused there would answer 405 where another rule has the same path for another method."""

    regex = decimal_up_to(MAX_ID)

    def __init__(self, map):
        super().__init__(map, min=1, max=MAX_ID)


def init_app(app) -> None:
    """Register the converters; before any blueprint, since a rule is compiled as it is added."""
    app.url_map.converters["id"] = IdConverter
