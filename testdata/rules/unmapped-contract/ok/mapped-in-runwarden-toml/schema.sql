CREATE SCHEMA reporting;
CREATE TABLE public.labels (id bigint PRIMARY KEY, label text);
CREATE TABLE reporting.monthly_totals (id bigint PRIMARY KEY, total bigint NOT NULL);
