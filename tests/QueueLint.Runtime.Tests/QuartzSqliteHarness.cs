using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Quartz;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// A real Quartz 3 scheduler on its persistent job store (AdoJobStore, Quartz's own SQLite delegate and the
    /// "SQLite-Microsoft" provider) over a SQLite file made for the test, with Quartz's System.Text.Json serializer.
    /// Jobs and triggers go through the same delegate, serialization and database as in production.
    /// </summary>
    internal sealed class QuartzSqliteHarness : IAsyncDisposable
    {
        // Quartz's own schema: the CREATE TABLE statements of database/tables/tables_sqlite.sql in the Quartz.NET
        // repository (3.x branch, with the columns 3.22 reads and writes: MISFIRE_ORIG_FIRE_TIME, EXECUTION_GROUP,
        // PREFERRED_NODE, PREFERRED_NODE_AUTO), columns and constraints unchanged, only the layout condensed. Its DROP
        // statements, indexes and delete triggers are left out: the database is new and small, and Quartz's delegate
        // deletes a trigger's rows in the per-type tables itself.
        private const string Schema = @"
CREATE TABLE QRTZ_JOB_DETAILS (
    SCHED_NAME NVARCHAR(120) NOT NULL, JOB_NAME NVARCHAR(150) NOT NULL, JOB_GROUP NVARCHAR(150) NOT NULL,
    DESCRIPTION NVARCHAR(250) NULL, JOB_CLASS_NAME NVARCHAR(250) NOT NULL, IS_DURABLE BIT NOT NULL,
    IS_NONCONCURRENT BIT NOT NULL, IS_UPDATE_DATA BIT NOT NULL, REQUESTS_RECOVERY BIT NOT NULL, JOB_DATA BLOB NULL,
    PRIMARY KEY (SCHED_NAME,JOB_NAME,JOB_GROUP));
CREATE TABLE QRTZ_TRIGGERS (
    SCHED_NAME NVARCHAR(120) NOT NULL, TRIGGER_NAME NVARCHAR(150) NOT NULL, TRIGGER_GROUP NVARCHAR(150) NOT NULL,
    JOB_NAME NVARCHAR(150) NOT NULL, JOB_GROUP NVARCHAR(150) NOT NULL, DESCRIPTION NVARCHAR(250) NULL,
    NEXT_FIRE_TIME BIGINT NULL, PREV_FIRE_TIME BIGINT NULL, PRIORITY INTEGER NULL, TRIGGER_STATE NVARCHAR(16) NOT NULL,
    TRIGGER_TYPE NVARCHAR(8) NOT NULL, START_TIME BIGINT NOT NULL, END_TIME BIGINT NULL, CALENDAR_NAME NVARCHAR(200) NULL,
    MISFIRE_INSTR INTEGER NULL, MISFIRE_ORIG_FIRE_TIME INTEGER NULL, EXECUTION_GROUP NVARCHAR(200) NULL,
    PREFERRED_NODE NVARCHAR(200) NULL, PREFERRED_NODE_AUTO BIT NOT NULL DEFAULT 0, JOB_DATA BLOB NULL,
    PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP),
    FOREIGN KEY (SCHED_NAME,JOB_NAME,JOB_GROUP) REFERENCES QRTZ_JOB_DETAILS(SCHED_NAME,JOB_NAME,JOB_GROUP));
CREATE TABLE QRTZ_SIMPLE_TRIGGERS (
    SCHED_NAME NVARCHAR(120) NOT NULL, TRIGGER_NAME NVARCHAR(150) NOT NULL, TRIGGER_GROUP NVARCHAR(150) NOT NULL,
    REPEAT_COUNT BIGINT NOT NULL, REPEAT_INTERVAL BIGINT NOT NULL, TIMES_TRIGGERED BIGINT NOT NULL,
    PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP),
    FOREIGN KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) REFERENCES QRTZ_TRIGGERS(SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) ON DELETE CASCADE);
CREATE TABLE QRTZ_SIMPROP_TRIGGERS (
    SCHED_NAME NVARCHAR(120) NOT NULL, TRIGGER_NAME NVARCHAR(150) NOT NULL, TRIGGER_GROUP NVARCHAR(150) NOT NULL,
    STR_PROP_1 NVARCHAR(512) NULL, STR_PROP_2 NVARCHAR(512) NULL, STR_PROP_3 NVARCHAR(512) NULL,
    INT_PROP_1 INT NULL, INT_PROP_2 INT NULL, LONG_PROP_1 BIGINT NULL, LONG_PROP_2 BIGINT NULL,
    DEC_PROP_1 NUMERIC NULL, DEC_PROP_2 NUMERIC NULL, BOOL_PROP_1 BIT NULL, BOOL_PROP_2 BIT NULL, TIME_ZONE_ID NVARCHAR(80) NULL,
    PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP),
    FOREIGN KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) REFERENCES QRTZ_TRIGGERS(SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) ON DELETE CASCADE);
