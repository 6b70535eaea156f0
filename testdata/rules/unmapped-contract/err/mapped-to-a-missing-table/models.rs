// runwarden.toml maps it to a table the schema does not have.
#[derive(sqlx::FromRow)]
pub struct LegacyReport {
    pub id: i64,
    pub total: i64,
}
