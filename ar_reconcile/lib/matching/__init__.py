"""Payment application engine: scoring and global assignment, without a database."""
