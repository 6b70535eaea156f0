CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.orders (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id));
-- Scoped through orders, and still without row-level security.
CREATE TABLE public.order_lines (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES public.orders (id));
ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.orders DISABLE ROW LEVEL SECURITY;
