"""``python -m bot loadtest``: signed webhooks and searches under load on loopback.

``events`` builds and signs webhook bodies, ``sink`` stands in for LINE's reply
endpoint (its own process), ``procs`` and ``cluster`` start and stop the processes,
``drive`` is the closed-loop client, ``report`` turns the figures into lines and JSON,
``logs`` counts what the servers warned about, and ``runner`` puts the phases
together; ``command`` is the command-line edge.
"""
