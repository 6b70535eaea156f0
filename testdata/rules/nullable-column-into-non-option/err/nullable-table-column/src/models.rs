use diesel::prelude::*;

#[derive(Queryable, Selectable)]
#[diesel(table_name = crate::schema::invoices)]
pub struct Invoice {
    pub id: i64,
    pub user_id: i64,
    pub total_cents: i64,
}
