WITH RECURSIVE tree AS (SELECT id, tenant_id FROM folders WHERE tenant_id = $1
  UNION ALL SELECT f.id, f.tenant_id FROM folders f JOIN tree ON f.parent_id = tree.id)
SELECT * FROM tree, LATERAL (SELECT count(*) FROM v_both b WHERE b.tenant_id = tree.tenant_id) n;
SELECT * FROM (SELECT * FROM v_tasks) x WHERE x.tenant_id = $1
UNION SELECT id, tenant_id FROM v_users WHERE id IN (SELECT id FROM users WHERE tenant_id = $1);
