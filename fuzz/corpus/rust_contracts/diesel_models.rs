// diesel derives with table_name in both the diesel 2 and the diesel 1 forms.
use diesel::prelude::*;

#[derive(Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::invoices, check_for_backend(diesel::pg::Pg))]
pub struct Invoice {
    pub id: i64,
    #[diesel(column_name = total_cents)]
    pub total: i64,
    #[diesel(deserialize_as = String)]
    pub status: Status,
    #[diesel(embed)]
    pub customer: Customer,
}

#[derive(Insertable, AsChangeset)]
#[table_name = "invoices"]
pub struct NewInvoice<'a> {
    #[column_name = "total_cents"]
    pub total: i64,
    pub note: Option<&'a str>,
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}
