"""The home page's reads (see the area's docstring): `me.py` (`my_dashboard`, the one
selector, and its sections) and `growth.py` (the section about the person's own growth)."""
