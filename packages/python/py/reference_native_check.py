# Checks reference examples in a native CPython older than 3.10 (2.7, 3.6-3.9): reads a JSON list of
# {"opname", "code", "mode"} on stdin, compiles each snippet with this interpreter and prints a JSON list of
# {"opname", "found", "error"}: whether the opname appears in the code object or any code object nested in it.
# Python 2 and 3 alike.
import dis
import json
import sys


def opnames(code):
    out = set()
    co = code.co_code
    ops = [ord(c) for c in co] if isinstance(co, str) else list(co)
    i = 0
    n = len(ops)
    wordcode = sys.version_info >= (3, 6)
    while i < n:
        op = ops[i]
        out.add(dis.opname[op])
        if wordcode:
            i += 2
        else:
            i += 3 if op >= dis.HAVE_ARGUMENT else 1
    for c in code.co_consts:
        if hasattr(c, 'co_code'):
            out |= opnames(c)
    return out


def main():
    items = json.loads(sys.stdin.read())
    results = []
    for it in items:
        try:
            code = compile(it['code'], '<example>', it.get('mode') or 'exec')
            results.append({'opname': it['opname'], 'found': it['opname'] in opnames(code), 'error': None})
        except Exception as e:  # a snippet this version cannot compile
            results.append({'opname': it['opname'], 'found': False, 'error': '%s: %s' % (type(e).__name__, e)})
    sys.stdout.write(json.dumps(results))


main()
