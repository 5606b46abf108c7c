package dev.ses.examples;

import dev.ses.core.DeliveryStatus;
import dev.ses.core.SendReceipt;
import dev.ses.core.SendRequest;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.TemplateType;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.smtp.SmtpTransport;
import dev.ses.store.jdbc.JdbcStore;
import java.nio.file.Path;

/**
 * A program that {@link ModulePathTest} runs with ses's three modules on the module path: a mail queued in an H2
 * store (whose JSON columns Jackson writes through the descriptor's {@code opens}), rendered with JSON variables and
 * delivered to a simulated mailbox, an SMTP transport built and closed, and what each module exports.
 */
final class ModulePathCheck {
    private ModulePathCheck() {
    }

    public static void main(String[] args) {
        StaticDnsResolver dns = new StaticDnsResolver();
        try (JdbcStore store = JdbcStore.h2(Path.of(args[0]));
             Ses ses = Ses.builder().store(store).transport(MailboxSimulator.create()).dns(dns).workers(0).build()) {
            SesAccount acme = ses.defaultAccount();
            dns.publish(acme.domains().create("mail.acme.example"));
            acme.domains().verify("mail.acme.example");
            acme.addresses().create("mail.acme.example", "noreply", "Acme");
            long welcome = acme.templates().create("welcome", TemplateType.HTML, "<p>Hi {{name}}!</p>").id();
            SendReceipt receipt = acme.send(SendRequest.builder().from("noreply@mail.acme.example").template(welcome)
                    .subject("Welcome").variablesJson("{\"name\":\"Ann\"}").to("ann@example.com").build());
            ses.runDueWork();
            for (DeliveryStatus status : acme.deliveries().byMessage(receipt.messageId())) {
                System.out.println(status.recipient() + ": " + status.state());
            }
        }
        SmtpTransport.relay("127.0.0.1", 2525).build().close();
        for (Class<?> api : new Class<?>[] {Ses.class, SmtpTransport.class, JdbcStore.class}) {
            Module module = api.getModule();
            System.out.println(module.getName() + " exports " + module.getDescriptor().exports().stream()
                    .map(e -> e.source()).sorted().toList());
        }
    }
}
