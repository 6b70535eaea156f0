#[derive(sqlx::FromRow)]
pub struct InvoiceView {
    pub id: i64,
    pub total_cents: i64,
    pub note: Option<String>,
    pub payer_email: Option<String>,
    pub payer_nickname: String,
    pub lines: i64,
}

pub async fn load(pool: &sqlx::PgPool) -> sqlx::Result<Vec<InvoiceView>> {
    // LEFT JOIN makes u.email nullable: the field is an Option. COALESCE
    // gives the nickname a value. count(*) is never NULL.
    sqlx::query_as!(
        InvoiceView,
        r#"SELECT i.id, i.total_cents, i.note, u.email AS payer_email,
                  COALESCE(u.nickname, 'anonymous') AS payer_nickname,
                  (SELECT count(*) FROM invoices) AS "lines!"
           FROM invoices i LEFT JOIN users u ON u.id = i.user_id"#
    )
    .fetch_all(pool)
    .await
}
