# Compiling Python source with this CPython, never running it: the one compile function of Bytescope's Python
# side, and the one shape of a compile failure. Used by the compile worker of the web page and by `compileSource`
# in Node (through compile_file), by the lab driver (the programs it runs, and its `compile` request) and by the
# reference examples. Standard library only; runs unchanged on CPython 3.10-3.15.
#
# A failure is reported as a dict (error_info) that src/compile.ts reads as a PythonCompileError:
#   {"type", "message", "filename", "lineno", "offset", "endLineno", "endOffset", "text"}
import importlib._bootstrap_external as _be
import json

# What compile() raises for source it refuses: SyntaxError (and its subclasses IndentationError, TabError),
# ValueError for null bytes before 3.12, and TypeError, MemoryError, RecursionError for pathological input.
COMPILE_ERRORS = (SyntaxError, ValueError, TypeError, MemoryError, RecursionError)


def compile_code(source, filename, mode='exec', optimize=-1):
    """The code object of `source` (str, or bytes read as a file is: coding cookie and BOM honoured), compiled
    without the caller's __future__ flags. `mode` is 'exec', 'eval' or 'single'; `optimize` -1 (the interpreter's
    own -O level), 0, 1 (-O) or 2 (-OO), as compile() takes them. Raises one of COMPILE_ERRORS."""
    return compile(source, filename, mode, dont_inherit=True, optimize=optimize)


def error_info(e, filename):
    """A compile failure as JSON-able data. A SyntaxError carries its position; the other kinds do not, and name
    the file they were compiling (`filename`)."""
    if isinstance(e, SyntaxError):
        return {'type': type(e).__name__, 'message': str(e.msg), 'filename': e.filename, 'lineno': e.lineno,
                'offset': e.offset, 'endLineno': getattr(e, 'end_lineno', None),
                'endOffset': getattr(e, 'end_offset', None), 'text': e.text}
    return {'type': type(e).__name__, 'message': str(e), 'filename': filename, 'lineno': None, 'offset': None,
            'endLineno': None, 'endOffset': None, 'text': None}


def compile_pyc(source, filename, mode='exec', optimize=-1):
    """Compiles source (str is encoded as UTF-8) into the .pyc bytes CPython itself would write (a timestamp header
    with mtime 0 and the source size, then the marshalled code object); `mode` and `optimize` as compile_code takes
    them. Returns (pyc bytes, None), or (None, error_info) when it does not compile."""
    if isinstance(source, str):
        source = source.encode('utf-8')
    try:
        code = compile_code(source, filename, mode, optimize)
    except COMPILE_ERRORS as e:
        return None, error_info(e, filename)
    return bytes(_be._code_to_timestamp_pyc(code, 0, len(source))), None


def compile_file(source_path, pyc_path, filename, mode='exec', optimize=-1):
    """compile_pyc for a host that passes bytes through the file system: reads the source from `source_path`,
    writes the .pyc to `pyc_path` when it compiles. Returns JSON: {"ok": true} or {"ok": false, "error": ...}."""
    with open(source_path, 'rb') as f:
        source = f.read()
    pyc, error = compile_pyc(source, filename, mode, optimize)
    if error is not None:
        return json.dumps({'ok': False, 'error': error})
    with open(pyc_path, 'wb') as f:
        f.write(pyc)
    return json.dumps({'ok': True})
