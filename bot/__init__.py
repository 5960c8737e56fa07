"""Support-service finder for women in Tokyo: LINE bot, referral page and knowledge base."""

from bot.line.sdk_imports import install as _install_lazy_sdk_imports

__version__ = "0.1.0"

# Before anything imports line-bot-sdk: its model packages are loaded name by name.
_install_lazy_sdk_imports()
