"""Browser acceptance suite: a real Chromium against the real app and the stub backend."""
