"""End-to-end tests: the installed `annotator` under a real X server, driven as a user would."""
