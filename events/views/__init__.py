from .public import home

__all__ = ["home"]
