"""The typed PTB context handlers and jobs receive: ``bot_data`` is the bot's ``Services``."""

from __future__ import annotations

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.services import Services

Context = CallbackContext[ExtBot[None], dict[object, object], dict[object, object], Services]
CONTEXT_TYPES = ContextTypes(bot_data=Services)
