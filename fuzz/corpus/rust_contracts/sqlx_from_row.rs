// sqlx::FromRow structs: derive paths, struct and field attributes.
use sqlx::FromRow;

#[derive(Debug, Clone, sqlx::FromRow)]
#[sqlx(rename_all = "camelCase")]
pub struct Account {
    /// The key.
    #[sqlx(rename = "account_id")]
    pub id: i64,
    // A plain comment between attribute and field.
    #[sqlx(default)]
    pub display_name: Option<String>,
    #[sqlx(skip)]
    pub cached: Vec<u8>,
    #[sqlx(flatten)]
    pub address: Address,
    #[sqlx(try_from = "i64")]
    pub seats: u32,
    #[sqlx(json)]
    pub settings: Settings,
    #[sqlx(json(nullable))]
    pub extra: Option<Settings>,
    pub r#type: chrono::DateTime<chrono::Utc>,
    pub tags: Vec<  String  >,
    pub note: &'static str,
}

#[derive(FromRow)]
#[sqlx(default)]
struct Address {
    city: String,
    zip: Option<String>,
}

#[cfg_attr(feature = "db", derive(sqlx::FromRow))]
pub struct MaybeRow {
    pub id: uuid::Uuid,
}