CREATE TABLE QRTZ_CRON_TRIGGERS (
    SCHED_NAME NVARCHAR(120) NOT NULL, TRIGGER_NAME NVARCHAR(150) NOT NULL, TRIGGER_GROUP NVARCHAR(150) NOT NULL,
    CRON_EXPRESSION NVARCHAR(250) NOT NULL, TIME_ZONE_ID NVARCHAR(80),
    PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP),
    FOREIGN KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) REFERENCES QRTZ_TRIGGERS(SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) ON DELETE CASCADE);
CREATE TABLE QRTZ_BLOB_TRIGGERS (
    SCHED_NAME NVARCHAR(120) NOT NULL, TRIGGER_NAME NVARCHAR(150) NOT NULL, TRIGGER_GROUP NVARCHAR(150) NOT NULL,
    BLOB_DATA BLOB NULL,
    PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP),
    FOREIGN KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) REFERENCES QRTZ_TRIGGERS(SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) ON DELETE CASCADE);
CREATE TABLE QRTZ_CALENDARS (
    SCHED_NAME NVARCHAR(120) NOT NULL, CALENDAR_NAME NVARCHAR(200) NOT NULL, CALENDAR BLOB NOT NULL,
    PRIMARY KEY (SCHED_NAME,CALENDAR_NAME));
CREATE TABLE QRTZ_PAUSED_TRIGGER_GRPS (
    SCHED_NAME NVARCHAR(120) NOT NULL, TRIGGER_GROUP NVARCHAR(150) NOT NULL,
    PRIMARY KEY (SCHED_NAME,TRIGGER_GROUP));
CREATE TABLE QRTZ_FIRED_TRIGGERS (
    SCHED_NAME NVARCHAR(120) NOT NULL, ENTRY_ID NVARCHAR(140) NOT NULL, TRIGGER_NAME NVARCHAR(150) NOT NULL,
    TRIGGER_GROUP NVARCHAR(150) NOT NULL, INSTANCE_NAME NVARCHAR(200) NOT NULL, FIRED_TIME BIGINT NOT NULL,
    SCHED_TIME BIGINT NOT NULL, PRIORITY INTEGER NOT NULL, STATE NVARCHAR(16) NOT NULL, JOB_NAME NVARCHAR(150) NULL,
    JOB_GROUP NVARCHAR(150) NULL, IS_NONCONCURRENT BIT NULL, REQUESTS_RECOVERY BIT NULL, EXECUTION_GROUP NVARCHAR(200) NULL,
    PRIMARY KEY (SCHED_NAME,ENTRY_ID));
CREATE TABLE QRTZ_SCHEDULER_STATE (
    SCHED_NAME NVARCHAR(120) NOT NULL, INSTANCE_NAME NVARCHAR(200) NOT NULL, LAST_CHECKIN_TIME BIGINT NOT NULL,
    CHECKIN_INTERVAL BIGINT NOT NULL,
    PRIMARY KEY (SCHED_NAME,INSTANCE_NAME));
CREATE TABLE QRTZ_LOCKS (
    SCHED_NAME NVARCHAR(120) NOT NULL, LOCK_NAME NVARCHAR(40) NOT NULL,
    PRIMARY KEY (SCHED_NAME,LOCK_NAME));";

        private readonly string _path;

        private QuartzSqliteHarness(string path, IScheduler scheduler)
        {
            _path = path;
            Scheduler = scheduler;
        }

        /// <summary>The scheduler, built but not started: scheduling stores into the database all the same.</summary>
        public IScheduler Scheduler { get; }

        /// <param name="useProperties">Quartz's <c>quartz.jobStore.useProperties</c>.</param>
        public static async Task<QuartzSqliteHarness> CreateAsync(bool useProperties)
        {
            var path = Path.Combine(Path.GetTempPath(), "queuelint-quartz-" + Guid.NewGuid().ToString("N") + ".db");
            var connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
            using (var connection = new SqliteConnection(connectionString))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = Schema;
                command.ExecuteNonQuery();
            }

            // The same options as Quartz 3's DI configurator: q.UsePersistentStore(s => { s.UseProperties = …; … }).
            var name = "QueueLint-" + Guid.NewGuid().ToString("N");
            var scheduler = await SchedulerBuilder.Create(name, name)
                .UseDefaultThreadPool(pool => pool.MaxConcurrency = 1)
                .UsePersistentStore(store =>
                {
                    store.UseProperties = useProperties;
                    store.UseMicrosoftSQLite(connectionString);
                    store.UseSystemTextJsonSerializer();
                })
                .BuildScheduler();
            return new QuartzSqliteHarness(path, scheduler);
        }

        public async ValueTask DisposeAsync()
        {
            await Scheduler.Shutdown(waitForJobsToComplete: true);
            SqliteConnection.ClearAllPools();
            File.Delete(_path);
        }
    }
}
