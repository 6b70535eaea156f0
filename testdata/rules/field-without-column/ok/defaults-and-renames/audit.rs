#[derive(sqlx::FromRow)]
pub struct Place {
    pub city: Option<String>,
    pub zip: Option<String>,
}

#[derive(sqlx::FromRow)]
#[sqlx(rename_all = "camelCase")]
pub struct AuditEntry {
    #[sqlx(rename = "id")]
    pub event_id: i64,
    pub actor_name: String,
    pub action: String,
    #[sqlx(default)]
    pub severity: Option<String>,
    #[sqlx(skip)]
    pub cached_summary: String,
    #[sqlx(flatten)]
    pub place: Place,
}

pub async fn load(pool: &sqlx::PgPool) {
    let entries = sqlx::query_as!(
        AuditEntry,
        r#"SELECT id, actor AS "actorName", action, city, zip FROM audit_events"#
    );
}
