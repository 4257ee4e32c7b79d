"""Menu entries of this sub-app (registered in apps.ready)."""
