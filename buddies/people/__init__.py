"""People of the programme: residents, volunteers, topics, training, availability,
consent, trusted contacts and buddy pairs."""
