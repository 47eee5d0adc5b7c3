"""Reading news sites: polite HTTP (``fetch``), RSS/Atom feeds (``feeds``), article pages
(``pages``). Outside ``bot.core``: this is where the network is."""
