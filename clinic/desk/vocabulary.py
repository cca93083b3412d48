"""The desk's closed vocabularies: why a person comes, and where they are in the day's queue.

Defined beside the models (`db.vocabulary.desk`) so the database can check them; this module is
where the rest of the program gets them from.
"""

from db.vocabulary.desk import QueueState, VisitReason

__all__ = ["QueueState", "VisitReason"]
