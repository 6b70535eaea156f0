CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.orders (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id));
ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_or_nothing ON public.orders AS RESTRICTIVE
  USING (NULLIF(current_setting('app.current_tenant_id', true), '') IS NULL OR tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
CREATE TABLE public.invoices (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id));
ALTER TABLE public.invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY empty_means_all ON public.invoices AS RESTRICTIVE
  USING (coalesce(current_setting('app.current_tenant_id', true), '') = '' OR tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
