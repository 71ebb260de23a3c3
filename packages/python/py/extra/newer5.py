# 3.15+: lazy imports.
lazy import json
lazy from os import path
