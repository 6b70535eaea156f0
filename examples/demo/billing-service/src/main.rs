//! Ledgerly's billing service. The row types it reads from the database are in
//! `billing.rs` (charges, invoices, subscriptions) and `accounts.rs` (users,
//! sessions, API keys).

mod accounts;
mod billing;

use sqlx::sqlite::SqlitePool;

#[tokio::main]
async fn main() -> Result<(), sqlx::Error> {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite:ledgerly.db".into());
    let pool = SqlitePool::connect(&url).await?;
    let tenant = std::env::args().nth(1).expect("usage: billing-service TENANT_ID");
    for row in billing::pending_corrections(&pool, &tenant, "usage-2026-11-retry").await? {
        println!("{} {:?} {}", row.id, row.amount, row.status);
    }
    for user in accounts::billing_admins(&pool, &tenant).await? {
        println!("{} <{}>", user.display_name.unwrap_or_default(), user.email);
    }
    Ok(())
}
