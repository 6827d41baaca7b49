"""The wordings of outreach's audit labels: what a read or a send was, written in English
in the log and read back in the reader's language."""
