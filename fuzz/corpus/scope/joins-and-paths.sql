SELECT c.body FROM task_comments c JOIN tasks t ON t.id = c.task_id
  JOIN projects p ON p.id = t.project_id WHERE p.tenant_id = $1;
SELECT * FROM users u LEFT JOIN projects p ON p.tenant_id = u.tenant_id AND p.name = $2
 WHERE u.tenant_id = $1 OR u.email IS NULL;
UPDATE tasks SET title = 'x' FROM projects p WHERE p.tenant_id = $1;
