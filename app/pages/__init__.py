"""Thin pages: widgets and callbacks that call `auth`, nothing else."""
