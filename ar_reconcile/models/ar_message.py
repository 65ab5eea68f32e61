import ast
import logging
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from odoo import api, models, tools
from odoo.tools.misc import format_date, get_lang

from odoo.addons.base.models.res_lang import intersperse

from .. import messages as message_templates
from ..lib.messages import Amount, Message, Percent

_logger = logging.getLogger(__name__)


class ArMessage(models.AbstractModel):
    """Renders the codes of ``lib/`` in the user's language and formats."""

    _name = "ar.message"
    _description = "Receivables Message Rendering"

    @api.model
    def _ar_templates(self):
        """{code: lazy template} of every domain; an addon adds its codes by extending
        this method."""
        templates = {}
        for module in message_templates.DOMAINS:
            templates.update(module.TEMPLATES)
        return templates

    @api.model
    def _ar_render(self, message, currency=None):
        """One message (or its JSON form) as the user reads it.

        ``currency`` (a ``res.currency``) formats amounts that name no currency of
        their own.
        """
        if isinstance(message, dict):
            message = Message.from_json(message)
        return self._ar_render_with(self._ar_templates(), message, currency)

    @api.model
    def _ar_render_many(self, messages, currency=None, separator="\n"):
        templates = self._ar_templates()
        return separator.join(
            self._ar_render_with(
                templates,
                Message.from_json(m) if isinstance(m, dict) else m,
                currency,
            )
            for m in messages
        )

    def _ar_render_with(self, templates, message, currency):
        template = templates.get(message.code)
        params = {
            key: self._ar_render_value(templates, value, currency)
            for key, value in message.params.items()
        }
        if template is None:
            # A code without a template is a defect (the suite checks every code):
            # show the code rather than nothing.
            _logger.error("No template for message code %s", message.code)
            return " ".join([message.code, *map(str, params.values())])
        text = self.env._(template)
        return text % params if params else text

    def _ar_render_value(self, templates, value, currency):
        if isinstance(value, Message):
            return self._ar_render_with(templates, value, currency)
        if isinstance(value, Amount):
            value_currency = currency
            if value.currency:
                value_currency = self.env["res.currency"].browse(
                    self._ar_currency_id(value.currency)
                )
            return self._ar_format_amount(value.value, value_currency)
        if isinstance(value, Percent):
            number = self._ar_format_decimal(value.value, _decimals(value.value))
            return f"{number}\N{NO-BREAK SPACE}%"
        if isinstance(value, date):
            return format_date(self.env, value)
        if isinstance(value, Decimal):
            return self._ar_format_decimal(value, _decimals(value))
        if isinstance(value, tuple | list):
            return ", ".join(
                self._ar_render_value(templates, v, currency) for v in value
            )
        return "" if value is None else str(value)

    @api.model
    @tools.ormcache("code")
    def _ar_currency_id(self, code):
        """The currency of an ISO code, looked up once per worker: evidence and notes
        are rendered for every line of a list, each with its amounts."""
        return (
            self.env["res.currency"]
            .sudo()
            .with_context(active_test=False)
            .search([("name", "=", code)], limit=1)
            .id
        )

    @api.model
    def _ar_format_amount(self, value, currency):
        """``value`` (a Decimal) with the currency's decimals and symbol, exactly: no
        float on the way, so 12,345,678,901,234.57 prints as it is."""
        if not currency:
            return self._ar_format_decimal(Decimal(value), 2)
        number = self._ar_format_decimal(Decimal(value), currency.decimal_places)
        number = number.replace("-", "-\N{ZERO WIDTH NO-BREAK SPACE}")
        symbol = currency.symbol or currency.name
        if currency.position == "before":
            return f"{symbol}\N{NO-BREAK SPACE}{number}"
        return f"{number}\N{NO-BREAK SPACE}{symbol}"

    @api.model
    def _ar_format_decimal(self, value, digits):
        """A Decimal in the user's number format (decimal point, thousands separator and
        grouping of the user's language), rounded half-up to ``digits`` places."""
        lang = self.env["res.lang"]._get_data(code=get_lang(self.env).code)
        quantum = Decimal(1).scaleb(-digits)
        text = format(Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP), "f")
        sign = "-" if text.startswith("-") else ""
        whole, _sep, fraction = text.lstrip("-").partition(".")
        whole = intersperse(
            whole, ast.literal_eval(lang.grouping), lang.thousands_sep or ""
        )[0]
        whole = whole.replace(" ", "\N{NO-BREAK SPACE}")
        return sign + (whole + lang.decimal_point + fraction if fraction else whole)


def _decimals(value):
    """How many decimals a Decimal shows without trailing zeros (2.50 -> 1)."""
    return max(0, -value.normalize().as_tuple().exponent)
