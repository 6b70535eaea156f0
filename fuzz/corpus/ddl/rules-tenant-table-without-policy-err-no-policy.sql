CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.orders (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id));
ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY temporary ON public.orders USING (true);
DROP POLICY temporary ON public.orders;
