"""Staff uploads of targets and documents (.xlsx/.csv): parsing into canonical rows, and the blank template."""
