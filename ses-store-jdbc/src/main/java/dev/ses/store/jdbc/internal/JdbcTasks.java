package dev.ses.store.jdbc.internal;

import dev.ses.core.MessageTracking;
import dev.ses.core.SendTask;
import dev.ses.core.TaskRun;
import dev.ses.core.TaskStatus;
import dev.ses.core.TaskType;
import dev.ses.core.spi.TaskRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Tasks in {@code ses_task}, runs in {@code ses_task_run}. Starting a run is a compare-and-set on
 * {@code next_run_at} in one UPDATE: the row lock it takes makes a second node's identical UPDATE wait, re-read the
 * row, and find that {@code next_run_at} moved on, so it changes nothing.
 */
public final class JdbcTasks implements TaskRepository {
    private static final String COLUMNS = "id, account, type, group_id, template_id, address_id, subject, "
            + "shared_variables, start_at, repeat_every, end_at, zone_id, status, next_run_at, runs, reason, "
            + "created_at, updated_at, track_opens, track_clicks, list_unsubscribe, tracking_consent";
    private static final String SET = "type = ?, group_id = ?, template_id = ?, address_id = ?, subject = ?, "
            + "shared_variables = ?, start_at = ?, repeat_every = ?, end_at = ?, zone_id = ?, status = ?, "
            + "next_run_at = ?, runs = ?, reason = ?, created_at = ?, updated_at = ?, track_opens = ?, track_clicks = ?, "
            + "list_unsubscribe = ?, tracking_consent = ?";
    private static final String RUN_COLUMNS = "id, task_id, account, run_number, message_id, total, started_at, "
            + "completed_at";

    private final Transactions tx;

    public JdbcTasks(Transactions tx) {
        this.tx = tx;
    }

    /** Binds the fields after id and account, from {@code index}; returns the next free index. */
    private static int bindFields(PreparedStatement ps, int index, SendTask t) throws SQLException {
        int i = index;
        ps.setString(i++, t.type().name());
        ps.setLong(i++, t.groupId());
        ps.setLong(i++, t.templateId());
        ps.setLong(i++, t.addressId());
        ps.setString(i++, t.subject());
        ps.setString(i++, Json.ofMap(t.sharedVariables()));
        Sql.setInstant(ps, i++, t.startAt());
        Sql.setString(ps, i++, t.interval().map(Duration::toString));
        Sql.setInstant(ps, i++, t.endAt());
        ps.setString(i++, t.zone().getId());
        ps.setString(i++, t.status().name());
        Sql.setInstant(ps, i++, t.nextRunAt());
        ps.setInt(i++, t.runs());
        Sql.setString(ps, i++, t.reason());
        Sql.setInstant(ps, i++, t.createdAt());
        Sql.setInstant(ps, i++, t.updatedAt());
        ps.setBoolean(i++, t.tracking().opens());
        ps.setBoolean(i++, t.tracking().clicks());
        ps.setBoolean(i++, t.tracking().listUnsubscribe());
        Sql.setString(ps, i++, t.tracking().consentVariable());
        return i;
    }

