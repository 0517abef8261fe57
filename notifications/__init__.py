"""The inbox, email preferences and the emails themselves: one noun, so its files sit at
the app's root (`digests.py` computes the daily digest and the principals' weekly summary).

- Nobody reads another person's inbox; another person's notification is a 404.
- Every notification lands in the inbox; the recipient's preference for its kind decides
  only the email, which goes out exactly once.
- District administrators (`rules.may_preview_emails`) preview every kind of email.
"""
