import { registry } from "@web/core/registry";

/** A clerk ticks a paid invoice in Payment Registration, enters the amount received and posts it. */
registry.category("web_tour.tours").add("ar_payment_registration_tour", {
    steps: () => [
        {
            content: "Open the row of Tour Payer",
            trigger: ".o_data_row:contains('Tour Payer') td[name=date_received]",
            run: "click",
        },
        {
            content: "Tick Payment Made",
            trigger: ".o_data_row.o_selected_row td[name=payment_made] input",
            run: "click",
        },
        {
            content: "The discounted amount is proposed",
            trigger: ".o_data_row.o_selected_row td[name=amount_received] input:value(490.00)",
        },
        {
            content: "The customer paid 489.50",
            trigger: ".o_data_row.o_selected_row td[name=amount_received] input",
            run: "edit 489.50",
        },
        {
            content: "Save the row",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "Post the payments",
            trigger: "button[name=action_post_payments]",
            run: "click",
        },
        {
            content: "The dialog tells what the payment does",
            trigger: ".modal .o_field_widget[name=summary]:contains('closed')",
        },
        {
            content: "Post",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The dialog closes",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
