-- Queries of the billing service, checked by runwarden check-sql.
SELECT id, number, amount_cents FROM invoices WHERE tenant_id = $1 AND status = 'open';

SELECT l.description, l.amount_cents
  FROM invoice_lines l
  JOIN invoices i ON i.id = l.invoice_id
 WHERE i.tenant_id = $1 AND i.id = $2;

-- Leaks: a read by id, and a count across tenants.
SELECT * FROM invoices WHERE id = $1;
SELECT count(*) FROM invoice_lines;

UPDATE invoices SET status = 'paid' WHERE id = $2 AND tenant_id = $1;
