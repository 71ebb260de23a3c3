# Reading 32-bit words of the runtime's memory (wasm32) without ever leaving it: an address outside the WebAssembly
# heap is a fatal error for the whole runtime, so every read is checked against the heap's size first (the heap
# only grows; its size is asked again when an address lies beyond the size last seen). Reads inside the heap never
# fault (wasm has no page protection); whether the words mean anything is the caller's check.

import ctypes
import struct

WORD = 4
_Words = {}


def _heap_size():
    try:
        import pyodide_js
        return int(pyodide_js._module.HEAPU8.length)
    except Exception:  # not Pyodide: no reads at all
        return 0


class Memory:
    """Checked reads of the runtime's linear memory."""

    def __init__(self):
        self.size = _heap_size()

    def usable(self):
        return self.size > 0 and ctypes.sizeof(ctypes.c_void_p) == WORD

    def inside(self, addr, nbytes):
        if addr <= 0 or nbytes < 0:
            return False
        if addr + nbytes <= self.size:
            return True
        self.size = _heap_size()
        return addr + nbytes <= self.size

    def words(self, addr, n):
        """`n` unsigned 32-bit words at `addr` (a tuple), or None when they are not all inside the heap."""
        if n <= 0:
            return ()
        if addr % WORD or not self.inside(addr, n * WORD):
            return None
        t = _Words.get(n)
        if t is None:
            # Bytes copied out in one go, then unpacked: reading a ctypes array item by item is slow in wasm.
            t = _Words[n] = (ctypes.c_char * (n * WORD), struct.Struct('<%dI' % n).unpack)
        return t[1](t[0].from_address(addr).raw)

    def word(self, addr):
        w = self.words(addr, 1)
        return None if w is None else w[0]


def signed(w):
    """A 32-bit word read as a signed int."""
    return w - (1 << 32) if w >= (1 << 31) else w
