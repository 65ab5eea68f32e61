import { registry } from "@web/core/registry";

const { DateTime } = luxon;

/**
 * A Norwegian and a Swedish clerk register a payment and review a bank line
 * (tests/test_nordic_tours.py). The texts are written here, not read from the .po
 * files: an English label, a missing translation or an amount or date in the wrong
 * format makes a step time out. Amounts have a no-break space between the thousands
 * and a decimal comma in both languages; nb_NO writes dates 15.02.2026, sv_SE
 * 2026-02-15.
 */
const NBSP = "\u00a0";
const TEXTS = {
    nb_NO: {
        dateFormat: "dd.LL.yyyy",
        app: "Fakturering",
        customers: "Kunder",
        registration: "Betalingsregistrering",
        remaining: "Gjenstående beløp",
        dueDate: "Forfallsdato",
        paymentMade: "Betaling utført",
        postPayments: "Bokfør betalinger",
        paymentOf: "Betaling på",
        byPartnerOn: "fra Bakeriet Solsiden AS den",
        pays: "betaler $ 2 450,00",
        discount: "rabatt $ 50,00 (2 %)",
        closed: "lukket",
        post: "Bokfør",
        bankTransactions: "Betalingsavstemmingskladd",
        confidence: "Treffsikkerhet",
        medium: "Middels",
        waitsForReview: "Denne utligningen venter på gjennomgang",
        applicationPage: "Betalingsutligning",
        why: "Hvorfor",
        docEvidence: "Dokument: Dokumentnummeret",
        wholeWord: "ble funnet som et helt ord i",
        amountEvidence: "Beløp: Åpent beløp",
        outsideWindow: "er utenfor intervallet",
        settlement: "Oppgjør",
        staysOpen: "står åpent",
        proposed: "Foreslått",
        accept: "Godta utligning",
        accepted: "Godtatt",
        undo: "Angre bokføring",
    },
    sv_SE: {
        dateFormat: "yyyy-LL-dd",
        app: "Fakturering",
        customers: "Kunder",
        registration: "Betalningsregistrering",
        remaining: "Återstående belopp",
        dueDate: "Förfallodatum",
        paymentMade: "Betalning gjord",
        postPayments: "Bokför betalningar",
        paymentOf: "Betalning på",
        byPartnerOn: "från Bakeriet Solsiden AS den",
        pays: "betalar $ 2 450,00",
        discount: "rabatt $ 50,00 (2 %)",
        closed: "stängd",
        post: "Bokför",
        bankTransactions: "Betalningsavstämningsjournal",
        confidence: "Matchningssäkerhet",
        medium: "Medel",
        waitsForReview: "Denna koppling väntar på granskning",
        applicationPage: "Betalningskoppling",
        why: "Varför",
        docEvidence: "Dokument: Dokumentnumret",
        wholeWord: "hittades som ett helt ord i",
        amountEvidence: "Belopp: Öppet belopp",
        outsideWindow: "ligger utanför intervallet",
        settlement: "Reglering",
        staysOpen: "står kvar öppet",
        proposed: "Föreslagen",
        accept: "Godkänn koppling",
        accepted: "Godkänd",
        undo: "Ångra bokföring",
    },
};

/** A date in the language's format, written without Odoo's formatting code. */
function formatDay(lang, isoDate) {
    return DateTime.fromISO(isoDate).toFormat(TEXTS[lang].dateFormat);
}

/**
 * A step that waits for ``expected`` in the anchor's text (or input value), then fails
 * unless it is there exactly: ``:contains()`` and ``\s`` take a no-break space for a
 * space, this check does not.
 */
function exactly(content, trigger, expected, { input = false } = {}) {
    const spaced = expected.replaceAll(NBSP, " ");
    const pattern = spaced.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replaceAll(" ", "\\s");
    return {
        content,
        trigger: input ? `${trigger}:value(/^${pattern}$/)` : `${trigger}:contains('${spaced}')`,
        run() {
            const text = input ? this.anchor.value : this.anchor.textContent;
            if (!text.includes(expected)) {
                throw new Error(
                    `${content}: expected ${JSON.stringify(expected)} in ${JSON.stringify(text)}`
                );
            }
        },
    };
}

