-- The table belongs to a group role whose privileges the session role
-- inherits: PostgreSQL treats the member as the owner.
CREATE TABLE public.invoices (id bigint PRIMARY KEY, tenant_id uuid NOT NULL);
ALTER TABLE public.invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON public.invoices
  USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
ALTER TABLE public.invoices OWNER TO @OTHER@;
GRANT @OTHER@ TO @ROLE@;
