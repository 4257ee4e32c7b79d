"""A tiny site for tests/bench/bench_tenancy.py: one token-authenticated list endpoint, served
with the full tenancy stack (settings_tenant) or as plain Django (settings_plain)."""
