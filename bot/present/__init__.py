"""Showing: an ``Answer`` of the search, and entries, turned into what people see (the API's
JSON, the page's cards, LINE messages, the referral sheet and the exports)."""
