# Runs inside one real CPython (see scripts/gen-cfg-fixtures.ts). For each snippet NAME -> source in SNIPPETS,
# writes under OUT (a host directory mounted in the Pyodide file system):
# (a snippet this version cannot compile is left out). Runs in the embedded runtimes and the native 3.7–3.9.
#   NAME.pyc          the module compiled by this interpreter (an unchecked-hash pyc header)
#   NAME.trace.json   what running the module's main() really did: for every code object ("co_name@firstlineno"),
#                     the pairs [a, b] of byte offsets where instruction b ran right after instruction a in the same
#                     frame (sys.settrace with f_trace_opcodes), and the offsets where frames started
# The module and main() run twice: from 3.12, f_trace_opcodes set in a frame's "call" event instruments the code
# object only for the frames that start after it, so the first run of each code object goes partly untraced.
# Parameters (globals set by the caller): OUT, SNIPPETS.
import json, marshal, sys, importlib.util


def _pyc(code):
    return importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little") + b"\0" * 8 + marshal.dumps(code)


def _trace(name, code):
    steps = {}
    starts = {}
    last = {}   # frame -> offset of the instruction it ran last (frames are kept alive, so ids are never reused)

    def key(c):
        return "%s@%d" % (c.co_name, c.co_firstlineno)

    def local(frame, event, arg):
        if event == "opcode":
            k = key(frame.f_code)
            off = frame.f_lasti
            prev = last.get(frame)
            if prev is None:
                starts.setdefault(k, set()).add(off)
            else:
                steps.setdefault(k, set()).add((prev, off))
            last[frame] = off
        return local

    def start(frame, event, arg):
        if frame.f_code.co_filename != name:
            return None
        frame.f_trace_opcodes = True
        frame.f_trace_lines = False
        return local

    sys.settrace(start)
    try:
        for _ in range(2):
            ns = {"__name__": "snippet"}
            exec(code, ns)
            result = ns["main"]()
    finally:
        sys.settrace(None)
    return {
        "result": repr(result),
        "steps": {k: sorted(v) for k, v in sorted(steps.items())},
        "starts": {k: sorted(v) for k, v in sorted(starts.items())},
    }


# 3.12 delivers no events at all to the first program traced in a fresh interpreter: trace a throwaway one first.
_trace("warm-up", compile("def main():\n    return 1\n", "warm-up", "exec"))

written = []
for name, src in sorted(SNIPPETS.items()):
    try:
        code = compile(src, name, "exec")
    except SyntaxError:
        continue   # syntax this version does not have (match before 3.10)
    with open("%s/%s.pyc" % (OUT, name), "wb") as f:
        f.write(_pyc(code))
    with open("%s/%s.trace.json" % (OUT, name), "w") as f:
        t = _trace(name, code)
        # One line per code object: small files, readable diffs.
        f.write("{\"result\": %s,\n" % json.dumps(t["result"]))
        for part in ("starts", "steps"):
            items = ["  %s: %s" % (json.dumps(k), json.dumps(v, separators=(",", ":"))) for k, v in t[part].items()]
            f.write("\"%s\": {\n%s\n}%s\n" % (part, ",\n".join(items), "," if part == "starts" else ""))
        f.write("}\n")
    written.append(name)
",".join(written)
