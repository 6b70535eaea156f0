use chrono::NaiveDateTime;

#[derive(sqlx::FromRow)]
pub struct Subscription {
    pub id: uuid::Uuid,
    pub tenant_id: String,
    pub plan: String,
    pub price: f64,
    pub started_at: NaiveDateTime,
    pub local_renewal: Option<NaiveDateTime>,
    pub settings: serde_json::Value,
    pub features: Vec<i32>,
    pub seats: String,
    pub active: i32,
    pub logo: Option<Vec<u8>>,
    pub last_ip: Option<String>,
}

pub async fn load(pool: &sqlx::PgPool) {
    let all = sqlx::query_as::<_, Subscription>("SELECT * FROM subscriptions").fetch_all(pool).await;
}
