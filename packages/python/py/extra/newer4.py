# 3.14+: template strings.
name = 'x'
t = t"hello {name!r:>10} {name + '1'}"
