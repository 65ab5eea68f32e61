import { registry } from "@web/core/registry";

/** A clerk opens a payment waiting for review, accepts it and posts it. */
registry.category("web_tour.tours").add("ar_reconcile_review_tour", {
    steps: () => [
        {
            content: "Show the lines to review",
            trigger: ".o_list_view",
            run: () => {},
        },
        {
            content: "Open the payment from Tour Customer",
            trigger: ".o_data_row td:contains('AR tour payment')",
            run: "click",
        },
        {
            content: "The line explains its proposal",
            trigger: ".o_field_widget[name=ar_match_details]:contains('tour evidence')",
        },
        {
            content: "Accept the application",
            trigger: "button[name=action_ar_accept]",
            run: "click",
        },
        {
            content: "The line is accepted",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Accepted')",
        },
        {
            content: "Post it",
            trigger: "button[name=action_post_applications]",
            run: "click",
        },
        {
            content: "Posted: it can be undone",
            trigger: "button[name=action_ar_undo]",
        },
    ],
});
