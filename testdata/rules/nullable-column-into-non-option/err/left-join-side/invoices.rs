#[derive(sqlx::FromRow)]
pub struct InvoiceWithPayer {
    pub id: i64,
    pub total_cents: i64,
    pub payer_email: String,
}

pub async fn load(pool: &sqlx::PgPool) -> sqlx::Result<Vec<InvoiceWithPayer>> {
    // Invoices without a user (user_id NULL) come back with a NULL email.
    sqlx::query_as!(
        InvoiceWithPayer,
        "SELECT i.id, i.total_cents, u.email AS payer_email
         FROM invoices i LEFT JOIN users u ON u.id = i.user_id"
    )
    .fetch_all(pool)
    .await
}
