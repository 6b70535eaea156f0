//! Charges, invoices and subscriptions of one tenant.

use sqlx::sqlite::SqlitePool;

/// A charge the correction job may void. `amount` is an Option here, but
/// billing_history.amount is NOT NULL: the type says a charge can have no
/// amount, which the ledger never allows.
#[derive(Debug, sqlx::FromRow)]
pub struct BillingUpdate {
    pub id: i64,
    pub tenant_id: String,
    pub amount: Option<i64>,
    pub status: String,
    pub note: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct InvoiceSummary {
    pub id: i64,
    pub number: String,
    pub status: String,
    pub total_cents: i64,
}

#[derive(Debug, sqlx::FromRow)]
pub struct InvoiceLine {
    pub description: String,
    pub amount_cents: i64,
}

#[derive(Debug, sqlx::FromRow)]
pub struct Subscription {
    pub plan: String,
    pub seats: i64,
    pub status: String,
    pub renews_on: String,
}

pub async fn pending_corrections(
    pool: &SqlitePool,
    tenant: &str,
    batch: &str,
) -> sqlx::Result<Vec<BillingUpdate>> {
    sqlx::query_as!(
        BillingUpdate,
        "SELECT id, tenant_id, amount, status, note FROM billing_history \
         WHERE tenant_id = ? AND batch = ? AND status = 'charged'",
        tenant,
        batch
    )
    .fetch_all(pool)
    .await
}

pub async fn open_invoices(pool: &SqlitePool, tenant: &str) -> sqlx::Result<Vec<InvoiceSummary>> {
    sqlx::query_as!(
        InvoiceSummary,
        "SELECT id, number, status, total_cents FROM invoices WHERE tenant_id = ? AND status = 'open'",
        tenant
    )
    .fetch_all(pool)
    .await
}

pub async fn invoice_lines(
    pool: &SqlitePool,
    tenant: &str,
    invoice: i64,
) -> sqlx::Result<Vec<InvoiceLine>> {
    sqlx::query_as!(
        InvoiceLine,
        r#"SELECT l.description, l.amount_cents
             FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
            WHERE i.tenant_id = ? AND i.id = ?"#,
        tenant,
        invoice
    )
    .fetch_all(pool)
    .await
}

pub async fn subscription(pool: &SqlitePool, tenant: &str) -> sqlx::Result<Subscription> {
    sqlx::query_as!(
        Subscription,
        "SELECT plan, seats, status, renews_on FROM subscriptions WHERE tenant_id = ?",
        tenant
    )
    .fetch_one(pool)
    .await
}
