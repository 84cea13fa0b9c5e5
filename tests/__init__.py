"""Tests for briefing (a package, so every module has one name: `tests.test_x`)."""
