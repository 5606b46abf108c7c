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

/** The quick start: a verified domain, a sender address, a template and one mail to a simulated mailbox. */
public final class QuickStart {
    private QuickStart() {
    }

    /** Sends the mail and prints each recipient's state: {@code ann@example.com: DELIVERED}. */
    public static void main(String[] args) {
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
            for (DeliveryStatus status : acme.deliveries().byMessage(receipt.messageId())) {
                System.out.println(status.recipient() + ": " + status.state());
            }
        }
    }
}
