"""Messages of the database-free logic: a code and its parameters, never a sentence.

The Odoo layer (``ar.message``) renders a message in the user's language, with
amounts, percentages and dates in the user's number and date formats; the same message
can be stored (``to_json``) and rendered again later in another user's language.

A parameter is a ``str``, an ``int``, an :class:`Amount`, a :class:`Percent`, a
``datetime.date``, another :class:`Message` (rendered in its place), or a tuple of those
(rendered as a list).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Amount:
    """Money: rendered with the currency's decimals and symbol, in the user's format."""

    value: Decimal
    currency: str | None = (
        None  # ISO 4217 code; None: the currency the renderer is given
    )


@dataclass(frozen=True)
class Percent:
    """A percentage such as 2.5 (for 2.5 %), rendered in the user's number format."""

    value: Decimal


@dataclass(frozen=True)
class Message:
    code: str
    params: dict = field(default_factory=dict)

    def __str__(self):
        # Logs and test failures only: users always see the rendered message.
        return f"{self.code}{self.params!r}" if self.params else self.code

    def to_json(self):
        return {
            "code": self.code,
            "params": {k: _dump(v) for k, v in self.params.items()},
        }

    @classmethod
    def from_json(cls, data):
        return cls(
            data["code"], {k: _load(v) for k, v in (data.get("params") or {}).items()}
        )


def msg(code, **params):
    """``msg("settlement.stays_open", amount=Amount(...))``"""
    return Message(code, params)


class MessageError(ValueError):
    """A refusal of the database-free logic; the Odoo layer raises it as a
    ``UserError`` with the rendered message."""

    def __init__(self, code, **params):
        self.message = Message(code, params)
        super().__init__(str(self.message))


def _dump(value):
    if isinstance(value, Message):
        return {"t": "message", "v": value.to_json()}
    if isinstance(value, Amount):
        return {"t": "amount", "v": str(value.value), "c": value.currency}
    if isinstance(value, Percent):
        return {"t": "percent", "v": str(value.value)}
    if isinstance(value, date):
        return {"t": "date", "v": value.isoformat()}
    if isinstance(value, Decimal):
        return {"t": "decimal", "v": str(value)}
    if isinstance(value, tuple | list):
        return {"t": "list", "v": [_dump(v) for v in value]}
    if value is None or isinstance(value, str | int | bool):
        return value
    raise TypeError(f"message parameter of unsupported type: {value!r}")


def _load(value):
    if not isinstance(value, dict):
        return value
    kind, raw = value["t"], value["v"]
    if kind == "message":
        return Message.from_json(raw)
    if kind == "amount":
        return Amount(Decimal(raw), value.get("c"))
    if kind == "percent":
        return Percent(Decimal(raw))
    if kind == "date":
        return date.fromisoformat(raw)
    if kind == "decimal":
        return Decimal(raw)
    if kind == "list":
        return tuple(_load(v) for v in raw)
    raise ValueError(f"unknown message parameter kind {kind!r}")
