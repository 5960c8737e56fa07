"""Tools apart from the service: the command line (``python -m bot``), scoring the search on
query files and on the entries' examples, benchmarks, training the crisis model and the load
test. The service (``bot.app``) imports nothing from here."""
