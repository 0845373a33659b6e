"""Demo data built from the five source articles in shared/seeds (see README, "Demo data")."""
