from . import ar_statement_import
