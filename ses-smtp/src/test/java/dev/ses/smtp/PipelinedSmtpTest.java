package dev.ses.smtp;

/** Every scripted case again, with a server that offers PIPELINING (RFC 2920). */
class PipelinedSmtpTest extends ScriptedSmtpTest {
    @Override
    boolean pipelining() {
        return true;
    }
}
