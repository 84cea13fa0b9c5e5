"""Reports: pure functions `(records, options, today) -> report model`. No printing, no clock."""
