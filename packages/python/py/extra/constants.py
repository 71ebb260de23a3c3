# Constants whose reprs are easy to get wrong.
a = (0.1, 1e16, 1e-5, 1.5e300, 5e-324, -0.0, float('inf'), 1e22, 123456789012345678.0, 0.30000000000000004)
b = (1j, -1j, 2.5e-300j, 1+2j, -0.0-0j, 1e300j * 1e10)
c = (b'\x00\x7f\x80\xff', b"it's", b'both \' and "', b'\\', bytes(range(256)))
d = ("it's", 'both \' and "', 'tab\there', '\x00\x7f\x80\x9f', 'é', '\u200b', '\ufeff', '\U0001f600', '\ud800', '\udfff',
     '\u0378', '\U000e0001', 'a' * 300, '\r\n')
e = 100000000000000000000000000000000000000000000000000, -2**63, 2**64, -(10**40), 0x7fffffff, -0x80000000
f = frozenset({1, 2, 3}), frozenset({'x', 'y', 'zz'}), frozenset({(1, 2), b'q'})
g = x[1:2], x[::2], x[:-1], x[1:2:3]
h = ..., None, True, False
def k(p=(1, 'two', 3.0, None), *, q=frozenset({4}), **kw) -> 'ann':
    return p, q, -1, ~2, not 3, -(4), 2**100
