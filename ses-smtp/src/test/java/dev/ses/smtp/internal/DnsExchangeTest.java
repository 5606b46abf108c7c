package dev.ses.smtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/** How a failed exchange with a DNS server is put into words when the JDK gives no message. */
class DnsExchangeTest {
    @Test
    void socketFailuresAreNamedByTheirKindNeverNull() {
        assertThat(DnsExchange.describe(new PortUnreachableException()))
                .isEqualTo("connection refused (port unreachable: no DNS server listens there)");
        assertThat(DnsExchange.describe(new NoRouteToHostException())).isEqualTo("host unreachable");
        assertThat(DnsExchange.describe(new NoRouteToHostException("No route to host")))
                .isEqualTo("host unreachable: No route to host");
        assertThat(DnsExchange.describe(new ConnectException())).isEqualTo("connection refused");
        assertThat(DnsExchange.describe(new ConnectException("Connection refused")))
                .isEqualTo("could not connect: Connection refused");
        assertThat(DnsExchange.describe(new EOFException())).isEqualTo("the connection closed before the answer");
        assertThat(DnsExchange.describe(new SocketException("Network is unreachable")))
                .isEqualTo("Network is unreachable");
        assertThat(DnsExchange.describe(new IOException(new NoRouteToHostException())))
                .isEqualTo("host unreachable");
        assertThat(DnsExchange.describe(new IOException((String) null))).isEqualTo("IOException");
    }
}
