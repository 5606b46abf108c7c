package dev.ses.store.jdbc.internal;

import dev.ses.store.jdbc.JdbcStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs a query and maps its rows. */
final class Rows {
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Rows() {
    }

    static <T> List<T> list(Connection c, String sql, Binder binder, Mapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return read(ps.executeQuery(), mapper);
        }
    }

    static <T> Optional<T> first(Connection c, String sql, Binder binder, Mapper<T> mapper) throws SQLException {
        List<T> found = list(c, sql, binder, mapper);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    static <T> List<T> read(ResultSet resultSet, Mapper<T> mapper) throws SQLException {
        try (ResultSet rs = resultSet) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    /** The one generated id of the statement just executed. */
    static long generatedId(PreparedStatement ps) throws SQLException {
        List<Long> ids = generatedIds(ps);
        if (ids.size() != 1) {
            throw new JdbcStoreException("expected one generated id, got " + ids.size());
        }
        return ids.get(0);
    }

    /** The generated ids of the statement or batch just executed, in order. */
    static List<Long> generatedIds(PreparedStatement ps) throws SQLException {
        return read(ps.getGeneratedKeys(), rs -> rs.getLong(1));
    }
}
