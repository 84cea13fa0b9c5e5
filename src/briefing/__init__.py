"""briefing: briefing notes, timelines and what's-next from a folder of meeting records."""

__version__ = "0.1.0"
