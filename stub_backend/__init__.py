"""A FastAPI double of the real backend: same contract, real semantics, on-disk SQLite."""
