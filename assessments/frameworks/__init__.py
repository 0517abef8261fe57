"""Competency frameworks: the catalog everyone in the district browses, and the editor
district administrators keep it with.

- Everyone with a role in the district reads the adopted frameworks (`framework.view`);
  drafts and deprecated ones are for district administrators (`framework.manage`), who
  import CASE packages, start, edit, copy, adopt and deprecate frameworks, and add, reword
  and retire their items and write their indicators' level descriptors.
- Items are retired, never deleted: people may have rated them. Retiring an item retires
  everything under it.
- A framework nothing uses (no self-assessment, rating, perception survey, window, goal,
  coaching cycle, observation, feedback, micro-credential or pathway refers to it or its
  items) can be deleted, e.g. one imported by mistake; one in use is deprecated instead,
  and the refusal counts what uses it.
- The level scale cannot change once anyone has rated against it (in a self-assessment or
  a perception survey): every rating would change meaning.
- A copy is the district's own version: every object gets a new CASE identifier, and
  `origin` links back to the framework it came from.

`browse.py` reads one framework as a tree of plain data (the catalog's and the editor's
outline) in a fixed number of queries. `shipped.py` loads the frameworks Lodestar ships
(the CASE packages `*.json` in this folder) into the template every district is cloned
from. CASE import, export and the provider are `assessments.case`.
"""
