"""Exports of a finished plan (``plan.json`` as a dict): DXF drawings, PNG previews, reports.

Exports read the plan only, never the solver, so a plan written earlier exports the same way.
"""
