from briefing.console import run

run()
