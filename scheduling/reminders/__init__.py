"""What to send when about sessions, series and buddy pairs: messages, reminders
and the appointment card."""
