# What every job of the lab shares: the runtime's version, the names user code is compiled under, the limits a
# request may set, the exception that stops a runaway program, output capture, and how a user exception is
# reported.

import builtins
import io
import sys
import time
import traceback

VERSION = sys.version_info[:2]
FULL_VERSION = sys.version.split()[0]
FILENAME = '<lab>'
CALL_FILENAME = '<call>'
# The name the current request's program is compiled under (its `filename`, or FILENAME); set by handle().
PROGRAM_FILENAME = [FILENAME]


def program_filename():
    """The name the user's program is compiled under in this request (a path the host gave, or `<lab>`)."""
    return PROGRAM_FILENAME[0]


def set_program_filename(name):
    """Names the user's program for what follows (a path the host gave; `<lab>` when none): compiling, tracebacks."""
    PROGRAM_FILENAME[0] = name if isinstance(name, str) and name else FILENAME
perf = time.perf_counter

DEFAULTS = {
    'time_limit_ms': 1500,
    'max_steps': 20_000_000,
    'output_limit': 65536,
}

TRUNCATION_MARKER = '\n[... output truncated: {n} more characters not shown]\n'


class LabStop(BaseException):
    """Raised by the counting callbacks when the time or step limit is reached (BaseException: `except
    Exception` in user code does not catch it)."""

    def __init__(self, kind, message, steps, elapsed):
        BaseException.__init__(self, message)
        self.kind = kind
        self.message = message
        self.steps = steps
        self.elapsed = elapsed


class BoundedWriter(io.TextIOBase):
    """A text stream keeping the first `limit` characters written to it and counting the rest."""

    def __init__(self, limit):
        io.TextIOBase.__init__(self)
        self.limit = limit
        self.parts = []
        self.size = 0
        self.dropped = 0

    def writable(self):
        return True

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError('write() argument must be str, not %s' % type(s).__name__)
        room = self.limit - self.size
        if room > 0:
            part = s[:room]
            self.parts.append(part)
            self.size += len(part)
            self.dropped += len(s) - len(part)
        else:
            self.dropped += len(s)
        return len(s)

    def flush(self):
        pass

    def text(self):
        t = ''.join(self.parts)
        if self.dropped:
            t += TRUNCATION_MARKER.format(n=self.dropped)
        return t


class Capture:
    """Redirects sys.stdout/stderr to bounded writers (and stdin to an empty stream) while active."""

    def __init__(self, limit):
        self.out = BoundedWriter(limit)
        self.err = BoundedWriter(limit)

    def __enter__(self):
        self.saved = (sys.stdout, sys.stderr, sys.stdin)
        sys.stdout, sys.stderr, sys.stdin = self.out, self.err, io.StringIO('')
        return self

    def __exit__(self, *exc):
        sys.stdout, sys.stderr, sys.stdin = self.saved
        return False

    def result(self):
        return {
            'stdout': self.out.text(), 'stderr': self.err.text(),
            'stdoutTruncated': self.out.dropped > 0, 'stderrTruncated': self.err.dropped > 0,
        }


def claim_monitoring_tool(name):
    """A free sys.monitoring tool id (3.12+), taken under `name` (the caller frees it); the ids of debuggers,
    coverage and profilers (0, 1, 2) are the last choices."""
    M = sys.monitoring
    for tool in (4, 3, 5, 1, 2, 0):
        if M.get_tool(tool) is None:
            M.use_tool_id(tool, name)
            return tool
    raise RuntimeError('no free sys.monitoring tool id')


def new_globals():
    """A fresh namespace for the user's program, as `python script.py` gives it."""
    return {'__name__': '__main__', '__builtins__': builtins, '__doc__': None}


def exc_info(e, phase):
    """The user's exception as a LabException (see src/lab/protocol.ts), its traceback limited to the user's
    frames."""
    tb = traceback.format_exception(type(e), e, e.__traceback__)
    # Drop the driver's own frames.
    mine = tuple('File "%s"' % f for f in {program_filename(), FILENAME, CALL_FILENAME})
    keep = [tb[0]] + [t for t in tb[1:-1] if t.lstrip().startswith(mine)] + [tb[-1]]
    text = ''.join(keep)
    if len(text) > 8000:
        text = text[:4000] + '\n[...]\n' + text[-4000:]
    msg = str(e)
    return {'type': type(e).__name__, 'message': msg[:2000], 'traceback': text, 'phase': phase,
            'lineno': getattr(e, 'lineno', None) if isinstance(e, SyntaxError) else _last_lab_line(e)}


def _last_lab_line(e):
    tb = e.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in (program_filename(), FILENAME):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def safe_repr(v, limit=2000):
    try:
        r = repr(v)
    except BaseException as e:  # noqa: a user __repr__ may raise anything
        r = '<repr failed: %s>' % type(e).__name__
    return r if len(r) <= limit else r[:limit] + '...'


def seconds(t):
    """A duration for a message: `1.5 s`, `12 s`, `250 ms`."""
    if t < 1:
        return '%d ms' % round(t * 1000)
    return ('%.1f s' % t) if t < 10 else ('%d s' % round(t))


def limits(req):
    """(time limit in seconds, step limit, output limit) of a request, defaults filled in."""
    return (req.get('timeLimitMs', DEFAULTS['time_limit_ms']) / 1000.0,
            int(req.get('maxSteps', DEFAULTS['max_steps'])),
            int(req.get('outputLimit', DEFAULTS['output_limit'])))
