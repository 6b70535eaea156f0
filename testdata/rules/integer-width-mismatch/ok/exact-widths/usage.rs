#[derive(sqlx::FromRow)]
pub struct UsageCounter {
    pub id: i64,
    pub requests: i32,
    pub errors: i16,
    pub bytes: i64,
}

#[derive(sqlx::FromRow)]
pub struct Totals {
    pub days: i64,
    pub seats: i32,
}

pub async fn load(pool: &sqlx::PgPool) {
    let rows = sqlx::query_as!(UsageCounter, "SELECT id, requests, errors, bytes FROM usage_counters");
    let totals = sqlx::query_as!(
        Totals,
        r#"SELECT count(*) AS days, max(requests) AS "seats!" FROM usage_counters"#
    );
    let n = sqlx::query!(r#"SELECT count(*) AS "n!: i64" FROM usage_counters"#);
}
