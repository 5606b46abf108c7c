package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.spi.EventFilter;
import dev.ses.core.spi.EventKey;
import dev.ses.core.spi.EventRepository;
import dev.ses.core.spi.LoggedEvent;
import dev.ses.core.testing.SesFixture;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An export reads the store page by page and writes each page before it reads the next: a store wrapper counts the
 * pages asked for and their size, and the writer notes how many pages had been read when each row arrived.
 */
class ExportStreamingTest {
    private static final int ROWS = 2_500;

    /** The event log of another store, counting the pages read from it. */
    private static final class CountingEvents implements EventRepository {
        private final EventRepository inner;
        private int pages;
        private int largestPage;

        CountingEvents(EventRepository inner) {
            this.inner = inner;
        }

        @Override
        public List<LoggedEvent> find(EventFilter filter, Optional<EventKey> after, int limit) {
            pages++;
            largestPage = Math.max(largestPage, limit);
            return inner.find(filter, after, limit);
        }

        @Override
        public Map<EventType, Long> count(EventFilter filter) {
            return inner.count(filter);
        }

        @Override
        public List<LoggedEvent> append(List<LoggedEvent> events) {
            return inner.append(events);
        }

        @Override
        public List<LoggedEvent> after(long seq, int limit) {
            return inner.after(seq, limit);
        }

        @Override
        public List<LoggedEvent> ofMessage(String account, String messageId) {
            return inner.ofMessage(account, messageId);
        }

        @Override
        public List<LoggedEvent> ofDeliveries(String account, Collection<Long> deliveryIds) {
            return inner.ofDeliveries(account, deliveryIds);
        }

        @Override
        public long head() {
            return inner.head();
        }

        @Override
        public Optional<Long> claimCursor(String consumer, String node, Instant now, Duration lease) {
            return inner.claimCursor(consumer, node, now, lease);
        }

        @Override
        public boolean moveCursor(String consumer, String node, long position, Instant now, Duration lease) {
            return inner.moveCursor(consumer, node, position, now, lease);
        }

        @Override
        public void releaseCursor(String consumer, String node) {
            inner.releaseCursor(consumer, node);
        }

        @Override
        public Optional<Long> cursor(String consumer) {
            return inner.cursor(consumer);
        }

        @Override
        public int pruneBefore(Instant before, long throughSeq, int limit) {
            return inner.pruneBefore(before, throughSeq, limit);
        }
    }

    @Test
    void aLargeExportReadsBoundedPagesAndWritesEachBeforeReadingTheNext() {
        InMemoryStore memory = new InMemoryStore();
        CountingEvents events = new CountingEvents(memory.events());
        ForwardingStore counting = new ForwardingStore(memory) {
            @Override
            public EventRepository events() {
                return events;
            }
        };
        try (SesFixture f = SesFixture.create(counting, b -> b)) {
            Instant start = f.clock().instant();
            List<LoggedEvent> opens = new ArrayList<>();
            for (int i = 0; i < ROWS; i++) {
                opens.add(LoggedEvent.of("open:" + i, new SesEvent(EventType.OPENED, SesFixture.ACCOUNT, "m" + i, i,
                        "r" + i + "@gmail.test", SesFixture.SENDER, SesFixture.DOMAIN, 1, Optional.empty(),
                        Optional.empty(), 1, start.plusMillis(i), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.of("Mozilla/5.0"))));
            }
            memory.events().append(opens);
            events.pages = 0;
            List<Integer> pagesReadAtRow = new ArrayList<>();
            Writer watching = new Writer() {
                @Override
                public void write(char[] buf, int off, int len) {
                    for (int i = off; i < off + len; i++) {
                        if (buf[i] == '\n') {
                            pagesReadAtRow.add(events.pages);
                        }
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };

            long written = f.account().exports().opensAndClicks(ResponseQuery.between(start,
                    start.plus(Duration.ofDays(1))), watching);

            assertThat(written).isEqualTo(ROWS);
            assertThat(events.largestPage).isEqualTo(Exports.PAGE);
            assertThat(events.pages).isEqualTo((ROWS + Exports.PAGE - 1) / Exports.PAGE);
            // The header and the first page's rows were written while only one page had been read, and so on.
            assertThat(pagesReadAtRow).hasSize(ROWS + 1);
            assertThat(pagesReadAtRow.get(Exports.PAGE)).isEqualTo(1);
            assertThat(pagesReadAtRow.get(Exports.PAGE + 1)).isEqualTo(2);
            assertThat(pagesReadAtRow.get(ROWS)).isEqualTo(3);
        }
    }
}
