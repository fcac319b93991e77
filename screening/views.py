"""The risk screening: questions as data, scoring in memory, nothing stored."""
