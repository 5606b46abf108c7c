package dev.ses.smtp;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** TLS contexts for tests only: GreenMail's test certificate on the server side, trust in anything on the client. */
public final class TestTls {
    private TestTls() {
    }

    /** A client context that trusts every certificate. For tests against self-signed test servers only. */
    public static SSLContext trustAll() throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return context;
    }

    /** GreenMail's bundled test key store: one self-signed certificate and its key, password {@code changeit}. */
    public static java.security.KeyStore greenMailKeyStore() throws Exception {
        return new DummySSLServerSocketFactory().getKeyStore();
    }

    /** A server context with GreenMail's bundled test certificate. */
    public static SSLContext greenMailServer() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(new DummySSLServerSocketFactory().getKeyStore(), "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, new SecureRandom());
        return context;
    }
}
