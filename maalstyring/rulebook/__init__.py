"""The computable rules: roll-ups and the shared goals' rules read from each plan's own text.

Pure functions over values, no database: every threshold comes from the stored plan as an argument. Imports
only vocabulary and loaders.
"""
