"""ambassadeurs"""

__all__ = []
