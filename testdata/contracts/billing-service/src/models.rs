use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Queryable, Selectable)]
#[diesel(table_name = crate::schema::invoices)]
pub struct Invoice {
    pub id: i64,
    pub tenant_id: Uuid,
    pub user_id: Option<i64>,
    pub amount_cents: i64,
    pub memo: Option<String>,
    pub issued_at: DateTime<Utc>,
}

#[derive(Insertable)]
#[diesel(table_name = crate::schema::invoices)]
pub struct NewInvoice {
    pub tenant_id: Uuid,
    pub user_id: Option<i64>,
    pub amount_cents: i32,
    pub memo: Option<String>,
}
