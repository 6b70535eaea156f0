CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABEL public.orders (id bigint PRIMARY KEY);
ALTER TABLE public.tenants ADD COLUMN plan text DEFAULT;
