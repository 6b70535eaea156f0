// Mapped by hand in runwarden.toml: a field the table does not have is
// reported as for any other mapping.
#[derive(sqlx::FromRow)]
pub struct LegacyReport {
    pub id: i64,
    pub total: i64,
    pub currency: String,
}
