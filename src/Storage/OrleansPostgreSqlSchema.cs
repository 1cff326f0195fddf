namespace CircuitBreaker.Storage;

/// <summary>
/// The tables, functions and <c>OrleansQuery</c> rows that Microsoft.Orleans.Clustering.AdoNet,
/// Microsoft.Orleans.Reminders.AdoNet and Microsoft.Orleans.Persistence.AdoNet read on PostgreSQL (their packages ship no SQL). Applied at every start by the
/// schema migrator, under its lock: tables are created when missing, functions and query texts are replaced, so an
/// upgrade brings them current. The providers read results by column name and the parameters by <c>@Name</c>; those
/// names are their contract. Rows are scoped by the cluster id (membership) and the service id (reminders).
/// </summary>
internal static class OrleansPostgreSqlSchema
{
    /// <summary>Every query key the three providers require (they refuse to start when one is missing).</summary>
    public static readonly IReadOnlyList<string> QueryKeys =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey", "UpdateIAmAlivetimeKey",
        "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey",
        "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "UpsertReminderRowKey",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey",
    ];

    // The row of one grain state, as the persistence provider's parameters name it.
    private const string StorageRow =
        "ServiceId = @ServiceId AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash AND GrainTypeString = @GrainTypeString " +
        "AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString";

    private const string MembershipColumns =
        "v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version";

    private const string ReminderColumns = "GrainId, ReminderName, StartTime, Period, Version";

    /// <summary>The script (idempotent).</summary>
    public static readonly string Sql = $$"""
        CREATE TABLE IF NOT EXISTS OrleansQuery (
            QueryKey varchar(64) NOT NULL PRIMARY KEY,
            QueryText varchar(8000) NOT NULL);

        CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable (
            DeploymentId varchar(150) NOT NULL PRIMARY KEY,
            Timestamp timestamptz(3) NOT NULL DEFAULT now(),
            Version integer NOT NULL DEFAULT 0);

        CREATE TABLE IF NOT EXISTS OrleansMembershipTable (
            DeploymentId varchar(150) NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
            Address varchar(45) NOT NULL,
            Port integer NOT NULL,
            Generation integer NOT NULL,
            SiloName varchar(150) NOT NULL,
            HostName varchar(150) NOT NULL,
            Status integer NOT NULL,
            ProxyPort integer NULL,
            SuspectTimes varchar(8000) NULL,
            StartTime timestamptz(3) NOT NULL,
            IAmAliveTime timestamptz(3) NOT NULL,
            PRIMARY KEY (DeploymentId, Address, Port, Generation));

        CREATE TABLE IF NOT EXISTS OrleansRemindersTable (
            ServiceId varchar(150) NOT NULL,
            GrainId varchar(150) NOT NULL,
            ReminderName varchar(150) NOT NULL,
            StartTime timestamptz(3) NOT NULL,
            Period bigint NOT NULL,
            GrainHash integer NOT NULL,
            Version integer NOT NULL,
            PRIMARY KEY (ServiceId, GrainId, ReminderName));
        CREATE INDEX IF NOT EXISTS ix_orleans_reminders_hash ON OrleansRemindersTable (ServiceId, GrainHash);

        CREATE TABLE IF NOT EXISTS OrleansStorage (
            GrainIdHash integer NOT NULL,
            GrainIdN0 bigint NOT NULL,
            GrainIdN1 bigint NOT NULL,
            GrainTypeHash integer NOT NULL,
            GrainTypeString varchar(512) NOT NULL,
            GrainIdExtensionString varchar(512) NULL,
            ServiceId varchar(150) NOT NULL,
            PayloadBinary bytea NULL,
            ModifiedOn timestamptz NOT NULL,
            Version integer NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS ux_orleans_storage
            ON OrleansStorage (ServiceId, GrainTypeHash, GrainIdHash, GrainTypeString, GrainIdN0, GrainIdN1, COALESCE(GrainIdExtensionString, ''));

        -- A grain state write: insert when the grain read no row (the unique index lets one activation win), else update
        -- the version it read. Returning the version it was given tells Orleans nothing changed (InconsistentStateException).
        CREATE OR REPLACE FUNCTION cb_orleans_write_storage(
            p_id_hash integer, p_n0 bigint, p_n1 bigint, p_type_hash integer, p_type varchar, p_extension varchar,
            p_service varchar, p_version integer, p_payload bytea) RETURNS integer AS $fn$
        DECLARE written integer;
        BEGIN
            IF p_version IS NULL THEN
                INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
                                            GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
                VALUES (p_id_hash, p_n0, p_n1, p_type_hash, p_type, p_extension, p_service, p_payload, now(), 1)
                ON CONFLICT DO NOTHING
                RETURNING Version INTO written;
            ELSE
                UPDATE OrleansStorage SET PayloadBinary = p_payload, ModifiedOn = now(), Version = Version + 1
                 WHERE ServiceId = p_service AND GrainTypeHash = p_type_hash AND GrainIdHash = p_id_hash
                   AND GrainTypeString = p_type AND GrainIdN0 = p_n0 AND GrainIdN1 = p_n1
                   AND GrainIdExtensionString IS NOT DISTINCT FROM p_extension AND Version = p_version
                RETURNING Version INTO written;
            END IF;
            RETURN COALESCE(written, p_version);
        END
        $fn$ LANGUAGE plpgsql;

        -- Inserting a silo's row and bumping the table version happen together or not at all: a failed step raises,
        -- the block's savepoint rolls both back, and 0 tells Orleans to re-read and retry.
        CREATE OR REPLACE FUNCTION cb_orleans_insert_membership(
            p_deployment varchar, p_address varchar, p_port integer, p_generation integer, p_silo_name varchar,
            p_host_name varchar, p_status integer, p_proxy_port integer, p_start timestamptz, p_alive timestamptz,
            p_version integer) RETURNS integer AS $fn$
        BEGIN
            BEGIN
                UPDATE OrleansMembershipVersionTable SET Timestamp = now(), Version = Version + 1
                 WHERE DeploymentId = p_deployment AND Version = p_version;
                IF NOT FOUND THEN RAISE EXCEPTION 'cb: stale membership version'; END IF;
                INSERT INTO OrleansMembershipTable (DeploymentId, Address, Port, Generation, SiloName, HostName, Status,
                                                    ProxyPort, StartTime, IAmAliveTime)
                VALUES (p_deployment, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
                        p_start, p_alive)
                ON CONFLICT DO NOTHING;
                IF NOT FOUND THEN RAISE EXCEPTION 'cb: silo row exists'; END IF;
                RETURN 1;
            EXCEPTION WHEN raise_exception THEN
                RETURN 0;
            END;
        END
        $fn$ LANGUAGE plpgsql;

        -- The same for a status change: the version bump is undone when the silo's row is missing (dotnet/orleans#11317).
        CREATE OR REPLACE FUNCTION cb_orleans_update_membership(
            p_deployment varchar, p_address varchar, p_port integer, p_generation integer, p_status integer,
            p_suspect_times varchar, p_alive timestamptz, p_version integer) RETURNS integer AS $fn$
        BEGIN
            BEGIN
                UPDATE OrleansMembershipVersionTable SET Timestamp = now(), Version = Version + 1
                 WHERE DeploymentId = p_deployment AND Version = p_version;
                IF NOT FOUND THEN RAISE EXCEPTION 'cb: stale membership version'; END IF;
                UPDATE OrleansMembershipTable SET Status = p_status, SuspectTimes = p_suspect_times, IAmAliveTime = p_alive
                 WHERE DeploymentId = p_deployment AND Address = p_address AND Port = p_port AND Generation = p_generation;
                IF NOT FOUND THEN RAISE EXCEPTION 'cb: no such silo row'; END IF;
                RETURN 1;
            EXCEPTION WHEN raise_exception THEN
                RETURN 0;
            END;
        END
        $fn$ LANGUAGE plpgsql;

        INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
        ('UpdateIAmAlivetimeKey',
         'UPDATE OrleansMembershipTable SET IAmAliveTime = @IAmAliveTime
           WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation'),
        ('InsertMembershipVersionKey',
         'WITH i AS (INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId) ON CONFLICT DO NOTHING RETURNING 1)
          SELECT count(*)::integer FROM i'),
        ('InsertMembershipKey',
         'SELECT cb_orleans_insert_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
                 @ProxyPort, @StartTime, @IAmAliveTime, @Version)'),
        ('UpdateMembershipKey',
         'SELECT cb_orleans_update_membership(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
                 @IAmAliveTime, @Version)'),
        ('MembershipReadRowKey',
         'SELECT {{MembershipColumns}}
            FROM OrleansMembershipVersionTable v
            LEFT JOIN OrleansMembershipTable m ON v.DeploymentId = m.DeploymentId
             AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
           WHERE v.DeploymentId = @DeploymentId'),
        ('MembershipReadAllKey',
         'SELECT {{MembershipColumns}}
            FROM OrleansMembershipVersionTable v
            LEFT JOIN OrleansMembershipTable m ON v.DeploymentId = m.DeploymentId
           WHERE v.DeploymentId = @DeploymentId'),
        ('DeleteMembershipTableEntriesKey',
         'DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
          DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId'),
        ('GatewaysQueryKey',
         'SELECT Address, ProxyPort, Generation FROM OrleansMembershipTable
           WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0'),
        ('CleanupDefunctSiloEntriesKey',
         'DELETE FROM OrleansMembershipTable
           WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status <> 3'),
        ('UpsertReminderRowKey',
         'INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
          VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
          ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
             SET StartTime = excluded.StartTime, Period = excluded.Period, GrainHash = excluded.GrainHash,
                 Version = OrleansRemindersTable.Version + 1
          RETURNING Version'),
        ('ReadReminderRowsKey',
         'SELECT {{ReminderColumns}} FROM OrleansRemindersTable WHERE ServiceId = @ServiceId AND GrainId = @GrainId'),
        ('ReadReminderRowKey',
         'SELECT {{ReminderColumns}} FROM OrleansRemindersTable
           WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName'),
        ('ReadRangeRows1Key',
         'SELECT {{ReminderColumns}} FROM OrleansRemindersTable
           WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash'),
        ('ReadRangeRows2Key',
         'SELECT {{ReminderColumns}} FROM OrleansRemindersTable
           WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash)'),
        ('DeleteReminderRowKey',
         'WITH d AS (DELETE FROM OrleansRemindersTable
                      WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version
                     RETURNING 1)
          SELECT count(*)::integer FROM d'),
        ('DeleteReminderRowsKey',
         'DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId'),
        ('WriteToStorageKey',
         'SELECT cb_orleans_write_storage(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                 @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary) AS NewGrainStateVersion'),
        ('ReadFromStorageKey',
         'SELECT PayloadBinary, Version FROM OrleansStorage WHERE {{StorageRow}}'),
        ('ClearStorageKey',
         'UPDATE OrleansStorage SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
           WHERE {{StorageRow}} AND Version = @GrainStateVersion
          RETURNING Version'),
        ('DeleteStorageKey',
         'DELETE FROM OrleansStorage WHERE {{StorageRow}} AND Version = @GrainStateVersion RETURNING Version')
        ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
        """;
}
