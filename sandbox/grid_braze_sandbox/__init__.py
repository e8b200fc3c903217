"""Offline emulators of Braze and Trading Grid for development and tests."""
