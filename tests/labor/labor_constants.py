"""Constants shared by the labor test modules (imported by name; no fixtures here)."""

MINIMUM_WAGE = 10_030
DOC = b"\x11" * 32
BUSINESS = b"\xb1" * 32
FAR_DEADLINE = 2**40
ZERO = "0x0000000000000000000000000000000000000000"
