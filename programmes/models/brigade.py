"""brigade"""

__all__ = []
