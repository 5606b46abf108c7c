package dev.ses.examples;

import dev.ses.core.QuotaPolicy;
import dev.ses.core.testing.SesExtension;
import dev.ses.core.testing.SesFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BulkMailTest {
    @RegisterExtension
    static SesExtension unlimited = SesExtension.configure(b -> b.quotas(QuotaPolicy.unlimited()));

    @Test
    void sendsAnnAWholeSeries(SesFixture ses) {
        long daily = ses.textTemplate("Day {{day}}");
        for (int day = 1; day <= 12; day++) {
            ses.account().send(ses.message(daily, "Day {{day}}").to("ann@acme.test")
                    .variable("day", String.valueOf(day)).build());
        }
        ses.runDueWork();
        ses.simulator().assertThat("ann@acme.test").receivedCount(12);
    }
}
