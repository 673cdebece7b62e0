"""The unequal-area facility layout problem (UA-FLP) as a benchmark of the layout engine.

``instance`` reads the published instances in ``data/``, ``brief`` turns one into an ordinary
onezone brief (the ``packing`` standard), ``verify`` checks a finished plan from its geometry
alone, and ``python -m benchmarks.flp`` runs them all and prints the table.
"""
