"""The installed version of briefer."""

__version__ = "0.1.0"
