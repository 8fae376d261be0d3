"""`coach review`: the interactive coaching session (a Textual app over coach.service.reviewing)."""
