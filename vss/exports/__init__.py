"""Exports of the lists staff work with, as CSV or XLSX: one mechanism for every list,
which the apps that own the lists join by registering them (registry.py)."""
