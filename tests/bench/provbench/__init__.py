"""A bench-only tenant app with two migrations (a table, then an added column), used by
tests/bench/bench_provisioning.py to measure one added column across the fleet."""
