// No query fills it and no table is named after it.
#[derive(sqlx::FromRow)]
pub struct LegacyReport {
    pub total: i64,
}

// table_name names a table the schema does not have.
#[derive(diesel::Queryable)]
#[diesel(table_name = invoice_archive)]
pub struct ArchivedInvoice {
    pub id: i64,
}

// The SQL is built at run time: nothing to read.
#[derive(sqlx::FromRow)]
pub struct DynamicRow {
    pub id: i64,
}

diesel::table! {
    payouts (id) {
        id -> Int8,
    }
}

pub async fn load(pool: &sqlx::PgPool, table: &str) {
    let sql = format!("SELECT id FROM {table}");
    let rows = sqlx::query_as::<_, DynamicRow>(&sql).fetch_all(pool).await;
}
