CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.orders (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id));
ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY everything ON public.orders USING ((1 = 1));
CREATE TABLE public.invoices (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id));
ALTER TABLE public.invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY guarded_select ON public.invoices AS RESTRICTIVE FOR SELECT USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
-- The restrictive guard covers SELECT only; updates see every row.
CREATE POLICY anything ON public.invoices FOR UPDATE USING (tenant_id = tenant_id OR true);
