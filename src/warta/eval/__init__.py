"""Quality measured against reference data: the ``warta eval`` harness."""
