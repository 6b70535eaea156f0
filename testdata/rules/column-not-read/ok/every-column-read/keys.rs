#[derive(sqlx::FromRow)]
pub struct ApiKey {
    pub id: i64,
    pub tenant_id: uuid::Uuid,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
}

diesel::table! {
    api_keys (id) {
        id -> Int8,
        tenant_id -> Uuid,
        secret_hash -> Text,
        expires_at -> Nullable<Timestamptz>,
    }
}

pub async fn load(pool: &sqlx::PgPool) {
    let keys = sqlx::query_as!(ApiKey, "SELECT id, tenant_id, expires_at FROM api_keys");
}
