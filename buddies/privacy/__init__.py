"""The access log: who looked at, exported, erased or shared a resident's data."""
