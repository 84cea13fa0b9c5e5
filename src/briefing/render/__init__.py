"""Renderers: one function per report and format. Markdown and JSON are plain text, never rich."""
