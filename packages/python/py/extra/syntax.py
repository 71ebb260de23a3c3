# Many statement kinds in one module.
from __future__ import annotations
import os.path as osp, sys
from collections import *  # noqa
from . import sibling
from .. import parent as pp
import a.b.c

x: int = 1
y: "list[int]"
del x
global_var = [i for i in range(10) if i % 2 for j in range(i)]
s = {i: j for i, j in zip('ab', 'cd')}
st = {*range(3), *[4]}
gen = (i async for i in aiter()) if False else None
lam = lambda a, b=2, *c, d, e=5, **f: (a, b, c, d, e, f)
w = (n := 10) + n
t = (*range(2), *'ab')
dd = {**s, 'k': 1}
f"{x!r:>{w}} {y=} {'nested' + f'{z}'} {{lit}}"
print(*t, sep='', **dd)
assert x, "message"
chained = 1 < x <= 3 != y
cond = a if b else c
sub = a[1:2, ::3, ...]
a.b.c = d[e] = f = 1
a += 1; a -= 1; a *= 2; a @= m; a //= 3; a **= 2; a >>= 1; a <<= 1; a &= 3; a |= 4; a ^= 5; a %= 6; a /= 7
x = y = z = None
a, *b, c = range(5)
(a, b), c = (1, 2), 3

class C(Base, metaclass=Meta, kw=1):
    """doc"""
    attr = 1
    __private = 2
    def method(self, /, p, *, k):
        return super().method(p, k=k), self.__private, __class__
    @staticmethod
    def sm(): pass
    @property
    def prop(self): return self._p
    @prop.setter
    def prop(self, v): self._p = v
    class Inner:
        def deep(self):
            def deeper():
                nonlocal_var = 1
                def deepest():
                    nonlocal nonlocal_var
                    nonlocal_var += 1
                    return nonlocal_var
                return deepest
            return deeper

def gen_fn():
    x = yield 1
    y = yield from range(x)
    return y

async def async_fn(xs):
    async with ctx() as a, ctx2() as b:
        async for x in xs:
            await x
    result = [await q async for q in xs]
    return result

def exc(v):
    try:
        pass
    except ValueError:
        raise
    except (TypeError, KeyError) as e:
        raise RuntimeError from e
    except Exception:
        return 1
    else:
        return 2
    finally:
        print('f')
    while True:
        try:
            continue
        finally:
            break
    for i in v:
        if i: break
    else:
        return 3
    with open('a') as f, open('b') as g:
        return f, g

def matcher(cmd):
    match cmd:
        case ['go', direction] | ['move', direction]:
            return direction
        case {'x': x, 'y': y, **rest}:
            return x, y, rest
        case Point(x=0, y=0) if cmd:
            return 0
        case [1, 2, *others]:
            return others
        case str() | bytes():
            return 's'
        case 1 | 2 | 3 | None | True:
            return 'lit'
        case -1.5 | 2j:
            return 'num'
        case _:
            return None

def star_args(*args, **kwargs):
    return f(*args, 1, *args, k=1, **kwargs), g(**kwargs), h(*args)

def closures():
    a = 1
    def inner():
        return a
    b = lambda: a + inner()
    return b

if __name__ == '__main__':
    import importlib
    sys.exit(0)
