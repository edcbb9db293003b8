"""Read models on their way to the query layer (`queries/`)."""
