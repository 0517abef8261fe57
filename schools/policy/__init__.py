"""The district's own choices (`DistrictPolicy`, one row per district schema): whether goals
need a supervisor's approval, when an overdue check-in is escalated, and the rules of
micro-credential review (attempts, blind review, second reviews, the review target).

- Everyone signed in reads the policy: it shapes what they are asked to do
  (`selectors.policy_get_for_actor`).
- Only "policy.manage" (district administrators) changes it (`services.policy_update`),
  refused before the input is read in the API; each value within its bounds (a 400 on the
  field); every change audited (`policy.updated`) with its old and new value.
- The page is `/settings/` (`schools:policy`), the API `/api/v1/district-policy/`.
"""
