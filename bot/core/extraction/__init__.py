"""The stages of reading an article; ``bot.core.extract`` runs them in order."""
