//! Users, sessions and API keys of one organisation.

use sqlx::sqlite::SqlitePool;

#[derive(Debug, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: Option<String>,
    pub role: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct ActiveSession {
    pub id: String,
    pub user_id: i64,
    pub ip: Option<String>,
    pub expires_at: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct ApiKey {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub revoked_at: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct UsageEvent {
    pub metric: String,
    pub quantity: i64,
    pub occurred_at: String,
}

pub async fn billing_admins(pool: &SqlitePool, org: &str) -> sqlx::Result<Vec<User>> {
    sqlx::query_as!(
        User,
        "SELECT id, email, display_name, role FROM users WHERE org_id = ? AND role = 'billing-admin'",
        org
    )
    .fetch_all(pool)
    .await
}

pub async fn active_sessions(pool: &SqlitePool, org: &str) -> sqlx::Result<Vec<ActiveSession>> {
    sqlx::query_as!(
        ActiveSession,
        r#"SELECT s.id, s.user_id, s.ip, s.expires_at
             FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE u.org_id = ?"#,
        org
    )
    .fetch_all(pool)
    .await
}

pub async fn api_keys(pool: &SqlitePool, org: &str) -> sqlx::Result<Vec<ApiKey>> {
    sqlx::query_as!(
        ApiKey,
        "SELECT id, name, prefix, revoked_at FROM api_keys WHERE org_id = ?",
        org
    )
    .fetch_all(pool)
    .await
}

pub async fn usage(pool: &SqlitePool, tenant: &str) -> sqlx::Result<Vec<UsageEvent>> {
    sqlx::query_as!(
        UsageEvent,
        "SELECT metric, quantity, occurred_at FROM usage_events WHERE tenant_id = ?",
        tenant
    )
    .fetch_all(pool)
    .await
}