function registrationSteps(lang) {
    const t = TEXTS[lang];
    const fjord = ".o_data_row:contains('Fjordline Handel AS')";
    const bakery = ".o_data_row:contains('Bakeriet Solsiden AS')";
    // The clerk's time zone (tests/test_nordic_tours.py): the day the rows default to.
    const today = DateTime.now().setZone("utc").toFormat(t.dateFormat);
    return [
        {
            content: "The app and the receivables menu are in the clerk's language",
            trigger: `.o_main_navbar .o_menu_brand:contains('${t.app}')`,
        },
        {
            content: "Open the customers menu",
            trigger: `.o_main_navbar .o_menu_sections button:contains('${t.customers}')`,
            run: "click",
        },
        {
            content: "Payment Registration is in the menu",
            trigger: `.o-dropdown--menu .dropdown-item:contains('${t.registration}')`,
            run: "click",
        },
        {
            content: "The screen's title",
            trigger: `.o_breadcrumb .active:contains('${t.registration}')`,
        },
        {
            content: "Column labels",
            trigger: `.o_list_view th[data-name=amount_remaining]:contains('${t.remaining}')`,
        },
        {
            content: "Due date column",
            trigger: `.o_list_view th[data-name=due_date]:contains('${t.dueDate}')`,
        },
        {
            content: "Payment Made column",
            trigger: `.o_list_view th[data-name=payment_made]:contains('${t.paymentMade}')`,
        },
        {
            content: "The due date in the language's format",
            trigger: `${fjord} td[name=due_date]:contains('${formatDay(lang, "2026-02-15")}')`,
        },
        {
            content: "The document date in the language's format",
            trigger: `${fjord} td[name=document_date]:contains('${formatDay(lang, "2026-01-05")}')`,
        },
        exactly(
            "The remaining amount in the language's number format",
            `${fjord} td[name=amount_remaining]`,
            `12${NBSP}345,50`
        ),
        exactly(
            "The bank line applying the invoice, with its amount in the language's format",
            `${fjord} td[name=bank_line_note]`,
            `12${NBSP}000,00`
        ),
        {
            content: "Open the row of the bakery",
            trigger: `${bakery} td[name=date_received]`,
            run: "click",
        },
        {
            content: "Tick Payment Made",
            trigger: ".o_data_row.o_selected_row td[name=payment_made] input",
            run: "click",
        },
        exactly(
            "The discounted amount is proposed in the language's format",
            ".o_data_row.o_selected_row td[name=amount_received] input",
            `2${NBSP}450,00`,
            { input: true }
        ),
        {
            content: "Save the row",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "Post the payments",
            trigger: `button[name=action_post_payments]:contains('${t.postPayments}')`,
            run: "click",
        },
        {
            content: "The dialog's title",
            trigger: `.modal .modal-title:contains('${t.postPayments}')`,
        },
        {
            content: "The dialog tells the payment in the clerk's language and formats",
            trigger: `.modal .o_field_widget[name=summary]:contains('${t.paymentOf}'):contains('${t.byPartnerOn} ${today}')`,
        },
        {
            content: "What the payment does to the invoice",
            trigger: `.modal .o_field_widget[name=summary]:contains('${t.pays}'):contains('${t.discount}'):contains('${t.closed}')`,
        },
        exactly(
            "The amount has a no-break space between the thousands",
            ".modal .o_field_widget[name=summary]",
            `2${NBSP}450,00`
        ),
        {
            content: "Post",
            trigger: `.modal button[name=action_confirm]:contains('${t.post}')`,
            run: "click",
        },
        {
            content: "The dialog closes",
            trigger: "body:not(:has(.modal))",
        },
    ];
}

function reviewSteps(lang) {
    const t = TEXTS[lang];
    const row = ".o_data_row:contains('Nordic tour')";
    return [
        {
            content: "The screen's title",
            trigger: `.o_breadcrumb .active:contains('${t.bankTransactions}')`,
        },
        {
            content: "Confidence column",
            trigger: `.o_list_view th[data-name=ar_match_confidence]:contains('${t.confidence}')`,
        },
        {
            content: "The confidence of the line",
            trigger: `${row} td[name=ar_match_confidence]:contains('${t.medium}')`,
        },
        {
            content: "The date of the line in the language's format",
            trigger: `${row} td[name=date]:contains('${formatDay(lang, "2026-01-20")}')`,
        },
        exactly(
            "The amount of the line in the language's format",
            `${row} td[name=amount]`,
            `12${NBSP}000,00`
        ),
        {
            content: "Open the line",
            trigger: `${row} td[name=payment_ref]`,
            run: "click",
        },
        {
            content: "The line waits for review",
            trigger: `.o_form_view .alert-info:contains('${t.waitsForReview}')`,
        },
        {
            content: "The application page",
            trigger: `.o_notebook .nav-link.active:contains('${t.applicationPage}')`,
        },
        {
            content: "The evidence's label",
            trigger: `.o_form_view .o_form_label:contains('${t.why}')`,
        },
        {
            content: "The document evidence in the clerk's language",
            trigger: `.o_field_widget[name=ar_match_details]:contains('${t.docEvidence}'):contains('${t.wholeWord}')`,
        },
        {
            content: "The amount evidence in the clerk's language",
            trigger: `.o_field_widget[name=ar_match_details]:contains('${t.amountEvidence}'):contains('${t.outsideWindow}')`,
        },
        exactly(
            "The evidence's amounts in the language's format",
            ".o_field_widget[name=ar_match_details]",
            `$${NBSP}12${NBSP}345,50`
        ),
        {
            content: "The settlement's heading",
            trigger: `.o_form_view .o_horizontal_separator:contains('${t.settlement}')`,
        },
        {
            content: "The settlement in the clerk's language",
            trigger: `.o_field_widget[name=ar_settlement_summary]:contains('${t.staysOpen}')`,
        },
        {
            content: "The due date of the applied invoice in the language's format",
            trigger: `.o_field_widget[name=ar_application_ids] td[name=date_maturity]:contains('${formatDay(lang, "2026-02-15")}')`,
        },
        {
            content: "The line is proposed",
            trigger: `.o_statusbar_status button.o_arrow_button_current:contains('${t.proposed}')`,
        },
        {
            content: "Accept the application",
            trigger: `button[name=action_ar_accept]:contains('${t.accept}')`,
            run: "click",
        },
        {
            content: "The line is accepted",
            trigger: `.o_statusbar_status button.o_arrow_button_current:contains('${t.accepted}')`,
        },
        {
            content: "Post it",
            trigger: `button[name=action_post_applications]:contains('${t.post}')`,
            run: "click",
        },
        {
            content: "Posted: it can be undone",
            trigger: `button[name=action_ar_undo]:contains('${t.undo}')`,
        },
    ];
}

for (const lang of Object.keys(TEXTS)) {
    registry.category("web_tour.tours").add(`ar_reconcile_nordic_registration_${lang}`, {
        steps: () => registrationSteps(lang),
    });
    registry.category("web_tour.tours").add(`ar_reconcile_nordic_review_${lang}`, {
        steps: () => reviewSteps(lang),
    });
}
