#[derive(sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub actor_name: String,
    pub action: String,
}

#[derive(sqlx::FromRow)]
pub struct AuditId {
    pub id: i64,
}

#[derive(diesel::Queryable, diesel::Selectable)]
#[diesel(table_name = audit_events)]
pub struct AuditRecord {
    pub id: i64,
    pub action: String,
    pub ip_address: Option<String>,
}

pub async fn load(pool: &sqlx::PgPool) {
    let entries = sqlx::query_as!(AuditEntry, "SELECT id, actor, action FROM audit_events");
    // The function form does not read sqlx's override markers: the column
    // is named "id!".
    let ids = sqlx::query_as::<_, AuditId>(r#"SELECT id AS "id!" FROM audit_events"#);
}
