"""Language resources; Indonesian (``lang.id``) first."""
