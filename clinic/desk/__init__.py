"""The desk: checking people in and the day's queue. Above the registry, below the capabilities."""
