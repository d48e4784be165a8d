"""A review's readable history tab, and the administrators' audit search."""
