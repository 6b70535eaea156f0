CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
-- orders was created in a migration that is not part of this input.
ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_guard ON public.orders USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
CREATE INDEX orders_tenant_idx ON public.orders (tenant_id);
