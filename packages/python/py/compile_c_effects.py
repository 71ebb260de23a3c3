# The stack effects CPython's compiler counts, read from a release's own Python/compile.c as data: the cases of its
# `opcode_stack_effect` (2.7, 3.0-3.3) or `PyCompile_OpcodeStackEffect` (3.4, 3.5) switch and the adjustments
# `stackdepth_walk` makes at jumps. Used by extract_old_tables.py for the versions whose `dis` has no
# `stack_effect` (2.7, 3.0-3.5). Nothing is compiled: each `return` expression (C integer arithmetic on `oparg`,
# the NARGS macro, one `if (oparg == 3) ... else ...`) is translated to a Python expression and evaluated.
# Python 2 and 3 alike (no f-strings).
import re

_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _function(text, names):
    for name in names:
        m = re.search(r"(?m)^" + name + r"\(int opcode, int oparg\)\s*\{", text)
        if m:
            depth = 0
            for i in range(m.end() - 1, len(text)):
                if text[i] == "{":
                    depth += 1
                elif text[i] == "}":
                    depth -= 1
                    if depth == 0:
                        return text[m.end():i]
    raise SystemExit("compile.c: no " + " or ".join(names))


def _py_expr(c, macros):
    """A C integer expression of `oparg` as Python (non-negative operands: `/` is floor division)."""
    e = c.strip()
    for name, (params, body) in macros.items():
        # NARGS(x) -> the macro's body with its parameter replaced (one level is all compile.c uses).
        pattern = re.compile(r"\b" + name + r"\(([^()]*)\)")
        e = pattern.sub(lambda m: "(" + re.sub(r"\b" + params[0] + r"\b", "(" + m.group(1) + ")", body) + ")", e)
    if re.search(r"[^\w\s()+\-*/%<>&|=!]", e.replace("0x", "")):
        raise SystemExit("compile.c: unexpected expression " + c)
    return re.sub(r"(?<![/])/(?![/])", "//", e)


def read_stack_effects(compile_c, defines):
    """{opcode number: function(oparg) -> effect} from compile.c's switch; `defines` maps opcode names to numbers."""
    body = _COMMENT.sub(" ", _function(compile_c, ["opcode_stack_effect", "PyCompile_OpcodeStackEffect"]))
    body = body[body.index("switch (opcode) {") + len("switch (opcode) {"):]
    token = re.compile(
        r"\s*(?:(?P<case>case\s+(?P<label>[A-Za-z_][\w]*(?:\s*\+\s*\d+)?)\s*:)"
        r"|(?P<default>default\s*:)"
        r"|(?P<define>#define\s+(?P<mname>\w+)\((?P<mparams>[\w,\s]*)\)\s*(?P<mbody>[^\n]*)\n)"
        r"|(?P<undef>#undef\s+(?P<uname>\w+)\s*\n)"
        r"|(?P<ifelse>if\s*\((?P<cond>[^;{}]*?)\)\s*return\s+(?P<a>[^;]+);\s*else\s+return\s+(?P<b>[^;]+);)"
        r"|(?P<ret>return\s+(?P<expr>[^;]+);)"
        r"|(?P<fatal>(?:fprintf|Py_FatalError)\s*\([^;]*\)\s*;)"
        r"|(?P<end>\}))")
    macros = {}
    pending = []
    effects = {}
    pos = 0
    while True:
        m = token.match(body, pos)
        if not m:
            raise SystemExit("compile.c: cannot read the switch at: " + body[pos:pos + 80])
        pos = m.end()
        if m.group("end"):
            break
        if m.group("case"):
            label = m.group("label").replace(" ", "")
            base, _, plus = label.partition("+")
            if base not in defines:
                raise SystemExit("compile.c: unknown opcode " + base)
            pending.append(defines[base] + (int(plus) if plus else 0))
        elif m.group("default"):
            pending.append("default")
        elif m.group("define"):
            macros[m.group("mname")] = ([p.strip() for p in m.group("mparams").split(",")], m.group("mbody").strip())
        elif m.group("undef"):
            macros.pop(m.group("uname"), None)
        elif m.group("ifelse") or m.group("ret"):
            if m.group("ifelse"):
                expr = "(%s) if (%s) else (%s)" % (_py_expr(m.group("a"), macros), _py_expr(m.group("cond"), macros),
                                                   _py_expr(m.group("b"), macros))
            else:
                expr = _py_expr(m.group("expr"), macros)
            fn = None if "PY_INVALID_STACK_EFFECT" in expr else eval("lambda oparg: " + expr)
            for op in pending:
                if op != "default" and fn is not None:
                    effects[op] = fn
            pending = []
        elif m.group("fatal"):
            pending = []
    return effects


def read_jump_rules(compile_c):
    """The adjustments `stackdepth_walk` makes to the depth after an instruction: at its jump target (FOR_ITER,
    SETUP_FINALLY/SETUP_EXCEPT) and when it falls through (JUMP_IF_*_OR_POP), as {opname: (no_jump, jump)}."""
    walk = _COMMENT.sub(" ", _walk(compile_c))
    rules = {}
    m = re.search(r"i_opcode == FOR_ITER\)\s*\{?\s*target_depth = depth\s*-\s*(\d+);", walk)
    if m:
        rules["FOR_ITER"] = (0, -int(m.group(1)))
    m = re.search(r"i_opcode == SETUP_FINALLY \|\|\s*instr->i_opcode == SETUP_EXCEPT\)\s*\{\s*target_depth = depth\s*\+\s*(\d+);", walk)
    if m:
        rules["SETUP_FINALLY"] = rules["SETUP_EXCEPT"] = (0, int(m.group(1)))
    m = re.search(r"i_opcode == JUMP_IF_TRUE_OR_POP \|\|\s*instr->i_opcode == JUMP_IF_FALSE_OR_POP\)\s*depth = depth\s*-\s*(\d+);", walk)
    if m:
        rules["JUMP_IF_TRUE_OR_POP"] = rules["JUMP_IF_FALSE_OR_POP"] = (-int(m.group(1)), 0)
    # Every other adjustment would be a `target_depth =` or `depth =` this reading does not know.
    known = len(re.findall(r"target_depth = depth\s*[-+]", walk)) + len(re.findall(r"\bdepth = depth\s*-", walk))
    if known != len(set(k for k in rules if k != "SETUP_EXCEPT" and k != "JUMP_IF_FALSE_OR_POP")):
        raise SystemExit("compile.c: stackdepth_walk adjusts depths in a way not read here")
    return rules


def _walk(compile_c):
    m = re.search(r"(?m)^stackdepth_walk\(struct compiler \*c, basicblock \*b, int depth, int maxdepth\)\s*\{", compile_c)
    if not m:
        raise SystemExit("compile.c: no stackdepth_walk")
    end = compile_c.index("\n}\n", m.end())
    return compile_c[m.end():end]


def read_defines(opcode_h):
    """Opcode names to numbers from Include/opcode.h."""
    return dict((n, int(v)) for n, v in re.findall(r"(?m)^#define\s+([A-Z_][A-Z_0-9]*)\s+(\d+)\b", opcode_h))
