"""Database-free logic of ar_reconcile: nothing in this package imports ``odoo``."""
