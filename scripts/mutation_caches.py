"""pytest plugin for mutation runs (``scripts/mutation.py`` loads it with ``-p``).

mutmut forks every mutant's test run from a process that already ran the tests, so the
``functools`` caches of Karsaz (``lru_cache``: the Persian ZWNJ repair, the verb lexicon) come
pre-filled: a cached answer never reaches the mutated code and the mutant "survives". Emptying
every cache of every ``karsaz`` module before each test makes each mutant meet its tests.
"""

import sys
from typing import Any


def pytest_runtest_setup(item: Any) -> None:
    for name, module in list(sys.modules.items()):
        if name == "karsaz" or name.startswith("karsaz."):
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()
