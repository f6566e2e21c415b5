"""Deadlines and dates as 自评表 write them → ``engine.values.When``.

Stage: part of the value reader (``dsl.values.read_value`` asks here first). Accepted:
``9月前`` (before September: by August's end), ``9月底前``, ``2025年12月底前完成``, ``10月15日前``,
``2025-10-15``, ``第三季度`` (by September's end), ``年底前``, ``次年3月底前``; actuals ``7月``,
``7月完成``, ``2025年7月20日``. Anything else is not a date (``None``): the caller reads it as
a number or a text.
"""

from __future__ import annotations

import re
from typing import Final

from jixiao.engine.values import When

_FULL: Final = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")
_BEFORE: Final = r"(?P<before>前|以前|之前|内|以内)?"
# Leading zeros change no number, so they change no date either: ``006月`` is June like ``6月``
# (read as six of a unit 月, it printed back as ``6月``, the date).
_ISO: Final = re.compile(r"(?P<y>\d{4})[-/.]0*(?P<m>\d{1,2})[-/.]0*(?P<d>\d{1,2})(?:日)?" + _BEFORE)
_MONTH: Final = re.compile(
    r"(?:(?P<y>\d{4})年|(?P<next>次年|明年|下年|下一年))?0*(?P<m>\d{1,2})月"
    r"(?:0*(?P<d>\d{1,2})[日号])?(?P<end>底|末|份)?" + _BEFORE)
_QUARTER: Final = re.compile(r"(?:(?P<y>\d{4})年)?第?(?P<q>[一二三四1-4])季度(?P<end>末|底)?"
                             + _BEFORE)
_YEAR_END: Final = re.compile(r"(?:(?P<y>\d{4})年|(?P<next>次年|明年))?(?:年底|年末|年内|底|末)"
                              + _BEFORE)
_QUARTERS: Final = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_DONE: Final = ("前完成", "完成", "已完成", "完工", "前完工")


def read_date(text: str) -> When | None:
    """``text`` as a deadline or a date, or ``None`` when it is not one."""
    s = "".join(text.split()).translate(_FULL)
    for done in _DONE:
        if s.endswith(done) and len(s) > len(done):
            s = s[: -len(done)] + ("前" if done.startswith("前") else "")
            break
    if m := _ISO.fullmatch(s):
        return _checked(int(m["m"]), int(m["d"]), int(m["y"]), 0, text)
    if m := _MONTH.fullmatch(s):
        month, day = int(m["m"]), int(m["d"]) if m["d"] else None
        year = int(m["y"]) if m["y"] else None
        offset = 1 if m["next"] else 0
        if m["before"] and not m["end"] and day is None and m["before"] in ("前", "以前", "之前"):
            month -= 1  # 9月前: before September begins, so by the end of August
            if month == 0:
                month, offset = 12, offset - 1
        return _checked(month, day, year, offset, text)
    if m := _QUARTER.fullmatch(s):
        return When(_QUARTERS[m["q"]] * 3, None, int(m["y"]) if m["y"] else None, 0, text)
    if m := _YEAR_END.fullmatch(s):
        return When(12, None, int(m["y"]) if m["y"] else None, 1 if m["next"] else 0, text)
    return None


def _checked(month: int, day: int | None, year: int | None, offset: int,
             text: str) -> When | None:
    """A real month and day only (``13月``, ``2月30日`` are not dates)."""
    import calendar

    if not 1 <= month <= 12:
        return None
    if day is not None:
        last = calendar.monthrange(year if year is not None else 2000, month)[1]  # 2000: leap
        if not 1 <= day <= last:
            return None
    return When(month, day, year, offset, text)
