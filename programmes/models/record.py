"""record"""

__all__ = []
