from . import test_statement_import
from . import test_statement_import_errors
from . import test_statement_import_security
from . import test_review_tour
from . import test_payment_application_common
from . import test_payment_application
from . import test_payment_application_security
from . import test_payment_application_concurrency
