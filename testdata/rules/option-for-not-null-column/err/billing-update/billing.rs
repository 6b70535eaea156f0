/// The result of charging a tenant: what the incident runbook reads back.
#[derive(Debug, sqlx::FromRow)]
pub struct BillingUpdate {
    pub id: i64,
    pub tenant_id: uuid::Uuid,
    pub amount_cents: Option<i64>,
    pub memo: Option<String>,
}

pub async fn charge(pool: &sqlx::PgPool, id: i64) -> sqlx::Result<BillingUpdate> {
    sqlx::query_as!(
        BillingUpdate,
        "UPDATE billing SET amount_cents = amount_cents - 10 WHERE id = $1
         RETURNING id, tenant_id, amount_cents, memo",
        id
    )
    .fetch_one(pool)
    .await
}
