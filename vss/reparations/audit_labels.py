"""The wordings of the labels reparations writes into the audit log (vss.audit.labels)."""

WORDINGS: tuple[str, ...] = ()
