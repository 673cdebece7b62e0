"""Benchmarks of onezone: the bundled samples, published facility-layout (UA-FLP) instances
(``benchmarks.flp``) and generated briefs of growing size (``benchmarks.scaling``)."""
