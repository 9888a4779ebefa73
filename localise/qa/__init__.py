"""Quality: the check's rules (``rules``), findings and their report formats; evaluation against references."""
