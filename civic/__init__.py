"""Python logic shared by the scripts and the tests of Seoul Civic Contracts.

One package, one copy: Merkle trees, EIP-712 payloads, gas arithmetic,
deployment records and the recount of every service from its events live here
and nowhere else. Nothing in this package sends a transaction at import time.
"""
