// A query fills it.
#[derive(sqlx::FromRow)]
pub struct TenantName {
    pub name: String,
}

// diesel's table_name names its table.
#[derive(diesel::Queryable, diesel::Selectable)]
#[diesel(table_name = invoices)]
pub struct InvoiceRef {
    pub id: i64,
    pub tenant_id: uuid::Uuid,
}

// Named after its table (categories), with a Row suffix.
#[derive(sqlx::FromRow)]
pub struct CategoryRow {
    pub id: i64,
    pub label: String,
}

// diesel's default table name: tenants.
#[derive(diesel::Insertable)]
pub struct Tenant {
    pub id: uuid::Uuid,
    pub name: String,
}

pub async fn name(pool: &sqlx::PgPool, id: uuid::Uuid) {
    let n = sqlx::query_as!(TenantName, "SELECT name FROM tenants WHERE id = $1", id);
}
