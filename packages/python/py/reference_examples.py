# Compiles (and optionally runs, warms up and monitors) the example snippets of the instruction reference, and
# reports which instructions their bytecode contains. Runs unchanged on CPython 3.10-3.15.
#
# Input: the global EXAMPLES, a list of {"id", "code", "mode", "warm", "run", "monitor"} (see
# packages/python/src/reference-check.ts). Output (the value of the last expression): JSON
#   {"version": "3.x.y", "results": {id: {"static": [...], "live": [...], "error": str | None}}}
# where "static" holds the opnames of the compiled code objects (every nested code object included), as
# dis.get_instructions sees them, and "live" the opnames the interpreter actually holds at those offsets after
# the snippet ran: specialized forms (3.11+) and INSTRUMENTED_* forms (3.12+, when monitored).
import contextlib
import dis
import io
import json
import sys

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


def _events(names):
    ev = 0
    for n in names:
        ev |= getattr(sys.monitoring.events, n, 0)
    return ev


def _run_one(ex):
    static, live = set(), set()
    code = compile(ex["code"], "<example %s>" % ex["id"], ex.get("mode") or "exec")
    _static_names(code, static)
    warm = ex.get("warm") or 0
    monitor = ex.get("monitor") or []
    if warm or monitor:
        ns = {"__name__": "__example__"}
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            exec(code, ns)
            run = compile(ex.get("run") or "f()", "<run %s>" % ex["id"], "exec")
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
            finally:
                for c in monitored:
                    sys.monitoring.set_local_events(_TOOL, c, 0)
    return {"static": sorted(static), "live": sorted(live), "error": None}


def _main():
    if hasattr(sys, "monitoring"):
        sys.monitoring.use_tool_id(_TOOL, "bytescope-reference")
        # Local events need a callback-free tool to be registered; a no-op callback keeps them cheap.
        for name in ("CALL", "LINE", "INSTRUCTION", "JUMP", "BRANCH", "BRANCH_LEFT", "BRANCH_RIGHT", "PY_START",
                     "PY_RESUME", "PY_RETURN", "PY_YIELD", "STOP_ITERATION"):
            ev = getattr(sys.monitoring.events, name, 0)
            if ev:
                sys.monitoring.register_callback(_TOOL, ev, lambda *a: None)
    results = {}
    for ex in EXAMPLES:  # noqa: F821 (defined by the caller)
        try:
            results[ex["id"]] = _run_one(ex)
        except BaseException as e:  # a snippet that fails must be reported, not end the batch
            results[ex["id"]] = {"static": [], "live": [], "error": "%s: %s" % (type(e).__name__, e)}
    return json.dumps({"version": sys.version.split()[0], "results": results})


_main()
