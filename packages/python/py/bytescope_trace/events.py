# The one way the tracer and the layout calibration hear of each instruction: sys.monitoring INSTRUCTION events
# where the runtime has sys.monitoring (3.12+; opcode tracing is unreliable there, CPython gh-103615), otherwise
# sys.settrace with f_trace_opcodes (3.10, 3.11). Events are asked for on the given code objects only, so code
# that is not traced (the standard library, the tracer itself) runs at full speed.

import sys

from bytescope_lab.common import claim_monitoring_tool

MONITORING = hasattr(sys, 'monitoring')
SOURCE = 'sys.monitoring INSTRUCTION events' if MONITORING else 'sys.settrace opcode events'


class Events:
    """While active (a context manager), calls `on_instruction(frame, offset)` before every instruction of the
    code objects in `codes` (a set of code objects), and `on_line(frame, lineno)` at line events when given."""

    def __init__(self, codes, on_instruction, on_line=None):
        self.codes = codes
        self.on_instruction = on_instruction
        self.on_line = on_line
        self.tool = None

    def __enter__(self):
        codes = self.codes
        on_ins = self.on_instruction
        on_line = self.on_line
        if MONITORING:
            M = sys.monitoring
            E = M.events
            getframe = sys._getframe
            self.tool = tool = claim_monitoring_tool('bytescope-trace')

            def instruction(code, offset):
                on_ins(getframe(1), offset)

            M.register_callback(tool, E.INSTRUCTION, instruction)
            mask = E.INSTRUCTION
            if on_line is not None:
                def line(code, lineno):
                    on_line(getframe(1), lineno)
                M.register_callback(tool, E.LINE, line)
                mask |= E.LINE
            for c in codes:
                M.set_local_events(tool, c, mask)
        else:
            def local(frame, event, arg):
                if event == 'opcode':
                    on_ins(frame, frame.f_lasti)
                elif event == 'line' and on_line is not None:
                    on_line(frame, frame.f_lineno)
                return local

            def glob(frame, event, arg):
                if frame.f_code in codes:
                    frame.f_trace_opcodes = True
                    frame.f_trace_lines = on_line is not None
                    return local
                return None

            self.saved = sys.gettrace()
            sys.settrace(glob)
        return self

    def __exit__(self, *exc):
        if MONITORING:
            M = sys.monitoring
            E = M.events
            for c in self.codes:
                M.set_local_events(self.tool, c, 0)
            M.register_callback(self.tool, E.INSTRUCTION, None)
            M.register_callback(self.tool, E.LINE, None)
            M.free_tool_id(self.tool)
        else:
            sys.settrace(self.saved)
        return False
