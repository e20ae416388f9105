"""Where the stub keeps what must stay private (its database of password hashes and sessions,
its generated JWT secret): a folder only its owner can enter, files only its owner can read."""

import os
from pathlib import Path

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def ensure_private_dir(path: Path) -> None:
    """Create the folder with mode 0700 if it is missing. A folder that exists already is left as
    it is: it may be shared on purpose (a working directory, a mounted volume)."""
    if path.is_dir():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=PRIVATE_DIR_MODE)
    except FileExistsError:
        return  # another process starting at the same moment made it
    # mkdir's mode passes through the umask; chmod does not.
    path.chmod(PRIVATE_DIR_MODE)


def ensure_private_file(path: Path) -> None:
    """Create the file with mode 0600 if it is missing, and take group and other access away
    from one that exists: it is ours, and whatever it holds should never have been readable."""
    descriptor = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW, PRIVATE_FILE_MODE)
    try:
        os.fchmod(descriptor, PRIVATE_FILE_MODE)
    finally:
        os.close(descriptor)
