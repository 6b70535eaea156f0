use sqlx::PgPool;
use uuid::Uuid;

/// What the billing job reads before it updates a tenant's invoice.
#[derive(Debug, sqlx::FromRow)]
pub struct BillingUpdate {
    pub tenant_id: Uuid,
    pub amount_cents: Option<i64>,
    pub seats: i32,
}

#[derive(Debug, sqlx::FromRow)]
pub struct InvoiceWithPayer {
    pub id: i64,
    pub amount_cents: i64,
    pub payer_email: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct TenantSummary {
    pub tenant_id: String,
    pub invoices: i64,
    pub last_memo: Option<String>,
}

pub async fn billing_update(pool: &PgPool, tenant: Uuid) -> sqlx::Result<BillingUpdate> {
    sqlx::query_as!(
        BillingUpdate,
        "SELECT tenant_id, amount_cents, seats FROM billing WHERE tenant_id = $1",
        tenant
    )
    .fetch_one(pool)
    .await
}

pub async fn invoices_with_payer(pool: &PgPool) -> sqlx::Result<Vec<InvoiceWithPayer>> {
    sqlx::query_as!(
        InvoiceWithPayer,
        r#"SELECT i.id, i.amount_cents, u.email AS payer_email
           FROM invoices i LEFT JOIN users u ON u.id = i.user_id"#
    )
    .fetch_all(pool)
    .await
}

pub async fn summaries(pool: &PgPool) -> sqlx::Result<Vec<TenantSummary>> {
    sqlx::query_as::<_, TenantSummary>(
        "SELECT tenant_id, count(*) AS invoices, max(memo) AS last_memo \
         FROM invoices GROUP BY tenant_id",
    )
    .fetch_all(pool)
    .await
}

pub async fn seat_count(pool: &PgPool, tenant: Uuid) -> sqlx::Result<i32> {
    let row = sqlx::query!(r#"SELECT seats AS "seats!: i16" FROM billing WHERE tenant_id = $1"#, tenant)
        .fetch_one(pool)
        .await?;
    Ok(row.seats.into())
}
