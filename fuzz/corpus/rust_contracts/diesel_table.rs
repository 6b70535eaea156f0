// diesel table! blocks as print-schema writes them, and hand-written variants.
diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::PlanTier;

    /// Invoices.
    invoices (id) {
        id -> Int8,
        total_cents -> Int8,
        #[sql_name = "type"]
        kind -> Nullable<Text>,
        #[max_length = 3]
        currency -> Varchar,
        tags -> Array<Nullable<Text>>,
        plan -> PlanTier,
        issued_at -> Timestamptz,
    }
}

table! {
    billing.line_items (invoice_id, line_no) {
        invoice_id -> BigInt,
        line_no -> Integer,
        amount -> diesel::sql_types::Numeric,
    }

    #[sql_name = "audit-log"]
    audit_log {
        id -> Int8,
        payload -> Jsonb,
    }
}

diesel::joinable!(line_items -> invoices (invoice_id));
