"""Benchmarks of onezone: bundled samples now; facility-layout instances later."""
