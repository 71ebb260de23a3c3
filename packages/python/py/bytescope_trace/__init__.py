# Bytescope's tracer: a program run in real CPython with the value stack read from the interpreter's frames at every
# instruction (or simulated, labelled so, where that cannot be trusted). Runs inside Pyodide 3.10-3.15.
#
#   trace_file(request_path) -> answer_json     (request written by packages/python/src/trace.ts)
#
# events.py (instruction events), memory.py (checked reads), calibrate.py (finding a layout with sentinels; the
# generated table layouts.py), reader.py (stack and locals with self checks), tracer.py (the run and its steps).

import json

__all__ = ['trace_file']


def trace_file(path):
    from .tracer import run
    try:
        with open(path, encoding='utf-8') as f:
            req = json.load(f)
        return json.dumps(run(req), ensure_ascii=False)
    except Exception as e:  # noqa: a failure of the tracer itself, reported as one line
        return json.dumps({'ok': False, 'error': '%s: %s' % (type(e).__name__, e)})
