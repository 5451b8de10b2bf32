"""Reaching a person on their own channel: SMS, e-mail, letter (print queue) or a
call by staff (call list). Every message is recorded in the delivery log
(buddies.Message); SMS and e-mail are sent by the django-q2 worker.

Callers say *what* happened (they decide what to send when); this package decides
*how* each person is reached and in which language.
Only its SMS and e-mail channels hand anything to a gateway or mail server.
"""
