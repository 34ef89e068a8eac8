// The autopilot's relations: helios_ai's views of the captured workload, the indexes, the
// advisor's recommendations and the decisions log, and pg_stat_statements with PostgreSQL 15's
// columns (as the extension's view; block and WAL counters HeliosDB does not keep are 0).
// Rows: SystemRows+Autopilot.swift.

extension SystemRelation {
    static let autopilotDefinitions = """
        helios_ai.templates 12901 v: template_id bigint, database name, username name, query text, kind text, first_call timestamp with time zone, last_call timestamp with time zone, tables text[], predicates text[], join_keys text[], group_by text[], order_by text[]
        helios_ai.template_stats 12902 v: template_id bigint, database name, username name, calls bigint, rows bigint, total_time double precision, mean_time double precision, min_time double precision, max_time double precision, stddev_time double precision, p50_time double precision, p99_time double precision, plans bigint, total_plan_time double precision, mean_plan_time double precision, total_exec_time double precision, calls_last_minute bigint
        helios_ai.template_arrivals 12903 v: template_id bigint, database name, username name, interval_start timestamp with time zone, interval_seconds integer, calls bigint, mean_time double precision
        helios_ai.indexes 12904 v: schemaname name, tablename name, indexname name, indexrelid oid, columns text, is_unique boolean, is_primary boolean, size_bytes bigint, scans bigint, last_scan timestamp with time zone, created_by text, decision_id bigint
        helios_ai.recommendations 12905 v: id integer, action text, schemaname name, tablename name, indexname name, columns text, statement text, estimated_benefit double precision, estimated_improvement double precision, estimated_size_bytes bigint, templates bigint[], reason text
        helios_ai.decisions 12906 v: id bigint, decided_at timestamp with time zone, action text, schemaname name, tablename name, indexname name, statement text, reason text, estimated_effect double precision, measured_effect double precision, status text, epoch bigint, reverts bigint
        helios_ai.forecasts 12909 v: template_id bigint, query text, horizon text, calls double precision
        helios_ai.estimate_corrections 12908 v: schemaname name, tablename name, filter text, factor double precision, observations bigint, epoch bigint
        pg_catalog.pg_stat_statements 12907 v: userid oid, dbid oid, toplevel boolean, queryid bigint, query text, plans bigint, total_plan_time double precision, min_plan_time double precision, max_plan_time double precision, mean_plan_time double precision, stddev_plan_time double precision, calls bigint, total_exec_time double precision, min_exec_time double precision, max_exec_time double precision, mean_exec_time double precision, stddev_exec_time double precision, rows bigint, shared_blks_hit bigint, shared_blks_read bigint, shared_blks_dirtied bigint, shared_blks_written bigint, local_blks_hit bigint, local_blks_read bigint, local_blks_dirtied bigint, local_blks_written bigint, temp_blks_read bigint, temp_blks_written bigint, blk_read_time double precision, blk_write_time double precision, temp_blk_read_time double precision, temp_blk_write_time double precision, wal_records bigint, wal_fpi bigint, wal_bytes numeric
        """
}
