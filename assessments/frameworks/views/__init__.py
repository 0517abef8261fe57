"""The framework pages: `catalog` (browsing, read only, for everyone with a role) and
`editor` (district administrators' editor)."""
