"""Writing records: the editor schema (`briefing schema`) and new meeting records (`briefing new`)."""
