# Bytescope performance lab: the Python side. Runs inside a real CPython (Pyodide) of any version 3.10-3.15,
# in a Node child process or a browser Web Worker alike; standard library only, plus bytescope_compile.
#
# The JavaScript side writes this package (and bytescope_compile.py) into the runtime's file system, on sys.path
# (installPythonModules in src/python-modules.ts), imports it and calls init once, then one entry per request:
#   init(config_json)                 the opname categories (src/lab/protocol.ts, LabDriverConfig)
#   handle(request_json) -> response_json       handle_file(path) -> response_json (request read from a file)
# Requests: {"op": "run" | "compare" | "specialize" | "compile" | "info", ...}; see packages/python/src/lab/protocol.ts.
#
# One module per job: counting.py (run), timing.py (compare), specialize.py with caches.py, sampling.py and
# reasons.py (specialize); common.py and codes.py are shared by all of them. Only counting.py is imported at start.

import base64
import json
import sys
import traceback

from bytescope_compile import compile_pyc

from . import categories
from .common import FILENAME, FULL_VERSION, VERSION, set_program_filename
from .counting import op_run


# specialize.py (with caches.py, sampling.py and reasons.py) and timing.py are imported by their first request, not
# at start: a runtime without a memory snapshot (3.10, 3.11) imports them in about 40 ms, which every lab command
# paid before its first `run` (from fork to ready 0.71 s against 0.85 s at 3.10, medians of 6).
def op_specialize(req):
    from .specialize import op_specialize
    return op_specialize(req)


def op_compare(req):
    from .timing import op_compare
    return op_compare(req)


def op_compile(req):
    """Compiles the source (never runs it) and returns the `.pyc` bytes CPython would write, base64-encoded, for
    the static hints; or the compile error."""
    filename = req.get('filename', FILENAME)
    pyc, error = compile_pyc(req['source'], filename)
    if error is not None:
        return {'ok': True, 'compiled': False, 'error': error}
    return {'ok': True, 'compiled': True, 'pyc': base64.b64encode(pyc).decode('ascii')}


def op_info(req):
    return {'ok': True, 'version': FULL_VERSION, 'counting': 'sys.monitoring' if hasattr(sys, 'monitoring') else 'sys.settrace',
            'specialization': VERSION >= (3, 11)}


_OPS = {'run': op_run, 'compare': op_compare, 'specialize': op_specialize, 'compile': op_compile,
        'info': op_info}


def init(config_json):
    """Configures the driver (see categories.py); called by the host once, after import, before any request.
    Returns the runtime's full version (`3.12.7`)."""
    categories.configure(json.loads(config_json))
    return FULL_VERSION


def handle(request_json):
    try:
        if not categories.configured():
            return json.dumps({'ok': False, 'error': 'the lab driver was not initialised (init(config_json))'})
        req = json.loads(request_json)
        set_program_filename(req.get('filename'))
        fn = _OPS.get(req.get('op'))
        if fn is None:
            return json.dumps({'ok': False, 'error': 'unknown op %r' % req.get('op')})
        res = fn(req)
        res['version'] = FULL_VERSION
        return json.dumps(res, default=repr)
    except BaseException as e:  # noqa: a driver failure is reported, never raised into the host
        return json.dumps({'ok': False, 'error': '%s: %s' % (type(e).__name__, e),
                           'traceback': traceback.format_exc()[-4000:]})


def handle_file(path):
    with open(path, 'r', encoding='utf-8') as f:
        return handle(f.read())
