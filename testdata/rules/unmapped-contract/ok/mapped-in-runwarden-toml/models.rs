// The SQL is built at run time, so no query maps the struct; the project
// maps it by hand in runwarden.toml.
#[derive(sqlx::FromRow)]
pub struct DynamicRow {
    pub id: i64,
    pub label: Option<String>,
}

// No table is named after it; runwarden.toml names one in another schema.
#[derive(sqlx::FromRow)]
pub struct LegacyReport {
    pub id: i64,
    pub total: i64,
}

pub async fn load(pool: &sqlx::PgPool, table: &str) {
    let sql = format!("SELECT id, label FROM {table}");
    let rows = sqlx::query_as::<_, DynamicRow>(&sql).fetch_all(pool).await;
}
