diesel::table! {
    invoices (id) {
        id -> Int8,
        user_id -> Nullable<Int8>,
        total_cents -> Int8,
        note -> Text,
    }
}
