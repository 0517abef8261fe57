"""OneRoster rostering: schools, staff and their roles synced from the district's SIS."""
