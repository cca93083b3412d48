"""The reception page: find, check in, and the day's queue."""
