"""The translation template is current, and Norwegian and Swedish users read the addon
in their language (menus, actions, selections, field labels and ``_()`` messages)."""

import pathlib

import polib
from lxml import etree

from odoo.exceptions import ValidationError
from odoo.modules.module import get_manifest, get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

MODULE = "ar_reconcile"
I18N = pathlib.Path(__file__).resolve().parent.parent / "i18n"


def _catalog(name):
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(I18N / name))}


@tagged("post_install", "-at_install")
class TestTranslationTemplate(TransactionCase):
    def _demo_xmlids(self):
        """Records of the demo files: sample data, not texts for the translators."""
        module_path = pathlib.Path(get_module_path(MODULE))
        xmlids = set()
        for name in get_manifest(MODULE)["demo"]:
            if name.endswith(".xml"):
                for node in etree.parse(str(module_path / name)).iterfind(".//*[@id]"):
                    xml_id = node.get("id")
                    xmlids.add(xml_id if "." in xml_id else f"{MODULE}.{xml_id}")
        return xmlids

    def test_template_holds_every_text_of_the_module(self):
        """Odoo's exporter finds the same texts as ``i18n/ar_reconcile.pot``: a text
        added to a view, field or ``_()`` without regenerating the template fails."""
        demo = self._demo_xmlids()
        exported = {
            src
            for _module, kind, _name, res_id, src, _value, _comments in (
                TranslationModuleReader(self.env.cr, modules=[MODULE])
            )
            if not (kind in ("model", "model_terms") and res_id in demo)
        }
        template = set(_catalog("ar_reconcile.pot")) - {""}
        missing = sorted(exported - template)
        stale = sorted(template - exported)
        self.assertFalse(
            missing or stale,
            "i18n/ar_reconcile.pot is not current; run bin/i18n-update and translate "
            "the new texts in nb.po and sv.po.\nMissing from the template:\n{}\n"
            "No longer in the module:\n{}".format("\n".join(missing), "\n".join(stale)),
        )


@tagged("post_install", "-at_install")
class TestNordicTranslations(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("nb_NO", "sv_SE"):
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(
            [MODULE], ["nb_NO", "sv_SE"], overwrite=True
        )

    def _in(self, lang, xmlid, field="name"):
        return self.env.ref(xmlid).with_context(lang=lang)[field]

    def test_menus(self):
        expected = {
            "nb_NO": {
                "menu_ar_payment_registration": "Betalingsregistrering",
                "menu_ar_bank_transactions": "Betalingsavstemmingskladd",
                "menu_ar_payment_application_rule": "Betalingsutligningsregler",
                "menu_ar_statement_import": "Importer kontoutskrift",
                "menu_ar_text_mapping": "Tilordninger av tekst til konto",
            },
            "sv_SE": {
                "menu_ar_payment_registration": "Betalningsregistrering",
                "menu_ar_bank_transactions": "Betalningsavstämningsjournal",
                "menu_ar_payment_application_rule": "Regler för betalningskoppling",
                "menu_ar_statement_import": "Importera kontoutdrag",
                "menu_ar_text_mapping": "Mappningar av text till konto",
            },
        }
        for lang, menus in expected.items():
            for menu, name in menus.items():
                with self.subTest(lang=lang, menu=menu):
                    self.assertEqual(self._in(lang, f"{MODULE}.{menu}"), name)
        self.assertEqual(self._in("en_US", "ar_reconcile.menu_ar_bank"), "Bank")

    def test_selection_labels(self):
        rules = self.env["ar.payment.application.rule"]
        field = rules._fields["match_confidence"]
        for lang, high in (("nb_NO", "Høy"), ("sv_SE", "Hög"), ("en_US", "High")):
            with self.subTest(lang=lang):
                labels = dict(
                    field._description_selection(rules.with_context(lang=lang).env)
                )
                self.assertEqual(labels["high"], high)

    def test_field_labels_and_help(self):
        company = self.env["res.company"]
        for lang, label, help_word in (
            ("nb_NO", "Betalingstoleranse %", "betalingstoleranse"),
            ("sv_SE", "Betalningstolerans %", "betalningstolerans"),
        ):
            with self.subTest(lang=lang):
                description = company.with_context(lang=lang).fields_get(
                    ["ar_payment_tolerance_percent"], ["string", "help"]
                )["ar_payment_tolerance_percent"]
                self.assertEqual(description["string"], label)
                self.assertIn(help_word, description["help"])

    def test_python_message(self):
        """A ``_()`` message raised to the user comes out in the user's language."""
        messages = {}
        for lang in ("en_US", "nb_NO", "sv_SE"):
            mappings = self.env["ar.statement.import.mapping"].with_context(lang=lang)
            with self.assertRaises(ValidationError) as caught:
                mappings.create(
                    {
                        "name": "Bank CSV",
                        "date_column": "1",
                        "amount_column": "2",
                        "header_rows": -1,
                    }
                )
            messages[lang] = caught.exception.args[0]
        english = messages["en_US"]
        self.assertEqual(english, "Header and footer row counts cannot be negative.")
        self.assertEqual(messages["nb_NO"], _catalog("nb.po")[english])
        self.assertEqual(messages["sv_SE"], _catalog("sv.po")[english])
        self.assertEqual(
            messages["nb_NO"],
            "Antall overskrifts- og bunntekstrader kan ikke være negativt.",
        )

    def test_value_date_note_on_the_line_form(self):
        """The line form's note for a line dated on its value date is translated."""
        view = self.env.ref(f"{MODULE}.view_bank_statement_line_form_ar")
        for lang, note in (
            ("en_US", "Booked on the value date: the bank gave no booking date."),
            (
                "nb_NO",
                "Bokført på valuteringsdatoen: banken oppga ingen bokføringsdato.",
            ),
            ("sv_SE", "Bokförd på valutadagen: banken angav inget bokföringsdatum."),
        ):
            with self.subTest(lang=lang):
                Line = self.env["account.bank.statement.line"].with_context(lang=lang)
                arch = Line.get_views([(view.id, "form")])["views"]["form"]["arch"]
                self.assertIn(note, arch)
