# Compiles source to .pyc bytes with this CPython, never running it. Shared by the Node runtime
# (packages/python/src/compile.ts) and the browser's compile worker (packages/web/src/runtime-worker.ts),
# and run before the web build's memory snapshots are taken. The caller writes the source to
# /tmp/bytescope_src, calls _bytescope_compile(filename) and reads /tmp/bytescope_pyc when 'ok' is true.
import json as _bytescope_json
import importlib._bootstrap_external as _bytescope_be


def _bytescope_compile(filename, mode='exec', optimize=-1):
    # mode: 'exec', 'eval' or 'single'; optimize: -1 (the interpreter's -O level), 0, 1 (-O) or 2 (-OO), as compile() takes them.
    with open('/tmp/bytescope_src', 'rb') as f:
        src = f.read()
    try:
        code = compile(src, filename, mode, dont_inherit=True, optimize=optimize)
    except SyntaxError as e:
        return _bytescope_json.dumps({'ok': False, 'type': type(e).__name__, 'message': str(e.msg),
            'filename': e.filename, 'lineno': e.lineno, 'offset': e.offset,
            'end_lineno': getattr(e, 'end_lineno', None), 'end_offset': getattr(e, 'end_offset', None),
            'text': e.text})
    except (ValueError, TypeError, MemoryError, RecursionError) as e:
        return _bytescope_json.dumps({'ok': False, 'type': type(e).__name__, 'message': str(e),
            'filename': filename, 'lineno': None, 'offset': None, 'end_lineno': None, 'end_offset': None,
            'text': None})
    with open('/tmp/bytescope_pyc', 'wb') as f:
        f.write(_bytescope_be._code_to_timestamp_pyc(code, 0, len(src)))
    return _bytescope_json.dumps({'ok': True})
