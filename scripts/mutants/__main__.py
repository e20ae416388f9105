import sys

from scripts.mutants.runner import main

sys.exit(main())
