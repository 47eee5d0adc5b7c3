"""Kazakhstan Parliament Telegram bot."""

import zoneinfo

# Time zones come from the pinned ``tzdata`` package, never from the host's /usr/share/zoneinfo:
# an old host database would still put Almaty at UTC+6 after Kazakhstan moved to UTC+5 on
# 2024-03-01, and digests would arrive an hour off.
zoneinfo.reset_tzpath(to=[])
