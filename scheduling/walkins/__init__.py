"""Walk-in visits at a computer corner: who came by without an appointment, about what,
how it went, and the seat they used for a while."""