    @Override
    public SendTask insert(SendTask t) {
        return tx.atomic("insert task", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ses_task (account, type, group_id, "
                    + "template_id, address_id, subject, shared_variables, start_at, repeat_every, end_at, zone_id, "
                    + "status, next_run_at, runs, reason, created_at, updated_at, track_opens, track_clicks, "
                    + "list_unsubscribe, tracking_consent) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", tx.dialect().idColumn())) {
                ps.setString(1, t.account());
                bindFields(ps, 2, t);
                ps.executeUpdate();
                SendTask stored = normalized(t, Rows.generatedId(ps));
                DueWork.announce(tx, c);
                return stored;
            }
        });
    }

    /** The task as it reads back: with its id, instants to the microsecond. */
    private static SendTask normalized(SendTask t, long id) {
        return new SendTask(id, t.account(), t.type(), t.groupId(), t.templateId(), t.addressId(), t.subject(),
                t.sharedVariables(), Sql.micros(t.startAt()), t.interval(), t.endAt().map(Sql::micros), t.zone(),
                t.status(), t.nextRunAt().map(Sql::micros), t.runs(), t.reason(), Sql.micros(t.createdAt()),
                Sql.micros(t.updatedAt()), t.tracking());
    }

    @Override
    public void update(SendTask t) {
        tx.run("update task " + t.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE ses_task SET " + SET + " WHERE id = ? AND account = ?")) {
                int i = bindFields(ps, 1, t);
                ps.setLong(i++, t.id());
                ps.setString(i, t.account());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean updateIfNextRunIs(SendTask t, Optional<Instant> expectedNextRunAt) {
        String expected = expectedNextRunAt.isPresent() ? "next_run_at = ?" : "next_run_at IS NULL";
        return tx.run("start a run of task " + t.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE ses_task SET " + SET + " WHERE id = ? AND account = ? AND " + expected)) {
                int i = bindFields(ps, 1, t);
                ps.setLong(i++, t.id());
                ps.setString(i++, t.account());
                if (expectedNextRunAt.isPresent()) {
                    Sql.setInstant(ps, i, expectedNextRunAt.get());
                }
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<SendTask> get(String account, long id) {
        return tx.run("read task " + id, c -> Rows.first(c,
                "SELECT " + COLUMNS + " FROM ses_task WHERE id = ? AND account = ?", ps -> {
                    ps.setLong(1, id);
                    ps.setString(2, account);
                }, JdbcTasks::task));
    }

    @Override
    public Optional<SendTask> lock(String account, long id) {
        return tx.run("lock task " + id, c -> Rows.first(c,
                "SELECT " + COLUMNS + " FROM ses_task WHERE id = ? AND account = ? FOR UPDATE", ps -> {
                    ps.setLong(1, id);
                    ps.setString(2, account);
                }, JdbcTasks::task));
    }

    @Override
    public List<SendTask> list(String account) {
        return tx.run("list tasks", c -> Rows.list(c,
                "SELECT " + COLUMNS + " FROM ses_task WHERE account = ? ORDER BY id DESC",
                ps -> ps.setString(1, account), JdbcTasks::task));
    }

    @Override
    public List<SendTask> due(Instant now) {
        return tx.run("read due tasks", c -> Rows.list(c,
                "SELECT " + COLUMNS + " FROM ses_task WHERE status IN ('WAITING', 'SENDING') "
                        + "AND next_run_at IS NOT NULL AND next_run_at <= ? ORDER BY next_run_at, id",
                ps -> Sql.setInstant(ps, 1, now), JdbcTasks::task));
    }

    @Override
    public TaskRun insertRun(TaskRun r) {
        return tx.insert("insert run " + r.number() + " of task " + r.taskId(),
                "run: " + r.number() + " of task " + r.taskId() + " already exists", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ses_task_run (task_id, account, run_number, "
                    + "message_id, total, started_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    tx.dialect().idColumn())) {
                ps.setLong(1, r.taskId());
                ps.setString(2, r.account());
                ps.setInt(3, r.number());
                ps.setString(4, r.messageId());
                ps.setLong(5, r.total());
                Sql.setInstant(ps, 6, r.startedAt());
                Sql.setInstant(ps, 7, r.completedAt());
                ps.executeUpdate();
                return new TaskRun(Rows.generatedId(ps), r.taskId(), r.account(), r.number(), r.messageId(),
                        r.total(), Sql.micros(r.startedAt()), r.completedAt().map(Sql::micros));
            }
        });
    }

    @Override
    public void updateRun(TaskRun r) {
        tx.run("update run " + r.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ses_task_run SET message_id = ?, total = ?, "
                    + "started_at = ?, completed_at = ? WHERE id = ?")) {
                ps.setString(1, r.messageId());
                ps.setLong(2, r.total());
                Sql.setInstant(ps, 3, r.startedAt());
                Sql.setInstant(ps, 4, r.completedAt());
                ps.setLong(5, r.id());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<TaskRun> runs(long taskId) {
        return tx.run("read runs of task " + taskId, c -> Rows.list(c,
                "SELECT " + RUN_COLUMNS + " FROM ses_task_run WHERE task_id = ? ORDER BY run_number",
                ps -> ps.setLong(1, taskId), JdbcTasks::run));
    }

    @Override
    public List<TaskRun> openRuns() {
        return tx.run("read open runs", c -> Rows.list(c,
                "SELECT " + RUN_COLUMNS + " FROM ses_task_run WHERE completed_at IS NULL ORDER BY id", ps -> { },
                JdbcTasks::run));
    }

    private static SendTask task(ResultSet rs) throws SQLException {
        return new SendTask(rs.getLong("id"), rs.getString("account"), TaskType.valueOf(rs.getString("type")),
                rs.getLong("group_id"), rs.getLong("template_id"), rs.getLong("address_id"), rs.getString("subject"),
                Json.toMap(rs.getString("shared_variables")), Sql.instant(rs, "start_at"),
                Sql.optionalString(rs, "repeat_every").map(Duration::parse), Sql.optionalInstant(rs, "end_at"),
                ZoneId.of(rs.getString("zone_id")), TaskStatus.valueOf(rs.getString("status")),
                Sql.optionalInstant(rs, "next_run_at"), rs.getInt("runs"), Sql.optionalString(rs, "reason"),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"),
                new MessageTracking(rs.getBoolean("track_opens"), rs.getBoolean("track_clicks"),
                        rs.getBoolean("list_unsubscribe"), Sql.optionalString(rs, "tracking_consent")));
    }

    private static TaskRun run(ResultSet rs) throws SQLException {
        return new TaskRun(rs.getLong("id"), rs.getLong("task_id"), rs.getString("account"), rs.getInt("run_number"),
                rs.getString("message_id"), rs.getLong("total"), Sql.instant(rs, "started_at"),
                Sql.optionalInstant(rs, "completed_at"));
    }
}
