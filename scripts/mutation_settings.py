"""Settings for mutation runs (``scripts/mutation.py``): the test settings with the SQLite test
database in a file, so ``--reuse-db`` builds it once per module instead of once per mutant.

mutmut forks every mutant's test run; with an in-memory test database each fork ran every
migration and loaded the reference data again, which took longer than mutmut's timeout on a
two-core machine, and a timeout counts as killed: the scores meant nothing."""

import os

from karsaz.settings_test import *  # noqa: F403
from karsaz.settings_test import DATABASES

if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    raise RuntimeError("mutation runs use SQLite: unset DATABASE_URL")
DATABASES["default"]["TEST"] = {"NAME": os.environ["MUTATION_TEST_DB"]}
