package dev.ses.examples;

import dev.ses.core.DeliveryStatus;
import dev.ses.core.SendReceipt;
import dev.ses.core.SendRequest;
import dev.ses.core.SenderDomain;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.TemplateType;
import dev.ses.core.testing.MailboxSimulator;
import java.util.List;

/** The README's quick start, kept here so that it always compiles. */
public final class QuickStart {
    private QuickStart() {
    }

    /** Runs the quick start and returns the statuses of the recipients. */
    public static List<DeliveryStatus> run() {
        // README:quickstart:begin
        StaticDnsResolver dns = new StaticDnsResolver();             // dev.ses.smtp.DnsJavaResolver in production
        try (Ses ses = Ses.builder()
                .transport(MailboxSimulator.create())                // SmtpTransport.relay(host, port)... in production
                .dns(dns)
                .workers(0)                                          // send on runDueWork() only; default: 2 threads
                .build()) {
            SesAccount acme = ses.defaultAccount();
            SenderDomain domain = acme.domains().create("mail.acme.example");
            dns.publish(domain);                                     // in production: publish domain.records() in DNS
            acme.domains().verify("mail.acme.example");
            acme.addresses().create("mail.acme.example", "noreply", "Acme");
            long welcome = acme.templates().create("welcome", TemplateType.HTML, "<p>Hi {{name}}!</p>").id();

            SendReceipt receipt = acme.send(SendRequest.builder()
                    .from("noreply@mail.acme.example")
                    .template(welcome)
                    .subject("Welcome, {{name}}")
                    .variable("name", "Ann")
                    .to("ann@example.com")
                    .build());
            ses.runDueWork();                                        // with workers, this happens by itself
            return acme.deliveries().byMessage(receipt.messageId());
        }
        // README:quickstart:end
    }

    /** Prints the outcome. */
    public static void main(String[] args) {
        run().forEach(s -> System.out.println(s.recipient() + ": " + s.state()));
    }
}
