# Compiles (and optionally runs, warms up and monitors) the example snippets of the instruction reference, and
# reports which instructions their bytecode contains. Runs unchanged on CPython 3.10-3.15.
#
# Entry point: run(examples_json) -> JSON. Input: a list of {"id", "code", "mode", "warm", "run", "monitor",
# "listing", "caches"} (see packages/python/src/reference-example.ts). Output: JSON
#   {"version": "3.x.y", "results": {id: {"static": [...], "live": [...], "error": str | None,
#                                         "listing": str | None, "listing_note": str | None}}}
# where "static" holds the opnames of the compiled code objects (every nested code object included), as
# dis.get_instructions sees them, and "live" the opnames the interpreter actually holds at those offsets after
# the snippet ran: specialized forms (3.11+) and INSTRUMENTED_* forms (3.12+, when monitored). With "listing"
# true, "listing" is this version's `dis.dis` text of the snippet: of the compiled code, or — when the snippet
# ran (warm-up, monitoring) — of the live code with adaptive=True, taken while the monitoring events are still on;
# "caches" adds show_caches=True to the compiled code's text.
#
# Used by the reference check (every example), by `bytescope explain --live` (a Node child process) and by the
# reference page (the browser's compile worker); it may run more than once in the same runtime.
import contextlib
import dis
import io
import json
import re
import sys

from bytescope_compile import compile_code

_VERSION = sys.version_info[:2]
_ALL_OPNAME = getattr(dis, "_all_opname", None) or dis.opname
_TOOL = 4


def _code_objects(co):
    yield co
    for c in co.co_consts:
        if hasattr(c, "co_code"):
            yield from _code_objects(c)


def _static_names(co, out):
    for c in _code_objects(co):
        covered = set()
        for ins in dis.get_instructions(c):
            out.add(ins.opname)
            covered.add(ins.offset)
        if _VERSION >= (3, 11):
            # Code units no instruction starts at are inline caches (dis hides them, and 3.13+ never shows them).
            raw = c.co_code
            if any(raw[i] == 0 for i in range(0, len(raw), 2) if i not in covered):
                out.add("CACHE")
            if c.co_exceptiontable:
                out.add("<exception table>")


def _live_names(co, out):
    if _VERSION < (3, 11):
        return
    for c in _code_objects(co):
        raw = c._co_code_adaptive
        for ins in dis.get_instructions(c):
            out.add(_ALL_OPNAME[raw[ins.offset]])


def _static_listing(code, caches=False):
    buf = io.StringIO()
    if caches and _VERSION >= (3, 11):
        dis.dis(code, file=buf, show_caches=True)
    else:
        dis.dis(code, file=buf)
    return buf.getvalue()


def _patched_listing(c):
    """The static dis text of one code object, each instruction's opname replaced by the live one: for live code
    that this version's dis cannot show with adaptive=True (instrumented jumps trip an assertion in 3.13+)."""
    buf = io.StringIO()
    dis.disassemble(c, file=buf)
    raw = c._co_code_adaptive
    lines = buf.getvalue().split("\n")
    i = 0
    for ins in dis.get_instructions(c):
        live = _ALL_OPNAME[raw[ins.offset]]
        pat = re.compile(r"(?<![A-Z0-9_])" + re.escape(ins.opname) + r"(?![A-Z0-9_])( *)")
        while i < len(lines):
            m = pat.search(lines[i])
            i += 1
            if m:
                if live != ins.opname:
                    # Keep the argument column where it was when the longer name fits in the opname's padding.
                    new = live.ljust(len(m.group(0)) - 1) + " " if m.group(1) else live
                    lines[i - 1] = lines[i - 1][:m.start()] + new + lines[i - 1][m.end():]
                break
    return "\n".join(lines)


def _live_listing(code):
    """dis.dis(code, adaptive=True), code object by code object as dis.dis walks them; returns (text, note)."""
    buf = io.StringIO()
    failed = []
    for n, c in enumerate(_code_objects(code)):
        if n:
            print(file=buf)
            print("Disassembly of %r:" % (c,), file=buf)
        try:
            part = io.StringIO()
            dis.disassemble(c, file=part, adaptive=True)
            buf.write(part.getvalue())
        except Exception as e:  # dis's own limits on live code: show the static text with the live opnames
            failed.append("%s (%s)" % (c.co_name, type(e).__name__))
            buf.write(_patched_listing(c))
    note = None
    if failed:
        note = ("dis.dis(adaptive=True) of this CPython fails on %s; shown: the static dis text with the opnames "
                "the interpreter holds now" % ", ".join(failed))
    return buf.getvalue(), note


def _events(names):
    ev = 0
    for n in names:
        ev |= getattr(sys.monitoring.events, n, 0)
    return ev


def _run_one(ex):
    static, live = set(), set()
    out = {"static": [], "live": [], "error": None, "listing": None, "listing_note": None}
    code = compile_code(ex["code"], "<example %s>" % ex["id"], ex.get("mode") or "exec")
    _static_names(code, static)
    warm = ex.get("warm") or 0
    monitor = ex.get("monitor") or []
    if warm or monitor:
        ns = {"__name__": "__example__"}
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            exec(code, ns)
            run = compile_code(ex.get("run") or "f()", "<run %s>" % ex["id"], "exec")
            monitored = []
            if monitor and hasattr(sys, "monitoring"):
                ev = _events(monitor)
                for c in _code_objects(code):
                    sys.monitoring.set_local_events(_TOOL, c, ev)
                    monitored.append(c)
            try:
                for _ in range(max(warm, 1)):
                    exec(run, ns)
                _live_names(code, live)
                if ex.get("listing"):
                    if _VERSION >= (3, 11):
                        out["listing"], out["listing_note"] = _live_listing(code)
                    else:
                        out["listing"] = _static_listing(code)
            finally:
                for c in monitored:
                    sys.monitoring.set_local_events(_TOOL, c, 0)
    elif ex.get("listing"):
        out["listing"] = _static_listing(code, ex.get("caches"))
    out["static"], out["live"] = sorted(static), sorted(live)
    return out


def _callback_events():
    names = ("CALL", "LINE", "INSTRUCTION", "JUMP", "BRANCH", "BRANCH_LEFT", "BRANCH_RIGHT", "PY_START", "PY_RESUME",
             "PY_RETURN", "PY_YIELD", "STOP_ITERATION")
    return [ev for ev in (getattr(sys.monitoring.events, n, 0) for n in names) if ev]


def run(examples_json):
    """Runs every example of `examples_json` (see above); returns the JSON of the results."""
    if hasattr(sys, "monitoring"):
        if sys.monitoring.get_tool(_TOOL) is not None:  # left over from an earlier run in this runtime
            sys.monitoring.free_tool_id(_TOOL)
        sys.monitoring.use_tool_id(_TOOL, "bytescope-reference")
        # Local events need a callback-free tool to be registered; a no-op callback keeps them cheap.
        for ev in _callback_events():
            sys.monitoring.register_callback(_TOOL, ev, lambda *a: None)
    results = {}
    try:
        for ex in json.loads(examples_json):
            try:
                results[ex["id"]] = _run_one(ex)
            except BaseException as e:  # a snippet that fails must be reported, not end the batch
                results[ex["id"]] = {"static": [], "live": [], "error": "%s: %s" % (type(e).__name__, e),
                                     "listing": None, "listing_note": None}
    finally:
        if hasattr(sys, "monitoring"):
            for ev in _callback_events():
                sys.monitoring.register_callback(_TOOL, ev, None)
            sys.monitoring.free_tool_id(_TOOL)
    return json.dumps({"version": sys.version.split()[0], "results": results})
