# 3.12+: type parameters.
type Alias[T] = list[T]
class Box[T]:
    def get[U](self, u: U) -> T | U:
        return u
def f[T: int](x: T) -> T:
    return x
