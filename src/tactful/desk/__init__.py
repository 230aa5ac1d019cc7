"""The desk: storage, tickets, SLA, workflow, IMAP/SMTP and background jobs (the I/O shell)."""
