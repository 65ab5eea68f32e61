from . import account_bank_statement
from . import account_bank_statement_line
from . import account_journal
from . import account_move_line
from . import ar_payment_application
from . import ar_payment_application_rule
from . import ar_statement_import_mapping
from . import ar_text_mapping
