use chrono::{DateTime, NaiveDateTime, Utc};
use rust_decimal::Decimal;
use sqlx::types::Json;

#[derive(sqlx::Type)]
#[sqlx(type_name = "plan_tier", rename_all = "lowercase")]
pub enum PlanTier {
    Free,
    Team,
    Enterprise,
}

#[derive(serde::Deserialize)]
pub struct Settings {
    pub theme: String,
}

pub type TenantId = uuid::Uuid;

#[derive(sqlx::FromRow)]
pub struct Subscription {
    pub id: uuid::Uuid,
    pub tenant_id: TenantId,
    pub plan: PlanTier,
    pub price: Decimal,
    pub started_at: DateTime<Utc>,
    pub local_renewal: Option<NaiveDateTime>,
    #[sqlx(json)]
    pub settings: Settings,
    pub features: Vec<String>,
    pub seats: i32,
    pub active: bool,
    pub logo: Option<Vec<u8>>,
    pub last_ip: Option<ipnetwork::IpNetwork>,
}

pub async fn load(pool: &sqlx::PgPool) {
    let all = sqlx::query_as::<_, Subscription>("SELECT * FROM subscriptions").fetch_all(pool).await;
}
