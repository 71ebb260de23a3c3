# The code points a CPython 3.x release's repr() escapes as non-printable, read from that release's own
# Objects/unicodetype_db.h (the generated type records and the two-level index) and Objects/unicodectype.c (the
# PRINTABLE_MASK bit that `_PyUnicode_IsPrintable` tests), as data: for the releases without an interpreter here
# (3.0-3.5), whose Unicode databases (5.1 ... 8.0) are older than any interpreter's. Python 2 and 3 alike.
import re

from table_common import ranges_where


def _array(text, name):
    m = re.search(r"\b" + name + r"\[\]\s*=\s*\{(.*?)\};", text, re.S)
    if not m:
        raise SystemExit("unicodetype_db.h: no array " + name)
    return [int(x) for x in re.findall(r"\d+", m.group(1))]


def nonprintable_ranges_from_sources(unicodetype_db_h, unicodectype_c):
    """Half-open ranges [start, end, ...] of the code points whose type record lacks PRINTABLE_MASK."""
    mask = int(re.search(r"#define PRINTABLE_MASK (0x[0-9A-Fa-f]+|\d+)", unicodectype_c).group(1), 0)
    shift = int(re.search(r"#define SHIFT (\d+)", unicodetype_db_h).group(1))
    m = re.search(r"_PyUnicode_TypeRecords\[\]\s*=\s*\{(.*?)\n\};", unicodetype_db_h, re.S)
    if not m:
        raise SystemExit("unicodetype_db.h: no _PyUnicode_TypeRecords")
    flags = [int(rec.split(",")[-1].strip(), 0) for rec in re.findall(r"\{([^{}]*)\}", m.group(1))]
    index1 = _array(unicodetype_db_h, "index1")
    index2 = _array(unicodetype_db_h, "index2")
    low = (1 << shift) - 1
    return ranges_where(lambda cp: not (flags[index2[(index1[cp >> shift] << shift) + (cp & low)]] & mask))
