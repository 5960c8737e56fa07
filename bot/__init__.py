"""Support-service finder for women in Tokyo: LINE bot, referral page and knowledge base."""

__version__ = "0.1.0"
