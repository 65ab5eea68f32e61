from . import account_bank_statement
from . import account_bank_statement_line
from . import account_journal
from . import ar_statement_import_mapping
