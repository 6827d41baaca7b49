class BackupError(Exception):
    """A backup, restore or verification that cannot go on; its message says why, for the
    operator, and nothing was left half-done."""
