# Syntax of newer versions (compiled only by the versions that accept it).
type Alias[T] = list[T]
type Pair[K: str, *Ts, **P] = tuple[K, *Ts]

class Box[T: (int, str) = int]:
    def get[U](self, u: U) -> T | U:
        return u

def f[T](x: T) -> T:
    return x

try:
    pass
except* ValueError as eg:
    raise
except* (TypeError, KeyError):
    pass

t = t"hello {name!r:>10} {x + 1}"
lazy import json
