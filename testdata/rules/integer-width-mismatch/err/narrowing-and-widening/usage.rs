#[derive(sqlx::FromRow)]
pub struct UsageCounter {
    pub id: i32,
    pub requests: i64,
    pub errors: i16,
    pub bytes: i64,
}

#[derive(diesel::Insertable)]
#[diesel(table_name = usage_counters)]
pub struct NewUsage {
    pub id: i64,
    pub requests: i64,
    pub errors: i16,
    pub bytes: i64,
}

pub async fn load(pool: &sqlx::PgPool) {
    let rows = sqlx::query_as!(UsageCounter, "SELECT id, requests, errors, bytes FROM usage_counters");
    // count(*) is bigint: the override squeezes it into an i32.
    let seats = sqlx::query!(r#"SELECT count(*) AS "seats!: i32" FROM usage_counters"#);
}
