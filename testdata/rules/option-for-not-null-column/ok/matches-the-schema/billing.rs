#[derive(sqlx::FromRow)]
pub struct BillingRow {
    pub id: i64,
    pub amount_cents: i64,
    pub memo: Option<String>,
}

// Insertable: an Option means "use the column's DEFAULT", which is fine for
// a NOT NULL column with a default.
#[derive(diesel::Insertable)]
#[diesel(table_name = billing)]
pub struct NewBilling {
    pub tenant_id: uuid::Uuid,
    pub amount_cents: i64,
    pub currency: Option<String>,
}

pub async fn update(pool: &sqlx::PgPool, id: i64) -> sqlx::Result<BillingRow> {
    sqlx::query_as!(
        BillingRow,
        "UPDATE billing SET amount_cents = amount_cents - 10 WHERE id = $1
         RETURNING id, amount_cents, memo",
        id
    )
    .fetch_one(pool)
    .await
}
