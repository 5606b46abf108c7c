package dev.ses.store.jdbc.internal;

import dev.ses.core.ErrorCode;
import dev.ses.core.SesException;
import dev.ses.store.jdbc.JdbcStoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Small helpers for statements and result sets. */
public final class Sql {
    private Sql() {
    }

    /**
     * The exception for a failed SQL call, which says what was being done: a unique-key violation (SQLSTATE 23505)
     * is a {@link SesException} with {@link ErrorCode#ALREADY_EXISTS}, as a duplicate is for every store; anything
     * else a {@link JdbcStoreException} ({@link ErrorCode#STORE_ERROR}). Both keep the SQL exception as the cause.
     */
    public static SesException translate(String what, SQLException e) {
        return translate(what, what + ": " + e.getMessage(), e);
    }

    /**
     * As {@link #translate(String, SQLException)}, for a statement whose unique key has a meaning: a unique-key
     * violation gets the message {@code ifTaken}, which names the key.
     */
    public static SesException translate(String what, String ifTaken, SQLException e) {
        if (isUniqueViolation(e)) {
            return new SesException(ErrorCode.ALREADY_EXISTS, ifTaken, e);
        }
        return new JdbcStoreException(what + ": " + e.getMessage(), e);
    }

    /** The message of a taken natural key: {@code domain: 'mail.acme.test' already exists in account acme}. */
    public static String taken(String kind, String key, String account) {
        return kind + ": '" + key + "' already exists in account " + account;
    }

    static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if ("23505".equals(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Instants are kept to the microsecond, the precision of PostgreSQL; both dialects store exactly what this
     * returns, so a value reads back equal to what was written.
     */
    public static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        ps.setObject(index, OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC));
    }

    public static void setInstant(PreparedStatement ps, int index, Optional<Instant> instant) throws SQLException {
        if (instant.isPresent()) {
            setInstant(ps, index, instant.get());
        } else {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    public static void setString(PreparedStatement ps, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            ps.setString(index, value.get());
        } else {
            ps.setNull(index, Types.VARCHAR);
        }
    }

    public static void setLong(PreparedStatement ps, int index, Optional<Long> value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(index, value.get());
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    public static void setDate(PreparedStatement ps, int index, Optional<LocalDate> day) throws SQLException {
        if (day.isPresent()) {
            ps.setObject(index, day.get());
        } else {
            ps.setNull(index, Types.DATE);
        }
    }

    public static LocalDate date(ResultSet rs, String column) throws SQLException {
        LocalDate d = rs.getObject(column, LocalDate.class);
        if (d == null) {
            throw new JdbcStoreException("column " + column + " is null");
        }
        return d;
    }

    public static Optional<LocalDate> optionalDate(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, LocalDate.class));
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        if (t == null) {
            throw new JdbcStoreException("column " + column + " is null");
        }
        return t.toInstant();
    }

    public static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }

    public static Optional<String> optionalString(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    public static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }
}
