"""``python -m bot loadtest``: signed webhooks and searches under load on loopback.

``events`` builds and signs webhook bodies, ``sink`` stands in for LINE's reply
endpoint (its own process), ``cluster`` starts and stops the processes, ``drive``
is the closed-loop client, ``report`` turns the figures into lines and JSON, and
``runner`` puts the phases together; ``command`` is the command-line edge.
"""
