# Opname categories the lab reads, given by the host when it loads the driver (init in __init__.py): their one
# home is the TypeScript core (packages/core/src/analysis/categories.ts), so that no second hand-written copy can
# drift from it. Each is a frozenset of opnames across all versions 3.10-3.15; None until configured.

# Loads that push one value and read nothing from the stack (a local, a global, a name, a constant, a cell).
SIMPLE_LOADS = None

# 3.13+ superinstructions loading two locals at once.
PAIR_LOADS = None

# Families whose specialization depends on the values met at run time (the others are superinstructions or
# type-independent quickened forms: LOAD_CONST, LOAD_FAST, RESUME, JUMP_BACKWARD, ...).
TYPE_FAMILIES = None

# The config key of each category (see LabDriverConfig in src/lab/protocol.ts).
_KEYS = {'SIMPLE_LOADS': 'simpleLoads', 'PAIR_LOADS': 'pairLoads', 'TYPE_FAMILIES': 'typeFamilies'}


def configure(config):
    """Sets every category from `config` (a dict of lists of opnames); a missing one is an error."""
    g = globals()
    for name, key in _KEYS.items():
        names = config.get(key)
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ValueError('lab driver config: %s must be a list of opnames' % key)
        g[name] = frozenset(names)


def configured():
    """True once configure() has set every category."""
    return all(globals()[name] is not None for name in _KEYS)
