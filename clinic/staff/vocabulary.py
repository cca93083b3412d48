"""The roles of staff accounts.

Defined beside the models (`db.vocabulary.staff`) so the database can check them; this module is
where the rest of the program gets them from (`clinic.common.permissions`, below the staff
package, takes them from `db` directly).
"""

from db.vocabulary.staff import Role

__all__ = ["Role"]
